import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { existingMode, isStreamTarget, OutputFileError, tempPathFor } from './atomic_write';
import { canonicalPath } from './paths';
import { forgetTempFile, removeOnSignal } from './temp_files';

/**
 * A file written piece by piece but published atomically, for outputs too large to hold in
 * memory (`dbnc predict -o` on millions of rows). The same contract as `writeFilesAtomic`:
 * pieces go to a temporary file beside the target (a symlinked target is written through, and
 * an existing file's permissions are kept), `commit` syncs it and renames it into place, `abort`
 * removes it. Until `commit`, the target holds its old content (or nothing): a failed run
 * leaves no partial file, and neither does Ctrl-C or a kill (the temporary file is removed on
 * SIGINT, SIGTERM and SIGHUP). A device or pipe (`/dev/stdout`, a FIFO) is written in place, as
 * it comes. Errors are `OutputFileError`s naming the path the user gave.
 */
export class AtomicFileWriter {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Where the pieces go and what `commit` renames them to; undefined when writing in place. */
    private readonly staging: { temp: string; target: string } | undefined,
  ) {}

  static async create(path: string): Promise<AtomicFileWriter> {
    if (isStreamTarget(path)) {
      try {
        return new AtomicFileWriter(path, await open(path, 'w'), undefined);
      } catch (error) {
        throw new OutputFileError(path, (error as NodeJS.ErrnoException).code, error);
      }
    }
    const target = canonicalPath(path);
    const temp = tempPathFor(target);
    const mode = existingMode(target);
    removeOnSignal(temp);
    let handle: FileHandle;
    try {
      handle = await open(temp, 'w');
      if (mode !== undefined) await handle.chmod(mode);
    } catch (error) {
      await rm(temp, { force: true });
      forgetTempFile(temp);
      throw new OutputFileError(path, (error as NodeJS.ErrnoException).code, error);
    }
    return new AtomicFileWriter(path, handle, { temp, target });
  }

  async write(text: string): Promise<void> {
    try {
      await this.handle.write(text);
    } catch (error) {
      throw new OutputFileError(this.path, (error as NodeJS.ErrnoException).code, error);
    }
  }

  async commit(): Promise<void> {
    try {
      if (this.staging === undefined) {
        await this.handle.close();
        return;
      }
      await this.handle.sync();
      await this.handle.close();
      await rename(this.staging.temp, this.staging.target);
      forgetTempFile(this.staging.temp);
    } catch (error) {
      await this.abort();
      throw new OutputFileError(this.path, (error as NodeJS.ErrnoException).code, error);
    }
  }

  /** Drops the temporary file; safe to call more than once, and after a failed commit. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    if (this.staging === undefined) return;
    await rm(this.staging.temp, { force: true });
    forgetTempFile(this.staging.temp);
  }
}
