import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { canonicalPath } from './paths';

/** An output file could not be written; `code` is the errno code (ENOENT, EACCES, …) when there is one. */
export class OutputFileError extends Error {
  override readonly name = 'OutputFileError';
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`${file}: cannot write the output file (${code ?? (cause instanceof Error ? cause.message : String(cause))})`);
  }
}

export interface OutputFile {
  readonly path: string;
  readonly text: string;
}

/** The temporary file beside `target`: hidden, and named after the process so runs never share one. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
}

/** The permission bits of an existing `target` (kept by the file that replaces it), else undefined. */
export function existingMode(target: string): number | undefined {
  try {
    return statSync(target).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/**
 * Whether `path` names an existing device, named pipe or socket (`/dev/null`, `/dev/stdout`, a
 * FIFO): such an output is written in place. The temporary-file-and-rename of a regular file
 * would replace the device with a plain file (as root, `-o /dev/null` would break /dev/null for
 * the whole system), and a reader of the pipe would never see the data.
 */
export function isStreamTarget(path: string): boolean {
  try {
    const stat = statSync(path);
    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}

/** Writes and syncs `text` to `temp`, with `target`'s permissions when it already exists. */
function writeTemp(temp: string, target: string, text: string): void {
  const mode = existingMode(target);
  const fd = openSync(temp, 'w');
  try {
    if (mode !== undefined) fchmodSync(fd, mode);
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes several files as one step, as far as a file system allows: every file goes to a
 * temporary file beside its target first, and only when all are written and synced are they
 * renamed into place. An error while writing (a missing directory, a full disk) leaves every
 * target as it was and no temporary file behind. A symlinked target is written through: the
 * file it points to is replaced, the link stays. Devices and pipes (see isStreamTarget) are
 * written in place, after every regular file is staged and before any is renamed.
 */
export function writeFilesAtomic(files: readonly OutputFile[]): void {
  const staged: { temp: string; target: string; file: string }[] = [];
  const cleanUp = (): void => {
    for (const s of staged) rmSync(s.temp, { force: true });
  };
  const streams = files.filter((file) => isStreamTarget(file.path));
  for (const file of files) {
    if (streams.includes(file)) continue;
    const target = canonicalPath(file.path);
    const temp = tempPathFor(target);
    staged.push({ temp, target, file: file.path });
    try {
      writeTemp(temp, target, file.text);
    } catch (error) {
      cleanUp();
      throw new OutputFileError(file.path, (error as NodeJS.ErrnoException).code, error);
    }
  }
  for (const file of streams) {
    try {
      writeFileSync(file.path, file.text);
    } catch (error) {
      cleanUp();
      throw new OutputFileError(file.path, (error as NodeJS.ErrnoException).code, error);
    }
  }
  for (const [index, s] of staged.entries()) {
    try {
      renameSync(s.temp, s.target);
    } catch (error) {
      // Renames within one directory fail only on odd targets (e.g. a directory of that name).
      for (const rest of staged.slice(index)) rmSync(rest.temp, { force: true });
      throw new OutputFileError(s.file, (error as NodeJS.ErrnoException).code, error);
    }
  }
}

/**
 * Writes a file atomically: to a temporary file beside it, then a rename. A crash or an error
 * mid-way leaves the old file (or none), never a half-written one.
 */
export function writeFileAtomic(path: string, text: string): void {
  writeFilesAtomic([{ path, text }]);
}
