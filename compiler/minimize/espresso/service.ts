/**
 * Runs the Espresso logic minimizer in a child process. The native code calls exit() on malformed
 * input, is not re-entrant and keeps global state between runs, so it never runs in our process:
 * one persistent child serves requests one at a time, with a time budget per request, and every
 * failure turns into a `fallback` outcome the caller can handle (e.g. by keeping the unminimized
 * cover). Problem-related failures never throw.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { ChildReply } from './child';
import {
  checkCover,
  formatPla,
  parseCover,
  problemSizeIssue,
  validateProblem,
  type EspressoProblem,
} from './problem';

export type EspressoFailure = 'timeout' | 'crashed' | 'too-large' | 'invalid' | 'error';
/** `ms` is the wall time of the whole call, including time queued and starting the child. */
export type EspressoOutcome =
  | { status: 'ok'; cubes: string[]; ms: number }
  | { status: 'fallback'; reason: EspressoFailure; message: string; ms: number };
export interface EspressoOptions {
  /** Budget per request, counted from when the request is handed to a ready child (time spent
   *  queued behind other requests or starting the child is not charged). Default 10 000. */
  timeoutMs?: number;
  /** Default 24. */
  maxInputs?: number;
  /** Limit on on.length + dc.length. Default 200 000. */
  maxCubes?: number;
}
interface RequestOptions {
  timeoutMs?: number;
}

const DEFAULTS = { timeoutMs: 10_000, maxInputs: 24, maxCubes: 200_000 } as const;
/** Larger problems are only verified when the output is empty (see `outcomeFor`). */
const CHECK_MAX_INPUTS = 16;
const CHECK_EMPTY_MAX_INPUTS = 20;
/** Starting node + tsx + the addon normally takes well under a second; this only catches a hang. */
const STARTUP_BUDGET_MS = 30_000;
const STDERR_TAIL_CHARS = 2_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
const UNLIMITED = { maxInputs: Infinity, maxCubes: Infinity } as const;
const CHILD_PATH = fileURLToPath(new URL('./child.ts', import.meta.url));

interface Worker {
  readonly proc: ChildProcess;
  ready: boolean;
  stderrTail: string;
  /** Resolves once the process has exited and been reaped (its pid is gone). */
  readonly gone: Promise<void>;
}

interface Job {
  readonly lines: readonly string[];
  readonly inputs: number;
  /** undefined for raw PLA requests, whose output cannot be checked. */
  readonly problem: EspressoProblem | undefined;
  readonly timeoutMs: number;
  readonly startedAt: number;
  readonly resolve: (outcome: EspressoOutcome) => void;
}

interface Flight {
  readonly job: Job;
  readonly worker: Worker;
  readonly id: number;
  timer: NodeJS.Timeout | undefined;
}

export class EspressoService {
  private readonly timeoutMs: number;
  private readonly limits: { readonly maxInputs: number; readonly maxCubes: number };
  private readonly queue: Job[] = [];
  /** Every child not yet reaped, including killed ones, so close() can wait for all of them. */
  private readonly live = new Set<Worker>();
  private worker: Worker | undefined;
  private flight: Flight | undefined;
  private nextId = 1;
  private closed = false;

  constructor(options: EspressoOptions = {}) {
    // Bad options are a programming error, not a problem-related failure, so they do throw.
    this.timeoutMs = checkedTimeout(options.timeoutMs ?? DEFAULTS.timeoutMs);
    this.limits = {
      maxInputs: checkedLimit('maxInputs', options.maxInputs ?? DEFAULTS.maxInputs),
      maxCubes: checkedLimit('maxCubes', options.maxCubes ?? DEFAULTS.maxCubes),
    };
  }

  /** Pid of the current child, if one is running (for tests and diagnostics). */
  get childPid(): number | undefined {
    return this.worker?.proc.pid;
  }

  minimize(problem: EspressoProblem, options: RequestOptions = {}): Promise<EspressoOutcome> {
    const startedAt = performance.now();
    // Size first: it is O(1) and spares scanning a huge problem cube by cube.
    const tooLarge = problemSizeIssue(problem, this.limits);
    if (tooLarge !== null) return Promise.resolve(fallback('too-large', tooLarge, startedAt));
    const invalid = validateProblem(problem, UNLIMITED) ?? timeoutIssue(options.timeoutMs);
    if (invalid !== null) return Promise.resolve(fallback('invalid', invalid, startedAt));
    if (problem.on.length === 0) return Promise.resolve({ status: 'ok', cubes: [], ms: elapsed(startedAt) });
    const lines = formatPla(problem);
    return this.enqueue(lines, problem.inputs, problem, options, startedAt);
  }

  /** Sends raw PLA lines (used by tests for malformed input); same failure handling. */
  minimizeRawPla(lines: readonly string[], inputs: number, options: RequestOptions = {}): Promise<EspressoOutcome> {
    const startedAt = performance.now();
    const invalid = rawIssue(lines, inputs) ?? timeoutIssue(options.timeoutMs);
    if (invalid !== null) return Promise.resolve(fallback('invalid', invalid, startedAt));
    return this.enqueue([...lines], inputs, undefined, options, startedAt);
  }

  /** Kills the child (and any still dying), fails queued requests with `error`; idempotent. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      if (this.flight !== undefined) this.finish(this.flight, this.closedOutcome(this.flight.job), true);
      for (const job of this.queue.splice(0)) job.resolve(this.closedOutcome(job));
      if (this.worker !== undefined) this.retire(this.worker);
    }
    // Retired children are unref'd; ref them again, or nothing keeps the event loop alive while
    // we wait and the caller's await would never settle.
    for (const w of this.live) setRef(w, true);
    await Promise.all([...this.live].map((w) => w.gone));
  }

  private closedOutcome(job: Job): EspressoOutcome {
    return fallback('error', 'EspressoService was closed', job.startedAt);
  }

  private enqueue(
    lines: readonly string[],
    inputs: number,
    problem: EspressoProblem | undefined,
    options: RequestOptions,
    startedAt: number,
  ): Promise<EspressoOutcome> {
    return new Promise((resolve) => {
      const timeoutMs = options.timeoutMs ?? this.timeoutMs;
      const job: Job = { lines, inputs, problem, timeoutMs, startedAt, resolve };
      if (this.closed) return resolve(this.closedOutcome(job));
      this.queue.push(job);
      this.pump();
    });
  }

  /** Starts the next queued job if the child is free: Espresso is not re-entrant. */
  private pump(): void {
    if (this.flight !== undefined || this.closed) return;
    const job = this.queue.shift();
    if (job === undefined) {
      if (this.worker !== undefined) setRef(this.worker, false);
      return;
    }
    // A child that died while idle may not have reported it yet; do not hand it work.
    if (this.worker !== undefined && !isUsable(this.worker)) this.retire(this.worker);
    let worker: Worker;
    try {
      worker = this.worker ??= this.spawn();
    } catch (err) {
      job.resolve(fallback('error', `cannot start the espresso child: ${errorMessage(err)}`, job.startedAt));
      return this.pump();
    }
    setRef(worker, true);
    const flight: Flight = { job, worker, id: this.nextId++, timer: undefined };
    this.flight = flight;
    if (worker.ready) this.dispatch(flight);
    else flight.timer = setTimeout(() => this.onTimeout(flight, 'start'), STARTUP_BUDGET_MS);
  }

  private dispatch(flight: Flight): void {
    clearTimeout(flight.timer);
    flight.timer = setTimeout(() => this.onTimeout(flight, 'run'), flight.job.timeoutMs);
    flight.worker.proc.send({ id: flight.id, lines: flight.job.lines }, (err) => {
      // The child died or the channel closed; the close handler usually gets there first.
      if (err !== null && this.flight === flight) {
        this.finish(flight, fallback('crashed', `cannot send to the espresso child: ${err.message}`, flight.job.startedAt), true);
      }
    });
  }

  private spawn(): Worker {
    const proc = fork(CHILD_PATH, [], {
      // An absolute loader URL, because dbnc runs from any directory; never inherit our own
      // execArgv (it may contain --test and friends).
      execArgv: ['--import', import.meta.resolve('tsx')],
      // Espresso echoes skipped lines to stdout; stderr is kept for crash messages.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let markGone: () => void = () => {};
    const gone = new Promise<void>((resolve) => (markGone = resolve));
    const worker: Worker = { proc, ready: false, stderrTail: '', gone };
    this.live.add(worker);
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      worker.stderrTail = (worker.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    proc.on('message', (m: unknown) => this.onMessage(worker, m));
    // 'close' rather than 'exit': it comes after stderr is drained, so crash messages are complete.
    proc.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      this.live.delete(worker);
      markGone();
      this.onGone(worker, code, signal);
    });
    proc.on('error', (err) => this.onError(worker, err));
    return worker;
  }

  private onMessage(worker: Worker, m: unknown): void {
    if (isReady(m)) {
      worker.ready = true;
      if (this.flight?.worker === worker) this.dispatch(this.flight);
      return;
    }
    const reply = asReply(m);
    const flight = this.flight;
    if (reply === undefined || flight === undefined || flight.worker !== worker || reply.id !== flight.id) return;
    const outcome = reply.ok
      ? this.outcomeFor(flight.job, reply.output)
      : fallback('error', `espresso failed: ${reply.message}`, flight.job.startedAt);
    // Keep the child only after a clean, non-empty answer to a problem we formatted ourselves.
    // Espresso's globals (cube size, .kiss, ...) survive a run that read no cubes: a later `.i`
    // is then ignored ("extra .i ignored") and the next problem is silently read with the old
    // width. An empty answer, a raw PLA or any error may have left that state behind.
    const keep = outcome.status === 'ok' && outcome.cubes.length > 0 && flight.job.problem !== undefined;
    this.finish(flight, outcome, !keep);
  }

  private outcomeFor(job: Job, output: string[]): EspressoOutcome {
    let cubes: string[];
    try {
      cubes = parseCover(output, job.inputs);
    } catch (err) {
      return fallback('error', errorMessage(err), job.startedAt);
    }
    const p = job.problem;
    if (p !== undefined && !coverLooksRight(p, cubes)) {
      return fallback('error', `espresso returned a cover that does not match the problem (${cubes.length} cubes)`, job.startedAt);
    }
    return { status: 'ok', cubes, ms: elapsed(job.startedAt) };
  }

  private onTimeout(flight: Flight, phase: 'start' | 'run'): void {
    if (this.flight !== flight) return;
    const message =
      phase === 'run'
        ? `espresso did not finish within ${flight.job.timeoutMs} ms`
        : `the espresso child did not start within ${STARTUP_BUDGET_MS} ms`;
    this.finish(flight, fallback('timeout', message, flight.job.startedAt), true);
  }

  private onGone(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.worker === worker) this.worker = undefined;
    const flight = this.flight;
    if (flight === undefined || flight.worker !== worker) return;
    const how = signal !== null ? `was killed by signal ${signal}` : `exited with code ${code}`;
    const tail = worker.stderrTail.trim().split('\n').slice(-3).join(' | ');
    const message = `the espresso child ${how}${tail === '' ? '' : `: ${tail}`}`;
    this.finish(flight, fallback('crashed', message, flight.job.startedAt), true);
  }

  private onError(worker: Worker, err: Error): void {
    // Spawn failure (no pid: no 'close' may follow) or a failed kill/send.
    if (worker.proc.pid === undefined) {
      this.live.delete(worker);
      this.onGone(worker, null, null);
    }
    const flight = this.flight;
    if (flight?.worker === worker) {
      this.finish(flight, fallback('crashed', `espresso child error: ${err.message}`, flight.job.startedAt), true);
    }
  }

  private finish(flight: Flight, outcome: EspressoOutcome, retireWorker: boolean): void {
    if (this.flight !== flight) return;
    clearTimeout(flight.timer);
    this.flight = undefined;
    if (retireWorker) this.retire(flight.worker);
    flight.job.resolve(outcome);
    this.pump();
  }

  /** Kills a child we no longer trust; a fresh one is started lazily for the next request. */
  private retire(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    // Not waited for here, so it must not hold the event loop while it dies.
    setRef(worker, false);
    if (worker.proc.exitCode === null && worker.proc.signalCode === null) worker.proc.kill('SIGKILL');
  }
}

/** Checked when cheap: exhaustively up to 16 inputs; an empty cover of a non-empty ON-set is
 *  suspicious (Espresso returns nothing when its own verify fails), so it is checked up to 20
 *  and refused above that. */
function coverLooksRight(p: EspressoProblem, cubes: readonly string[]): boolean {
  if (p.inputs <= CHECK_MAX_INPUTS) return checkCover(p, cubes);
  if (cubes.length > 0) return true;
  return p.inputs <= CHECK_EMPTY_MAX_INPUTS && checkCover(p, cubes);
}

function isUsable(worker: Worker): boolean {
  const { proc } = worker;
  return proc.exitCode === null && proc.signalCode === null && proc.connected;
}

/** While idle the child must not keep our process alive; while busy it must (we await it). */
function setRef(worker: Worker, ref: boolean): void {
  const { proc } = worker;
  const handles = [proc, proc.channel, proc.stderr instanceof Socket ? proc.stderr : undefined];
  for (const h of handles) {
    if (h === undefined || h === null) continue;
    if (ref) h.ref();
    else h.unref();
  }
}

function isReady(m: unknown): boolean {
  return typeof m === 'object' && m !== null && 'ready' in m && m.ready === true;
}

function asReply(m: unknown): ChildReply | undefined {
  if (typeof m !== 'object' || m === null || !('id' in m) || !('ok' in m) || typeof m.id !== 'number') return undefined;
  if (m.ok === true && 'output' in m && Array.isArray(m.output)) {
    // parseCover re-checks every element; only the array shape matters here.
    return { id: m.id, ok: true, output: m.output as string[] };
  }
  if (m.ok === false && 'message' in m) return { id: m.id, ok: false, message: String(m.message) };
  return undefined;
}

function rawIssue(lines: readonly string[], inputs: number): string | null {
  if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) return 'lines must be an array of strings';
  if (!Number.isInteger(inputs) || inputs < 0) return `inputs must be a non-negative integer, got ${String(inputs)}`;
  return null;
}

function timeoutIssue(timeoutMs: number | undefined): string | null {
  if (timeoutMs === undefined) return null;
  return Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS
    ? null
    : `timeoutMs must be in (0, ${MAX_TIMER_MS}], got ${timeoutMs}`;
}

function checkedTimeout(timeoutMs: number): number {
  const issue = timeoutIssue(timeoutMs);
  if (issue !== null) throw new RangeError(`EspressoService: ${issue}`);
  return timeoutMs;
}

function checkedLimit(name: string, value: number): number {
  if (!(value >= 0)) throw new RangeError(`EspressoService: ${name} must be >= 0, got ${value}`);
  return value;
}

function fallback(reason: EspressoFailure, message: string, startedAt: number): EspressoOutcome {
  return { status: 'fallback', reason, message, ms: elapsed(startedAt) };
}

function elapsed(startedAt: number): number {
  return performance.now() - startedAt;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
