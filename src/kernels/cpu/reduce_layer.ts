/**
 * The ∂∧ and ∂∨ layers share one shape: each neuron reduces (min or max) a row of two-input
 * margin-packed gates over its weights and the input bits. The forward pass records, per
 * (row, neuron), the arg-extreme index and how many inputs tie with it, so the backward pass
 * touches only those — gradients of ties are split equally (JAX semantics), and in the untied
 * case the backward pass is O(B·n) instead of O(B·n·m).
 */
import { ABOVE_HALF, BELOW_HALF, negateBit } from '../../ops/scalar';
import type { Dense } from './define';
import { and2, newGateEval, or2 } from './pairs';

export type ReduceKind = 'andOfImplies' | 'orOfAnds';

// The gate computations below are the hot path of training. They compute the two-input
// margin-packed gate of `pairs.ts` (same formula, same float32 rounding and side clamp, so values
// and ties match the reference bit for bit) through one small function V8 inlines. The forward
// passes and the tie search of the backward pass all use it, so a tie is found by exactly the
// arithmetic that made it.

/**
 * The margin-packed gate value for representative `rep` and mean `mean`, side-clamped.
 * Both sides' formulas are computed and one is selected by multiplying with 0 and 1 (exact:
 * x·1 = x and y·0 + x = x for the finite, non-negative values here), because the side of a soft
 * bit is a coin flip to the branch predictor; the clamp's test is almost always true.
 */
function packedGate(rep: number, mean: number): number {
  const high = +(rep > 0.5);
  const v = Math.fround((0.5 + mean * (rep - 0.5)) * high + (rep + mean * (0.5 - rep)) * (1 - high));
  if ((v - 0.5) * (2 * high - 1) > 0) return v;
  return high === 1 ? ABOVE_HALF : BELOW_HALF;
}

/** ∂∨(x, negW): one implication of a ∂∧ neuron. */
function impliesGate(a: number, c: number): number {
  return packedGate(a >= c ? a : c, (a + c) * 0.5);
}

/** ∂∧(w, x): one conjunction of a ∂∨ neuron. */
function andGate(a: number, c: number): number {
  return packedGate(a <= c ? a : c, (a + c) * 0.5);
}

/** The gate between input bit `x` and weight operand `op`: ∂∨(x, 1 − w) for ∂∧, ∂∧(w, x) for ∂∨. */
function gate(isMin: boolean, x: number, op: number): number {
  return isMin ? impliesGate(x, op) : andGate(op, x);
}

/** The weight-side operand of each gate: 1 − w (side-clamped) for implications, w for ands. */
function weightOperands(kind: ReduceKind, w: Dense): Float32Array {
  return kind === 'andOfImplies' ? w.values.map(negateBit) : w.values;
}

/** row[i] = the gates of one neuron (weight operands at wo) on one input row (at xo). */
function fillRow(kind: ReduceKind, xs: Float32Array, xo: number, wOperand: Float32Array, wo: number, m: number, row: Float32Array): void {
  const isMin = kind === 'andOfImplies';
  for (let i = 0; i < m; i++) row[i] = gate(isMin, xs[xo + i], wOperand[wo + i]);
}

/**
 * Gates and their min (∂∧ of implications) or max (∂∨ of conjunctions) in one pass, recording the
 * arg-extreme and how many inputs tie with it. The comparison in the reduction is the only
 * data-dependent branch: a running min or max over m values changes about ln m times, which the
 * branch predictor handles well (`isMin` is the same on every iteration). Measured on the Noisy
 * XOR net's layers (5000 rows): ∂∧ 24→32 42 → 38 ms, ∂∨ 32→32 54 → 46 ms a forward pass; in
 * training, where the soft bits sit near 1/2 longer, 400 epochs took 65 s → 53 s.
 */
function reduceRows(isMin: boolean, xs: Float32Array, ops: Float32Array, batch: number, m: number, n: number, y: Float32Array, arg: Int32Array, ties: Int32Array): void {
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    for (let j = 0; j < n; j++) {
      const wo = j * m;
      let best = gate(isMin, xs[xo], ops[wo]);
      let bestI = 0;
      let count = 1;
      for (let i = 1; i < m; i++) {
        const v = gate(isMin, xs[xo + i], ops[wo + i]);
        if (isMin ? v < best : v > best) {
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

export function reduceForward(kind: ReduceKind, x: Dense, w: Dense): Array<Dense<Float32Array | Int32Array>> {
  const [batch, m] = x.shape;
  const n = w.shape[0];
  if (m < 1) throw new Error(`${kind}: a neuron needs at least one input`);
  const isMin = kind === 'andOfImplies';
  const wOperand = weightOperands(kind, w);
  const y = new Float32Array(batch * n);
  const arg = new Int32Array(batch * n);
  const ties = new Int32Array(batch * n);
  reduceRows(isMin, x.values, wOperand, batch, m, n, y, arg, ties);
  return [
    { shape: [batch, n], values: y },
    { shape: [batch, n], values: arg },
    { shape: [batch, n], values: ties },
  ];
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
  const wOperand = weightOperands(kind, w);
  const row = new Float32Array(m);
  const apply = (b: number, j: number, i: number, g: number): void => {
    const xv = x.values[b * m + i];
    const operand = wOperand[j * m + i];
    if (kind === 'andOfImplies') {
      or2(xv, operand, gate);
      gx[b * m + i] += g * gate.dA;
      gw[j * m + i] -= g * gate.dB;
    } else {
      and2(operand, xv, gate);
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
      // Ties: recompute the neuron's gate row and share the gradient among the tied inputs.
      fillRow(kind, x.values, b * m, wOperand, j * m, m, row);
      const share = g / count;
      for (let i = arg[k]; i < m; i++) if (row[i] === y[k]) apply(b, j, i, share);
    }
  }
  return [gx, gw];
}
