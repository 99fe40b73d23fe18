import { KERNEL_NAMES } from '../names';
import type { FusedKernelSpec } from './define';
import { reduceBackward, reduceForward } from './reduce_layer';

/**
 * ∂∨ layer: x [B, m], w [n, m] → y [B, n], y[b,j] = max_i ∂∧(w[j,i], x[b,i]).
 * Hard twin: OR of the inputs whose weight is high (empty OR = false).
 */
export const orLayerKernel: FusedKernelSpec<Record<string, never>> = {
  kernelName: KERNEL_NAMES.orLayer,
  inputNames: ['x', 'w'],
  saveOutputs: [true, true, true],
  forward: ([x, w]) => reduceForward('orOfAnds', x, w),
  backward: (dy, [x, w], saved) => reduceBackward('orOfAnds', dy, x, w, saved),
};
