/**
 * Shared by the reliability tests: the real CLI run asynchronously (`runCli`, from
 * test/helpers/cli.ts, so a few can overlap), a command body's failure reported exactly as the
 * CLI reports it, and a bounded task pool.
 */
import assert from 'node:assert/strict';
import { reportFailure } from '../../src/cli/errors';
import type { CliRun } from '../helpers/cli';

export { runCli } from '../helpers/cli';

/** Runs `tasks` at most `limit` at a time, results in order. */
export async function inParallel<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const k = next++;
      results[k] = await tasks[k]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

export interface Failure {
  readonly error: unknown;
  /** The exit code the CLI would return. */
  readonly code: number;
  /** What the CLI would print on stderr. */
  readonly stderr: string;
}

/** Runs a command body, which must fail, and reports the failure as the CLI does (stderr captured). */
export async function failureOf(body: () => unknown): Promise<Failure> {
  let error: unknown;
  let failed = false;
  try {
    await body();
  } catch (e) {
    error = e;
    failed = true;
  }
  assert.ok(failed, 'the command did not fail');
  return { error, ...reportedFailure(error) };
}

/** The exit code the CLI returns for `error`, and the stderr it prints (captured, not printed). */
export function reportedFailure(error: unknown): { code: number; stderr: string } {
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: reportFailure(error), stderr };
  } finally {
    process.stderr.write = write;
  }
}

/** A failure as SPEC §6 wants it: exit code `code`, one `dbnc: ` line matching `pattern`. */
export function assertCleanFailure(f: Failure, pattern: RegExp, code = 2): void {
  assert.equal(f.code, code, `exit code for ${f.stderr}`);
  assert.match(f.stderr, /^dbnc: [^\n]*\n$/, 'one line');
  assert.match(f.stderr, pattern);
}
