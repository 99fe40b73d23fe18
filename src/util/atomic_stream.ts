import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { existingMode, OutputFileError, tempPathFor } from './atomic_write';
import { canonicalPath } from './paths';

/**
 * A file written piece by piece but published atomically, for outputs too large to hold in
 * memory (`dbnc predict -o` on millions of rows). The same contract as `writeFilesAtomic`:
 * pieces go to a temporary file beside the target (a symlinked target is written through, and
 * an existing file's permissions are kept), `commit` syncs it and renames it into place, `abort`
 * removes it. Until `commit`, the target holds its old content (or nothing): a failed run
 * leaves no partial file. Errors are `OutputFileError`s naming the path the user gave.
 */
export class AtomicFileWriter {
  private constructor(
    readonly path: string,
    private readonly target: string,
    private readonly tempPath: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<AtomicFileWriter> {
    const target = canonicalPath(path);
    const tempPath = tempPathFor(target);
    const mode = existingMode(target);
    let handle: FileHandle;
    try {
      handle = await open(tempPath, 'w');
      if (mode !== undefined) await handle.chmod(mode);
    } catch (error) {
      await rm(tempPath, { force: true });
      throw new OutputFileError(path, (error as NodeJS.ErrnoException).code, error);
    }
    return new AtomicFileWriter(path, target, tempPath, handle);
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
      await this.handle.sync();
      await this.handle.close();
      await rename(this.tempPath, this.target);
    } catch (error) {
      await this.abort();
      throw new OutputFileError(this.path, (error as NodeJS.ErrnoException).code, error);
    }
  }

  /** Drops the temporary file; safe to call more than once, and after a failed commit. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}
