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

function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** True when every non-empty line is whitespace-separated integers (and there is such a line). */
export function isBitMatrixText(text: string): boolean {
  const lines = nonEmptyLines(text);
  return lines.length > 0 && lines.every((line) => line.split(/\s+/).every((token) => INTEGER.test(token)));
}

/** Parses bit-matrix text read from `path`. Rows count non-empty lines from 1. */
export function parseBitMatrixText(path: string, text: string): Table {
  if (isBlank(text)) throw new DataError('file is empty', { path });
  const rows = nonEmptyLines(text).map((line) => line.split(/\s+/));
  const width = rows[0].length;
  if (width < 2) throw new DataError('a bit-matrix row needs at least one input bit and a label', { path, row: 1 });
  const columns = [...Array.from({ length: width - 1 }, (_, i) => `x${i + 1}`), 'label'];
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new DataError(`row ${i + 1} has ${row.length} fields, row 1 has ${width}`, { path });
    }
    row.forEach((token, j) => {
      const isLabel = j === width - 1;
      const ok = isLabel ? INTEGER.test(token) : token === '0' || token === '1';
      if (!ok) {
        const expected = isLabel ? 'an integer class label' : 'a bit (0 or 1)';
        throw new DataError(`${quote(token)} is not ${expected}`, { path, row: i + 1, column: columns[j] });
      }
    });
  });
  return { path, columns, rows };
}
