/**
 * Scalar two-input margin-packed gates used inside the fused layer kernels, with their
 * partial derivatives. On a tie the representative is the first operand, as in the references.
 */
import { augment, augmentDMean, augmentDRep } from '../../ops/scalar';

/** Value and partials of a two-input margin-packed gate. */
export interface GateEval {
  value: number;
  dA: number;
  dB: number;
}

function packed(a: number, b: number, repIsA: boolean, out: GateEval): GateEval {
  const rep = repIsA ? a : b;
  const mean = (a + b) * 0.5;
  const dRep = augmentDRep(rep, mean);
  const dMeanHalf = augmentDMean(rep) * 0.5;
  out.value = augment(rep, mean);
  out.dA = dMeanHalf + (repIsA ? dRep : 0);
  out.dB = dMeanHalf + (repIsA ? 0 : dRep);
  return out;
}

/** ∂∧(a, b): representative min(a, b). */
export function and2(a: number, b: number, out: GateEval): GateEval {
  return packed(a, b, a <= b, out);
}

/** ∂∨(a, b): representative max(a, b). */
export function or2(a: number, b: number, out: GateEval): GateEval {
  return packed(a, b, a >= b, out);
}

/** Value only (forward passes that need no partials). */
export function and2Value(a: number, b: number): number {
  return a <= b ? augment(a, (a + b) * 0.5) : augment(b, (a + b) * 0.5);
}

export function or2Value(a: number, b: number): number {
  return a >= b ? augment(a, (a + b) * 0.5) : augment(b, (a + b) * 0.5);
}

export function newGateEval(): GateEval {
  return { value: 0, dA: 0, dB: 0 };
}
