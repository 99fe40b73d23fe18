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

port.on('message', (job: SatJob) => {
  let reply: SatReply;
  try {
    const result = solveMiter(deserializeProgram(job.a), deserializeProgram(job.b), deserializeDomain(job.domain));
    reply =
      result.status === 'equivalent'
        ? { kind: 'equivalent', id: job.id, stats: result.stats }
        : { kind: 'different', id: job.id, counterexample: result.counterexample, stats: result.stats };
  } catch (e) {
    reply = { kind: 'error', id: job.id, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies SatReply);
