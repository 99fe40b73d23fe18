/**
 * Inference throughput of a compiled model, four ways, on the same rows:
 *   hardNet   the bit-sliced hard-net interpreter on encoded input bits (`loaded.hardNet.predict`);
 *   tsScalar  the `--target ts` module's `predict(row)`, one typed row at a time;
 *   tsBatch   the same module's bit-sliced `predictBatch(rows)`;
 *   softNet   the soft net in TensorFlow.js on the hardened weights (`SoftNet` + `softPredict`).
 * Models: the three fixtures (Binary Iris, Noisy XOR, parts) with their data rows repeated to
 * ≥ 100k rows, and a larger random net (32 raw bits, 1024 ANDs, 128 ORs, 4 classes by group
 * sum) on 100k random rows. Every rate is the best of many short timed runs over slices of the rows,
 * after a warm-up: on a shared machine that is the figure other processes disturb least. The
 * soft net runs on the first 10k rows, in slices of 1024.
 *
 *   node --import tsx bench/inference.ts           table
 *   node --import tsx bench/inference.ts --json    {"results":[{"model",…,"rowsPerSec":{…}}]}
 *   … --small                                       without the mnist-paper-size net (saves a minute)
 *   … --only NAME                                   only the models whose name contains NAME
 *   … --keep DIR                                    leave the emitted modules (.ts and .mjs) in DIR
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { compileModel, type Guarantee } from '../compiler/compile';
import type { IrProgram } from '../compiler/ir/program';
import { EspressoService } from '../compiler/minimize/espresso/service';
import type { ModelFile } from '../src/model/format';
import { parseModel, type LoadedModel } from '../src/model/load';
import { rawBitEncoders, syntheticModel } from '../src/model/synthetic';
import { layerShapes, type ArchSpec } from '../src/nets/arch';
import { PRESETS } from '../src/nets/presets';
import { SoftNet } from '../src/nets/soft_net';
import { softPredict } from '../src/train/dataset';
import { seededRng } from '../src/util/rng';
import { tsTarget } from '../targets/typescript';
import type { ModelIdentity } from '../targets/types';
import { fixtureCases } from '../test/helpers/target_cases';
import { typedRow } from '../test/helpers/typed_rows';
import { benchArgs } from './args';

const ROWS = 100_000;
const SOFT_ROWS = 10_000;
const MNIST_ROWS = 4096;
const BUDGET_MS = 1500;
const WARMUP_MS = 500;
const MIN_RUNS = 5;

type Row = Record<string, number | string | boolean | null>;

interface Module {
  predict(row: Row): string;
  predictBatch(rows: readonly Row[]): string[];
  LABELS: readonly string[];
}

interface BenchModel {
  readonly name: string;
  readonly loaded: LoadedModel;
  readonly identity: ModelIdentity;
  readonly program: IrProgram;
  readonly guarantee: Guarantee;
  readonly rows: readonly Row[];
  /** The rows' encoded input bits (rows × inputs). */
  readonly bits: Uint8Array;
  /**
   * Warm-up before timing the emitted functions: a big model's module is split into ~100
   * functions, each optimized by V8 only after it has run a while (steady state is the figure).
   */
  readonly warmupMs?: number;
}

interface Result {
  readonly model: string;
  readonly rows: number;
  readonly rowsPerSec: { hardNet: number; tsScalar: number; tsBatch: number; softNet: number };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** `items` repeated to at least `n` entries. */
function repeat<T>(items: readonly T[], n: number): T[] {
  const out: T[] = [];
  while (out.length < n) out.push(...items);
  return out;
}

function repeatBits(bits: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(bits.length * n);
  for (let i = 0; i < n; i++) out.set(bits, i * bits.length);
  return out;
}

/**
 * A larger random net, heavy in logic for its inputs: 32 raw bits, 1024 ANDs of 3 literals,
 * 128 ORs of 16 ANDs, 4 classes by group sum (an argmax over sums of 32 ORs each).
 */
async function largeRandomModel(espresso: EspressoService): Promise<BenchModel> {
  const next = seededRng(7);
  const inputs = 32;
  const ands = 1024;
  const ors = 128;
  const arch: ArchSpec = {
    inputs,
    classes: 4,
    layers: [
      { kind: 'negConcat' },
      { kind: 'and', width: ands, init: { kind: 'constant', value: 0.5 } },
      { kind: 'or', width: ors, init: { kind: 'constant', value: 0.5 } },
    ],
    head: { kind: 'groupSum', harden: true },
  };
  const pick = (rows: number, cols: number, per: number): Uint8Array => {
    const bits = new Uint8Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let k = 0; k < per; k++) bits[r * cols + Math.floor(next() * cols)] = 1;
    return bits;
  };
  const weights = [null, { rows: ands, cols: 2 * inputs, bits: pick(ands, 2 * inputs, 3) }, { rows: ors, cols: ands, bits: pick(ors, ands, 16) }];
  const model = syntheticModel({ name: 'random-32x1024', dbncVersion: '0.1.0', arch, weights, encoders: rawBitEncoders(inputs, 4) });
  return randomRowsModel(model, ROWS, 0.5, 1000, next, espresso);
}

/**
 * A synthetic raw-bit model on `count` random rows (each bit 1 with probability `density`),
 * as encoded bits and as typed row objects, compiled with the first `checked` rows as data.
 */
async function randomRowsModel(model: ModelFile, count: number, density: number, checked: number, next: () => number, espresso: EspressoService): Promise<BenchModel> {
  const text = JSON.stringify(model);
  const loaded = parseModel(`${model.name}.model.json`, JSON.parse(text));
  const inputs = model.arch.inputs;
  const bits = Uint8Array.from({ length: count * inputs }, () => (next() < density ? 1 : 0));
  const rows = Array.from({ length: count }, (_, r) => Object.fromEntries(Array.from({ length: inputs }, (_, i) => [`x${i + 1}`, bits[r * inputs + i] === 1])));
  const compiled = await compileModel(loaded, { espresso, data: { rows: bits.subarray(0, checked * inputs), count: checked }, randomVectors: checked });
  return {
    name: model.name,
    loaded,
    identity: { name: model.name, sha256: createHash('sha256').update(text).digest('hex'), dbncVersion: model.dbncVersion, encoders: model.encoders },
    program: compiled.program,
    guarantee: compiled.guarantee,
    rows,
    bits,
  };
}

/**
 * An mnist-paper-size net (105,840 random 1-bit weights; ∂⇒ 60×784 → ∂Maj over 16 → ∂¬ 20×2940
 * → 10 group sums) on random 784-bit rows: logic dominates input reading here, the case
 * bit-slicing is for. Compiled `tested` (too large to prove), like any net of that size.
 */
async function mnistSizeModel(espresso: EspressoService): Promise<BenchModel> {
  const next = seededRng(11);
  const arch = PRESETS['mnist-paper'];
  const weights = layerShapes(arch).map((shape) => {
    if (shape.weights === null) return null;
    const [rows, cols] = shape.weights;
    return { rows, cols, bits: Uint8Array.from({ length: rows * cols }, () => (next() < 0.5 ? 1 : 0)) };
  });
  const model = syntheticModel({ name: 'mnist-paper-random', dbncVersion: '0.1.0', arch, weights, encoders: rawBitEncoders(arch.inputs, 10) });
  return { ...(await randomRowsModel(model, MNIST_ROWS, 0.2, 500, next, espresso)), warmupMs: 10_000 };
}

/**
 * Rows per second of `run(first, count)` over slices of [0, total): after a warm-up, slices
 * sized to take about a millisecond are timed for BUDGET_MS, and the fastest counts. Short
 * runs and the best of many keep other processes on a shared machine out of the figure.
 */
function rate(total: number, run: (first: number, count: number) => void, budgetMs = BUDGET_MS, minChunk = 32, warmupMs = WARMUP_MS): number {
  let chunk = Math.min(total, Math.max(1024, minChunk));
  // Warm up (and let the JIT optimize), then size the slices to ~1 ms each.
  const warm = performance.now();
  for (let first = 0; performance.now() - warm < warmupMs; first = (first + chunk) % total) run(first, Math.min(chunk, total - first));
  const t0 = performance.now();
  run(0, chunk);
  const ms = Math.max(performance.now() - t0, 1e-3);
  chunk = Math.min(total, Math.max(minChunk, 2 ** Math.floor(Math.log2(chunk / ms))));
  let best = 0;
  const start = performance.now();
  for (let first = 0, runs = 0; runs < MIN_RUNS || performance.now() - start < budgetMs; runs++, first = (first + chunk) % total) {
    const count = Math.min(chunk, total - first);
    const t = performance.now();
    run(first, count);
    best = Math.max(best, count / ((performance.now() - t) / 1000));
  }
  return best;
}

async function loadModule(dir: string, name: string, text: string): Promise<Module> {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const path = join(dir, `${name.replace(/[^A-Za-z0-9-]/g, '_')}.mjs`);
  writeFileSync(path, js);
  writeFileSync(path.replace(/\.mjs$/, '.ts'), text);
  return (await import(pathToFileURL(path).href)) as Module;
}

async function measure(model: BenchModel, dir: string): Promise<Result> {
  const text = await tsTarget.emit({ program: model.program, model: model.identity, guarantee: model.guarantee });
  const mod = await loadModule(dir, model.name, text);
  const { loaded, rows, bits } = model;
  const n = rows.length;
  const classes = loaded.model.encoders.label.classes;

  // The three evaluators agree on every row (a benchmark of a wrong answer is worthless).
  const hard = loaded.hardNet.predict(bits, n);
  const batch = mod.predictBatch(rows);
  for (let i = 0; i < n; i++) {
    assert.equal(batch[i], classes[hard[i]], `${model.name}: predictBatch row ${i}`);
    assert.equal(mod.predict(rows[i]), classes[hard[i]], `${model.name}: predict row ${i}`);
  }

  const inputs = loaded.model.arch.inputs;
  let sink = 0;
  const hardNet = rate(n, (first, count) => {
    sink += loaded.hardNet.predict(bits.subarray(first * inputs, (first + count) * inputs), count).length;
  });
  const warmup = model.warmupMs ?? WARMUP_MS;
  const tsScalar = rate(
    n,
    (first, count) => {
      for (let i = first; i < first + count; i++) sink += mod.predict(rows[i]).length;
    },
    BUDGET_MS,
    32,
    warmup,
  );
  const slices = new Map<number, readonly Row[]>();
  const tsBatch = rate(
    n,
    (first, count) => {
      let slice = slices.get(first);
      if (slice === undefined || slice.length !== count) slices.set(first, (slice = rows.slice(first, first + count)));
      sink += mod.predictBatch(slice).length;
    },
    BUDGET_MS,
    32,
    warmup,
  );
  const soft = SoftNet.fromWeights(
    loaded.model.arch,
    loaded.hardWeights.map((w) => (w ? Float32Array.from(w.bits) : null)),
  );
  let softNet: number;
  try {
    const m = Math.min(SOFT_ROWS, n);
    softNet = rate(
      m,
      (first, count) => {
        sink += softPredict(soft, bits.subarray(first * inputs, (first + count) * inputs), count).length;
      },
      3000,
      1024,
    );
  } finally {
    soft.dispose();
  }
  if (sink < 0) log('');
  return { model: model.name, rows: n, rowsPerSec: { hardNet, tsScalar, tsBatch, softNet } };
}

function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

function table(results: readonly Result[]): string {
  const head = ['model', 'rows', 'hardNet', 'tsScalar', 'tsBatch', 'softNet', 'batch/scalar', 'batch/soft'];
  const body = results.map((r) => {
    const s = r.rowsPerSec;
    return [
      r.model,
      String(r.rows),
      formatRate(s.hardNet),
      formatRate(s.tsScalar),
      formatRate(s.tsBatch),
      formatRate(s.softNet),
      `${(s.tsBatch / s.tsScalar).toFixed(1)}×`,
      `${(s.tsBatch / s.softNet).toFixed(0)}×`,
    ];
  });
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [
    'rows per second: best of many ~1 ms runs over slices of the rows (softNet: slices of 1024 of the first 10k rows);',
    'hardNet reads encoded bits, tsScalar/tsBatch typed row objects (checking every value), softNet encoded bits',
    line(head),
    ...body.map(line),
  ].join('\n');
}

const MODEL_NAMES = ['binary-iris', 'noisy-xor', 'parts', 'random-32x1024', 'mnist-paper-random'] as const;

async function main(): Promise<void> {
  const args = await benchArgs('bench:inference')
    .option('json', { type: 'boolean', default: false, describe: 'print {"results":[…]} on stdout' })
    .option('small', { type: 'boolean', default: false, describe: 'leave out the mnist-paper-size net (saves a minute)' })
    .option('only', { type: 'string', requiresArg: true, describe: 'only the models whose name contains this text' })
    .option('keep', { type: 'string', requiresArg: true, describe: 'leave the emitted modules (.ts and .mjs) in this folder' })
    .check((a) => {
      const only = a.only;
      if (only !== undefined && !MODEL_NAMES.some((name) => name.includes(only))) {
        throw new Error(`--only ${only}: no model's name contains it (models: ${MODEL_NAMES.join(', ')})`);
      }
      return true;
    })
    .parseAsync();
  const { json, only, keep } = args;
  const espresso = new EspressoService();
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'dbnc-bench-inference-'));
  if (keep !== undefined) mkdirSync(keep, { recursive: true });
  try {
    log('compiling the fixtures …');
    const wanted = (name: string): boolean => only === undefined || name.includes(only);
    const models: BenchModel[] = (await fixtureCases(espresso)).filter((c) => wanted(c.name)).map((c) => {
      const times = Math.ceil(ROWS / c.table.rows.length);
      const encoders = c.loaded.model.encoders;
      return {
        name: c.name,
        loaded: c.loaded,
        identity: c.identity,
        program: c.compiled.program,
        guarantee: c.compiled.guarantee,
        rows: repeat(
          c.table.rows.map((cells) => typedRow(encoders, c.table, cells)),
          times * c.table.rows.length,
        ),
        bits: repeatBits(c.bits, times),
      };
    });
    if (wanted('random-32x1024')) {
      log('compiling a larger random net …');
      models.push(await largeRandomModel(espresso));
    }
    if (!args.small && wanted('mnist-paper-random')) {
      log('compiling an mnist-paper-size net (about a minute) …');
      models.push(await mnistSizeModel(espresso));
    }
    const results: Result[] = [];
    for (const m of models) {
      log(`measuring ${m.name} …`);
      results.push(await measure(m, dir));
    }
    process.stdout.write(json ? `${JSON.stringify({ results })}\n` : `${table(results)}\n`);
  } finally {
    await espresso.close();
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
