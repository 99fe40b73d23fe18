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
  // Plain loops and slice (a memcpy) rather than map / Float32Array.from, which call a closure
  // or the iterator protocol per element: the MNIST head hardens 5.9 million bits a batch.
  forward([x]) {
    const xs = x.values;
    const y = new Float32Array(xs.length);
    for (let i = 0; i < xs.length; i++) y[i] = +(xs[i] > 0.5); // no branch: 4× a ternary on random bits
    return [{ shape: x.shape, values: y }];
  },
  backward(dy) {
    return [dy.values.slice()];
  },
};

/** ∂dropout: y = flip ? 1 − x : x, with a caller-drawn 0/1 flip mask of x's shape. */
export const dropoutLayerKernel: FusedKernelSpec<NoAttrs> = {
  kernelName: KERNEL_NAMES.dropoutLayer,
  inputNames: ['x', 'flip'],
  constantInputs: ['flip'],
  saveOutputs: [false],
  forward([x, flip]) {
    const y = new Float32Array(x.values.length);
    for (let i = 0; i < y.length; i++) y[i] = flip.values[i] > 0.5 ? negateBit(x.values[i]) : x.values[i];
    return [{ shape: x.shape, values: y }];
  },
  backward(dy, [, flip]) {
    const g = new Float32Array(dy.values.length);
    for (let i = 0; i < g.length; i++) g[i] = flip.values[i] > 0.5 ? -dy.values[i] : dy.values[i];
    return [g];
  },
};
