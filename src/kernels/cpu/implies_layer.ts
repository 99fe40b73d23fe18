import { negateBit } from '../../ops/scalar';
import { KERNEL_NAMES, type ImpliesLayerAttrs } from '../names';
import type { FusedKernelSpec } from './define';
import { newGateEval, or2, or2Value, type GateEval } from './pairs';

/** The weight operand of every ∂⇒ gate: 1 − w, side-clamped. */
export function impliesOperands(w: Float32Array): Float32Array {
  return w.map(negateBit);
}

/** One row of the ∂⇒ layer: out[oo + j·m + i] = ∂⇒(w[j,i], x[xo + i]), from negW = 1 − w. */
export function impliesRow(
  xs: Float32Array,
  xo: number,
  negW: Float32Array,
  m: number,
  n: number,
  packed: boolean,
  out: Float32Array,
  oo: number,
): void {
  for (let j = 0; j < n; j++) {
    const wo = j * m;
    const yo = oo + wo;
    for (let i = 0; i < m; i++) {
      const xv = xs[xo + i];
      const c = negW[wo + i];
      out[yo + i] = packed ? or2Value(xv, c) : xv >= c ? xv : c;
    }
  }
}

/**
 * One ∂⇒ output's gradient gv at (j, i), wo = j·m: plain, it goes to whichever of x and 1 − w the
 * output passed on; packed, to both through the gate's partials.
 */
export function impliesBackwardAt(
  gv: number,
  xs: Float32Array,
  negW: Float32Array,
  xo: number,
  wo: number,
  i: number,
  packed: boolean,
  gx: Float32Array,
  gw: Float32Array,
  gate: GateEval,
): void {
  const xv = xs[xo + i];
  const c = negW[wo + i];
  if (packed) {
    or2(xv, c, gate);
    gx[xo + i] += gv * gate.dA;
    gw[wo + i] -= gv * gate.dB;
  } else if (xv >= c) {
    gx[xo + i] += gv;
  } else {
    gw[wo + i] -= gv;
  }
}

/**
 * The ∂⇒ backward pass over one row, g being the row's output gradient at `go`. Shared with the
 * fused pair (`layer_pairs.ts`).
 */
export function impliesBackwardRow(
  g: Float32Array,
  go: number,
  xs: Float32Array,
  negW: Float32Array,
  xo: number,
  m: number,
  n: number,
  packed: boolean,
  gx: Float32Array,
  gw: Float32Array,
  gate: GateEval,
): void {
  for (let j = 0; j < n; j++) {
    const wo = j * m;
    for (let i = 0; i < m; i++) impliesBackwardAt(g[go + wo + i], xs, negW, xo, wo, i, packed, gx, gw, gate);
  }
}

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
    const negW = impliesOperands(w.values);
    const y = new Float32Array(batch * n * m);
    for (let b = 0; b < batch; b++) impliesRow(x.values, b * m, negW, m, n, packed, y, b * n * m);
    return [{ shape: [batch, n, m], values: y }];
  },
  backward(dy, [x, w], _saved, { packed }) {
    const [batch, m] = x.shape;
    const n = w.shape[0];
    const negW = impliesOperands(w.values);
    const gx = new Float32Array(batch * m);
    const gw = new Float32Array(n * m);
    const gate = newGateEval();
    for (let b = 0; b < batch; b++) impliesBackwardRow(dy.values, b * n * m, x.values, negW, b * m, m, n, packed, gx, gw, gate);
    return [gx, gw];
  },
};
