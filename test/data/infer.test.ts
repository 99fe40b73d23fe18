import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inferColumnKind, inferFeatureColumns } from '../../src/data/infer';
import type { Table } from '../../src/data/table';

describe('inferColumnKind', () => {
  it('boolean: only true/false, yes/no, 1/0 in any case, even if constant', () => {
    assert.equal(inferColumnKind(['TRUE', 'false', 'True']), 'boolean');
    assert.equal(inferColumnKind(['yes', 'No']), 'boolean');
    assert.equal(inferColumnKind(['0', '1', '1']), 'boolean');
    assert.equal(inferColumnKind(['0', '0']), 'boolean');
  });

  it('numeric: every value a finite decimal number', () => {
    assert.equal(inferColumnKind(['0', '1', '2']), 'numeric');
    assert.equal(inferColumnKind(['5.1', '-3', '.5', '1e3']), 'numeric');
  });

  it('categorical: anything else, or no values at all', () => {
    assert.equal(inferColumnKind(['1', 'two']), 'categorical');
    assert.equal(inferColumnKind(['Infinity', '1']), 'categorical');
    assert.equal(inferColumnKind(['0x10', '1']), 'categorical');
    assert.equal(inferColumnKind(['NA', '']), 'categorical');
  });

  it('ignores missing cells', () => {
    assert.equal(inferColumnKind(['1.5', 'NA', '', '?', 'NULL']), 'numeric');
  });
});

describe('inferFeatureColumns', () => {
  const table: Table = {
    path: 't.csv',
    columns: ['a', 'b', 'y'],
    rows: [
      ['1', 'x', 'p'],
      ['2', 'NA', 'q'],
    ],
  };

  it('applies kind overrides', () => {
    const cols = inferFeatureColumns(table, ['a'], { kinds: { a: 'categorical' } });
    assert.deepEqual(cols, [{ name: 'a', index: 0, kind: 'categorical', hasMissing: false }]);
  });

  it('rejects missing cells by default, naming row and column', () => {
    assert.throws(() => inferFeatureColumns(table, ['a', 'b']), {
      name: 'DataError',
      message: `t.csv: row 2, column "b": missing value "NA" (allow with --missing bit)`,
    });
  });

  it('marks columns with missing cells under missing: bit', () => {
    const cols = inferFeatureColumns(table, ['a', 'b'], { missing: 'bit' });
    assert.deepEqual(
      cols.map((c) => c.hasMissing),
      [false, true],
    );
  });

  it('rejects overrides for unknown columns and unknown kinds', () => {
    assert.throws(() => inferFeatureColumns(table, ['a'], { kinds: { zz: 'numeric' } }), /column "zz"/);
    const bad = { a: 'float' } as unknown as Record<string, 'numeric'>;
    assert.throws(() => inferFeatureColumns(table, ['a'], { kinds: bad }), /unknown column kind "float"/);
  });
});

describe('stray text in a numeric column', () => {
  it('is reported with its row and column, not silently made categorical', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [String(i + 0.5), 'a']);
    rows[12][0] = 'oops';
    const table = { path: 'parts.csv', columns: ['width', 'tag'], rows };
    assert.throws(() => inferFeatureColumns(table, ['width']), /parts\.csv: row 13, column "width": "oops" is not a number/);
    assert.equal(inferFeatureColumns(table, ['width'], { kinds: { width: 'categorical' } })[0].kind, 'categorical');
  });
});
