/**
 * Output safety (issue 7, item 5). Every file the CLI writes goes through src/util (atomic:
 * a temporary file beside the target, then a rename). A failed run leaves no output file and no
 * `.tmp` file, and an existing output file as it was; a run never overwrites its own input,
 * however the path is spelt (`./`, `..`, a symlink, a hard link). Checked for train (model and
 * --save-soft), compile (-o and the Verilog testbench) and predict (-o) — in-process through
 * the functions the commands run, and a few times through the real CLI.
 */
import assert from 'node:assert/strict';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCompile, type CompileArgs } from '../../src/cli/compile_command';
import { runPredict } from '../../src/cli/predict_command';
import { runTrain, type TrainArgs } from '../../src/cli/train_command';
import { generateParts, partsCsv } from '../../src/demo/parts';
import { OutputFileError, writeFileAtomic, writeFilesAtomic } from '../../src/util/atomic_write';
import { assertOneLineError } from '../helpers/cli';
import { assertCleanFailure, failureOf, runCli } from './support';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/parts.model.json', import.meta.url));
const SOURCES = ['src', 'compiler', 'targets'].map((d) => join(ROOT, d));

/** Files in `dir` (recursively) that look like leftovers of an atomic write. */
function leftovers(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tmp$/.test(f));
}

function compileArgs(over: Partial<CompileArgs> & { model: string }): CompileArgs {
  return { target: 'ir', stats: false, json: false, minimize: false, randomVectors: 16, seed: 1, espressoTimeoutMs: 10_000, satTimeoutMs: 2_000, quiet: true, ...over };
}

function trainArgs(over: Partial<TrainArgs> & { data: string; output: string }): TrainArgs {
  return {
    label: 'verdict', epochs: 1, batchSize: 32, learningRate: 0.01, optimizer: 'radam', seed: 1, testSplit: 0.2,
    missing: 'error', kind: [], quiet: true, dbncVersion: 'test', ...over,
  };
}

describe('output safety: atomic writes, no leftovers, never overwriting an input', () => {
  let dir = '';
  let model = '';
  let data = '';
  let badData = '';
  let ragged = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbnc-output-safety-'));
    model = join(dir, 'parts.model.json');
    writeFileSync(model, readFileSync(FIXTURE));
    data = join(dir, 'parts.csv');
    writeFileSync(data, partsCsv(generateParts(60, { seed: 5 })));
    // 5,000 rows, the 4,500th bad: predict streams, so earlier chunks are already written by then.
    const lines = partsCsv(generateParts(5000, { seed: 6 })).trimEnd().split('\n');
    lines[4500] = lines[4500].replace(/^[^,]*/, 'about 25');
    badData = join(dir, 'bad.csv');
    writeFileSync(badData, `${lines.join('\n')}\n`);
    // A row with two cells: no table can be read from it, so training fails before it starts.
    ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, `${readFileSync(data, 'utf8')}1,2\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('writeFilesAtomic', () => {
    it('replaces a file whole, keeps its permissions, and writes through a symlink', () => {
      const target = join(dir, 'atomic.txt');
      writeFileSync(target, 'old');
      chmodSync(target, 0o600);
      writeFileAtomic(target, 'new');
      assert.equal(readFileSync(target, 'utf8'), 'new');
      assert.equal(statSync(target).mode & 0o777, 0o600);
      const link = join(dir, 'atomic-link.txt');
      symlinkSync(target, link);
      writeFileAtomic(link, 'through the link');
      assert.equal(readFileSync(target, 'utf8'), 'through the link');
      assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
      assert.deepEqual(leftovers(dir), []);
    });

    it('a file that cannot be written leaves every target as it was, and no temporary file', () => {
      const first = join(dir, 'first.txt');
      writeFileSync(first, 'first, old');
      const missing = join(dir, 'no-such-folder', 'second.txt');
      assert.throws(
        () => writeFilesAtomic([{ path: first, text: 'first, new' }, { path: missing, text: 'second' }]),
        (error: unknown) => error instanceof OutputFileError && error.code === 'ENOENT' && error.message === `${missing}: cannot write the output file (ENOENT)`,
      );
      assert.equal(readFileSync(first, 'utf8'), 'first, old');
      // A rename onto a folder fails after every file was written: the rest are cleaned up.
      const folder = join(dir, 'a-folder');
      mkdirSync(folder);
      assert.throws(() => writeFilesAtomic([{ path: folder, text: 'x' }, { path: first, text: 'first, new' }]), OutputFileError);
      assert.equal(readFileSync(first, 'utf8'), 'first, old');
      assert.deepEqual(leftovers(dir), []);
    });
  });

  it('nothing in src/, compiler/ or targets/ writes a file except through src/util', () => {
    const writers = /\b(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|writeSync)\s*\(|\bopen(Sync)?\([^)]*['"][wa]\+?['"]/;
    const offenders: string[] = [];
    for (const root of SOURCES) {
      for (const file of readdirSync(root, { recursive: true }) as string[]) {
        const path = join(root, file);
        if (!file.endsWith('.ts') || path.startsWith(join(ROOT, 'src/util/'))) continue;
        readFileSync(path, 'utf8').split('\n').forEach((line, k) => {
          if (writers.test(line) && !/^\s*(\*|\/\/)/.test(line)) offenders.push(`${relative(ROOT, path)}:${k + 1}: ${line.trim()}`);
        });
      }
    }
    assert.deepEqual(offenders, []);
  });

  describe('compile', () => {
    it('-o in a folder that does not exist: refused before compiling, nothing written', async () => {
      const out = join(dir, 'missing', 'parts.ts');
      assertCleanFailure(await failureOf(() => runCompile(compileArgs({ model, target: 'ts', output: out }))), /-o .*parts\.ts: folder .*missing does not exist/);
      assertCleanFailure(await failureOf(() => runCompile(compileArgs({ model, output: dir }))), /-o .*: is a folder/);
      assert.deepEqual(leftovers(dir), []);
    });

    it('a failing compile leaves an existing output untouched', async () => {
      const out = join(dir, 'kept.v');
      writeFileSync(out, 'previous artifact');
      writeFileSync(join(dir, 'kept_tb.v'), 'previous testbench');
      const broken = join(dir, 'broken.model.json');
      writeFileSync(broken, readFileSync(FIXTURE, 'utf8').slice(0, 500));
      assertCleanFailure(await failureOf(() => runCompile(compileArgs({ model: broken, target: 'verilog', output: out, testbench: data }))), /broken\.model\.json: not valid JSON/);
      // Bad testbench rows fail after the artifact is emitted, before either file is written.
      assertCleanFailure(await failureOf(() => runCompile(compileArgs({ model, target: 'verilog', output: out, testbench: badData }))), /bad\.csv/);
      assert.equal(readFileSync(out, 'utf8'), 'previous artifact');
      assert.equal(readFileSync(join(dir, 'kept_tb.v'), 'utf8'), 'previous testbench');
      assert.deepEqual(leftovers(dir), []);
    });

    it('refuses to overwrite the model, the --data or the --testbench file, however spelt', async () => {
      const linkToModel = join(dir, 'model-link.json');
      symlinkSync(model, linkToModel);
      const hardLink = join(dir, 'model-hard-link.json');
      linkSync(model, hardLink);
      const dotted = `${dirname(model)}/./sub/../${basename(model)}`;
      mkdirSync(join(dir, 'sub'));
      const before = readFileSync(model, 'utf8');
      const cases: Array<[Partial<CompileArgs>, RegExp]> = [
        [{ output: model }, /refusing to overwrite the model file/],
        [{ output: dotted }, /refusing to overwrite the model file/],
        [{ output: linkToModel }, /refusing to overwrite the model file/],
        [{ output: hardLink }, /refusing to overwrite the model file/],
        [{ output: data, data }, /refusing to overwrite the data file/],
        [{ output: data, target: 'verilog', testbench: data }, /-o .*parts\.csv: refusing to overwrite the --testbench data file/],
        // The testbench goes beside -o: x.v → x_tb.v, which must not be an input either.
        [{ output: join(dir, 'parts.v'), target: 'verilog', testbench: join(dir, 'parts_tb.v') }, /--testbench: .*parts_tb\.v: refusing to overwrite the --testbench data file/],
      ];
      writeFileSync(join(dir, 'parts_tb.v'), readFileSync(data));
      for (const [over, says] of cases) assertCleanFailure(await failureOf(() => runCompile(compileArgs({ model, ...over }))), says);
      // The testbench beside -o would be the model itself.
      const modelTb = join(dir, 'net_tb.v');
      writeFileSync(modelTb, before);
      assertCleanFailure(
        await failureOf(() => runCompile(compileArgs({ model: modelTb, target: 'verilog', output: join(dir, 'net.v'), testbench: data }))),
        /--testbench: .*net_tb\.v: refusing to overwrite the model file/,
      );
      assert.equal(readFileSync(model, 'utf8'), before);
      assert.equal(readFileSync(modelTb, 'utf8'), before);
      assert.deepEqual(leftovers(dir), []);
    });
  });

  describe('predict', () => {
    it('a bad row leaves no output (and an existing one untouched), and no temporary file', async () => {
      const fresh = join(dir, 'fresh-predictions.csv');
      assertCleanFailure(await failureOf(() => runPredict({ model, data: badData, output: fresh })), /bad\.csv: (line|row) 4501.*diameter_mm/);
      assert.ok(!readdirSync(dir).includes(basename(fresh)));
      const existing = join(dir, 'old-predictions.csv');
      writeFileSync(existing, 'old predictions\n');
      await failureOf(() => runPredict({ model, data: badData, output: existing }));
      assert.equal(readFileSync(existing, 'utf8'), 'old predictions\n');
      assert.deepEqual(leftovers(dir), []);
    });

    it('refuses to overwrite its model or data file, however spelt', async () => {
      const linkToData = join(dir, 'data-link.csv');
      symlinkSync(data, linkToData);
      const before = readFileSync(data, 'utf8');
      for (const [output, says] of [
        [data, /refusing to overwrite the input data file/],
        [`${dirname(data)}/./${basename(data)}`, /refusing to overwrite the input data file/],
        [linkToData, /refusing to overwrite the input data file/],
        [model, /refusing to overwrite the model file/],
      ] as const) {
        assertCleanFailure(await failureOf(() => runPredict({ model, data, output })), says);
      }
      assert.equal(readFileSync(data, 'utf8'), before);
    });
  });

  describe('train', () => {
    it('bad data: no model file, an existing one untouched, no temporary file', async () => {
      const out = join(dir, 'trained.json');
      assertCleanFailure(await failureOf(() => runTrain(trainArgs({ data: ragged, output: out, saveSoft: join(dir, 'trained.soft.json') }))), /ragged\.csv/);
      assert.ok(!readdirSync(dir).includes('trained.json') && !readdirSync(dir).includes('trained.soft.json'));
      writeFileSync(out, 'old model');
      await failureOf(() => runTrain(trainArgs({ data: ragged, output: out })));
      assert.equal(readFileSync(out, 'utf8'), 'old model');
      assert.deepEqual(leftovers(dir), []);
    });

    it('an output that cannot be written is refused before training', async () => {
      assertCleanFailure(await failureOf(() => runTrain(trainArgs({ data, output: join(dir, 'missing', 'm.json') }))), /-o .*m\.json: folder .*missing does not exist/);
      assertCleanFailure(
        await failureOf(() => runTrain(trainArgs({ data, output: join(dir, 'm.json'), saveSoft: join(dir, 'missing', 's.json') }))),
        /--save-soft .*s\.json: folder .*missing does not exist/,
      );
      assert.ok(!readdirSync(dir).includes('m.json'), 'the model is not written when the checkpoint cannot be');
    });

    it('refuses to overwrite its data, checkpoint or architecture file, however spelt', async () => {
      const linkToData = join(dir, 'train-data-link.csv');
      symlinkSync(data, linkToData);
      const arch = join(dir, 'arch.json');
      writeFileSync(arch, JSON.stringify({ layers: [{ kind: 'negConcat' }], head: { kind: 'groupSum', harden: true } }));
      const checkpoint = join(dir, 'resume.soft.json');
      writeFileSync(checkpoint, '{}');
      const saved = [data, arch, checkpoint].map((p) => readFileSync(p, 'utf8'));
      const cases: Array<[Partial<TrainArgs> & { output: string }, RegExp]> = [
        [{ output: data }, /-o .*: refusing to overwrite the input data file/],
        [{ output: `${dirname(data)}/sub/../${basename(data)}` }, /refusing to overwrite the input data file/],
        [{ output: linkToData }, /refusing to overwrite the input data file/],
        [{ output: join(dir, 'ok.json'), saveSoft: linkToData }, /--save-soft .*: refusing to overwrite the input data file/],
        [{ output: checkpoint, resume: checkpoint }, /refusing to overwrite the input checkpoint \(--resume\)/],
        [{ output: arch, arch }, /refusing to overwrite the input architecture file \(--arch\)/],
        [{ output: join(dir, 'same.json'), saveSoft: `${dir}/./same.json` }, /--save-soft .*: must differ from the model file/],
      ];
      for (const [over, says] of cases) assertCleanFailure(await failureOf(() => runTrain(trainArgs({ data, ...over }))), says);
      assert.deepEqual([data, arch, checkpoint].map((p) => readFileSync(p, 'utf8')), saved);
      assert.deepEqual(leftovers(dir), []);
    });
  });

  it('through the real CLI: failed runs write nothing and leave an existing output as it was', { timeout: 120_000 }, async () => {
    const cliDir = join(dir, 'cli');
    mkdirSync(cliDir);
    const kept = join(cliDir, 'kept.csv');
    writeFileSync(kept, 'kept\n');
    const runs = await Promise.all([
      runCli(['compile', model, '-t', 'ts', '-o', join(cliDir, 'missing', 'parts.ts')]),
      runCli(['predict', model, badData, '-o', kept]),
      runCli(['train', ragged, '--label', 'verdict', '--epochs', '1', '-o', join(cliDir, 'model.json'), '--save-soft', join(cliDir, 'soft.json')]),
      runCli(['compile', basename(model), '-o', `./cli/../${basename(model)}`], dir),
    ]);
    assertOneLineError(runs[0], /-o .*parts\.ts: folder .*missing does not exist/);
    assertOneLineError(runs[1], /bad\.csv: (line|row) 4501/);
    assertOneLineError(runs[2], /ragged\.csv: (line|row) 62/);
    assertOneLineError(runs[3], /-o \.\/cli\/\.\.\/parts\.model\.json: refusing to overwrite the model file/);
    assert.deepEqual(readdirSync(cliDir), ['kept.csv']);
    assert.equal(readFileSync(kept, 'utf8'), 'kept\n');
  });
});
