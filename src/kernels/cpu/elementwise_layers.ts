import { negateBit } from '../../ops/scalar';
import { KERNEL_NAMES } from '../names';
import type { FusedKernelSpec } from './define';

type NoAttrs = Record<string, never>;

/** `[x, 1 − x]`: x [B, m] → [B, 2m], the usual first layer. */
export const negConcatLayerKernel: FusedKernelSpec<NoAttrs> = {
  kernelName: KERNEL_NAMES.negConcatLayer,
  inputNames: ['x'],
  saveOutputs: [false],
  forward([x]) {
    const [batch, m] = x.shape;
    const y = new Float32Array(batch * 2 * m);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < m; i++) {
        const v = x.values[b * m + i];
        y[b * 2 * m + i] = v;
        y[b * 2 * m + m + i] = negateBit(v);
      }
    }
    return [{ shape: [batch, 2 * m], values: y }];
  },
  backward(dy, [x]) {
    const [batch, m] = x.shape;
    const gx = new Float32Array(batch * m);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < m; i++) gx[b * m + i] = dy.values[b * 2 * m + i] - dy.values[b * 2 * m + m + i];
    }
    return [gx];
  },
};

/** ∂harden: forward harden(x) as 0/1, backward straight-through (identity). */
export const hardenLayerKernel: FusedKernelSpec<NoAttrs> = {
  kernelName: KERNEL_NAMES.hardenLayer,
  inputNames: ['x'],
  saveOutputs: [false],
  forward([x]) {
    return [{ shape: x.shape, values: x.values.map((v) => (v > 0.5 ? 1 : 0)) }];
  },
  backward(dy) {
    return [Float32Array.from(dy.values)];
  },
};

/** ∂dropout: y = flip ? 1 − x : x, with a caller-drawn 0/1 flip mask of x's shape. */
export const dropoutLayerKernel: FusedKernelSpec<NoAttrs> = {
  kernelName: KERNEL_NAMES.dropoutLayer,
  inputNames: ['x', 'flip'],
  constantInputs: ['flip'],
  saveOutputs: [false],
  forward([x, flip]) {
    return [{ shape: x.shape, values: x.values.map((v, i) => (flip.values[i] > 0.5 ? negateBit(v) : v)) }];
  },
  backward(dy, [, flip]) {
    return [dy.values.map((g, i) => (flip.values[i] > 0.5 ? -g : g))];
  },
};
