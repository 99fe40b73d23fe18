import { KERNEL_NAMES } from '../names';
import type { FusedKernelSpec } from './define';
import { reduceBackward, reduceForward } from './reduce_layer';

/**
 * ∂∧ layer: x [B, m], w [n, m] → y [B, n], y[b,j] = min_i ∂⇒(w[j,i], x[b,i]).
 * Hard twin: AND of the inputs whose weight is high (empty AND = true).
 * Outputs: y, the arg-min index, the tie count (the last two only feed the backward pass).
 */
export const andLayerKernel: FusedKernelSpec<Record<string, never>> = {
  kernelName: KERNEL_NAMES.andLayer,
  inputNames: ['x', 'w'],
  saveOutputs: [true, true, true],
  forward: ([x, w]) => reduceForward('andOfImplies', x, w),
  backward: (dy, [x, w], saved) => reduceBackward('andOfImplies', dy, x, w, saved),
};
