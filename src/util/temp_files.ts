/**
 * Temporary files to remove if the process is interrupted. Node's default response to Ctrl-C
 * (SIGINT), SIGTERM or SIGHUP is to exit on the spot, which would leave a long run's partial
 * output (`.out.csv.<pid>.tmp`, megabytes of it) beside the file it was meant to become. While
 * any temporary file is registered, those signals remove them all first, then exit with the
 * status a shell reports for the signal (128 + its number). With none registered, the default
 * behaviour is back.
 */
import { rmSync } from 'node:fs';
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];

const live = new Set<string>();

function onSignal(signal: Signal): void {
  for (const path of live) rmSync(path, { force: true });
  process.exit(128 + constants.signals[signal]);
}

/** Removes `path` (if it exists) when a terminating signal arrives, until `forgetTempFile(path)`. */
export function removeOnSignal(path: string): void {
  if (live.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  live.add(path);
}

/** `path` is gone or has been renamed into place: nothing to remove any more. */
export function forgetTempFile(path: string): void {
  if (!live.delete(path) || live.size > 0) return;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
