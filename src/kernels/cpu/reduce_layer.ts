/**
 * The ∂∧ and ∂∨ layers share one shape: each neuron reduces (min or max) a row of two-input
 * margin-packed gates over its weights and the input bits. The forward pass records, per
 * (row, neuron), the arg-extreme index and how many inputs tie with it, so the backward pass
 * touches only those — gradients of ties are split equally (JAX semantics), and in the common
 * untied case the backward pass is O(B·n) instead of O(B·n·m).
 */
import { ABOVE_HALF, BELOW_HALF, negateBit } from '../../ops/scalar';
import type { Dense } from './define';
import { and2, and2Value, newGateEval, or2, or2Value } from './pairs';

export type ReduceKind = 'andOfImplies' | 'orOfAnds';

/** Gate value for weight w and input x: ∂⇒(w, x) = ∂∨(x, 1 − w), or ∂∧(w, x). */
function gateValue(kind: ReduceKind, w: number, x: number): number {
  return kind === 'andOfImplies' ? or2Value(x, negateBit(w)) : and2Value(w, x);
}

export function reduceForward(kind: ReduceKind, x: Dense, w: Dense): Array<Dense<Float32Array | Int32Array>> {
  const [batch, m] = x.shape;
  const n = w.shape[0];
  if (m < 1) throw new Error(`${kind}: a neuron needs at least one input`);
  const y = new Float32Array(batch * n);
  const arg = new Int32Array(batch * n);
  const ties = new Int32Array(batch * n);
  if (kind === 'andOfImplies') minOfImplies(x.values, w.values.map(negateBit), batch, m, n, y, arg, ties);
  else maxOfAnds(x.values, w.values, batch, m, n, y, arg, ties);
  return [
    { shape: [batch, n], values: y },
    { shape: [batch, n], values: arg },
    { shape: [batch, n], values: ties },
  ];
}

// The two loops below are the hot path of training. They inline the two-input margin-packed
// gate of `pairs.ts` (same formula, same float32 rounding and side clamp, so values and ties
// match the reference bit for bit) and are kept apart rather than parameterised, because a
// call or a per-element branch on the kind costs more than the gate itself: measured on the
// 256×784×60 ∂∧ layer, ~170 ms forward this way vs ~236 ms for one generic loop.

/** y[b,j] = min_i ∂∨(x[b,i], negW[j,i]) — the ∂∧ layer over implications. */
function minOfImplies(
  xs: Float32Array,
  negW: Float32Array,
  batch: number,
  m: number,
  n: number,
  y: Float32Array,
  arg: Int32Array,
  ties: Int32Array,
): void {
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    for (let j = 0; j < n; j++) {
      const wo = j * m;
      let best = Infinity;
      let bestI = 0;
      let count = 0;
      for (let i = 0; i < m; i++) {
        const a = xs[xo + i];
        const c = negW[wo + i];
        const rep = a >= c ? a : c;
        const mean = (a + c) * 0.5;
        let v: number;
        if (rep > 0.5) {
          v = Math.fround(0.5 + mean * (rep - 0.5));
          if (v <= 0.5) v = ABOVE_HALF;
        } else {
          v = Math.fround(rep + mean * (0.5 - rep));
          if (v >= 0.5) v = BELOW_HALF;
        }
        if (v < best) {
          best = v;
          bestI = i;
          count = 1;
        } else if (v === best) {
          count++;
        }
      }
      const k = b * n + j;
      y[k] = best;
      arg[k] = bestI;
      ties[k] = count;
    }
  }
}

/** y[b,j] = max_i ∂∧(w[j,i], x[b,i]) — the ∂∨ layer over conjunctions. */
function maxOfAnds(
  xs: Float32Array,
  ws: Float32Array,
  batch: number,
  m: number,
  n: number,
  y: Float32Array,
  arg: Int32Array,
  ties: Int32Array,
): void {
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    for (let j = 0; j < n; j++) {
      const wo = j * m;
      let best = -Infinity;
      let bestI = 0;
      let count = 0;
      for (let i = 0; i < m; i++) {
        const a = ws[wo + i];
        const c = xs[xo + i];
        const rep = a <= c ? a : c;
        const mean = (a + c) * 0.5;
        let v: number;
        if (rep > 0.5) {
          v = Math.fround(0.5 + mean * (rep - 0.5));
          if (v <= 0.5) v = ABOVE_HALF;
        } else {
          v = Math.fround(rep + mean * (0.5 - rep));
          if (v >= 0.5) v = BELOW_HALF;
        }
        if (v > best) {
          best = v;
          bestI = i;
          count = 1;
        } else if (v === best) {
          count++;
        }
      }
      const k = b * n + j;
      y[k] = best;
      arg[k] = bestI;
      ties[k] = count;
    }
  }
}

export function reduceBackward(
  kind: ReduceKind,
  dy: Dense,
  x: Dense,
  w: Dense,
  saved: ReadonlyArray<Dense<Float32Array | Int32Array>>,
): Float32Array[] {
  const [batch, m] = x.shape;
  const n = w.shape[0];
  const [y, arg, ties] = saved.map((s) => s.values);
  const gx = new Float32Array(batch * m);
  const gw = new Float32Array(n * m);
  const gate = newGateEval();
  const apply = (b: number, j: number, i: number, g: number): void => {
    const xv = x.values[b * m + i];
    const wv = w.values[j * m + i];
    if (kind === 'andOfImplies') {
      or2(xv, negateBit(wv), gate);
      gx[b * m + i] += g * gate.dA;
      gw[j * m + i] -= g * gate.dB;
    } else {
      and2(wv, xv, gate);
      gw[j * m + i] += g * gate.dA;
      gx[b * m + i] += g * gate.dB;
    }
  };
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < n; j++) {
      const k = b * n + j;
      const g = dy.values[k];
      if (g === 0) continue;
      const count = ties[k];
      if (count === 1) {
        apply(b, j, arg[k], g);
        continue;
      }
      // Ties: the first tied index is arg[k]; find the others by recomputing the gate values.
      const share = g / count;
      for (let i = arg[k]; i < m; i++) {
        if (gateValue(kind, w.values[j * m + i], x.values[b * m + i]) === y[k]) apply(b, j, i, share);
      }
    }
  }
  return [gx, gw];
}
