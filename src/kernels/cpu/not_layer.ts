import { clampToSide } from '../../ops/scalar';
import { KERNEL_NAMES } from '../names';
import type { FusedKernelSpec } from './define';

/**
 * ∂¬ layer: x [B, m], w [n, m] → y [B, n, m], y[b,j,i] = ∂¬(w[j,i], x[b,i]).
 * Backward: dx[b,i] = Σ_j dy·(2w − 1), dw[j,i] = Σ_b dy·(2x − 1), in one pass over dy.
 */
export const notLayerKernel: FusedKernelSpec<Record<string, never>> = {
  kernelName: KERNEL_NAMES.notLayer,
  inputNames: ['x', 'w'],
  saveOutputs: [false],
  forward([x, w]) {
    const [batch, m] = x.shape;
    const n = w.shape[0];
    const y = new Float32Array(batch * n * m);
    const xs = x.values;
    const ws = w.values;
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      for (let j = 0; j < n; j++) {
        const wo = j * m;
        const yo = (b * n + j) * m;
        for (let i = 0; i < m; i++) {
          const dx = xs[xo + i] - 0.5;
          const dw = ws[wo + i] - 0.5;
          // clampToSide(0.5 + 2·dx·dw, side) with the side test only where float32 rounding
          // lands on 1/2 exactly: 0.5 + 2·dx·dw is on the right side of 1/2 or equal to it,
          // never on the wrong one, so this is the same value. The side of a random soft bit is
          // a coin flip to the branch predictor; `v !== 0.5` almost never fails.
          const v = Math.fround(0.5 + 2 * dx * dw);
          y[yo + i] = v !== 0.5 ? v : clampToSide(v, dx > 0 === dw > 0);
        }
      }
    }
    return [{ shape: [batch, n, m], values: y }];
  },
  backward(dy, [x, w]) {
    const [batch, m] = x.shape;
    const n = w.shape[0];
    const gx = new Float32Array(batch * m);
    const gw = new Float32Array(n * m);
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      for (let j = 0; j < n; j++) {
        const wo = j * m;
        const yo = (b * n + j) * m;
        for (let i = 0; i < m; i++) {
          const g = dy.values[yo + i];
          gx[xo + i] += g * (2 * w.values[wo + i] - 1);
          gw[wo + i] += g * (2 * x.values[xo + i] - 1);
        }
      }
    }
    return [gx, gw];
  },
};
