import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { STDIN_PATH } from './stdin';

/** A path with symlinks resolved when it exists, so aliases of an input file are caught. */
export function canonicalPath(path: string): string {
  const full = resolve(path);
  try {
    return existsSync(full) ? realpathSync(full) : full;
  } catch {
    return full;
  }
}

/** Device and inode of an existing file (hard links share them), else undefined. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** Whether two paths name the same file: equal after resolving `./`, `..` and symlinks, or hard links of one file. */
export function sameFile(a: string, b: string): boolean {
  if (canonicalPath(a) === canonicalPath(b)) return true;
  const ia = identity(a);
  return ia !== undefined && ia === identity(b);
}

/** The first input `output` would overwrite (the same file, however spelt), if any. */
export function overwrittenInput<T extends { readonly path: string }>(output: string, inputs: readonly T[]): T | undefined {
  // "-" as an input is standard input, not a file in this folder.
  return inputs.find((input) => input.path !== STDIN_PATH && sameFile(input.path, output));
}

/**
 * Why `output` cannot be written, checked before a long run rather than after it: its folder
 * must exist, and it must not be a folder itself. Undefined when it looks writable.
 */
export function outputPathProblem(output: string): string | undefined {
  if (output === '') return 'needs a file name';
  if (output === '-') return 'this output is a file, not standard output; give a file name';
  const full = resolve(output);
  const folder = dirname(full);
  try {
    if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
  } catch {
    return `folder ${folder} does not exist`;
  }
  try {
    if (statSync(full).isDirectory()) return 'is a folder';
  } catch {
    // Not there yet: it will be created.
  }
  return undefined;
}
