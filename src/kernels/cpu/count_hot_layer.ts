import { negateBit } from '../../ops/scalar';
import { KERNEL_NAMES, type GroupAttrs } from '../names';
import type { FusedKernelSpec } from './define';
import { groupCount, sortGroupAscending } from './group_sort';
import { and2, and2Value, newGateEval } from './pairs';

/**
 * Count-hot layer: x [B, G·k] → y [B, G·(k+1)]; per group, on the ascending sort s,
 * `[∂∧(1, s₁), ∂∧(1−s₁, s₂), …, ∂∧(1−sₖ, 1)]`. Second output: the sort order of each group.
 */
export const countHotLayerKernel: FusedKernelSpec<GroupAttrs> = {
  kernelName: KERNEL_NAMES.countHotLayer,
  inputNames: ['x'],
  saveOutputs: [false, true],
  forward([x], { groupSize: k }) {
    const [batch, width] = x.shape;
    const groups = groupCount(this.kernelName, width, k);
    const outWidth = groups * (k + 1);
    const y = new Float32Array(batch * outWidth);
    const order = new Int32Array(batch * width);
    for (let b = 0; b < batch; b++) {
      for (let g = 0; g < groups; g++) {
        const off = b * width + g * k;
        sortGroupAscending(x.values, off, k, order, off);
        const yo = b * outWidth + g * (k + 1);
        for (let t = 0; t <= k; t++) {
          const a = t === 0 ? 1 : negateBit(x.values[off + order[off + t - 1]]);
          const c = t === k ? 1 : x.values[off + order[off + t]];
          y[yo + t] = and2Value(a, c);
        }
      }
    }
    return [
      { shape: [batch, outWidth], values: y },
      { shape: [batch, width], values: order },
    ];
  },
  backward(dy, [x], [order], { groupSize: k }) {
    const [batch, width] = x.shape;
    const groups = width / k;
    const outWidth = groups * (k + 1);
    const gx = new Float32Array(batch * width);
    const gate = newGateEval();
    for (let b = 0; b < batch; b++) {
      for (let g = 0; g < groups; g++) {
        const off = b * width + g * k;
        const yo = b * outWidth + g * (k + 1);
        for (let t = 0; t <= k; t++) {
          const grad = dy.values[yo + t];
          if (grad === 0) continue;
          const lowAt = t === 0 ? -1 : off + order.values[off + t - 1];
          const highAt = t === k ? -1 : off + order.values[off + t];
          const a = lowAt < 0 ? 1 : negateBit(x.values[lowAt]);
          const c = highAt < 0 ? 1 : x.values[highAt];
          and2(a, c, gate);
          if (lowAt >= 0) gx[lowAt] -= grad * gate.dA;
          if (highAt >= 0) gx[highAt] += grad * gate.dB;
        }
      }
    }
    return [gx];
  },
};
