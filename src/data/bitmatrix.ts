import { DataError, quote } from './errors';
import { isBlank, readTextFile } from './file';
import type { Table } from './table';

/**
 * The bit-matrix format of the ∂B nets paper's data sets (BinaryIrisData.txt, NoisyXOR*.txt):
 * one example per line, whitespace-separated 0/1 input bits, then an integer class label; no
 * header, and the last line may lack its newline. Read as a Table with columns x1..xN, label.
 */
export function readBitMatrix(path: string): Table {
  return parseBitMatrixText(path, readTextFile(path));
}

const INTEGER = /^[+-]?\d+$/;

/** The non-empty lines, trimmed, each with its line number in the file (from 1). */
function nonEmptyLines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r\n|\n|\r/)
    .map((line, i) => ({ text: line.trim(), line: i + 1 }))
    .filter((line) => line.text !== '');
}

/**
 * True when the first non-empty line is whitespace-separated integers: a CSV header never is.
 * The first line decides (as for streamed reads), so a bad token further down is reported on
 * its line rather than turning the whole file into a CSV with a strange header.
 */
export function isBitMatrixText(text: string): boolean {
  const first = nonEmptyLines(text)[0];
  return first !== undefined && isBitMatrixLine(first.text);
}

/** Parses bit-matrix text read from `path`. Rows are named by their line in the file. */
export function parseBitMatrixText(path: string, text: string): Table {
  if (isBlank(text)) throw new DataError('file is empty', { path });
  const found = nonEmptyLines(text);
  const rows = found.map((line) => line.text.split(/\s+/));
  const lines = found.map((line) => line.line);
  const columns = bitMatrixColumns(path, rows[0].length, lines[0]);
  rows.forEach((row, i) => checkBitMatrixRow(path, columns, row, lines[i]));
  return { path, columns, rows, lines };
}

/** The column names of a bit matrix whose rows have `width` tokens: x1..xN, label. */
export function bitMatrixColumns(path: string, width: number, line = 1): string[] {
  if (width < 2) throw new DataError('a bit-matrix row needs at least one input bit and a label', { path, line });
  return [...Array.from({ length: width - 1 }, (_, i) => `x${i + 1}`), 'label'];
}

/** The row on line `line` of the file must be as wide as the first, 0/1 bits then an integer label. */
export function checkBitMatrixRow(path: string, columns: readonly string[], row: readonly string[], line: number): void {
  if (row.length !== columns.length) {
    throw new DataError(`has ${row.length} fields, the first row has ${columns.length}`, { path, line });
  }
  row.forEach((token, j) => {
    const isLabel = j === columns.length - 1;
    const ok = isLabel ? INTEGER.test(token) : token === '0' || token === '1';
    if (!ok) {
      const expected = isLabel ? 'an integer class label' : 'a bit (0 or 1)';
      throw new DataError(`${quote(token)} is not ${expected}`, { path, line, column: columns[j] });
    }
  });
}

/**
 * True when a line (trimmed, non-empty) is two or more whitespace-separated integers: a
 * bit-matrix row (input bits, then the label). A lone integer is a CSV header naming one
 * column `7`, never a bit-matrix row, which needs an input bit and a label.
 */
export function isBitMatrixLine(line: string): boolean {
  const tokens = line.split(/\s+/);
  return tokens.length >= 2 && tokens.every((token) => INTEGER.test(token));
}
