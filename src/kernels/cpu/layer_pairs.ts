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
import { groupSize, groupSumRow, groupSumRowBackward } from './group_sum';
import { impliesBackwardAt, impliesBackwardRow, impliesOperands, impliesRow } from './implies_layer';
import { majorityRowBackward, majorityRowForward } from './majority_layer';
import { notBackwardAt, notBackwardRow, notRow } from './not_layer';
import { newGateEval } from './pairs';

/** The first layer of a pair, one input row at a time (weights as `operands` prepares them). */
interface RowLayer {
  /** The weight operand the row functions read (w itself, or 1 − w for ∂⇒). */
  operands(w: Float32Array): Float32Array;
  /** out[oo + j·m + i] = the layer's output (j, i) for input row xs[xo … xo + m − 1]. */
  row(xs: Float32Array, xo: number, ops: Float32Array, m: number, n: number, out: Float32Array, oo: number): void;
  /** Adds one row's gradient g (laid out like a row's output) into gx at xo and into gw. */
  backwardRow(g: Float32Array, xs: Float32Array, ops: Float32Array, xo: number, m: number, n: number, gx: Float32Array, gw: Float32Array): void;
  /** Adds the gradient gv of the single output at `at` = j·m + i of the row at xo. */
  backwardAt(gv: number, at: number, xs: Float32Array, ops: Float32Array, xo: number, m: number, gx: Float32Array, gw: Float32Array): void;
}

const NOT_ROWS: RowLayer = {
  operands: (w) => w,
  row: notRow,
  backwardRow: (g, xs, ws, xo, m, n, gx, gw) => notBackwardRow(g, 0, xs, ws, xo, m, n, gx, gw),
  backwardAt: (gv, at, xs, ws, xo, m, gx, gw) => notBackwardAt(gv, xs, ws, xo, at - (at % m), at % m, gx, gw),
};

function impliesRows(packed: boolean): RowLayer {
  const gate = newGateEval();
  return {
    operands: impliesOperands,
    row: (xs, xo, negW, m, n, out, oo) => impliesRow(xs, xo, negW, m, n, packed, out, oo),
    backwardRow: (g, xs, negW, xo, m, n, gx, gw) => impliesBackwardRow(g, 0, xs, negW, xo, m, n, packed, gx, gw, gate),
    backwardAt: (gv, at, xs, negW, xo, m, gx, gw) => impliesBackwardAt(gv, xs, negW, xo, at - (at % m), at % m, packed, gx, gw, gate),
  };
}

/** [batch, m, n]: x [B, m] and w [n, m] must agree on m. */
function pairShape(kernel: string, x: Dense, w: Dense): [number, number, number] {
  const [batch, m] = x.shape;
  const [n, wm] = w.shape;
  if (wm !== m) throw new Error(`${kernel}: x has ${m} columns but w has ${wm}`);
  return [batch, m, n];
}

/**
 * The plain ∂Maj sends each group's gradient to its representative alone, so only those outputs
 * of the first layer have a non-zero gradient, and only their terms are added: the same sums as
 * the layer's full backward pass, whose other terms are ±0 (adding ±0 leaves a float unchanged,
 * and these accumulators, starting at +0, are never −0), in the same order (rows ascending;
 * within a row, representatives ascend with the group, so a column's terms come in neuron order).
 */
function plainMajorityBackward(
  layer: RowLayer,
  dy: Float32Array,
  reps: Int32Array,
  xs: Float32Array,
  ops: Float32Array,
  batch: number,
  m: number,
  groups: number,
  gx: Float32Array,
  gw: Float32Array,
): void {
  for (let b = 0; b < batch; b++) {
    for (let g = 0; g < groups; g++) {
      const grad = dy[b * groups + g];
      if (grad !== 0) layer.backwardAt(grad, reps[b * groups + g], xs, ops, b * m, m, gx, gw);
    }
  }
}

/** x [B, m], w [n, m] → ∂Maj over groups of the first layer's n·m outputs: y [B, G], rep [B, G]. */
function majorityPair<A extends MajorityLayerAttrs>(kernelName: string, layerFor: (attrs: A) => RowLayer): FusedKernelSpec<A> {
  return {
    kernelName,
    inputNames: ['x', 'w'],
    saveOutputs: [false, true],
    forward([x, w], attrs) {
      const { groupSize: k, packed } = attrs;
      const [batch, m, n] = pairShape(kernelName, x, w);
      const layer = layerFor(attrs);
      const ops = layer.operands(w.values);
      const width = n * m;
      const groups = groupCount(kernelName, width, k);
      const y = new Float32Array(batch * groups);
      const rep = new Int32Array(batch * groups);
      const row = new Float32Array(width);
      const scratch = new Float32Array(k);
      for (let b = 0; b < batch; b++) {
        layer.row(x.values, b * m, ops, m, n, row, 0);
        majorityRowForward(row, 0, groups, k, packed, scratch, y, rep, b * groups);
      }
      return [
        { shape: [batch, groups], values: y },
        { shape: [batch, groups], values: rep },
      ];
    },
    backward(dy, [x, w], [rep], attrs) {
      const { groupSize: k, packed } = attrs;
      const [batch, m, n] = pairShape(kernelName, x, w);
      const layer = layerFor(attrs);
      const ops = layer.operands(w.values);
      const width = n * m;
      const groups = width / k;
      const gx = new Float32Array(batch * m);
      const gw = new Float32Array(n * m);
      const reps = rep.values as Int32Array;
      if (!packed) {
        plainMajorityBackward(layer, dy.values, reps, x.values, ops, batch, m, groups, gx, gw);
        return [gx, gw];
      }
      const row = new Float32Array(width);
      const gRow = new Float32Array(width);
      for (let b = 0; b < batch; b++) {
        layer.row(x.values, b * m, ops, m, n, row, 0);
        gRow.fill(0);
        majorityRowBackward(dy.values, b * groups, row, 0, reps, groups, k, packed, gRow, 0);
        layer.backwardRow(gRow, x.values, ops, b * m, m, n, gx, gw);
      }
      return [gx, gw];
    },
  };
}

export const notMajorityKernel = majorityPair<MajorityLayerAttrs>(PAIR_KERNEL_NAMES.notMajority, () => NOT_ROWS);

export const impliesMajorityKernel = majorityPair<ImpliesMajorityAttrs>(PAIR_KERNEL_NAMES.impliesMajority, (attrs) =>
  impliesRows(attrs.impliesPacked),
);

/** x [B, m], w [n, m] → the group-sum head over the ∂¬ layer's n·m outputs: logits [B, C]. */
export const notGroupSumKernel: FusedKernelSpec<GroupSumAttrs> = {
  kernelName: PAIR_KERNEL_NAMES.notGroupSum,
  inputNames: ['x', 'w'],
  saveOutputs: [false],
  forward([x, w], { groups, harden }) {
    const [batch, m, n] = pairShape(this.kernelName, x, w);
    const width = n * m;
    const k = groupSize(this.kernelName, width, groups);
    const y = new Float32Array(batch * groups);
    const row = new Float32Array(width);
    for (let b = 0; b < batch; b++) {
      notRow(x.values, b * m, w.values, m, n, row, 0);
      groupSumRow(row, 0, groups, k, harden, y, b * groups);
    }
    return [{ shape: [batch, groups], values: y }];
  },
  backward(dy, [x, w], _saved, { groups }) {
    const [batch, m, n] = pairShape(this.kernelName, x, w);
    const width = n * m;
    const k = width / groups;
    const gx = new Float32Array(batch * m);
    const gw = new Float32Array(n * m);
    const gRow = new Float32Array(width);
    for (let b = 0; b < batch; b++) {
      groupSumRowBackward(dy.values, b * groups, groups, k, gRow, 0);
      notBackwardRow(gRow, 0, x.values, w.values, b * m, m, n, gx, gw);
    }
    return [gx, gw];
  },
};
