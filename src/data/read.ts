import { isBitMatrixText, parseBitMatrixText } from './bitmatrix';
import { parseCsvText } from './csv';
import { readTextFile } from './file';
import { displayPath } from '../util/stdin';
import type { Table } from './table';

/**
 * Reads a data file in either format: a bit matrix when every non-empty line is
 * whitespace-separated integers (a CSV header is never all integers), else CSV with a header.
 * "-" reads standard input.
 */
export function readTable(path: string): Table {
  const text = readTextFile(path);
  // The table is named as messages and artifacts show it: standard input ("-") as `stdin`.
  const name = displayPath(path);
  return isBitMatrixText(text) ? parseBitMatrixText(name, text) : parseCsvText(name, text);
}
