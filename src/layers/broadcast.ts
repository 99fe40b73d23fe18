import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';

/**
 * Tiles x [B, m] and w [n, m] to [B, n, m] each. The references tile explicitly because some
 * tfjs gradients do not reduce broadcast dimensions (e.g. `maximum` of [B,n,m] and [1,n,m]).
 */
export function tilePairs(
  x: tfTypes.Tensor2D,
  w: tfTypes.Tensor2D,
): [tfTypes.Tensor3D, tfTypes.Tensor3D] {
  const [batch, m] = x.shape;
  const n = w.shape[0];
  if (w.shape[1] !== m) {
    throw new Error(`weights have ${w.shape[1]} columns but the input has ${m} bits`);
  }
  const xt = tf.tile(x.reshape([batch, 1, m]), [1, n, 1]) as tfTypes.Tensor3D;
  const wt = tf.tile(w.reshape([1, n, m]), [batch, 1, 1]) as tfTypes.Tensor3D;
  return [xt, wt];
}

/** Checks weights [n, m] against x [B, m] for the fused path (which has no tile to catch it). */
export function checkWeights(layer: string, x: tfTypes.Tensor2D, w: tfTypes.Tensor2D): void {
  if (x.rank !== 2 || w.rank !== 2 || w.shape[1] !== x.shape[1]) {
    throw new Error(`${layer}: x [B, m] and w [n, m] expected, got x [${x.shape}] and w [${w.shape}]`);
  }
}
