import { tf } from '../tf';
import { clampToSideT, highMask } from './softbit';
import type { OperatorDef } from './types';
import type * as tfTypes from '@tensorflow/tfjs';

/** Element-wise ∂¬(w, x) on tensors of one shape. */
export function softNotT(w: tfTypes.Tensor, x: tfTypes.Tensor): tfTypes.Tensor {
  const y = tf.add(0.5, tf.mul(2, tf.mul(tf.sub(x, 0.5), tf.sub(w, 0.5))));
  const high = tf.sub(1, tf.abs(tf.sub(highMask(x), highMask(w))));
  return clampToSideT(y, high);
}

/**
 * ∂¬(w, x) = 1 − w + x·(2w − 1), computed as 1/2 + 2·(x − 1/2)·(w − 1/2) (the same polynomial,
 * but the product of the two margins is formed before adding 1/2, so small margins survive in
 * float32). Hard twin: ¬(x ⊕ w) — x when w is high, ¬x when w is low.
 */
export const notOp: OperatorDef = {
  name: 'not',
  symbol: '∂¬',
  summary: 'learnable negation: x if w else ¬x',
  arity: 1,
  weights: 1,
  outputs: () => 1,
  soft(x, w) {
    if (w === null) throw new Error('∂¬ needs a weight per case');
    return tf.tidy(() => softNotT(w, x) as typeof x);
  },
  hard: ([x], [w]) => [x === w],
  gradientRich: true,
  layer: 'notLayer',
};
