/**
 * Soft bits and the float32-safe margin packing shared by every ∂B operator (SPEC §2.1–2.2, 2.6).
 *
 * Convention at the boundary: a soft bit of exactly 1/2 hardens to 0, and every operator
 * treats it as low. Every operator output is pushed strictly off 1/2 onto the side its hard
 * twin dictates ("side clamp"): over the reals the formulas already land on the right side,
 * but in float32 `1/2 + x̄·margin` rounds to exactly 1/2 once the margin drops below ~6e-8,
 * which would flip the bit. Clamping to the nearest float32 on the correct side moves a value
 * by at most 2^-24 and makes `harden(soft(x)) == hard(harden(x))` hold for *every* input,
 * including inputs of exactly 1/2. Gradients ignore the clamp (it is straight-through).
 */

/** The smallest float32 above 1/2: 1/2 + 2^-24. */
export const ABOVE_HALF = 0.5 + 2 ** -24;
/** The largest float32 below 1/2: 1/2 − 2^-25. */
export const BELOW_HALF = 0.5 - 2 ** -25;

/** Rounds `y` to float32 and moves it strictly onto the side `high` demands. */
export function clampToSide(y: number, high: boolean): number {
  const y32 = Math.fround(y);
  if (high) return y32 > 0.5 ? y32 : ABOVE_HALF;
  return y32 < 0.5 ? y32 : BELOW_HALF;
}

/**
 * The augmented (margin-packed) bit of SPEC §2.2 for a representative bit `rep` and the mean
 * `mean` of all inputs, side-clamped. The side is the representative's hardened value.
 */
export function augment(rep: number, mean: number): number {
  if (rep > 0.5) return clampToSide(0.5 + mean * (rep - 0.5), true);
  return clampToSide(rep + mean * (0.5 - rep), false);
}

/** ∂augment/∂rep, ignoring the clamp. */
export function augmentDRep(rep: number, mean: number): number {
  return rep > 0.5 ? mean : 1 - mean;
}

/** ∂augment/∂mean, ignoring the clamp. */
export function augmentDMean(rep: number): number {
  return rep > 0.5 ? rep - 0.5 : 0.5 - rep;
}

/** Soft negation 1 − x, side-clamped so that x = 1/2 (low) negates to high. */
export function negateBit(x: number): number {
  return clampToSide(1 - x, !(x > 0.5));
}

/** 0-based index of the ∂Maj representative in the ascending sort of n bits: ⌊(n−1)/2⌋. */
export function majorityIndex(n: number): number {
  return Math.floor((n - 1) / 2);
}

/** Strict-majority threshold of the hard twin: Σx ≥ n − ⌊(n−1)/2⌋ (ties of even n are 0). */
export function majorityThreshold(n: number): number {
  return n - majorityIndex(n);
}
