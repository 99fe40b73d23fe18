/**
 * A layer whose output is one soft bit per (neuron, input) — ∂¬ or ∂⇒ — fused with the step that
 * reads that output:
 * * ∂¬ → ∂Maj (the Noisy XOR net: ∂¬ 16×32 → ∂Maj over all 512);
 * * ∂¬ → group-sum head (MNIST: ∂¬ 20×2940 → ∂harden → 10 bucket sums);
 * * ∂⇒ → ∂Maj (MNIST: ∂⇒ 60×784 → ∂Maj in groups of 16).
 * The first layer's output has B·n·m values — 10 MB a batch on the XOR net, 23.5 and 18.8 MB on
 * MNIST — written once, read once, and its gradient as many again; fresh memory is dear here
 * (first-touch page faults, see `group_sum.ts`). Fused, one row of each lives in a reused
 * buffer. The pairs call the same row functions as the separate kernels, in the same order, so
 * values and gradients are the same numbers and training is unchanged bit for bit.
 */
import { PAIR_KERNEL_NAMES, type GroupSumAttrs, type ImpliesMajorityAttrs, type MajorityLayerAttrs } from '../names';
import type { Dense, FusedKernelSpec } from './define';
import { groupCount } from './group_sort';
import { groupSumRow } from './group_sum';
import { majorityRowBackward, majorityRowForward } from './majority_layer';
import { impliesBackwardRow, impliesOperands, impliesRow } from './implies_layer';
import { notBackwardRow, notRow } from './not_layer';
import { newGateEval } from './pairs';

/** [batch, m, n]: x [B, m] and w [n, m] must agree on m. */
function pairShape(kernel: string, x: Dense, w: Dense): [number, number, number] {
  const [batch, m] = x.shape;
  const [n, wm] = w.shape;
  if (wm !== m) throw new Error(`${kernel}: x has ${m} columns but w has ${wm}`);
  return [batch, m, n];
}

/**
 * The plain ∂Maj sends each group's gradient to its representative alone, so only those ∂¬
 * outputs have a non-zero gradient, and only their terms are added: the same sums as the full
 * ∂¬ backward pass, whose other terms are ±0 (adding ±0 leaves a float unchanged, and these
 * accumulators, starting at +0, are never −0), in the same order (rows ascending; within a row,
 * representatives ascend with the group, so a column's terms come in neuron order).
 */
function plainMajorityBackward(
  dy: Float32Array,
  reps: Int32Array,
  xs: Float32Array,
  ws: Float32Array,
  batch: number,
  m: number,
  groups: number,
  gx: Float32Array,
  gw: Float32Array,
): void {
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    for (let g = 0; g < groups; g++) {
      const grad = dy[b * groups + g];
      if (grad === 0) continue;
      const at = reps[b * groups + g];
      const i = at % m;
      gx[xo + i] += grad * (2 * ws[at] - 1);
      gw[at] += grad * (2 * xs[xo + i] - 1);
    }
  }
}

/** x [B, m], w [n, m] → ∂Maj over groups of the ∂¬ layer's n·m outputs: y [B, G], rep [B, G]. */
export const notMajorityKernel: FusedKernelSpec<MajorityLayerAttrs> = {
  kernelName: PAIR_KERNEL_NAMES.notMajority,
  inputNames: ['x', 'w'],
  saveOutputs: [false, true],
  forward([x, w], { groupSize: k, packed }) {
    const [batch, m, n] = pairShape(this.kernelName, x, w);
    const width = n * m;
    const groups = groupCount(this.kernelName, width, k);
    const y = new Float32Array(batch * groups);
    const rep = new Int32Array(batch * groups);
    const row = new Float32Array(width);
    const scratch = new Float32Array(k);
    for (let b = 0; b < batch; b++) {
      notRow(x.values, b * m, w.values, m, n, row, 0);
      majorityRowForward(row, 0, groups, k, packed, scratch, y, rep, b * groups);
    }
    return [
      { shape: [batch, groups], values: y },
      { shape: [batch, groups], values: rep },
    ];
  },
  backward(dy, [x, w], [rep], { groupSize: k, packed }) {
    const [batch, m, n] = pairShape(this.kernelName, x, w);
    const width = n * m;
    const groups = width / k;
    const gx = new Float32Array(batch * m);
    const gw = new Float32Array(n * m);
    const reps = rep.values as Int32Array;
    if (!packed) {
      plainMajorityBackward(dy.values, reps, x.values, w.values, batch, m, groups, gx, gw);
      return [gx, gw];
    }
    const row = new Float32Array(width);
    const gRow = new Float32Array(width);
    for (let b = 0; b < batch; b++) {
      notRow(x.values, b * m, w.values, m, n, row, 0);
      gRow.fill(0);
      majorityRowBackward(dy.values, b * groups, row, 0, reps, groups, k, packed, gRow, 0);
      notBackwardRow(gRow, 0, x.values, w.values, b * m, m, n, gx, gw);
    }
    return [gx, gw];
  },
};

/** x [B, m], w [n, m] → the group-sum head over the ∂¬ layer's n·m outputs: logits [B, C]. */
export const notGroupSumKernel: FusedKernelSpec<GroupSumAttrs> = {
  kernelName: PAIR_KERNEL_NAMES.notGroupSum,
  inputNames: ['x', 'w'],
  saveOutputs: [false],
  forward([x, w], { groups, harden }) {
    const [batch, m, n] = pairShape(this.kernelName, x, w);
    const width = n * m;
    if (!(Number.isInteger(groups) && groups >= 1 && width % groups === 0)) {
      throw new Error(`${this.kernelName}: ${width} bits do not split into ${groups} equal groups`);
    }
    const k = width / groups;
    const y = new Float32Array(batch * groups);
    const row = new Float32Array(width);
    for (let b = 0; b < batch; b++) {
      notRow(x.values, b * m, w.values, m, n, row, 0);
      groupSumRow(row, 0, groups, k, harden, y, b * groups);
    }
    return [{ shape: [batch, groups], values: y }];
  },
  // As the group-sum head's: each bit's gradient is its group's (∂harden is straight-through).
  backward(dy, [x, w], _saved, { groups }) {
    const [batch, m, n] = pairShape(this.kernelName, x, w);
    const width = n * m;
    const k = width / groups;
    const gx = new Float32Array(batch * m);
    const gw = new Float32Array(n * m);
    const gRow = new Float32Array(width);
    for (let b = 0; b < batch; b++) {
      for (let g = 0; g < groups; g++) gRow.fill(dy.values[b * groups + g], g * k, (g + 1) * k);
      notBackwardRow(gRow, 0, x.values, w.values, b * m, m, n, gx, gw);
    }
    return [gx, gw];
  },
};

/** x [B, m], w [n, m] → ∂Maj over groups of the ∂⇒ layer's n·m outputs: y [B, G], rep [B, G]. */
export const impliesMajorityKernel: FusedKernelSpec<ImpliesMajorityAttrs> = {
  kernelName: PAIR_KERNEL_NAMES.impliesMajority,
  inputNames: ['x', 'w'],
  saveOutputs: [false, true],
  forward([x, w], { impliesPacked, groupSize: k, packed }) {
    const [batch, m, n] = pairShape(this.kernelName, x, w);
    const width = n * m;
    const groups = groupCount(this.kernelName, width, k);
    const negW = impliesOperands(w.values);
    const y = new Float32Array(batch * groups);
    const rep = new Int32Array(batch * groups);
    const row = new Float32Array(width);
    const scratch = new Float32Array(k);
    for (let b = 0; b < batch; b++) {
      impliesRow(x.values, b * m, negW, m, n, impliesPacked, row, 0);
      majorityRowForward(row, 0, groups, k, packed, scratch, y, rep, b * groups);
    }
    return [
      { shape: [batch, groups], values: y },
      { shape: [batch, groups], values: rep },
    ];
  },
  backward(dy, [x, w], [rep], { impliesPacked, groupSize: k, packed }) {
    const [batch, m, n] = pairShape(this.kernelName, x, w);
    const width = n * m;
    const groups = width / k;
    const negW = impliesOperands(w.values);
    const gx = new Float32Array(batch * m);
    const gw = new Float32Array(n * m);
    const row = new Float32Array(width);
    const gRow = new Float32Array(width);
    const reps = rep.values as Int32Array;
    const gate = newGateEval();
    for (let b = 0; b < batch; b++) {
      if (packed) impliesRow(x.values, b * m, negW, m, n, impliesPacked, row, 0);
      gRow.fill(0);
      majorityRowBackward(dy.values, b * groups, row, 0, reps, groups, k, packed, gRow, 0);
      impliesBackwardRow(gRow, 0, x.values, negW, b * m, m, n, impliesPacked, gx, gw, gate);
    }
    return [gx, gw];
  },
};
