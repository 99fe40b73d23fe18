import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readCsvTable } from '../../src/data/csv';
import { DataError } from '../../src/data/errors';
import { tempDir } from './tmp';

const tmp = tempDir();
after(() => tmp.remove());

/** Asserts that reading `text` as CSV fails with a DataError whose message contains every part. */
function assertCsvError(name: string, text: string, ...parts: (string | RegExp)[]): void {
  const file = tmp.write(name, text);
  assert.throws(
    () => readCsvTable(file),
    (error: unknown) => {
      assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
      assert.ok(error.message.startsWith(`${file}: `), `message names the file: ${error.message}`);
      assert.ok(!error.message.includes('\n'), 'one-line message');
      for (const part of parts) {
        if (typeof part === 'string')
          assert.ok(error.message.includes(part), `${JSON.stringify(error.message)} includes ${part}`);
        else assert.match(error.message, part);
      }
      return true;
    },
  );
}

describe('readCsvTable', () => {
  it('reads a header and data rows', () => {
    const file = tmp.write('plain.csv', 'a,b,c\n1,2,3\n4,5,6\n');
    assert.deepEqual(readCsvTable(file), {
      path: file,
      columns: ['a', 'b', 'c'],
      rows: [
        ['1', '2', '3'],
        ['4', '5', '6'],
      ],
      lines: [2, 3],
    });
  });

  it('strips a UTF-8 BOM from the first column name', () => {
    const file = tmp.write('bom.csv', '\ufeffsepal,species\n5.1,setosa\n');
    assert.deepEqual(readCsvTable(file).columns, ['sepal', 'species']);
  });

  it('handles CRLF line ends and a missing final newline', () => {
    const file = tmp.write('crlf.csv', 'a,b\r\n1,2\r\n3,4');
    const table = readCsvTable(file);
    assert.deepEqual(table.columns, ['a', 'b']);
    assert.deepEqual(table.rows, [
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps commas, quotes and newlines inside quoted fields (LF and CRLF, read as LF)', () => {
    const file = tmp.write('quoted.csv', 'name,note\r\n"Smith, J.","said ""hi""\r\nthen left"\r\nplain,"a\nb"\r\n');
    assert.deepEqual(readCsvTable(file).rows, [
      ['Smith, J.', 'said "hi"\nthen left'],
      ['plain', 'a\nb'],
    ]);
  });

  it('skips blank lines and trims unquoted whitespace around fields', () => {
    const file = tmp.write('blank.csv', 'a, b\n\n 1 ," 2 "\n\n');
    const table = readCsvTable(file);
    assert.deepEqual(table.columns, ['a', 'b']);
    assert.deepEqual(table.rows, [['1', ' 2 ']]);
  });

  it('rejects an empty file', () => {
    assertCsvError('empty.csv', '', 'file is empty');
    assertCsvError('blank-lines.csv', '\n  \r\n', 'file is empty');
    assertCsvError('bom-only.csv', '\ufeff', 'file is empty');
  });

  it('rejects a header without data rows', () => {
    assertCsvError('header-only.csv', 'a,b,c\n', 'no data rows');
    assertCsvError('header-only-blank.csv', 'a,b,c\r\n\r\n', 'no data rows');
  });

  it('rejects ragged rows, naming the line the row starts on', () => {
    const rows = ['a,b,c,d,e', ...Array.from({ length: 6 }, () => '1,2,3,4,5'), '1,2,3', '1,2,3,4,5'];
    assertCsvError('ragged.csv', rows.join('\n'), 'line 8: has 3 fields, the header has 5');
    assertCsvError('long.csv', 'a,b\n1,2,3\n', 'line 2: has 3 fields, the header has 2');
  });

  it('rejects duplicate column names', () => {
    assertCsvError('dup.csv', 'x,y,x\n1,2,3\n', 'duplicate column name "x"', 'columns 1 and 3');
  });

  it('rejects an unnamed column', () => {
    assertCsvError('unnamed.csv', 'x,,z\n1,2,3\n', 'header column 2 has no name');
  });

  it('rejects malformed quoting on one line', () => {
    assertCsvError('quote.csv', 'a,b\n"open,1\n', 'malformed CSV');
  });

  it('names a file that does not exist', () => {
    const file = tmp.path('absent.csv');
    assert.throws(() => readCsvTable(file), { name: 'DataError', message: `${file}: no such file` });
  });
});
