import type * as tfTypes from '@tensorflow/tfjs';
import type { LayerName } from '../kernels/names';

/**
 * One ∂B operator (SPEC §2.3): a soft form over soft bits, its hard twin over booleans, and the
 * fused layer kernel that computes it inside nets. The registry (`registry.ts`) lists them all so
 * tests check every operator the same way.
 *
 * Shapes: the soft form works on a batch of independent cases, `x` of shape [B, n] (n input
 * bits per case) and `w` of shape [B, weights] (or null when the operator has no weights).
 */
export interface OperatorDef {
  /** Short identifier, e.g. `and`. */
  readonly name: string;
  /** The paper's symbol, e.g. `∂∧`. */
  readonly symbol: string;
  readonly summary: string;
  /** Input bits per case: a fixed count, or `n` for any n ≥ 1. */
  readonly arity: number | 'n';
  /** Weight bits per case: a fixed count, or `n` for one per input bit. */
  readonly weights: number | 'n';
  /** Output bits per case for n input bits. */
  outputs(n: number): number;
  /** Soft form: [B, n] (and [B, weights]) → [B, outputs]. Differentiable by tfjs autodiff. */
  soft(x: tfTypes.Tensor2D, w: tfTypes.Tensor2D | null): tfTypes.Tensor2D;
  /** Hard twin on one case of hardened bits. */
  hard(x: readonly boolean[], w: readonly boolean[]): boolean[];
  /** Whether every input receives a non-zero gradient at interior points (SPEC §2.1). */
  readonly gradientRich: boolean;
  /** The fused layer kernel that evaluates this operator inside nets. */
  readonly layer: LayerName;
}
