import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { readBitMatrix } from '../../src/data/bitmatrix';
import { readCsvTable } from '../../src/data/csv';
import { encodeRows, encoderSpecSchema, fitEncoders, type EncoderSpec } from '../../src/data/encode';
import { DataError } from '../../src/data/errors';
import { bitPredicates, formatPredicate, type BitPredicate } from '../../src/data/predicate';
import { parseBoolean, parseNumber } from '../../src/data/schema';
import type { Table } from '../../src/data/table';
import { sharedFile, tempDir } from './tmp';

const tmp = tempDir();
after(() => tmp.remove());

/** UCI iris.data has no header: the tests read a header-bearing copy from a temp dir. */
function irisTable(): Table {
  const body = readFileSync(sharedFile('iris.data'), 'utf8');
  return readCsvTable(tmp.write('iris.csv', `sepal_length,sepal_width,petal_length,petal_width,species\n${body}`));
}

/** A predicate evaluated directly on a cell: the reference the encoder must agree with. */
function holds(p: BitPredicate, cell: string | undefined): boolean {
  const missing = cell === undefined || ['', 'NA', 'NULL', '?'].includes(cell);
  if (p.op === 'is missing') return missing;
  if (missing) return false;
  if (p.op === '>') return (parseNumber(cell) as number) > p.value;
  if (p.op === '=') return cell === p.value;
  return parseBoolean(cell) === true;
}

function assertBitsMatchPredicates(spec: EncoderSpec, table: Table): void {
  const { bits, nBits, nRows } = encodeRows(spec, table);
  const predicates = bitPredicates(spec);
  assert.equal(nBits, predicates.length);
  assert.equal(nRows, table.rows.length);
  assert.equal(bits.length, nRows * nBits);
  table.rows.forEach((row, r) => {
    predicates.forEach((p, k) => {
      const cell = row[table.columns.indexOf(p.feature)];
      assert.equal(bits[r * nBits + k], holds(p, cell) ? 1 : 0, `row ${r + 1}, bit ${formatPredicate(p)}`);
    });
  });
}

function assertDataError(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

describe('fitEncoders + encodeRows on UCI Iris', () => {
  const table = irisTable();
  const { encoders, labels } = fitEncoders(table, 'species', { thresholds: 8 });

  it('finds 4 numeric features and 3 classes in sorted order', () => {
    assert.deepEqual(labels, ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    assert.deepEqual(encoders.label, { column: 'species', classes: labels });
    assert.deepEqual(
      encoders.features.map((f) => [f.column, f.kind]),
      [
        ['sepal_length', 'numeric'],
        ['sepal_width', 'numeric'],
        ['petal_length', 'numeric'],
        ['petal_width', 'numeric'],
      ],
    );
  });

  it('puts 8 readable petal_length thresholds between its extremes 1.0 and 6.9', () => {
    const petal = encoders.features[2];
    assert.equal(petal.kind, 'numeric');
    if (petal.kind !== 'numeric') return;
    assert.equal(petal.thresholds.length, 8);
    for (const t of petal.thresholds) {
      assert.ok(t > 1.0 && t < 6.9, `${t} in (1.0, 6.9)`);
      assert.ok(/^\d+\.\d{1,2}$/.test(String(t)), `${t} reads as a midpoint of one-decimal values`);
    }
    // The famous setosa split: petal_length falls from ≤ 1.9 (setosa) to ≥ 3.0 (the others).
    assert.ok(
      petal.thresholds.some((t) => t > 1.9 && t < 3.0),
      `a threshold separates setosa: ${petal.thresholds}`,
    );
  });

  it('encodes each bit as its predicate says, with labels as class numbers', () => {
    assertBitsMatchPredicates(encoders, table);
    const { labels: classes } = encodeRows(encoders, table, 'species');
    assert.ok(classes instanceof Int32Array);
    assert.deepEqual([classes[0], classes[50], classes[100]], [0, 1, 2]);
  });

  it('honours the threshold count', () => {
    const fit = fitEncoders(table, 'species', { thresholds: 2 });
    assert.deepEqual(
      fit.encoders.features.map((f) => (f.kind === 'numeric' ? f.thresholds.length : -1)),
      [2, 2, 2, 2],
    );
    assert.equal(encodeRows(fit.encoders, table).nBits, 8);
  });
});

describe('fitEncoders on the Binary Iris bit matrix', () => {
  it('keeps the 16 bits as they are (every column boolean, one bit each)', () => {
    const table = readBitMatrix(sharedFile('BinaryIrisData.txt'));
    const { encoders, labels } = fitEncoders(table, 'label');
    assert.deepEqual(labels, ['0', '1', '2']);
    assert.ok(encoders.features.every((f) => f.kind === 'boolean'));
    const { bits, nBits, labels: classes } = encodeRows(encoders, table, 'label');
    assert.equal(nBits, 16);
    assert.deepEqual(
      [...bits],
      table.rows.flatMap((row) => row.slice(0, 16).map(Number)),
    );
    assert.deepEqual(
      [...(classes as Int32Array)],
      table.rows.map((row) => Number(row[16])),
    );
  });
});

describe('categorical, boolean and missing-value encoding', () => {
  const train: Table = {
    path: 'train.csv',
    columns: ['color', 'smoker', 'age', 'y'],
    rows: [
      ['red', 'yes', '30', 'b'],
      ['blue', 'no', 'NA', 'a'],
      ['green', 'YES', '40', 'b'],
      ['red', '?', '50', 'c'],
    ],
  };
  const { encoders, labels } = fitEncoders(train, 'y', { missing: 'bit' });

  it('one-hot codes sorted categories; booleans are one bit; missing bits only where needed', () => {
    assert.deepEqual(labels, ['a', 'b', 'c']);
    assert.deepEqual(bitPredicates(encoders).map(formatPredicate), [
      'color = "blue"',
      'color = "green"',
      'color = "red"',
      'smoker is true',
      'smoker is missing',
      'age > 35',
      'age > 45',
      'age is missing',
    ]);
    assertBitsMatchPredicates(encoders, train);
    const { bits } = encodeRows(encoders, train);
    assert.deepEqual([...bits.subarray(8, 16)], [1, 0, 0, 0, 0, 0, 0, 1], 'row 2: blue, not a smoker, age missing');
  });

  it('sorts numeric labels numerically', () => {
    const table: Table = {
      path: 'n.csv',
      columns: ['x', 'y'],
      rows: [
        ['1', '10'],
        ['0', '2'],
        ['1', '1'],
      ],
    };
    assert.deepEqual(fitEncoders(table, 'y').labels, ['1', '2', '10']);
  });

  it('finds columns by name at encode time (reordered, extra columns)', () => {
    const test: Table = {
      path: 'test.csv',
      columns: ['y', 'extra', 'age', 'smoker', 'color'],
      rows: [['a', 'z', '41', 'no', 'green']],
    };
    const { bits, labels: classes } = encodeRows(encoders, test, 'y');
    assert.deepEqual([...bits], [0, 1, 0, 0, 0, 1, 0, 0]);
    assert.deepEqual([...(classes as Int32Array)], [0]);
  });

  it('survives JSON.stringify and zod parsing unchanged', () => {
    const json = JSON.stringify({ inputs: encoders });
    const parsed = encoderSpecSchema.parse(JSON.parse(json).inputs);
    assert.deepEqual(parsed, encoders);
    assert.deepEqual(encodeRows(parsed, train).bits, encodeRows(encoders, train).bits);
    const iris = fitEncoders(irisTable(), 'species').encoders;
    assert.deepEqual(encoderSpecSchema.parse(JSON.parse(JSON.stringify(iris))), iris);
  });

  it('the schema rejects malformed encoders', () => {
    const numeric = { kind: 'numeric', column: 'x', thresholds: [1, 1], missingBit: false };
    const spec = { version: 1, features: [numeric], label: { column: 'y', classes: ['a'] } };
    assert.equal(encoderSpecSchema.safeParse(spec).success, false, 'thresholds not increasing');
    const typo = { ...spec, features: [{ ...numeric, thresholds: [1, 2], missing: true }] };
    assert.equal(encoderSpecSchema.safeParse(typo).success, false, 'unknown key');
    const dupCats = {
      ...spec,
      features: [{ kind: 'categorical', column: 'x', categories: ['a', 'a'], missingBit: false }],
    };
    assert.equal(encoderSpecSchema.safeParse(dupCats).success, false, 'duplicate categories');
    const labelFeature = { ...spec, features: [{ kind: 'boolean', column: 'y', missingBit: false }] };
    assert.equal(encoderSpecSchema.safeParse(labelFeature).success, false, 'label as feature');
    const ok = { ...spec, features: [{ ...numeric, thresholds: [1, 2] }] };
    assert.equal(encoderSpecSchema.safeParse(ok).success, true);
  });
});

describe('encoding errors name file, line and column', () => {
  const train: Table = {
    path: 'train.csv',
    columns: ['color', 'size', 'ok', 'y'],
    rows: [
      ['red', '1.5', 'true', 'a'],
      ['blue', '2', 'false', 'b'],
    ],
  };
  const { encoders } = fitEncoders(train, 'y');

  /** A test table from `rows` written to a temp CSV, so the message names a real file. */
  function testFile(name: string, rows: string[]): Table {
    return readCsvTable(tmp.write(name, ['color,size,ok,y', ...rows].join('\n')));
  }

  it('unseen category', () => {
    const table = testFile('unseen.csv', ['red,1,true,a', 'purple,1,true,a']);
    assertDataError(
      () => encodeRows(encoders, table),
      `${table.path}: line 3, column "color": unseen category "purple" (not in the training data)`,
    );
  });

  it('non-numeric value in a numeric column', () => {
    const table = testFile('nonnum.csv', ['red,1,true,a', 'red,1,true,a', 'red,big,true,a']);
    assertDataError(
      () => encodeRows(encoders, table),
      `${table.path}: line 4, column "size": non-numeric value "big" in a numeric column`,
    );
  });

  it('non-boolean value in a boolean column', () => {
    const table = testFile('nonbool.csv', ['red,1,maybe,a']);
    assertDataError(
      () => encodeRows(encoders, table),
      `${table.path}: line 2, column "ok": "maybe" is not a boolean (expected true/false, yes/no, 1/0)`,
    );
  });

  it('missing value in a column without a missing bit', () => {
    const table = testFile('missing.csv', ['red,NULL,true,a']);
    assertDataError(
      () => encodeRows(encoders, table),
      `${table.path}: line 2, column "size": missing value "NULL" (the training data had none in this column, so the model has no "is missing" bit for it)`,
    );
  });

  it('unknown or missing label', () => {
    const unknown = testFile('label.csv', ['red,1,true,a', 'red,1,true,zzz']);
    assertDataError(
      () => encodeRows(encoders, unknown, 'y'),
      `${unknown.path}: line 3, column "y": unknown label "zzz" (the model knows 2 classes)`,
    );
    const missing = testFile('nolabel.csv', ['red,1,true,']);
    assertDataError(() => encodeRows(encoders, missing, 'y'), `${missing.path}: line 2, column "y": missing label ""`);
    assert.equal(encodeRows(encoders, unknown).labels, undefined, 'labels only when asked for');
  });

  it('absent feature column', () => {
    const table = readCsvTable(tmp.write('nocol.csv', 'color,ok\nred,true\n'));
    assertDataError(() => encodeRows(encoders, table), `${table.path}: column "size": no such column (the columns are "color", "ok")`);
  });

  it('at fit time: missing values by default, bad overrides, bad options', () => {
    const table = readCsvTable(tmp.write('fit.csv', 'a,b,y\n1,x,p\n2,?,q\n'));
    assertDataError(
      () => fitEncoders(table, 'y'),
      `${table.path}: line 3, column "b": missing value "?" (allow with --missing bit)`,
    );
    assertDataError(
      () => fitEncoders(table, 'y', { missing: 'bit', kinds: { b: 'numeric' } }),
      `${table.path}: line 2, column "b": non-numeric value "x" in a numeric column`,
    );
    assertDataError(() => fitEncoders(table, 'nope'), `${table.path}: column "nope": no such column (the columns are "a", "b", "y")`);
    assertDataError(
      () => fitEncoders(table, 'y', { thresholds: 0 }),
      'the threshold count must be a positive integer, got 0',
    );
  });
});
