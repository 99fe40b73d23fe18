/**
 * `dbnc eval`, `dbnc predict` and `dbnc inspect`, run as the real CLI on a small Iris model that
 * is trained once per file. The CLI takes a few seconds to start (TensorFlow.js loads), so the
 * cases run concurrently, each in its own child process.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvField, csvLine } from '../../src/cli/predict_command';
import { agreement, classificationMetrics } from '../../src/model/evaluate';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const IRIS = fileURLToPath(new URL('../../../shared/data/iris.data', import.meta.url));
const HEADER = 'sepal_length,sepal_width,petal_length,petal_width,species';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** At most this many CLI processes at a time (each spends ~2 s of CPU starting up). */
const PARALLEL = 4;
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `node bin/dbnc.js …args` from the repo root; `input` is piped to its standard input. */
function dbnc(args: string[], input?: string): Promise<Run> {
  return limited(() => spawnCli(args, input));
}

function spawnCli(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/dbnc.js', ...args], { cwd: ROOT, env: { ...process.env, DBNC_DEBUG: '' } });
    child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Each distinct command line runs once, however many cases look at its result. */
const runs = new Map<string, Promise<Run>>();
function once(args: string[]): Promise<Run> {
  const key = JSON.stringify(args);
  if (!runs.has(key)) runs.set(key, dbnc(args));
  return runs.get(key) as Promise<Run>;
}

let dir = '';
let errDir = '';
let csv = '';
let model = '';
const file = (name: string): string => join(dir, name);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dbnc-cli-'));
  errDir = join(dir, 'errors');
  mkdirSync(errDir);
  const lines = readFileSync(IRIS, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  csv = file('iris.csv');
  writeFileSync(csv, `${HEADER}\n${lines.join('\n')}\n`);
  model = file('m.json');
  const trained = spawnSync(process.execPath, ['bin/dbnc.js', 'train', csv, '--label', 'species', '-o', model, '--epochs', '30', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(trained.status, 0, trained.stderr);

  // Inputs of the error cases.
  const json = JSON.parse(readFileSync(model, 'utf8'));
  writeFileSync(file('v2.json'), JSON.stringify({ ...json, formatVersion: 2 }));
  const shaped = structuredClone(json);
  const at = shaped.weights.findIndex((w: unknown) => w !== null);
  shaped.weights[at].shape = [shaped.weights[at].shape[0], shaped.weights[at].shape[1] + 1];
  writeFileSync(file('shape.json'), JSON.stringify(shaped));
  // No petal_width column.
  writeFileSync(file('nofeature.csv'), lines.map((l) => l.split(',').filter((_, i) => i !== 3).join(',')).join('\n').replace(/^/, 'sepal_length,sepal_width,petal_length,species\n'));
  // Data row 3 (line 4 of the file), column sepal_width: not a number.
  const bad = [...lines];
  bad[2] = bad[2].replace(/^([^,]*),[^,]*,/, '$1,wide,');
  writeFileSync(file('bad.csv'), `${HEADER}\n${bad.join('\n')}\n`);
  // No label column, an extra column whose cells need quoting, columns in another order.
  const rows = lines.slice(0, 12).map((l, i) => {
    const [sl, sw, pl, pw] = l.split(',');
    const note = i === 1 ? '"a, ""b"""' : i === 2 ? '"line\nbreak"' : `n${i}`;
    return [note, pw, pl, sw, sl].join(',');
  });
  writeFileSync(file('unlabelled.csv'), `note,petal_width,petal_length,sepal_width,sepal_length\n${rows.join('\n')}\n`);
});

after(() => rmSync(dir, { recursive: true, force: true }));

function assertOneLineError(run: Run, mentions: string[]): void {
  assert.equal(run.status, 2, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^dbnc: [^\n]+\n$/, 'one line starting with "dbnc: "');
  assert.ok(!run.stderr.includes('    at '), 'no stack trace');
  for (const m of mentions) assert.ok(run.stderr.includes(m), `stderr ${JSON.stringify(run.stderr)} mentions ${m}`);
}

/** Neither the output file nor a temporary file beside it exists. */
function assertNoOutput(out: string): void {
  assert.ok(!existsSync(out), `${out} must not exist`);
  assert.deepEqual(
    readdirSync(errDir).filter((f) => f.includes(basename(out))),
    [],
  );
}

interface EvalJson {
  rows: number;
  accuracy: number;
  fidelity: number;
  classes: string[];
  confusion: number[][];
  perClass: Array<{ class: string; precision: number | null; recall: number | null; support: number }>;
}

describe('dbnc eval, predict, inspect', { concurrency: true }, () => {
  const evalJson = () => once(['eval', model, csv, '--json']);
  const predictOut = () => once(['predict', model, csv, '-o', file('out.csv')]);

  it('eval --json prints one JSON object with consistent numbers and fidelity 1', async () => {
    const run = await evalJson();
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim().split('\n').length, 1);
    const r = JSON.parse(run.stdout) as EvalJson;
    assert.deepEqual(Object.keys(r), ['rows', 'accuracy', 'fidelity', 'classes', 'confusion', 'perClass']);
    assert.equal(r.rows, 150);
    assert.deepEqual(r.classes, ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    assert.equal(r.fidelity, 1);
    const total = r.confusion.flat().reduce((a, b) => a + b, 0);
    assert.equal(total, r.rows);
    const trace = r.confusion.reduce((sum, row, i) => sum + row[i], 0);
    assert.equal(r.accuracy, trace / r.rows);
    assert.ok(r.accuracy >= 0 && r.accuracy <= 1);
    r.perClass.forEach((c, i) => {
      assert.equal(c.class, r.classes[i]);
      assert.equal(c.support, 50);
      const predictedAs = r.confusion.reduce((sum, row) => sum + row[i], 0);
      assert.equal(c.precision, predictedAs === 0 ? null : r.confusion[i][i] / predictedAs);
      assert.equal(c.recall, r.confusion[i][i] / 50);
    });
  });

  it('eval prints accuracy, fidelity and a confusion matrix labelled with the class names', async () => {
    const run = await once(['eval', model, csv]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /accuracy\s+\d+\.\d\d%/);
    assert.match(run.stdout, /fidelity\s+100\.00%/);
    assert.match(run.stdout, /confusion matrix/);
    for (const name of ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']) {
      assert.ok(run.stdout.split('\n').filter((l) => l.includes(name)).length >= 3, `${name} in the class table and both matrix axes`);
    }
  });

  it('predict -o writes every input row plus a prediction column; the labels agree with eval', async () => {
    const [run, evaluated] = await Promise.all([predictOut(), evalJson()]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    const written = parse(readFileSync(file('out.csv'), 'utf8')) as string[][];
    const input = parse(readFileSync(csv, 'utf8')) as string[][];
    assert.deepEqual(written[0], [...input[0], 'prediction']);
    assert.equal(written.length, input.length);
    const r = JSON.parse(evaluated.stdout) as EvalJson;
    let right = 0;
    written.slice(1).forEach((row, i) => {
      assert.deepEqual(row.slice(0, -1), input[i + 1]);
      assert.ok(r.classes.includes(row[5]), `prediction ${row[5]} is a class`);
      if (row[5] === row[4]) right++;
    });
    assert.equal(right, Math.round(r.accuracy * r.rows));
    // Per-class counts of predictions match the confusion matrix's columns.
    r.classes.forEach((name, c) => {
      assert.equal(
        written.slice(1).filter((row) => row[5] === name).length,
        r.confusion.reduce((sum, row) => sum + row[c], 0),
      );
    });
  });

  it('predict without -o prints CSV to stdout, keeps every column and quotes fields as needed', async () => {
    const run = await once(['predict', model, file('unlabelled.csv')]);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.includes('"a, ""b"""'));
    const rows = parse(run.stdout) as string[][];
    assert.deepEqual(rows[0], ['note', 'petal_width', 'petal_length', 'sepal_width', 'sepal_length', 'prediction']);
    assert.equal(rows.length, 13);
    assert.deepEqual(rows[2][0], 'a, "b"');
    assert.deepEqual(rows[3][0], 'line\nbreak');
    const input = parse(readFileSync(file('unlabelled.csv'), 'utf8')) as string[][];
    rows.slice(1).forEach((row, i) => {
      assert.deepEqual(row.slice(0, 5), input[i + 1]);
      assert.ok(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'].includes(row[5]));
    });
  });

  describe('"-" reads the data from standard input', { concurrency: true }, () => {
    // More than the 64 KiB predict sniffs before choosing the format, so the sniffed start and
    // the rest of the stream are joined; a file of the same bytes is the reference.
    const big = () => {
      const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n');
      const text = `${header}\n${Array.from({ length: 30 }, () => rows.join('\n')).join('\n')}\n`;
      assert.ok(Buffer.byteLength(text) > 64 * 1024);
      const path = file('big.csv');
      if (!existsSync(path)) writeFileSync(path, text);
      return { path, text };
    };

    it('predict - prints what predict <file> prints, for a stream longer than the sniffed start', async () => {
      const { path, text } = big();
      const [piped, fromFile] = await Promise.all([dbnc(['predict', model, '-'], text), once(['predict', model, path])]);
      assert.equal(piped.status, 0, piped.stderr);
      assert.equal(fromFile.status, 0, fromFile.stderr);
      assert.equal(parse(piped.stdout).length, 4501);
      assert.equal(piped.stdout, fromFile.stdout);
    });

    it('predict - -o - prints to stdout; predict - -o FILE writes the file', async () => {
      const text = readFileSync(csv, 'utf8');
      const out = file('stdin-out.csv');
      const [dash, toFile, fromFile] = await Promise.all([
        dbnc(['predict', model, '-', '-o', '-'], text),
        dbnc(['predict', model, '-', '-o', out], text),
        predictOut(),
      ]);
      assert.equal(dash.status, 0, dash.stderr);
      assert.equal(toFile.status, 0, toFile.stderr);
      assert.equal(fromFile.status, 0, fromFile.stderr);
      assert.equal(dash.stdout, readFileSync(file('out.csv'), 'utf8'));
      assert.equal(readFileSync(out, 'utf8'), dash.stdout);
      assert.ok(!existsSync(join(ROOT, '-')), 'no file named "-"');
    });

    it('a bit-matrix stream is recognized too', async () => {
      const bits = '0 1 1 0\n1 0 0 1\n';
      const run = await dbnc(['predict', model, '-'], bits);
      // The Iris model reads named columns: the bit matrix's x1… columns are not its features.
      assertOneLineError(run, ['stdin', 'sepal_length']);
    });

    it('eval - --json gives what eval <file> --json gives', async () => {
      const [piped, fromFile] = await Promise.all([dbnc(['eval', model, '-', '--json'], readFileSync(csv, 'utf8')), evalJson()]);
      assert.equal(piped.status, 0, piped.stderr);
      assert.deepEqual(JSON.parse(piped.stdout), JSON.parse(fromFile.stdout));
    });

    it('errors name stdin: empty input, a bad value', async () => {
      const bad = readFileSync(file('bad.csv'), 'utf8');
      const [empty, badValue, evalEmpty] = await Promise.all([
        dbnc(['predict', model, '-'], ''),
        dbnc(['predict', model, '-'], bad),
        dbnc(['eval', model, '-'], ''),
      ]);
      assertOneLineError(empty, ['stdin: file is empty']);
      assertOneLineError(badValue, ['stdin: line 4', 'sepal_width', 'wide']);
      assertOneLineError(evalEmpty, ['stdin: file is empty']);
    });

    it('a model is never read from standard input: "-" as the model says so', async () => {
      assertOneLineError(await dbnc(['inspect', '-'], readFileSync(model, 'utf8')), ['-: a model is read from a file, not from standard input']);
    });
  });

  it('inspect prints architecture, sizes, features as predicates, classes, metrics, provenance', async () => {
    const run = await once(['inspect', model]);
    assert.equal(run.status, 0, run.stderr);
    for (const text of ['architecture', 'weights', 'bytes', 'petal_length > ', 'Iris-versicolor', 'train', 'fidelity', 'iris.csv', 'sha256', 'seed']) {
      assert.ok(run.stdout.includes(text), `inspect mentions ${text}`);
    }
  });

  it('inspect --json prints one object whose sizes add up', async () => {
    const run = await once(['inspect', model, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const r = JSON.parse(run.stdout);
    const stored = JSON.parse(readFileSync(model, 'utf8'));
    const count = r.arch.layers.reduce((sum: number, l: { weights: number }) => sum + l.weights, 0);
    assert.equal(r.weights.count, count);
    assert.equal(r.weights.bytes, Math.ceil(count / 8));
    for (const l of r.arch.layers) {
      assert.ok(l.ones >= 0 && l.ones <= l.weights);
      assert.equal(l.weights, l.weightShape ? l.weightShape[0] * l.weightShape[1] : 0);
    }
    assert.equal(r.arch.layers.length, stored.arch.layers.length);
    assert.equal(r.features.flatMap((f: { bits: unknown[] }) => f.bits).length, stored.arch.inputs);
    assert.deepEqual(r.label.classes, stored.encoders.label.classes);
    assert.deepEqual(r.metrics, stored.metrics);
    assert.equal(r.provenance.dataSha256, stored.provenance.dataSha256);
    assert.equal(r.features[2].column, 'petal_length');
    assert.match(r.features[2].bits[0].predicate, /^petal_length > \d/);
  });

  describe('bad input: one line, exit 2, no stack trace, no output file', { concurrency: true }, () => {
    it('missing model file (predict -o)', async () => {
      const out = join(errDir, 'missing.csv');
      assertOneLineError(await once(['predict', file('nope.json'), csv, '-o', out]), ['nope.json', 'no such file']);
      assertNoOutput(out);
    });

    it('model with an unsupported formatVersion (inspect)', async () => {
      assertOneLineError(await once(['inspect', file('v2.json')]), ['v2.json', 'formatVersion']);
    });

    it('model with a wrong weights shape (eval)', async () => {
      assertOneLineError(await once(['eval', file('shape.json'), csv]), ['shape.json', 'weights[', 'shape']);
    });

    it('data without a feature column (predict -o)', async () => {
      const out = join(errDir, 'nofeature.csv');
      assertOneLineError(await once(['predict', model, file('nofeature.csv'), '-o', out]), ['nofeature.csv', 'petal_width']);
      assertNoOutput(out);
    });

    it('data without the label column (eval)', async () => {
      assertOneLineError(await once(['eval', model, file('unlabelled.csv')]), ['unlabelled.csv', 'species']);
    });

    it('a value the model cannot encode names the row and the column (predict -o)', async () => {
      const out = join(errDir, 'bad.csv');
      assertOneLineError(await once(['predict', model, file('bad.csv'), '-o', out]), ['bad.csv', 'line 4', 'sepal_width', 'wide']);
      assertNoOutput(out);
    });

    it('-o naming the input data file', async () => {
      const before = readFileSync(csv, 'utf8');
      assertOneLineError(await once(['predict', model, csv, '-o', csv]), ['-o', 'input']);
      assert.equal(readFileSync(csv, 'utf8'), before);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    });
  });
});

describe('CSV quoting and metrics (in process)', () => {
  it('quotes a field only when it holds a comma, quote, CR, LF or edge spaces', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField(''), '');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('a\nb'), '"a\nb"');
    assert.equal(csvField('a\rb'), '"a\rb"');
    assert.equal(csvField(' padded '), '" padded "');
    const fields = ['x', 'a,"b"', 'c\r\nd', ' e'];
    assert.deepEqual(parse(csvLine(fields), { trim: true }), [fields]);
  });

  it('classificationMetrics: confusion, accuracy, precision null when never predicted', () => {
    const m = classificationMetrics(['a', 'b', 'c'], [0, 0, 1, 1, 2], [0, 1, 1, 1, 0]);
    assert.deepEqual(m.confusion, [
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    assert.equal(m.accuracy, 3 / 5);
    assert.deepEqual(m.perClass[1], { class: 'b', precision: 2 / 3, recall: 1, support: 2 });
    assert.deepEqual(m.perClass[2], { class: 'c', precision: null, recall: 0, support: 1 });
    assert.equal(agreement([1, 2, 3], [1, 2, 4]), 2 / 3);
  });
});
