/** Temporary data files for the data-layer tests (never the shared data sets themselves). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TempDir {
  /** Writes `text` to a new file named `name` and returns its path. */
  write(name: string, text: string): string;
  path(name: string): string;
  remove(): void;
}

export function tempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'dbnc-data-'));
  return {
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text, 'utf8');
      return file;
    },
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The shared reference data (SPEC: read from ../shared/data, never copied into the repo). */
export const SHARED_DATA = new URL('../../../shared/data/', import.meta.url);

export function sharedFile(name: string): string {
  return fileURLToPath(new URL(name, SHARED_DATA));
}
