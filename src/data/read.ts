import { isBitMatrixText, parseBitMatrixText } from './bitmatrix';
import { parseCsvText } from './csv';
import { readTextFile } from './file';
import type { Table } from './table';

/**
 * Reads a data file in either format: a bit matrix when every non-empty line is
 * whitespace-separated integers (a CSV header is never all integers), else CSV with a header.
 */
export function readTable(path: string): Table {
  const text = readTextFile(path);
  return isBitMatrixText(text) ? parseBitMatrixText(path, text) : parseCsvText(path, text);
}
