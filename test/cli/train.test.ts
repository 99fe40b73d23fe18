import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadModel } from '../../src/model/load';
import { assertOneLineError, dbnc, dbncWithInput } from '../helpers/cli';
import { irisCsvDir, SHARED_DATA } from '../helpers/iris_csv';

describe('dbnc train', () => {
  let dir = '';
  let csv = '';
  before(() => ({ dir, csv } = irisCsvDir()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('trains on UCI Iris (raw numeric features) to ≥ 90% held-out accuracy with 100% fidelity', () => {
    const out = join(dir, 'iris.json');
    const run = dbnc('train', csv, '--label', 'species', '-o', out, '--epochs', '200', '--seed', '1');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /fidelity\s+100\.00%/);
    const { model } = loadModel(out);
    assert.ok(model.metrics.test, 'a test split was held out');
    assert.ok(model.metrics.test.hardAccuracy >= 0.9, `test accuracy ${model.metrics.test.hardAccuracy}`);
    assert.equal(model.metrics.test.fidelity, 1);
    assert.equal(model.metrics.train.fidelity, 1);
    assert.deepEqual(model.encoders.label.classes, ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    assert.equal(model.history.length, 200);
  });

  it('is deterministic: the same data, seed and options give a byte-identical model file', () => {
    const [a, b] = [join(dir, 'a.json'), join(dir, 'b.json')];
    for (const out of [a, b]) assert.equal(dbnc('train', csv, '--label', 'species', '-o', out, '--epochs', '15', '--quiet').code, 0);
    assert.ok(readFileSync(a).equals(readFileSync(b)));
    const c = join(dir, 'c.json');
    dbnc('train', csv, '--label', 'species', '-o', c, '--epochs', '15', '--quiet', '--seed', '2');
    assert.ok(!readFileSync(a).equals(readFileSync(c)), 'another seed gives another model');
  });

  it('reads the data from standard input given "-": the same model, named stdin, same data hash', () => {
    const [fromFile, fromStdin] = [join(dir, 'file.json'), join(dir, 'stdin.json')];
    assert.equal(dbnc('train', csv, '--label', 'species', '-o', fromFile, '--epochs', '15', '--quiet').code, 0);
    const run = dbncWithInput(readFileSync(csv, 'utf8'), 'train', '-', '--label', 'species', '-o', fromStdin, '--epochs', '15', '--quiet');
    assert.equal(run.code, 0, run.stderr);
    const a = JSON.parse(readFileSync(fromFile, 'utf8'));
    const b = JSON.parse(readFileSync(fromStdin, 'utf8'));
    assert.equal(b.name, 'stdin');
    assert.equal(b.provenance.dataFile, 'stdin');
    assert.equal(b.provenance.dataSha256, a.provenance.dataSha256);
    assert.deepEqual({ ...b, name: a.name, provenance: { ...b.provenance, dataFile: a.provenance.dataFile } }, a);
    // "-o -" is refused: the model is a file (standard output is for the summary).
    assertOneLineError(dbncWithInput('', 'train', '-', '--label', 'species', '-o', '-'), /-o -: .*give a file name/);
  });

  it('saves soft weights and resumes training from them, counting epochs on', () => {
    const [first, soft, second] = [join(dir, 'r1.json'), join(dir, 'r1.soft.json'), join(dir, 'r2.json')];
    assert.equal(dbnc('train', csv, '--label', 'species', '-o', first, '--epochs', '5', '--save-soft', soft, '--quiet').code, 0);
    const run = dbnc('train', csv, '--label', 'species', '-o', second, '--epochs', '5', '--resume', soft, '--quiet');
    assert.equal(run.code, 0, run.stderr);
    const { model } = loadModel(second);
    assert.deepEqual(model.history.map((h) => h.epoch), [6, 7, 8, 9, 10]);
    assert.equal(model.provenance.options.resumedFromEpoch, 5);
    // inspect counts the checkpoint's epochs too.
    const inspected = JSON.parse(dbnc('inspect', second, '--json').stdout) as { epochs: number; resumedFromEpoch: number | null };
    assert.deepEqual([inspected.epochs, inspected.resumedFromEpoch], [10, 5]);
    assert.match(dbnc('inspect', second).stdout, /measured at training \(10 epochs, resumed from epoch 5\)/);
    assert.equal((JSON.parse(dbnc('inspect', first, '--json').stdout) as { resumedFromEpoch: number | null }).resumedFromEpoch, null);
    // The architecture keeps its name through the checkpoint; a run from scratch lists no resumedFromEpoch.
    assert.equal(model.provenance.options.arch, loadModel(first).model.provenance.options.arch);
    assert.match(dbnc('inspect', second).stdout, /options .*resumedFromEpoch=5/);
    assert.doesNotMatch(dbnc('inspect', first).stdout, /resumedFromEpoch/);
    // The checkpoint keeps its encoders: resuming on other rows (here the first 60, in another
    // column order) keeps every input bit's meaning instead of refitting thresholds to them.
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    const reorder = (line: string): string => {
      const cells = line.split(',');
      return [cells[4], cells[3], cells[2], cells[1], cells[0]].join(',');
    };
    const fewer = join(dir, 'iris-first-60-reordered.csv');
    writeFileSync(fewer, `${lines.slice(0, 61).map(reorder).join('\n')}\n`);
    const third = join(dir, 'r3.json');
    assert.equal(dbnc('train', fewer, '--label', 'species', '-o', third, '--epochs', '1', '--resume', soft, '--quiet').code, 0);
    assert.deepEqual(loadModel(third).model.encoders, loadModel(first).model.encoders);
    // Its provenance says how those encoders were fitted (the checkpoint's run), not this run's flags.
    const options = (path: string) => { const o = loadModel(path).model.provenance.options; return [o.thresholds, o.thresholdMethod, o.missing]; };
    assert.deepEqual(options(third), options(first));
    assertOneLineError(dbnc('train', csv, '--label', 'species', '--resume', soft, '--missing', 'bit', '-o', join(dir, 'x.json')), /--missing: not with --resume/);
    // A value the checkpoint's encoders never saw: the message says why this data is judged by them.
    const unseen = join(dir, 'iris-new-class.csv');
    writeFileSync(unseen, `${lines[0]}\n5.1,3.5,1.4,0.2,Iris-newclass\n${lines.slice(1).join('\n')}\n`);
    assertOneLineError(dbnc('train', unseen, '--label', 'species', '--resume', soft, '-o', join(dir, 'x.json')), /\(--resume: rows are encoded with the checkpoint's encoders, fitted to the data it was first trained on\)$/);
    assertOneLineError(dbnc('train', csv, '--label', 'species', '--resume', soft, '--thresholds', '3', '-o', join(dir, 'x.json')), /--thresholds: not with --resume, whose checkpoint keeps the encoders/);
    assertOneLineError(dbnc('train', csv, '--label', 'petal_width', '--resume', soft, '-o', join(dir, 'x.json')), /--resume: the checkpoint's net was trained to predict column "species", not "petal_width"/);
    assertOneLineError(dbnc('train', csv, '--label', 'species', '--resume', first, '-o', join(dir, 'x.json')), /r1\.json: field format/);
  });

  it('--validation-split with --patience: stops early, keeps the best epoch, and says so (train, inspect)', () => {
    const out = join(dir, 'early.json');
    const run = dbnc('train', csv, '--label', 'species', '-o', out, '--epochs', '500', '--learning-rate', '0.05', '--validation-split', '0.25', '--patience', '10', '--seed', '3');
    assert.equal(run.code, 0, run.stderr);
    const { model } = loadModel(out);
    const selected = model.metrics.selectedEpoch;
    assert.ok(selected !== undefined && model.history.length === selected + 10, `stopped 10 epochs after the best (${model.history.length}, ${selected})`);
    assert.match(run.stdout, /^validation   30 rows · soft [\d.]+% · hard [\d.]+%$/m);
    assert.match(run.stdout, new RegExp(`^epochs       stopped early after epoch ${selected + 10} of 500; the model holds epoch ${selected} \\(best validation accuracy\\)$`, 'm'));
    assert.match(run.stderr, /· validation [\d.]+% ·/, 'progress shows the validation accuracy');
    const inspect = dbnc('inspect', out);
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.match(inspect.stdout, new RegExp(`the weights are epoch ${selected}'s, the best on the validation rows`));
    assert.match(inspect.stdout, /^  validation 30 rows · soft [\d.]+% · hard [\d.]+% · fidelity 100\.00%$/m);
  });

  it("trains the paper's Binary Iris net on the paper's bit-matrix file", () => {
    const out = join(dir, 'binary-iris.json');
    const run = dbnc('train', join(SHARED_DATA, 'BinaryIrisData.txt'), '--label', 'label', '--arch', 'iris-paper', '--epochs', '30', '--batch-size', '60', '-o', out, '--quiet');
    assert.equal(run.code, 0, run.stderr);
    const { model } = loadModel(out);
    assert.equal(model.arch.inputs, 16);
    assert.equal(model.weights[1]?.shape.join('×'), '59×32');
  });

  describe('bad input: one line naming the problem, non-zero exit, no model written', () => {
    const expectFailure = (data: string, extra: string[], pattern: RegExp): void => {
      const out = join(dir, 'never.json');
      assertOneLineError(dbnc('train', data, '-o', out, '--epochs', '2', ...extra), pattern);
      assert.ok(!existsSync(out), 'no output file');
    };
    it('missing label column', () => expectFailure(csv, ['--label', 'kind'], /iris\.csv.*"kind"/));
    it('non-numeric junk in a numeric column', () => {
      const junk = join(dir, 'junk.csv');
      const lines = readFileSync(csv, 'utf8').split('\n');
      lines[5] = lines[5].replace(/^[^,]+/, 'five');
      writeFileSync(junk, lines.join('\n'));
      expectFailure(junk, ['--label', 'species'], /junk\.csv: line 6, column "sepal_length": "five" is not a number/);
    });
    it('empty file', () => {
      const empty = join(dir, 'empty.csv');
      writeFileSync(empty, '');
      expectFailure(empty, ['--label', 'species'], /empty\.csv: .*empty/);
    });
    it('ragged rows', () => {
      const ragged = join(dir, 'ragged.csv');
      writeFileSync(ragged, 'a,b,species\n1,2,x\n3,y\n');
      expectFailure(ragged, ['--label', 'species'], /ragged\.csv: line 3: has 2 fields, the header has 3/);
    });
    it('a missing data file', () => expectFailure(join(dir, 'nope.csv'), ['--label', 'species'], /nope\.csv: no such file/));
    it('an architecture that does not fit the data', () =>
      expectFailure(csv, ['--label', 'species', '--arch', 'xor-paper'], /--arch xor-paper: head \(bitAndNegation\): the last layer has 1 bit, which does not fit 3 classes/));
    it('architecture files: named in every error, fields as in model files, a BOM ignored', () => {
      const file = (name: string, text: string): string => {
        const path = join(dir, name);
        writeFileSync(path, text);
        return path;
      };
      const split = file('split.arch.json', '{"layers":[{"kind":"majority","groupSize":5}],"head":{"kind":"groupSum"}}');
      expectFailure(csv, ['--label', 'species', '--arch', split], /--arch .*split\.arch\.json: layers\[0\] \(majority\): 16 input bits do not split into groups of 5/);
      const extra = file('extra.arch.json', '{"layers":[{"kind":"negConcat"},{"kind":"and","width":4,"init":{"kind":"constant","value":0.3},"extra":1}],"head":{"kind":"groupSum"}}');
      expectFailure(csv, ['--label', 'species', '--arch', extra], /extra\.arch\.json: field layers\[1\]\.extra: unknown field/);
      // inputs and classes come from the data; stated wrongly, they are refused rather than ignored.
      const wrong = file('wrong.arch.json', '{"inputs":5,"layers":[{"kind":"negConcat"}],"head":{"kind":"bits"}}');
      expectFailure(csv, ['--label', 'species', '--arch', wrong], /wrong\.arch\.json: field inputs: 5, but the data give 16 input bits/);
      const bom = file('bom.arch.json', '\ufeff{"layers":[{"kind":"negConcat"},{"kind":"and","width":6,"init":{"kind":"constant","value":0.3}},{"kind":"or","width":3,"init":{"kind":"constant","value":0.5}}],"head":{"kind":"bits"}}');
      const out = join(dir, 'bom-model.json');
      const run = dbnc('train', csv, '--label', 'species', '--arch', bom, '--epochs', '1', '-o', out, '--quiet');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(loadModel(out).model.provenance.options.arch, 'bom.arch.json');
    });
    it('refuses to overwrite its input', () => {
      assertOneLineError(dbnc('train', csv, '--label', 'species', '-o', csv, '--epochs', '1'), /refusing to overwrite the input/);
      assert.match(readFileSync(csv, 'utf8'), /^sepal_length/);
    });
  });
});

describe('dbnc train → dbnc eval on rows the model never saw', () => {
  it('UCI Iris: held-out accuracy ≥ 90% and fidelity 100% by dbnc eval --json', () => {
    const { dir, csv } = irisCsvDir();
    try {
      // A fixed 80/20 split into two files: training never sees test.csv.
      const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n');
      const testRows = rows.filter((_, i) => i % 5 === 2);
      const trainRows = rows.filter((_, i) => i % 5 !== 2);
      const [trainCsv, testCsv, model] = [join(dir, 'train.csv'), join(dir, 'test.csv'), join(dir, 'm.json')];
      writeFileSync(trainCsv, [header, ...trainRows].join('\n') + '\n');
      writeFileSync(testCsv, [header, ...testRows].join('\n') + '\n');
      const trained = dbnc('train', trainCsv, '--label', 'species', '--test-split', '0', '--epochs', '200', '-o', model, '--quiet');
      assert.equal(trained.code, 0, trained.stderr);
      const run = dbnc('eval', model, testCsv, '--json');
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { rows: number; accuracy: number; fidelity: number; classes: string[]; confusion: number[][] };
      assert.equal(report.rows, 30);
      assert.ok(report.accuracy >= 0.9, `held-out accuracy ${report.accuracy}`);
      assert.equal(report.fidelity, 1);
      assert.equal(report.confusion.flat().reduce((a, b) => a + b, 0), 30);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
