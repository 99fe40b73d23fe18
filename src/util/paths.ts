import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/** A path with symlinks resolved when it exists, so aliases of an input file are caught. */
export function canonicalPath(path: string): string {
  const full = resolve(path);
  try {
    return existsSync(full) ? realpathSync(full) : full;
  } catch {
    return full;
  }
}

/** The first input `output` would overwrite (same file after resolving symlinks), if any. */
export function overwrittenInput<T extends { readonly path: string }>(output: string, inputs: readonly T[]): T | undefined {
  const out = canonicalPath(output);
  return inputs.find((input) => canonicalPath(input.path) === out);
}
