/**
 * Worker-thread entry for `proveEquivalentSat` (see sat.ts): MiniSat is synchronous and cannot be
 * interrupted, so it runs here, where the main thread can terminate() it on timeout. A worker
 * serves jobs one at a time; it announces itself with `ready` once logic-solver is loaded.
 */
import { parentPort } from 'node:worker_threads';
import { solveMiter, type MiterStats } from './miter';
import { deserializeDomain, deserializeProgram, type SerializedDomain, type SerializedProgram } from './serialize';

export interface SatJob {
  readonly id: number;
  readonly a: SerializedProgram;
  readonly b: SerializedProgram;
  readonly domain: SerializedDomain;
}

export type SatReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'equivalent'; readonly id: number; readonly stats: MiterStats }
  | { readonly kind: 'different'; readonly id: number; readonly counterexample: Uint8Array; readonly stats: MiterStats }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('sat_worker must run in a worker thread');

// MiniSat (Emscripten) reports fatal conditions such as running out of its fixed 64 MB heap on
// console.log before aborting with an uninformative exception: keep those lines for the error.
const minisatLines: string[] = [];
const log = console.log.bind(console);
console.log = (...args: unknown[]): void => {
  const text = args.map(String).join(' ');
  if (text.startsWith('MINISAT-')) minisatLines.push(text);
  else log(...args);
};

function describe(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const said = minisatLines.splice(0).find((l) => l.startsWith('MINISAT-err')) ?? minisatLines[0];
  if (/Cannot enlarge memory/.test(said ?? '')) return "MiniSat ran out of memory (logic-solver's fixed 64 MB heap)";
  const first = message.split('\n')[0];
  return said ? `${first} (${said})` : first;
}

port.on('message', (job: SatJob) => {
  let reply: SatReply;
  minisatLines.length = 0;
  try {
    const result = solveMiter(deserializeProgram(job.a), deserializeProgram(job.b), deserializeDomain(job.domain));
    reply =
      result.status === 'equivalent'
        ? { kind: 'equivalent', id: job.id, stats: result.stats }
        : { kind: 'different', id: job.id, counterexample: result.counterexample, stats: result.stats };
  } catch (e) {
    reply = { kind: 'error', id: job.id, message: describe(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies SatReply);
