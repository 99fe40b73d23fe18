/**
 * Issue 7, item 2: data files at their edges (docs/data-files.md). Each case is checked in the
 * readers themselves — the whole-file reader (`readTable`: train, eval, compile --data) and the
 * streamed one (`readTableChunks`: predict) must agree — and through the real CLI: the exact
 * one-line message naming file, line and column, exit code 2, and no output file.
 *
 * Rows are named by the line of the file on which they start (the header is line 1, blank lines
 * count, a quoted field with a line break makes a record span lines).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { encodeRows, fitEncoders } from '../../src/data/encode';
import { DataError } from '../../src/data/errors';
import { readTable } from '../../src/data/read';
import { readTableChunks } from '../../src/data/stream';
import type { Table } from '../../src/data/table';
import { loadModel } from '../../src/model/load';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dbnc-data-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real `dbnc` command line, asynchronously (a few run side by side). */
function dbnc(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/dbnc.js', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Exit code 2 and exactly one line on stderr: `dbnc: <message>`. */
function assertFails(run: Run, message: string): void {
  assert.equal(run.code, 2, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.stderr, `dbnc: ${message}\n`);
}

/** Both readers, whole-file and streamed, fail with exactly `message` (a DataError). */
async function assertBothReadersFail(path: string, message: string): Promise<void> {
  assert.throws(() => readTable(path), (e: unknown) => e instanceof DataError && e.message === message, `readTable: ${message}`);
  await assert.rejects(
    async () => {
      for await (const chunk of readTableChunks(path, 2)) void chunk;
    },
    (e: unknown) => e instanceof DataError && e.message === message,
    `readTableChunks: ${message}`,
  );
}

/** The streamed reader's rows and lines, chunks joined. */
async function streamed(path: string): Promise<{ columns: string[]; rows: string[][]; lines: number[] }> {
  let columns: string[] = [];
  const rows: string[][] = [];
  const lines: number[] = [];
  for await (const chunk of readTableChunks(path, 2)) {
    columns = chunk.columns;
    rows.push(...chunk.rows);
    lines.push(...(chunk.lines ?? []));
  }
  return { columns, rows, lines };
}

// ─── the readers ────────────────────────────────────────────────────────────────────────────

describe('data files: what the readers accept', () => {
  test('UTF-8 BOM, CRLF line ends, quoted commas, quotes and line breaks (read as LF), blank lines: rows named by their first line', async () => {
    const text = '\ufeffsize,"color, name",note,y\r\n1.5,red,"a, b",p\r\n\r\n2,"blue ""dark""","two\r\nlines",q\r\n  3 , green ,"  kept  ",p\r\n4,red,plain,q';
    const path = file('good.csv', text);
    const table = readTable(path);
    assert.deepEqual(table.columns, ['size', 'color, name', 'note', 'y'], 'the BOM is not part of the first name');
    assert.deepEqual(table.rows, [
      ['1.5', 'red', 'a, b', 'p'],
      ['2', 'blue "dark"', 'two\nlines', 'q'],
      ['3', 'green', '  kept  ', 'p'],
      ['4', 'red', 'plain', 'q'],
    ]);
    assert.deepEqual(table.lines, [2, 4, 6, 7], 'line 3 is blank; the record on line 4 spans lines 4–5');
    assert.deepEqual(await streamed(path), { columns: table.columns, rows: table.rows, lines: table.lines });
  });

  test('UTF-8 text of any length: a U+FFFD the file holds is text, characters split across read chunks are whole', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},"Bär ö ${'é'.repeat(i % 7)} \ufffd 漢字",${i % 2 ? 'p' : 'q'}`);
    const path = file('utf8.csv', `n,name,y\n${rows.join('\n')}\n`);
    const table = readTable(path);
    assert.equal(table.rows.length, 40_000);
    assert.equal(table.rows[39_999][1], `Bär ö ${'é'.repeat(39_999 % 7)} \ufffd 漢字`);
    assert.deepEqual(await streamed(path), { columns: table.columns, rows: table.rows, lines: table.lines });
  });

  test('LF, lone CR and a last line without a line end count lines alike', async () => {
    for (const end of ['\n', '\r']) {
      const path = file('ends.csv', ['a,y', '1,p', '"x', 'y",q', '3,p'].join(end));
      assert.deepEqual(readTable(path).lines, [2, 3, 5]);
      assert.deepEqual((await streamed(path)).lines, [2, 3, 5]);
    }
  });

  test('a CSV of one column named by an integer is a CSV, not a bit matrix (which needs a bit and a label)', async () => {
    const path = file('one-integer-column.csv', '7\n1.5\n2.5\n');
    const table = readTable(path);
    assert.deepEqual([table.columns, table.rows], [['7'], [['1.5'], ['2.5']]]);
    assert.deepEqual(await streamed(path), { columns: table.columns, rows: table.rows, lines: table.lines });
  });

  test('bit matrices: rows named by their line, blank lines counted', async () => {
    const path = file('bits.txt', '\n0 1 1\n\n1 0 0\n');
    assert.deepEqual(readTable(path).lines, [2, 4]);
    assert.deepEqual((await streamed(path)).lines, [2, 4]);
    await assertBothReadersFail(file('bad-bits.txt', '0 1 1\n\n1 0 0\n1 2 0\n'), `${join(dir, 'bad-bits.txt')}: line 4, column "x2": "2" is not a bit (0 or 1)`);
    await assertBothReadersFail(file('short-bits.txt', '0 1 1\n1 0\n'), `${join(dir, 'short-bits.txt')}: line 2: has 2 fields, the first row has 3`);
  });
});

describe('data files: what the readers reject (both readers, the same message)', () => {
  const cases: [string, string, (path: string) => string][] = [
    ['empty.csv', '', (p) => `${p}: file is empty`],
    ['blank.csv', ' \r\n\n\t\n', (p) => `${p}: file is empty`],
    ['bom-only.csv', '\ufeff', (p) => `${p}: file is empty`],
    ['header-only.csv', 'a,b,y\n', (p) => `${p}: has a header but no data rows`],
    ['header-blank.csv', 'a,b,y\r\n\r\n\r\n', (p) => `${p}: has a header but no data rows`],
    ['ragged.csv', 'a,b,y\n1,"x,\ny",p\n2,z,q,extra\n', (p) => `${p}: line 4: has 4 fields, the header has 3`],
    ['short.csv', 'a,b,y\n\n1,x\n', (p) => `${p}: line 3: has 2 fields, the header has 3`],
    ['unclosed.csv', 'a,b,y\n1,x,p\n2,"never closed,q\n3,z,p\n', (p) => `${p}: line 3: malformed CSV: a quoted field is never closed (a missing closing '"')`],
    ['after-quote.csv', 'a,b,y\n1,"x"y,p\n', (p) => `${p}: line 2: malformed CSV: text after the closing quote of a quoted field ("y"); a quote inside a quoted field is written as two ("")`],
    ['no-name.csv', 'a,,y\n1,2,p\n', (p) => `${p}: header column 2 has no name`],
    ['twice.csv', 'a,b,a\n1,2,p\n', (p) => `${p}: duplicate column name "a" (header columns 1 and 3)`],
  ];
  for (const [name, text, message] of cases) {
    test(`${name}: ${JSON.stringify(text).slice(0, 40)}`, async () => {
      const path = file(name, text);
      await assertBothReadersFail(path, message(path));
    });
  }
  test('bytes that are not UTF-8 (a Latin-1 export, a cut character): the line of the first one', async () => {
    const latin1 = file('latin1.csv', Buffer.from('shop,y\nAcme,p\n"B\xe4r",q\nB\xf6r,p\n', 'latin1'));
    await assertBothReadersFail(latin1, `${latin1}: line 3: byte 0xE4 is not UTF-8 (a Latin-1 or Windows-1252 export?); save the file as UTF-8`);
    const bits = file('latin1-bits.txt', Buffer.from('0 1 1\r\n1 0 0\r\n1 1 \xff\r\n', 'latin1'));
    await assertBothReadersFail(bits, `${bits}: line 3: byte 0xFF is not UTF-8 (a Latin-1 or Windows-1252 export?); save the file as UTF-8`);
    // The last character cut short: the whole-file reader names its first byte, the streamed one the end.
    const cut = file('cut.csv', Buffer.concat([Buffer.from('a,y\r1,p\r2,'), Buffer.from([0xc3])]));
    assert.throws(() => readTable(cut), { message: `${cut}: line 3: byte 0xC3 is not UTF-8 (a Latin-1 or Windows-1252 export?); save the file as UTF-8` });
    await assert.rejects(async () => {
      for await (const chunk of readTableChunks(cut, 2)) void chunk;
    }, { message: `${cut}: line 3: the file ends inside a multi-byte character (a Latin-1 or Windows-1252 export?); save the file as UTF-8` });
  });

  test('no such file, a directory', async () => {
    await assertBothReadersFail(join(dir, 'nope.csv'), `${join(dir, 'nope.csv')}: no such file`);
    await assertBothReadersFail(dir, `${dir}: is a directory`);
  });
});

describe('data files: training and encoding rules', () => {
  const train = (): Table => readTable(file('train.csv', 'size,color,y\n1,red,p\n2,"blue\ngreen",q\n3,red,p\n4,red,q\n'));

  test('values the model cannot encode name their line and column', () => {
    const { encoders } = fitEncoders(train(), 'y');
    const bad = (name: string, body: string): (() => unknown) => () => encodeRows(encoders, readTable(file(name, `size,color,y\n1,red,p\n${body}`)), 'y');
    const at = (name: string): string => join(dir, name);
    assert.throws(bad('u.csv', '"2",red,p\n3,"blue\nGREEN",q\n'), { message: `${at('u.csv')}: line 4, column "color": unseen category "blue\\nGREEN" (not in the training data)` });
    assert.throws(bad('n.csv', '\n2,red,p\nbig,red,q\n'), { message: `${at('n.csv')}: line 5, column "size": non-numeric value "big" in a numeric column` });
    assert.throws(bad('m.csv', '2,NULL,p\n'), { message: `${at('m.csv')}: line 3, column "color": missing value "NULL" (the training data had none in this column, so the model has no "is missing" bit for it)` });
    assert.throws(bad('l.csv', '2,red,?\n'), { message: `${at('l.csv')}: line 3, column "y": missing label "?"` });
    assert.throws(bad('k.csv', '2,red,zz\n'), { message: `${at('k.csv')}: line 3, column "y": unknown label "zz" (the model knows 2 classes)` });
    // Categories are compared after trimming, like every cell; a category seen in training is fine.
    assert.equal(encodeRows(encoders, readTable(file('ok.csv', 'y,color,size\np," red ",7\n'))).nRows, 1);
  });

  test('missing cells: an error at training unless --missing bit, which adds an "is missing" bit', () => {
    const table = readTable(file('gaps.csv', 'size,color,y\n1,red,p\n,red,q\n3,NA,p\n4,?,q\n'));
    assert.throws(() => fitEncoders(table, 'y'), { message: `${table.path}: line 3, column "size": missing value "" (allow with --missing bit)` });
    const { encoders } = fitEncoders(table, 'y', { missing: 'bit' });
    assert.deepEqual(encoders.features.map((f) => [f.column, f.missingBit]), [['size', true], ['color', true]]);
    const encoded = encodeRows(encoders, readTable(file('gaps-new.csv', 'size,color\nNULL,\n')));
    assert.equal(encoded.nRows, 1);
  });

  test('a few words in a column of numbers are an error; a column of mostly words is categorical', () => {
    const numbers = Array.from({ length: 12 }, (_, i) => `${i + 0.5},${i % 2 ? 'p' : 'q'}`);
    numbers[7] = 'n/a!,p';
    const stray = readTable(file('stray.csv', `size,y\n${numbers.join('\n')}\n`));
    assert.throws(() => fitEncoders(stray, 'y'), { message: `${stray.path}: line 9, column "size": "n/a!" is not a number in a column of numbers (say --kind size=categorical if it is categorical)` });
    const words = readTable(file('words.csv', 'size,y\n1,p\nbig,q\n3,p\n'));
    assert.equal(fitEncoders(words, 'y').encoders.features[0].kind, 'categorical');
  });

  test('the label column must exist; no feature may be named "prediction"', () => {
    const table = train();
    assert.throws(() => fitEncoders(table, 'species'), { message: `${table.path}: column "species": no such column (the columns are "size", "color", "y")` });
    const leaked = readTable(file('leak.csv', 'size,prediction,y\n1,p,p\n2,q,q\n'));
    assert.throws(() => fitEncoders(leaked, 'y'), /leak\.csv: column "prediction": a feature may not be named "prediction"/);
  });

  test('a header that is one name full of semicolons or tabs: the message says which separator the file seems to use', () => {
    const semicolons = readTable(file('semicolons.csv', 'size;color;y\n1;red;p\n'));
    assert.throws(() => fitEncoders(semicolons, 'y'), {
      message: `${semicolons.path}: column "y": no such column (the columns are "size;color;y"); the header looks ";"-separated, but dbnc reads comma-separated values`,
    });
    const tabs = readTable(file('tabs.csv', 'size\tcolor\ty\n1\tred\tp\n'));
    assert.throws(() => fitEncoders(tabs, 'y'), /the header looks "\\t"-separated/);
    // A real single-column file with a plain name gets no hint.
    const single = readTable(file('single.csv', 'size\n1\n'));
    assert.throws(() => fitEncoders(single, 'y'), { message: `${single.path}: column "y": no such column (the columns are "size")` });
  });
});

// ─── the real CLI ───────────────────────────────────────────────────────────────────────────

/** A training file with every accepted edge: BOM, CRLF, quoted commas, quotes and line breaks, NULL cells. */
const TRAIN_CSV =
  '\ufeffsize,color,note,ok,species\r\n' +
  [
    '1.5,red,plain,yes,a',
    '2.5,"blue, dark","two\r\nlines",no,b',
    'NULL,red,"say ""hi""",yes,a',
    '3.5,"blue, dark",plain,no,b',
    '1.0,red,"two\r\nlines",yes,a',
    ',"blue, dark",plain,no,b',
    '2.0,red,"say ""hi""",yes,a',
    '4.0,"blue, dark",plain,no,b',
  ].join('\r\n') +
  '\r\n';

describe('data files through the real CLI', () => {
  const trainPath = file('cli-train.csv', TRAIN_CSV);
  const model = join(dir, 'cli.model.json');
  const never = join(dir, 'never.model.json');
  const numbers = Array.from({ length: 12 }, (_, i) => `${i},${i % 2 ? 'p' : 'q'}`);
  numbers[4] = '"n/a!",p';
  const bad = {
    empty: file('t-empty.csv', '\ufeff'),
    ragged: file('t-ragged.csv', 'size,note,species\n1,"a\nb",p\n2,c,q,4\n'),
    missing: file('t-missing.csv', 'size,color,species\n1,red,p\n2,"",q\n'),
    stray: file('t-stray.csv', `size,species\n${numbers.join('\n')}\n`),
    prediction: file('t-prediction.csv', 'size,prediction,species\n1,p,p\n2,q,q\n'),
    labelOnly: file('t-label-only.csv', 'species\np\nq\np\n'),
    constant: file('t-constant.csv', 'size,species\n5,p\n5,q\n5,p\n'),
    latin1: file('t-latin1.csv', Buffer.from('shop,species\nB\xe4r,p\nB\xf6r,q\n', 'latin1')),
  };
  const header = 'size,color,note,ok,species';
  const later = {
    unseen: file('p-unseen.csv', `${header}\n1,red,plain,yes,a\n2,"red","two\r\nlines",no,b\n3,green,plain,no,a\n`),
    number: file('p-number.csv', `${header}\r\n\r\nbig,red,plain,yes,a\r\n`),
    missing: file('p-missing.csv', `${header}\n1,NULL,plain,yes,a\n`),
    label: file('p-label.csv', `${header}\n1,red,plain,yes,a\n2,red,plain,yes,c\n`),
    header: file('p-header.csv', `${header}\n`),
    good: file('p-good.csv', '\ufeffspecies,note,size,color,ok,extra\r\na,"two\r\nlines",NULL,"blue, dark",no,"x ""y"""\r\nb,plain,,red,yes,\r\n'),
  };
  const out = (name: string): string => join(dir, name);
  let trained: Run;
  let trainFailures: Run[] = [];
  let useFailures: Run[] = [];
  let predicted: Run;

  // Two rounds of CLI runs side by side: every train, then everything that needs the model.
  before(async () => {
    [trained, ...trainFailures] = await Promise.all([
      dbnc('train', trainPath, '--label', 'species', '--missing', 'bit', '--epochs', '2', '--test-split', '0', '--quiet', '-o', model),
      ...Object.values(bad).map((path) => dbnc('train', path, '--label', 'species', '--epochs', '1', '--quiet', '-o', never)),
    ]);
    if (trained.code !== 0) return;
    [predicted, ...useFailures] = await Promise.all([
      dbnc('predict', model, later.good, '-o', out('p-good.out.csv')),
      dbnc('predict', model, later.unseen, '-o', out('p1.csv')),
      dbnc('predict', model, later.missing, '-o', out('p3.csv')),
      dbnc('predict', model, later.header, '-o', out('p5.csv')),
      dbnc('eval', model, later.label),
      dbnc('compile', model, '--data', later.unseen, '-t', 'rules', '--quiet', '-o', out('c1.md')),
      dbnc('compile', model, '--data', later.number, '-t', 'ts', '--quiet', '-o', out('c2.ts')),
    ]);
  });

  test('train accepts BOM, CRLF, quoted commas/quotes/line breaks and NULL cells (--missing bit)', () => {
    assert.equal(trained.code, 0, trained.stderr);
    const m = loadModel(model).model;
    assert.deepEqual(m.encoders.features.map((f) => f.column), ['size', 'color', 'note', 'ok']);
    assert.deepEqual(m.encoders.features[1].kind === 'categorical' && m.encoders.features[1].categories, ['blue, dark', 'red']);
    // The CRLF inside the quoted field is read as LF: the category is the same in an LF file.
    assert.deepEqual(m.encoders.features[2].kind === 'categorical' && m.encoders.features[2].categories, ['plain', 'say "hi"', 'two\nlines']);
    assert.equal(m.encoders.features[0].missingBit, true);
    assert.equal(m.encoders.features[1].missingBit, false);
  });

  test('train rejects bad files with one line naming file, line and column; no model file', () => {
    const [empty, ragged, missing, stray, prediction, labelOnly, constant, latin1] = trainFailures;
    assertFails(empty, `${bad.empty}: file is empty`);
    assertFails(ragged, `${bad.ragged}: line 4: has 4 fields, the header has 3`);
    assertFails(missing, `${bad.missing}: line 3, column "color": missing value "" (allow with --missing bit)`);
    assertFails(stray, `${bad.stray}: line 6, column "size": "n/a!" is not a number in a column of numbers (say --kind size=categorical if it is categorical)`);
    assertFails(
      prediction,
      `${bad.prediction}: column "prediction": a feature may not be named "prediction": dbnc predict and the SQL query add that column to their output (a leftover prediction would also leak into training); rename or drop it`,
    );
    assertFails(labelOnly, `${bad.labelOnly}: no feature columns besides the label, so there is nothing to learn from`);
    assert.match(constant.stderr, /^dbnc: [^\n]*t-constant\.csv: the features give no input bits: a numeric column with a single value has no cut point/);
    assertFails(latin1, `${bad.latin1}: line 2: byte 0xE4 is not UTF-8 (a Latin-1 or Windows-1252 export?); save the file as UTF-8`);
    assert.ok(!existsSync(never), 'no model file written');
  });

  test('predict, eval and compile --data: unseen categories (a CRLF record before them), non-numbers, missing values, bad labels — line and column, exit 2, no output file', () => {
    assert.equal(trained.code, 0, trained.stderr);
    const [unseen, missing, header0, evalLabel, compileUnseen, compileNumber] = useFailures;
    const unseenMessage = `${later.unseen}: line 5, column "color": unseen category "green" (not in the training data)`;
    assertFails(unseen, unseenMessage);
    assertFails(missing, `${later.missing}: line 2, column "color": missing value "NULL" (the training data had none in this column, so the model has no "is missing" bit for it)`);
    assertFails(header0, `${later.header}: has a header but no data rows`);
    assertFails(evalLabel, `${later.label}: line 3, column "species": unknown label "c" (the model knows 2 classes)`);
    assertFails(compileUnseen, unseenMessage);
    assertFails(compileNumber, `${later.number}: line 3, column "size": non-numeric value "big" in a numeric column`);
    for (const name of ['p1.csv', 'p3.csv', 'p5.csv', 'c1.md', 'c2.ts']) assert.ok(!existsSync(out(name)), `${name} not written`);
  });

  test('predict keeps every input cell (quoted commas, quotes, line breaks) and takes NULL in a column with an "is missing" bit', () => {
    assert.equal(trained.code, 0, trained.stderr);
    assert.equal(predicted.code, 0, predicted.stderr);
    const written = readTable(file('p-good.copy.csv', readFileSync(out('p-good.out.csv'), 'utf8')));
    const original = readTable(later.good);
    assert.deepEqual(written.columns, [...original.columns, 'prediction']);
    assert.deepEqual(written.rows.map((r) => r.slice(0, -1)), original.rows);
    const classes = loadModel(model).model.encoders.label.classes;
    assert.ok(written.rows.every((r) => classes.includes(r.at(-1) as string)));
  });
});
