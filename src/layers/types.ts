import type * as tfTypes from '@tensorflow/tfjs';
import type { LayerAttrsMap, LayerName } from '../kernels/names';

/** What a layer's second input is: a weight matrix [n, m], a 0/1 mask of x's shape, or nothing. */
export type SecondInput = 'weights' | 'mask' | 'none';

/**
 * One ∂B layer (SPEC §2.4), three ways: the fused cpu kernel (what training uses), a reference
 * composed from tfjs primitives (portable; the oracle in tests), and the hard twin on one row of
 * booleans (0/1 bytes). Input x is [B, m]; weights are [n, m].
 */
export interface LayerDef<N extends LayerName = LayerName> {
  readonly name: N;
  readonly summary: string;
  readonly second: SecondInput;
  /** Output bits per row, flattened, for m inputs and n neurons. */
  outputWidth(m: number, n: number, attrs: LayerAttrsMap[N]): number;
  /** Fused kernel (cpu backend). */
  fused(x: tfTypes.Tensor2D, second: tfTypes.Tensor2D | null, attrs: LayerAttrsMap[N]): tfTypes.Tensor;
  /** Reference composed from tfjs primitive ops. */
  reference(x: tfTypes.Tensor2D, second: tfTypes.Tensor2D | null, attrs: LayerAttrsMap[N]): tfTypes.Tensor;
  /**
   * Hard twin on one row: x has m bits, `second` the hardened weights (row-major [n, m]) or
   * the mask; returns the flattened output bits.
   */
  hard(x: Uint8Array, second: Uint8Array | null, n: number, attrs: LayerAttrsMap[N]): Uint8Array;
}

export function requireSecond(layer: string, second: tfTypes.Tensor2D | null): tfTypes.Tensor2D {
  if (second === null) throw new Error(`${layer}: missing weights`);
  return second;
}
