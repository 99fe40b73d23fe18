/**
 * Fuzz of the model loader and everything behind it (issue 7, item 1). fast-check mutates valid
 * model files — the three trained fixtures and a few synthetic nets — at the JSON level
 * (test/helpers/model_mutations.ts), and each of the 1,000 cases runs in-process through the
 * functions the CLI runs (load + inspect, compile + emit, predict). Every case must either
 *   succeed — only if the file is still valid (no stray field, no infinite number, not cut
 *   short) and the loader read exactly what it says (no field dropped, weights re-packed to the
 *   same base64); the compile verified itself against the hard net (a guarantee is stated, the
 *   random vectors were checked, the artifact's header says which guarantee holds); predict
 *   answered or refused the rows cleanly — or
 *   fail cleanly — a ModelError (or a data/CLI error) with a one-line message, which
 *   `reportFailure` prints as one `dbnc: …` line with exit code 2;
 * never an uncaught TypeError/RangeError, never a hang (each case runs in a worker thread that
 * is stopped after CASE_TIMEOUT_MS). Twenty of the failing cases then go through the real CLI
 * (inspect, predict, eval, compile, verify) to check stderr, the exit code and that no output
 * file appears.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { EncoderSpec } from '../../src/data/spec';
import { rawBitEncoders, syntheticModel } from '../../src/model/synthetic';
import { generateParts, partsCsv } from '../../src/demo/parts';
import { assertOneLineError } from '../helpers/cli';
import { applyMutations, mustBeRefused, mutationArb, sampleCsv, type Mutation } from '../helpers/model_mutations';
import { rng } from '../helpers/random';
import { randomArch, randomWeights } from '../helpers/random_nets';
import type { CaseResult, FuzzCase, StageFailure } from './model_fuzz_worker';
import { inParallel, runCli } from './support';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const WORKER = new URL('./model_fuzz_worker.ts', import.meta.url);

const CASES = 1000;
/** A case taking longer than this is a hang (the slowest real case takes well under a second). */
const CASE_TIMEOUT_MS = 30_000;
const CLI_SAMPLES = 20;
const TARGETS = ['ir', 'ts', 'sql', 'verilog', 'rules'] as const;

interface Base {
  readonly name: string;
  readonly model: unknown;
  readonly dataPath: string;
  readonly dataRows: number;
}

/** Runs cases in a worker thread, one at a time; a case that times out kills the worker. */
class CaseRunner {
  private worker: Worker | undefined;
  private pending: { id: number; resolve: (r: CaseResult) => void; reject: (e: Error) => void } | undefined;

  private async start(): Promise<Worker> {
    // An eval'd worker registers tsx itself: worker threads do not inherit `--import tsx`.
    const api = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER.href)}); })`;
    const worker = new Worker(code, { eval: true, execArgv: [], stdout: true, stderr: false });
    // Anything the pipeline prints to stdout is dropped: the test runner reports on stdout.
    worker.stdout.resume();
    await new Promise<void>((ready, fail) => {
      worker.once('error', fail);
      worker.once('message', () => ready());
    });
    worker.on('message', (m: { id: number; result?: CaseResult; crash?: string }) => {
      const p = this.pending;
      if (!p || p.id !== m.id) return;
      this.pending = undefined;
      if (m.result) p.resolve(m.result);
      else p.reject(new Error(`the pipeline crashed outside its error handling: ${m.crash}`));
    });
    worker.on('error', (error) => {
      this.pending?.reject(new Error(`uncaught in the worker: ${error.stack ?? error.message}`));
      this.pending = undefined;
      this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }

  async run(c: FuzzCase): Promise<CaseResult> {
    const worker = this.worker ?? (await this.start());
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<CaseResult>((resolve, reject) => {
        this.pending = { id: c.id, resolve, reject };
        timer = setTimeout(() => {
          this.pending = undefined;
          this.worker = undefined;
          void worker.terminate();
          reject(new Error(`case ${c.id} did not finish within ${CASE_TIMEOUT_MS} ms (a hang)`));
        }, CASE_TIMEOUT_MS);
        worker.postMessage(c);
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    if (this.worker) await this.worker.terminate();
    this.worker = undefined;
  }
}

/** A clean failure: a user-facing error class, one line, printed as one `dbnc: ` line, exit code 2. */
function assertCleanFailure(f: StageFailure, context: string): void {
  assert.ok(f.known, `${context}: ${f.errorClass} is not a user-facing error: ${f.stack}`);
  assert.ok(!/\n/.test(f.message), `${context}: message spans lines: ${JSON.stringify(f.message)}`);
  assert.ok(f.message.length <= 500, `${context}: message is ${f.message.length} characters long`);
  assert.equal(f.exitCode, 2, `${context}: exit code ${f.exitCode} for ${f.message}`);
  assert.match(f.stderr, /^dbnc: [^\n]+\n$/, `${context}: stderr ${JSON.stringify(f.stderr)}`);
}

function syntheticBase(name: string, encoders: EncoderSpec, seed: number, kinds?: Parameters<typeof randomArch>[3]): unknown {
  const next = rng(seed);
  const inputs = encoders.features.reduce((n, f) => n + (f.kind === 'numeric' ? f.thresholds.length : f.kind === 'categorical' ? f.categories.length : 1) + (f.missingBit ? 1 : 0), 0);
  const arch = randomArch(inputs, encoders.label.classes.length, next, kinds);
  return syntheticModel({ name, dbncVersion: 'fuzz', arch, weights: randomWeights(arch, next), encoders });
}

describe('model files: fuzzed mutations load, compile and predict, or fail cleanly', () => {
  let dir = '';
  const bases: Base[] = [];
  const runner = new CaseRunner();
  /** Failing cases kept for the CLI run: model text and the one-line message. */
  const failures: { text: string; base: Base; message: string }[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbnc-fuzz-'));
    const add = (name: string, model: unknown, csv: string): void => {
      const dataPath = join(dir, `${name}.csv`);
      writeFileSync(dataPath, csv);
      bases.push({ name, model, dataPath, dataRows: csv.trimEnd().split('\n').length - 1 });
    };
    for (const name of ['binary-iris', 'noisy-xor', 'parts']) {
      const model = JSON.parse(readFileSync(join(FIXTURES, `${name}.model.json`), 'utf8')) as { encoders: EncoderSpec };
      add(name, model, name === 'parts' ? partsCsv(generateParts(40, { seed: 2 })) : sampleCsv(model.encoders, 40, rng(3)));
    }
    const mixed: EncoderSpec = {
      version: 1,
      features: [
        { kind: 'numeric', column: 'temp', thresholds: [10, 20.5, 30], missingBit: true },
        { kind: 'categorical', column: 'color', categories: ['blue', 'green', 'red'], missingBit: false },
        { kind: 'boolean', column: 'flag', missingBit: false },
      ],
      label: { column: 'ok', classes: ['no', 'yes'] },
    };
    const synthetic: Array<[string, EncoderSpec, number, Parameters<typeof randomArch>[3]?]> = [
      ['synthetic-raw', rawBitEncoders(6, 3), 11],
      ['synthetic-mixed', mixed, 12],
      ['synthetic-deep', rawBitEncoders(5, 2), 13, ['negConcat', 'implies', 'countHot', 'or']],
      ['synthetic-not', mixed, 14, ['not', 'majority', 'dropout']],
    ];
    for (const [name, encoders, seed, kinds] of synthetic) add(name, syntheticBase(name, encoders, seed, kinds), sampleCsv(encoders, 40, rng(seed)));
  });
  after(async () => {
    await runner.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${CASES} mutated model files: a verified artifact or a clean one-line error, never a crash or a hang`, { timeout: 300_000 }, async (t) => {
    // Every unmutated base goes through the whole pipeline.
    for (const [k, base] of bases.entries()) {
      const r = await runner.run({ id: -1 - k, text: JSON.stringify(base.model), dataPath: base.dataPath, target: 'ir' });
      assert.equal(r.stage, 'done', `${base.name} does not load: ${r.stage === 'load' ? r.failure.message : ''}`);
      if (r.stage === 'done') assert.deepEqual(r.predicted, { rows: base.dataRows }, base.name);
    }
    const tally = { loadFailed: 0, compiled: 0, predicted: 0, predictRefused: 0 };
    const guarantees = new Map<string, number>();
    let id = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bases.length - 1 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...TARGETS),
        async (b: number, mutations: Mutation[], target) => {
          const base = bases[b];
          const text = applyMutations(base.model, mutations);
          const context = `${base.name} with ${JSON.stringify(mutations)}`;
          const r = await runner.run({ id: id++, text, dataPath: base.dataPath, target });
          if (r.stage === 'load') {
            tally.loadFailed++;
            assertCleanFailure(r.failure, context);
            assert.equal(r.failure.errorClass, 'ModelError', context);
            // The message names the file, then the field (or what is wrong with the whole file).
            assert.match(r.failure.message, /^\S*case\.model\.json: (field \S+|model|not valid JSON|not a dbnc model)/, context);
            if (failures.length < 400) failures.push({ text, base, message: r.failure.message });
            return;
          }
          // It loaded: it must have been a valid file, read as written.
          assert.ok(!mustBeRefused(base.model, mutations), `${context}: loaded, though no valid model file can say this`);
          assert.equal(r.roundTrip, null, `${context}: the loaded model differs from the file at ${r.roundTrip}`);
          // The compile must have verified itself and said so in the artifact.
          assert.equal(r.compileFailure, null, `${context}: compile failed after a clean load: ${r.compileFailure?.stack}`);
          assert.ok(['exhaustive', 'sat', 'tested'].includes(r.guarantee), `${context}: guarantee ${r.guarantee}`);
          assert.ok(r.inputsChecked >= 1 && r.inputsChecked <= 32, `${context}: checked ${r.inputsChecked} inputs`);
          assert.ok(r.artifactHasGuarantee, `${context}: the ${target} artifact does not state "${r.guaranteeLine}"`);
          tally.compiled++;
          guarantees.set(r.guarantee, (guarantees.get(r.guarantee) ?? 0) + 1);
          if ('ok' in r.predicted) {
            assertCleanFailure(r.predicted, `${context} (predict)`);
            tally.predictRefused++;
          } else {
            assert.equal(r.predicted.rows, base.dataRows, context);
            tally.predicted++;
          }
        },
      ),
      { numRuns: CASES, seed: 0x5eed7, endOnFailure: true, includeErrorInReport: true },
    );
    assert.equal(id, CASES);
    t.diagnostic(`${CASES} cases: ${tally.loadFailed} refused at load, ${tally.compiled} compiled and verified (${[...guarantees].map(([g, n]) => `${g} ${n}`).join(', ')}), predict ${tally.predicted} answered / ${tally.predictRefused} refused the rows`);
    // Both outcomes must be well represented, or the mutations are not probing the loader.
    assert.ok(tally.loadFailed >= CASES / 4, `only ${tally.loadFailed} cases failed to load`);
    assert.ok(tally.compiled >= CASES / 10, `only ${tally.compiled} cases loaded`);
  });

  it(`${CLI_SAMPLES} failing cases through the real CLI: one "dbnc:" line, exit code 2, no output file`, { timeout: 300_000 }, async () => {
    assert.ok(failures.length >= CLI_SAMPLES, 'the fuzz kept failing cases to replay');
    // Distinct causes first (the message after the file name, up to the field), then spread out.
    const byCause = new Map<string, (typeof failures)[number]>();
    for (const f of failures) byCause.set(f.message.replace(/^\S*case\.model\.json: /, '').replace(/(\]|[a-z]):.*/, '$1').replace(/\[\d+\]/g, '[]'), f);
    const picked = [...byCause.values(), ...failures].filter((f, i, all) => all.indexOf(f) === i).slice(0, CLI_SAMPLES);
    const commands = ['inspect', 'predict', 'eval', 'compile', 'verify'] as const;
    const tasks = picked.map((f, k) => async () => {
      const caseDir = mkdtempSync(join(dir, 'cli-'));
      const model = join(caseDir, 'case.model.json');
      writeFileSync(model, f.text);
      const out = join(caseDir, 'out.txt');
      const command = commands[k % commands.length];
      const args = {
        inspect: ['inspect', model],
        predict: ['predict', model, f.base.dataPath, '-o', out],
        eval: ['eval', model, f.base.dataPath],
        compile: ['compile', model, '-t', 'ts', '-o', out, '--no-minimize', '--random-vectors', '16'],
        verify: ['verify', model, '--no-minimize', '--random-vectors', '16'],
      }[command];
      const run = await runCli(args);
      return { f, command, run, caseDir, out };
    });
    for (const { f, command, run, caseDir, out } of await inParallel(tasks, 3)) {
      // The same message as in-process, but for the file name (a cut message: its start).
      const detail = f.message.replace(/^\S*case\.model\.json: /, '');
      const escaped = (detail.endsWith('…') ? detail.slice(0, -40) : detail).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assertOneLineError(run, new RegExp(`^dbnc: \\S*case\\.model\\.json: ${escaped}${detail.endsWith('…') ? '' : '$'}`), 2);
      assert.equal(run.stdout, '', `${command}: nothing on stdout`);
      assert.ok(!existsSync(out), `${command}: no output file`);
      assert.deepEqual(readdirSync(caseDir), ['case.model.json'], `${command}: no temporary files`);
    }
  });
});
