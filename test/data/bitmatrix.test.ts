import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isBitMatrixText, readBitMatrix } from '../../src/data/bitmatrix';
import { DataError } from '../../src/data/errors';
import { readTable } from '../../src/data/read';
import { sharedFile, tempDir } from './tmp';

const tmp = tempDir();
after(() => tmp.remove());

function assertDataError(fn: () => unknown, ...parts: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    for (const part of parts)
      assert.ok(error.message.includes(part), `${JSON.stringify(error.message)} includes ${part}`);
    return true;
  });
}

describe('readBitMatrix', () => {
  it('reads the paper’s Binary Iris file: 150 rows, 16 bits and a label 0/1/2', () => {
    const table = readBitMatrix(sharedFile('BinaryIrisData.txt'));
    assert.equal(table.rows.length, 150);
    assert.deepEqual(table.columns, [...Array.from({ length: 16 }, (_, i) => `x${i + 1}`), 'label']);
    for (const row of table.rows) {
      assert.equal(row.length, 17);
      assert.ok(row.slice(0, 16).every((b) => b === '0' || b === '1'));
    }
    assert.deepEqual([...new Set(table.rows.map((row) => row[16]))].sort(), ['0', '1', '2']);
  });

  it('reads the Noisy XOR files: 5000 rows, 12 bits and a 0/1 label', () => {
    for (const name of ['NoisyXORTrainingData.txt', 'NoisyXORTestData.txt']) {
      const table = readTable(sharedFile(name));
      assert.equal(table.rows.length, 5000, name);
      assert.equal(table.columns.length, 13, name);
      assert.equal(table.columns[12], 'label');
    }
  });

  it('reads a file without a final newline, with CRLF and blank lines', () => {
    const file = tmp.write('small.txt', '\r\n0 1 1\r\n\r\n1  0\t0');
    assert.deepEqual(readBitMatrix(file), {
      path: file,
      columns: ['x1', 'x2', 'label'],
      rows: [
        ['0', '1', '1'],
        ['1', '0', '0'],
      ],
      lines: [2, 4],
    });
  });

  it('rejects rows of different widths, a non-bit input and a non-integer label', () => {
    const ragged = tmp.write('ragged.txt', '0 1 1\n0 1\n');
    assertDataError(() => readBitMatrix(ragged), `${ragged}: line 2: has 2 fields, the first row has 3`);
    const nonBit = tmp.write('nonbit.txt', '0 1 1\n0 2 1\n');
    assertDataError(() => readBitMatrix(nonBit), `${nonBit}: line 2, column "x2": "2" is not a bit`);
    const label = tmp.write('label.txt', '0 1 a\n');
    assertDataError(() => readBitMatrix(label), `${label}: line 1, column "label": "a" is not an integer class label`);
    const empty = tmp.write('empty.txt', '');
    assertDataError(() => readBitMatrix(empty), `${empty}: file is empty`);
  });
});

describe('readTable', () => {
  it('detects the format: bit matrix when the first non-empty line is whitespace-separated integers', () => {
    assert.equal(isBitMatrixText('0 1 2\n1 1 0'), true);
    assert.equal(isBitMatrixText('a b\n0 1'), false);
    assert.equal(isBitMatrixText('0,1\n1,0'), false);
    assert.equal(isBitMatrixText('0 1.5 1'), false);
    assert.equal(isBitMatrixText('\n\n'), false);
  });

  it('reads CSV (header kept) when any line is not all integers', () => {
    const file = tmp.write('numbers.csv', 'a,b\n0,1\n1,0\n');
    assert.deepEqual(readTable(file).columns, ['a', 'b']);
    const bits = tmp.write('bits.txt', '0 1 0\n1 1 1\n');
    assert.deepEqual(readTable(bits).columns, ['x1', 'x2', 'label']);
  });

  it('reports an empty file the same way for either format', () => {
    const file = tmp.write('empty.data', '\n');
    assertDataError(() => readTable(file), `${file}: file is empty`);
  });
});
