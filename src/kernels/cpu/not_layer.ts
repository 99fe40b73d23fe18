import { clampToSide } from '../../ops/scalar';
import { KERNEL_NAMES } from '../names';
import type { FusedKernelSpec } from './define';

/**
 * ∂¬(w, x) = clampToSide(0.5 + 2·(x − 1/2)·(w − 1/2)), with the side test only where float32
 * rounding lands on 1/2 exactly: 0.5 + 2·dx·dw is on the right side of 1/2 or equal to it, never
 * on the wrong one, so this is the same value. The side of a random soft bit is a coin flip to
 * the branch predictor; `v !== 0.5` almost never fails. Shared with the fused pairs
 * (`layer_pairs.ts`), which must compute the same numbers.
 */
export function softNot(x: number, w: number): number {
  const dx = x - 0.5;
  const dw = w - 0.5;
  const v = Math.fround(0.5 + 2 * dx * dw);
  return v !== 0.5 ? v : clampToSide(v, dx > 0 === dw > 0);
}

/** One row of the ∂¬ layer: out[oo + j·m + i] = ∂¬(w[j,i], x[xo + i]). */
export function notRow(xs: Float32Array, xo: number, ws: Float32Array, m: number, n: number, out: Float32Array, oo: number): void {
  for (let j = 0; j < n; j++) {
    const wo = j * m;
    const yo = oo + wo;
    for (let i = 0; i < m; i++) out[yo + i] = softNot(xs[xo + i], ws[wo + i]);
  }
}

/** One ∂¬ output's gradient gv at (j, i), wo = j·m: dx[i] += gv·(2w − 1), dw[j,i] += gv·(2x − 1). */
export function notBackwardAt(gv: number, xs: Float32Array, ws: Float32Array, xo: number, wo: number, i: number, gx: Float32Array, gw: Float32Array): void {
  gx[xo + i] += gv * (2 * ws[wo + i] - 1);
  gw[wo + i] += gv * (2 * xs[xo + i] - 1);
}

/**
 * The ∂¬ backward pass over one row, g being the row's output gradient at `go`. Shared with the
 * fused pairs so that their gradients add the same terms in the same order.
 */
export function notBackwardRow(
  g: Float32Array,
  go: number,
  xs: Float32Array,
  ws: Float32Array,
  xo: number,
  m: number,
  n: number,
  gx: Float32Array,
  gw: Float32Array,
): void {
  for (let j = 0; j < n; j++) {
    const wo = j * m;
    for (let i = 0; i < m; i++) notBackwardAt(g[go + wo + i], xs, ws, xo, wo, i, gx, gw);
  }
}

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
    for (let b = 0; b < batch; b++) notRow(x.values, b * m, w.values, m, n, y, b * n * m);
    return [{ shape: [batch, n, m], values: y }];
  },
  backward(dy, [x, w]) {
    const [batch, m] = x.shape;
    const n = w.shape[0];
    const gx = new Float32Array(batch * m);
    const gw = new Float32Array(n * m);
    for (let b = 0; b < batch; b++) notBackwardRow(dy.values, b * n * m, x.values, w.values, b * m, m, n, gx, gw);
    return [gx, gw];
  },
};
