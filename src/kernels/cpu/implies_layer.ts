import { negateBit } from '../../ops/scalar';
import { KERNEL_NAMES, type ImpliesLayerAttrs } from '../names';
import type { FusedKernelSpec } from './define';
import { newGateEval, or2, or2Value } from './pairs';

/**
 * ∂⇒ layer ("mask to true or pass"): x [B, m], w [n, m] → y [B, n, m],
 * y[b,j,i] = ∂⇒(w[j,i], x[b,i]) = ∂∨(x, 1 − w) (packed) or max(x, 1 − w) (plain, MNIST net).
 */
export const impliesLayerKernel: FusedKernelSpec<ImpliesLayerAttrs> = {
  kernelName: KERNEL_NAMES.impliesLayer,
  inputNames: ['x', 'w'],
  saveOutputs: [false],
  forward([x, w], { packed }) {
    const [batch, m] = x.shape;
    const n = w.shape[0];
    const negW = w.values.map(negateBit);
    const y = new Float32Array(batch * n * m);
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      for (let j = 0; j < n; j++) {
        const wo = j * m;
        const yo = (b * n + j) * m;
        for (let i = 0; i < m; i++) {
          const xv = x.values[xo + i];
          const c = negW[wo + i];
          y[yo + i] = packed ? or2Value(xv, c) : xv >= c ? xv : c;
        }
      }
    }
    return [{ shape: [batch, n, m], values: y }];
  },
  backward(dy, [x, w], _saved, { packed }) {
    const [batch, m] = x.shape;
    const n = w.shape[0];
    const negW = w.values.map(negateBit);
    const gx = new Float32Array(batch * m);
    const gw = new Float32Array(n * m);
    const gate = newGateEval();
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      for (let j = 0; j < n; j++) {
        const wo = j * m;
        const yo = (b * n + j) * m;
        for (let i = 0; i < m; i++) {
          const g = dy.values[yo + i];
          const xv = x.values[xo + i];
          const c = negW[wo + i];
          if (packed) {
            or2(xv, c, gate);
            gx[xo + i] += g * gate.dA;
            gw[wo + i] -= g * gate.dB;
          } else if (xv >= c) {
            gx[xo + i] += g;
          } else {
            gw[wo + i] -= g;
          }
        }
      }
    }
    return [gx, gw];
  },
};
