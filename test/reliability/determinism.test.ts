/**
 * Determinism (issue 7, item 6): the same data, seed and options give a byte-identical
 * model.json (and --save-soft checkpoint) from two `dbnc train` processes, and the same model
 * gives byte-identical artifacts for every target — ts, sql in each dialect, verilog with its
 * testbench, rule sheets in Markdown and HTML with --data, ir — from two `dbnc compile`
 * processes. The second run of each pair starts in another folder and names its files by
 * relative paths, so an artifact that embedded a time, an absolute path or a hash-map order
 * would differ.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { generateParts, partsCsv } from '../../src/demo/parts';
import { inParallel, runCli } from './support';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/parts.model.json', import.meta.url));

/** Compile configurations: the target options, and the files written (the first is -o). */
const COMPILES: ReadonlyArray<{ name: string; args: readonly string[]; files: readonly string[]; withData?: 'data' | 'testbench' }> = [
  { name: 'ts', args: ['-t', 'ts'], files: ['parts.ts'] },
  { name: 'ir', args: ['-t', 'ir'], files: ['parts.ir.txt'] },
  ...(['sqlite', 'postgres', 'duckdb', 'ansi'] as const).map((dialect) => ({ name: `sql ${dialect}`, args: ['-t', 'sql', '--dialect', dialect, '--table', 'parts'], files: [`parts.${dialect}.sql`] })),
  { name: 'verilog + testbench', args: ['-t', 'verilog'], files: ['parts.v', 'parts_tb.v'], withData: 'testbench' },
  { name: 'rules md', args: ['-t', 'rules', '--format', 'md'], files: ['parts.rules.md'], withData: 'data' },
  { name: 'rules html', args: ['-t', 'rules', '--format', 'html'], files: ['parts.rules.html'], withData: 'data' },
];

describe('determinism: same inputs, byte-identical outputs across processes', () => {
  let dir = '';
  /** Run A works from the repository with absolute paths; run B from `dir` with relative ones. */
  const runs = {
    a: { cwd: ROOT, out: '', data: '', model: '' },
    b: { cwd: '', out: '', data: '', model: '' },
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbnc-determinism-'));
    const data = join(dir, 'parts.csv');
    writeFileSync(data, partsCsv(generateParts(150, { seed: 3 })));
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    runs.a = { cwd: ROOT, out: join(dir, 'a'), data, model: FIXTURE };
    runs.b = { cwd: dir, out: 'b', data: 'parts.csv', model: relative(dir, FIXTURE) };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Every output file is free of the folders the runs used (no absolute paths). */
  const assertNoPaths = (text: string, file: string): void => {
    for (const folder of [dir, ROOT.replace(/\/$/, '')]) assert.ok(!text.includes(folder), `${file} embeds the path ${folder}`);
  };

  it('dbnc train twice: byte-identical model.json and --save-soft checkpoint', { timeout: 240_000 }, async () => {
    const [a, b] = await Promise.all(
      (['a', 'b'] as const).map((r) =>
        runCli(
          ['train', runs[r].data, '--label', 'verdict', '--epochs', '3', '--seed', '7', '--thresholds', '3', '-o', join(runs[r].out, 'model.json'), '--save-soft', join(runs[r].out, 'model.soft.json'), '--quiet'],
          runs[r].cwd,
        ),
      ),
    );
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    for (const file of ['model.json', 'model.soft.json']) {
      const [textA, textB] = ['a', 'b'].map((r) => readFileSync(join(dir, r, file), 'utf8'));
      assert.ok(textA === textB, `${file} differs between the two runs`);
      assertNoPaths(textA, file);
    }
    const model = JSON.parse(readFileSync(join(dir, 'a', 'model.json'), 'utf8')) as { history: unknown[]; provenance: { dataFile: string } };
    assert.equal(model.history.length, 3);
    assert.equal(model.provenance.dataFile, 'parts.csv');
  });

  it(`dbnc compile twice for each of ${COMPILES.length} targets: byte-identical artifacts`, { timeout: 300_000 }, async () => {
    const tasks = COMPILES.flatMap((c) =>
      (['a', 'b'] as const).map((r) => async () => {
        const run = runs[r];
        const dataArgs = c.withData === 'data' ? ['--data', run.data] : c.withData === 'testbench' ? ['--testbench', run.data] : [];
        const result = await runCli(['compile', run.model, ...c.args, ...dataArgs, '-o', join(run.out, c.files[0]), '--quiet'], run.cwd);
        return { c, r, result };
      }),
    );
    for (const { c, r, result } of await inParallel(tasks, 3)) assert.equal(result.code, 0, `${c.name} (${r}): ${result.stderr}`);
    const written = COMPILES.flatMap((c) => c.files);
    assert.deepEqual(readdirSync(join(dir, 'a')).filter((f) => !f.startsWith('model.')).sort(), [...written].sort());
    for (const file of written) {
      const [textA, textB] = ['a', 'b'].map((r) => readFileSync(join(dir, r, file), 'utf8'));
      assert.ok(textA.length > 0, file);
      assert.ok(textA === textB, `${file} differs between the two compiles`);
      assertNoPaths(textA, file);
    }
  });
});
