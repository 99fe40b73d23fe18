import { augment, augmentDMean, augmentDRep, majorityIndex } from '../../ops/scalar';
import { KERNEL_NAMES, type MajorityLayerAttrs } from '../names';
import type { FusedKernelSpec } from './define';
import { groupCount, selectRank } from './group_sort';

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
    const r = majorityIndex(k);
    const y = new Float32Array(batch * groups);
    const rep = new Int32Array(batch * groups);
    const scratch = new Float32Array(k);
    for (let b = 0; b < batch; b++) {
      for (let g = 0; g < groups; g++) {
        const off = b * width + g * k;
        const repIndex = selectRank(x.values, off, k, r, scratch);
        if (packed) {
          let sum = 0;
          for (let t = 0; t < k; t++) sum += x.values[off + t];
          y[b * groups + g] = augment(x.values[off + repIndex], sum / k);
        } else {
          y[b * groups + g] = x.values[off + repIndex];
        }
        rep[b * groups + g] = g * k + repIndex;
      }
    }
    return [
      { shape: [batch, groups], values: y },
      { shape: [batch, groups], values: rep },
    ];
  },
  backward(dy, [x], [rep], { groupSize: k, packed }) {
    const [batch, width] = x.shape;
    const groups = width / k;
    const gx = new Float32Array(batch * width);
    for (let b = 0; b < batch; b++) {
      for (let g = 0; g < groups; g++) {
        const grad = dy.values[b * groups + g];
        if (grad === 0) continue;
        const repAt = b * width + rep.values[b * groups + g];
        if (!packed) {
          gx[repAt] += grad;
          continue;
        }
        const off = b * width + g * k;
        let sum = 0;
        for (let t = 0; t < k; t++) sum += x.values[off + t];
        const mean = sum / k;
        const repValue = x.values[repAt];
        const perInput = (grad * augmentDMean(repValue)) / k;
        for (let t = 0; t < k; t++) gx[off + t] += perInput;
        gx[repAt] += grad * augmentDRep(repValue, mean);
      }
    }
    return [gx];
  },
};
