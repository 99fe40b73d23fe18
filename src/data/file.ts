import { readFileSync } from 'node:fs';
import { DataError } from './errors';
import { STDIN_PATH } from '../util/stdin';
import { decodeUtf8 } from './utf8';

// Standard input can be read once per process; every reader of "-" (the table reader, then the
// training provenance hash) gets the same bytes.
let stdinBytes: Buffer | undefined;

/** The bytes of a data file, or of standard input when `path` is "-"; unreadable files become a DataError naming them. */
export function readDataBytes(path: string): Buffer {
  try {
    if (path !== STDIN_PATH) return readFileSync(path);
    stdinBytes ??= readFileSync(0);
    return stdinBytes;
  } catch (error) {
    throw new DataError(readFailureReason(error), { path });
  }
}

/**
 * Reads a UTF-8 text file ("-": standard input) without its BOM; unreadable files, and bytes
 * that are not UTF-8, become a DataError naming them.
 */
export function readTextFile(path: string): string {
  const text = decodeUtf8(path, readDataBytes(path));
  // Spreadsheet exports often start with a BOM; left in, it would glue itself to the first column name.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Why a file could not be read, in a user's words. */
export function readFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot read file (${code ?? String(error)})`;
}

/** True when a file has nothing but whitespace: reported as "file is empty" by every reader. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}
