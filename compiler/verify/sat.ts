/**
 * SAT equivalence proofs: `proveEquivalentSat(a, b, domain)` builds a miter of the two programs'
 * predicted classes over shared input variables (see miter.ts for the encoding, the SAT sweeping
 * that merges equivalent internal nodes, and the random-simulation pre-check) and asks MiniSat
 * for a possible input on which they differ. UNSAT proves them equal on every possible input —
 * no enumeration, so it scales past the 2ⁿ inputs exhaustive simulation can visit. A
 * `different` verdict's counterexample has been re-checked by simulating both programs.
 *
 * MiniSat (logic-solver) is synchronous and cannot be interrupted, so it runs in a worker thread
 * that is terminate()d when the time budget runs out. Workers are kept warm between proofs
 * (starting one means loading tsx and MiniSat, about a second): one idle worker is kept, unref'd
 * so it never holds the process open, and terminated after IDLE_MS without work. Concurrent
 * proofs each get their own worker.
 *
 * Every failure (timeout, too large, worker crash, a counterexample simulation does not confirm)
 * is an `unknown` verdict, never an exception.
 */
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { InputDomain } from '../domain';
import { liveNodes, type IrProgram } from '../ir/program';
import { classify, sliceRows } from '../ir/simulate';
import type { SatJob, SatReply } from './sat_worker';
import { serializeDomain, serializeProgram } from './serialize';

/** `ms` is the wall time of the whole call (including starting a worker when none is warm). */
export type SatVerdict =
  /** Proved: no possible input tells them apart. */
  | { status: 'equivalent'; ms: number }
  /** An input (0/1 per input bit, possible per the domain) on which they differ, and the two classes. */
  | { status: 'different'; counterexample: Uint8Array; classA: number; classB: number; ms: number }
  | { status: 'unknown'; reason: 'timeout' | 'too-large' | 'error'; message: string; ms: number };

export interface SatOptions {
  /** Budget for encoding and solving, counted from when a ready worker gets the job (starting a
   *  worker is not charged; it has its own STARTUP_BUDGET_MS). Default 20 000. */
  timeoutMs?: number;
  /** Limit on the live nodes of both programs together. Default 50 000. */
  maxNodes?: number;
}

const DEFAULTS = { timeoutMs: 20_000, maxNodes: 50_000 } as const;
/** Starting a worker (tsx + MiniSat) takes about a second; this only catches a hang. */
const STARTUP_BUDGET_MS = 30_000;
/** An idle warm worker is terminated after this long without a job. */
const IDLE_MS = 10_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function proveEquivalentSat(a: IrProgram, b: IrProgram, domain: InputDomain, options: SatOptions = {}): Promise<SatVerdict> {
  const t0 = performance.now();
  const elapsed = (): number => performance.now() - t0;
  const unknown = (reason: 'timeout' | 'too-large' | 'error', message: string): SatVerdict => ({ status: 'unknown', reason, message, ms: elapsed() });
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    const maxNodes = options.maxNodes ?? DEFAULTS.maxNodes;
    const nodes = liveNodes(a).length + liveNodes(b).length;
    if (nodes > maxNodes) return unknown('too-large', `the programs have ${nodes} live nodes together, over the limit of ${maxNodes}`);
    const job: SatJob = { id: nextJobId++, a: serializeProgram(a), b: serializeProgram(b), domain: serializeDomain(domain) };
    const outcome = await runJob(acquire(), job, timeoutMs);
    if (outcome.kind === 'timeout') return unknown('timeout', `no proof within ${timeoutMs} ms`);
    if (outcome.kind === 'failed') return unknown('error', outcome.message);
    const reply = outcome.reply;
    switch (reply.kind) {
      case 'equivalent':
        return { status: 'equivalent', ms: elapsed() };
      case 'error':
        return unknown('error', reply.message);
      case 'different': {
        const row = Uint8Array.from(reply.counterexample);
        const checked = confirm(a, b, domain, row);
        if (typeof checked === 'string') return unknown('error', checked);
        return { status: 'different', counterexample: row, classA: checked.classA, classB: checked.classB, ms: elapsed() };
      }
      default:
        return unknown('error', `unexpected reply from the SAT worker: ${JSON.stringify(reply)}`);
    }
  } catch (e) {
    return unknown('error', e instanceof Error ? e.message : String(e));
  }
}

/** Terminates the idle warm worker, if any (workers in use finish their job first). */
export async function closeSatWorkers(): Promise<void> {
  const thread = idle;
  idle = null;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (thread) await thread.worker.terminate();
}

/** Simulates both programs on the SAT model: their classes, or why the model is not a real counterexample. */
function confirm(a: IrProgram, b: IrProgram, domain: InputDomain, row: Uint8Array): { classA: number; classB: number } | string {
  if (row.length !== domain.inputs) return `SAT counterexample has ${row.length} bits, the domain ${domain.inputs}`;
  if (!domain.isPossible(row)) return `SAT counterexample ${row.join('')} is not a possible input of the domain`;
  const sliced = sliceRows(row, 1, domain.inputs);
  const classA = classify(a, sliced, 1)[0];
  const classB = classify(b, sliced, 1)[0];
  if (classA === classB) return `SAT model disagrees with simulation: both programs give class ${classA} on ${row.join('')}`;
  return { classA, classB };
}

// ---- worker pool ----

interface SatThread {
  readonly worker: Worker;
  /** Resolves when the worker has loaded and said `ready`. */
  readonly ready: Promise<void>;
}

type JobOutcome = { kind: 'reply'; reply: SatReply } | { kind: 'timeout' } | { kind: 'failed'; message: string };

let nextJobId = 1;
let idle: SatThread | null = null;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

const WORKER_ENTRY = new URL('./sat_worker.ts', import.meta.url).href;
/**
 * The worker's bootstrap. tsx's `--import` loader does not register itself in worker threads on
 * Node 20 (and hooks do not carry over from the parent), so the worker registers tsx through its
 * API, by absolute URL (dbnc runs from any directory), then imports the TypeScript entry.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then(({ register }) => { register(); return import(workerData.entry); })
  .catch((e) => setImmediate(() => { throw e; }));
`;

function spawn(): SatThread {
  const worker = new Worker(BOOTSTRAP, { eval: true, execArgv: [], workerData: { tsx: import.meta.resolve('tsx/esm/api'), entry: WORKER_ENTRY } });
  // Errors are reported to the job in flight (runJob); this keeps an idle worker's error from crashing us.
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    if (idle?.worker === worker) idle = null;
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: SatReply): void => {
      if (m.kind === 'ready') {
        off();
        resolve();
      }
    };
    const onError = (e: Error): void => {
      off();
      reject(e);
    };
    const onExit = (code: number): void => {
      off();
      reject(new Error(`the SAT worker exited with code ${code} while starting`));
    };
    const off = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  ready.catch(() => undefined); // observed by runJob
  return { worker, ready };
}

function acquire(): SatThread {
  if (idle) {
    const thread = idle;
    idle = null;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    thread.worker.ref();
    return thread;
  }
  return spawn();
}

function release(thread: SatThread): void {
  if (idle !== null) {
    void thread.worker.terminate();
    return;
  }
  idle = thread;
  thread.worker.unref();
  idleTimer = setTimeout(() => {
    if (idle === thread) {
      idle = null;
      void thread.worker.terminate();
    }
  }, IDLE_MS);
  idleTimer.unref();
}

function runJob(thread: SatThread, job: SatJob, timeoutMs: number): Promise<JobOutcome> {
  const { worker } = thread;
  return new Promise<JobOutcome>((resolve) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = (outcome: JobOutcome, keep: boolean): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep) {
        release(thread);
        resolve(outcome);
      } else {
        // Wait for the thread to be gone, so a timed-out proof no longer uses the CPU.
        worker.terminate().then(
          () => resolve(outcome),
          () => resolve(outcome),
        );
      }
    };
    const onMessage = (m: SatReply): void => {
      if (m.kind !== 'ready' && m.id === job.id) finish({ kind: 'reply', reply: m }, true);
    };
    const onError = (e: Error): void => finish({ kind: 'failed', message: `the SAT worker failed: ${e.message}` }, false);
    const onExit = (code: number): void => finish({ kind: 'failed', message: `the SAT worker exited with code ${code}` }, false);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    timer = setTimeout(() => finish({ kind: 'failed', message: `the SAT worker did not start within ${STARTUP_BUDGET_MS} ms` }, false), STARTUP_BUDGET_MS);
    thread.ready.then(
      () => {
        if (settled) return;
        if (timer) clearTimeout(timer);
        worker.postMessage(job);
        timer = setTimeout(() => finish({ kind: 'timeout' }, false), Math.max(0, Math.min(timeoutMs, MAX_TIMER_MS)));
      },
      (e: unknown) => finish({ kind: 'failed', message: `the SAT worker failed to start: ${e instanceof Error ? e.message : String(e)}` }, false),
    );
  });
}
