/**
 * Fused ∂B kernels vs the same layers composed from TensorFlow.js ops: one training step
 * (forward + backward of Σ y·c) per measurement, both timed in this run on this machine. Also
 * the fused group-sum head (∂harden + bucket sums, the MNIST net's head), and the fused layer pairs,
 * whose baseline is different: the same two steps as two fused kernels (rows marked "pair"). Timed
 * alone in this loop a pair shows little (freed memory is reused at once); its gain is the memory
 * it never allocates, which shows in training (README, "Compiler and inference").
 *
 *   npm run bench:kernels                 table
 *   npm run bench:kernels -- --json       one JSON object on stdout
 */
import { performance } from 'node:perf_hooks';
import type * as tfTypes from '@tensorflow/tfjs';
import { benchArgs } from './args';
import type { LayerAttrsMap, LayerName } from '../src/kernels/names';
import { LAYERS } from '../src/layers/registry';
import type { LayerDef } from '../src/layers/types';
import {
  impliesMajorityT,
  impliesMajorityTwoStepT,
  notGroupSumT,
  notGroupSumTwoStepT,
  notMajorityT,
  notMajorityTwoStepT,
} from '../src/layers/layer_pairs';
import { groupSumReferenceT, groupSumT } from '../src/ops/heads';
import { tf } from '../src/tf';

type Path = 'fused' | 'reference';

interface BenchCase {
  label: string;
  batch: number;
  m: number;
  n: number;
  /** Soft-bit evaluations per forward pass, for the throughput column. */
  elements: number;
  /** The step's forward function on each path (w is null for weightless layers). */
  run(path: Path, x: tfTypes.Tensor2D, w: tfTypes.Tensor2D | null): tfTypes.Tensor;
}

interface LayerBench {
  label: string;
  layer: LayerName;
  batch: number;
  m: number;
  n: number;
  attrs: LayerAttrsMap[LayerName];
  elements: number;
}

const none = {} as Record<string, never>;

function layerCase(c: LayerBench): BenchCase {
  const layer = LAYERS[c.layer] as unknown as LayerDef;
  return { ...c, run: (path, x, w) => layer[path](x, w, c.attrs as never) };
}

const LAYER_CASES: LayerBench[] = [
  { label: '∂∧ layer', layer: 'andLayer', batch: 256, m: 784, n: 60, attrs: none, elements: 256 * 784 * 60 },
  { label: '∂∧ layer', layer: 'andLayer', batch: 128, m: 32, n: 64, attrs: none, elements: 128 * 32 * 64 },
  { label: '∂Maj 2940×16', layer: 'majorityLayer', batch: 64, m: 2940 * 16, n: 0, attrs: { groupSize: 16, packed: true }, elements: 64 * 2940 * 16 },
  { label: '∂¬ layer', layer: 'notLayer', batch: 64, m: 2940, n: 20, attrs: none, elements: 64 * 2940 * 20 },
  { label: '∂∨ layer', layer: 'orLayer', batch: 128, m: 64, n: 64, attrs: none, elements: 128 * 64 * 64 },
  { label: '∂⇒ layer (plain)', layer: 'impliesLayer', batch: 64, m: 784, n: 60, attrs: { packed: false }, elements: 64 * 784 * 60 },
  { label: 'count-hot 59', layer: 'countHotLayer', batch: 120, m: 59, n: 0, attrs: { groupSize: 59 }, elements: 120 * 60 },
];

const CASES: BenchCase[] = [
  ...LAYER_CASES.map(layerCase),
  {
    label: 'group-sum head, hardened',
    batch: 100,
    m: 10 * 5880,
    n: 0,
    elements: 100 * 10 * 5880,
    run: (path, x) => (path === 'fused' ? groupSumT(x, 10, true) : groupSumReferenceT(x, 10, true)),
  },
  {
    label: 'pair: ∂¬ → ∂Maj, Noisy XOR net (vs two fused kernels)',
    batch: 5000,
    m: 32,
    n: 16,
    elements: 5000 * 32 * 16,
    run: (path, x, w) => {
      const attrs = { groupSize: 512, packed: false };
      return path === 'fused' ? notMajorityT(x, w as tfTypes.Tensor2D, attrs) : notMajorityTwoStepT(x, w as tfTypes.Tensor2D, attrs);
    },
  },
  {
    label: 'pair: ∂⇒ → ∂Maj, MNIST net (vs two fused kernels)',
    batch: 100,
    m: 784,
    n: 60,
    elements: 100 * 784 * 60,
    run: (path, x, w) => {
      const attrs = { impliesPacked: false, groupSize: 16, packed: true };
      return path === 'fused' ? impliesMajorityT(x, w as tfTypes.Tensor2D, attrs) : impliesMajorityTwoStepT(x, w as tfTypes.Tensor2D, attrs);
    },
  },
  {
    label: 'pair: ∂¬ → group sums, MNIST net (vs two fused kernels)',
    batch: 100,
    m: 2940,
    n: 20,
    elements: 100 * 2940 * 20,
    run: (path, x, w) =>
      path === 'fused' ? notGroupSumT(x, w as tfTypes.Tensor2D, 10, true) : notGroupSumTwoStepT(x, w as tfTypes.Tensor2D, 10, true),
  },
];

function shapeOf(c: BenchCase): number[] {
  return c.n ? [c.batch, c.m, c.n] : [c.batch, c.m];
}

/** Mean milliseconds of one forward + backward step, after one warm-up step. */
function timeStep(c: BenchCase, path: Path, minMs: number, maxReps: number): number {
  const x = tf.randomUniform([c.batch, c.m], 0, 1, 'float32', 1) as tfTypes.Tensor2D;
  const w = c.n ? (tf.randomUniform([c.n, c.m], 0, 1, 'float32', 2) as tfTypes.Tensor2D) : null;
  // The upstream gradient is handed in directly, so no loss op (a sum and its broadcast
  // gradient) adds the same overhead to both paths.
  const outShape = tf.tidy(() => c.run('fused', x.slice([0, 0], [1, -1]), w).shape.slice(1));
  const dy = tf.randomUniform([c.batch, ...outShape], -1, 1, 'float32', 3);
  const step = (): void => {
    tf.tidy(() => {
      const f = (...args: tfTypes.Tensor[]): tfTypes.Tensor => c.run(path, args[0] as tfTypes.Tensor2D, (args[1] as tfTypes.Tensor2D) ?? null);
      const grads = tf.grads(f)(w ? [x, w] : [x], dy);
      grads.forEach((g) => g.dataSync());
    });
  };
  step();
  let reps = 0;
  const start = performance.now();
  while (reps < maxReps && (reps === 0 || performance.now() - start < minMs)) {
    step();
    reps++;
  }
  const ms = (performance.now() - start) / reps;
  x.dispose();
  w?.dispose();
  dy.dispose();
  return ms;
}

const args = await benchArgs('bench:kernels')
  .option('json', { type: 'boolean', default: false, describe: 'print one JSON object on stdout' })
  .option('min-ms', { type: 'number', default: 1500, describe: 'time each path at least this long' })
  .check((a) => {
    if (!((a.minMs as number) > 0)) throw new Error(`--min-ms must be a number > 0, got ${String(a.minMs)}`);
    return true;
  })
  .parseAsync();

const results = CASES.map((c) => {
  const fusedMs = timeStep(c, 'fused', args.minMs, 50);
  const referenceMs = timeStep(c, 'reference', args.minMs, 10);
  const row = {
    layer: c.label,
    shape: shapeOf(c),
    fusedMs: Number(fusedMs.toFixed(3)),
    referenceMs: Number(referenceMs.toFixed(3)),
    speedup: Number((referenceMs / fusedMs).toFixed(1)),
    melemPerSec: Number((c.elements / fusedMs / 1000).toFixed(1)),
  };
  if (!args.json) process.stderr.write(`  measured ${c.label} [${row.shape.join('×')}]\n`);
  return row;
});

if (args.json) {
  process.stdout.write(`${JSON.stringify({ results })}\n`);
} else {
  const head = ['layer', 'shape (B×m×n)', 'fused ms', 'reference ms', 'speedup', 'Melem/s'];
  const rows = results.map((r) => [r.layer, r.shape.join('×'), r.fusedMs.toFixed(2), r.referenceMs.toFixed(1), `${r.speedup}×`, r.melemPerSec.toFixed(0)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`);
  process.stdout.write('\nOne training step = forward + backward of Σy; both paths timed in this run (tfjs cpu backend).\n');
}
