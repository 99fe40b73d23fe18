import { augment, augmentDMean, augmentDRep, majorityIndex } from '../../ops/scalar';
import { KERNEL_NAMES, type MajorityLayerAttrs } from '../names';
import type { FusedKernelSpec } from './define';
import { groupCount, selectRank } from './group_sort';

/**
 * One row's groups, forward: y[yo + g] is the ∂Maj of bits[bo + g·k … bo + g·k + k − 1] and
 * rep[yo + g] the row index (bo-relative) of its representative. Shared with the fused
 * ∂¬ → ∂Maj and ∂⇒ → ∂Maj pairs (`layer_pairs.ts`), so they compute the same numbers.
 */
export function majorityRowForward(
  bits: Float32Array,
  bo: number,
  groups: number,
  k: number,
  packed: boolean,
  scratch: Float32Array,
  y: Float32Array,
  rep: Int32Array,
  yo: number,
): void {
  const r = majorityIndex(k);
  for (let g = 0; g < groups; g++) {
    const off = bo + g * k;
    const repIndex = selectRank(bits, off, k, r, scratch);
    if (packed) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += bits[off + t];
      y[yo + g] = augment(bits[off + repIndex], sum / k);
    } else {
      y[yo + g] = bits[off + repIndex];
    }
    rep[yo + g] = g * k + repIndex;
  }
}

/**
 * One row's groups, backward: adds each group's share of dy[yo + g] to gx at go (the row's
 * gradient, laid out like `bits` at bo). Plain: all of it to the representative; packed: the
 * mean's share to every bit, and the representative's own term.
 */
export function majorityRowBackward(
  dy: Float32Array,
  yo: number,
  bits: Float32Array,
  bo: number,
  rep: Int32Array,
  groups: number,
  k: number,
  packed: boolean,
  gx: Float32Array,
  go: number,
): void {
  for (let g = 0; g < groups; g++) {
    const grad = dy[yo + g];
    if (grad === 0) continue;
    const repAt = rep[yo + g];
    if (!packed) {
      gx[go + repAt] += grad;
      continue;
    }
    const off = g * k;
    let sum = 0;
    for (let t = 0; t < k; t++) sum += bits[bo + off + t];
    const mean = sum / k;
    const repValue = bits[bo + repAt];
    const perInput = (grad * augmentDMean(repValue)) / k;
    for (let t = 0; t < k; t++) gx[go + off + t] += perInput;
    gx[go + repAt] += grad * augmentDRep(repValue, mean);
  }
}

/**
 * ∂Maj layer: x [B, G·k] → y [B, G], the margin-packed majority of each group of k consecutive
 * bits, or with `packed: false` the plain representative (the ⌊(k−1)/2⌋-th smallest bit, which
 * is high exactly when a strict majority is). Second output: the input index (within the row)
 * of each group's representative.
 */
export const majorityLayerKernel: FusedKernelSpec<MajorityLayerAttrs> = {
  kernelName: KERNEL_NAMES.majorityLayer,
  inputNames: ['x'],
  saveOutputs: [false, true],
  forward([x], { groupSize: k, packed }) {
    const [batch, width] = x.shape;
    const groups = groupCount(this.kernelName, width, k);
    const y = new Float32Array(batch * groups);
    const rep = new Int32Array(batch * groups);
    const scratch = new Float32Array(k);
    for (let b = 0; b < batch; b++) majorityRowForward(x.values, b * width, groups, k, packed, scratch, y, rep, b * groups);
    return [
      { shape: [batch, groups], values: y },
      { shape: [batch, groups], values: rep },
    ];
  },
  backward(dy, [x], [rep], { groupSize: k, packed }) {
    const [batch, width] = x.shape;
    const groups = width / k;
    const gx = new Float32Array(batch * width);
    const reps = rep.values as Int32Array;
    for (let b = 0; b < batch; b++) {
      majorityRowBackward(dy.values, b * groups, x.values, b * width, reps, groups, k, packed, gx, b * width);
    }
    return [gx];
  },
};
