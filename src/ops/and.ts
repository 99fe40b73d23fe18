import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';
import { augmentT } from './softbit';
import type { OperatorDef } from './types';

/** Two-input ∂∧(a, b) on tensors of one shape: representative min(a, b), mean (a + b)/2. */
export function and2T(a: tfTypes.Tensor, b: tfTypes.Tensor): tfTypes.Tensor {
  // Select a where a <= b rather than use `minimum`, so a tie sends the gradient to `a` exactly
  // as the fused kernels do. The condition is built with `step` (zero gradient): tfjs has no
  // gradient for `lessEqual`.
  const aIsMin = tf.sub(1, tf.step(tf.sub(a, b)));
  const rep = tf.where(tf.cast(aIsMin, 'bool'), a, b);
  return augmentT(rep, tf.mul(tf.add(a, b), 0.5));
}

/**
 * ∂∧(x₁..xₙ): the augmented bit with representative min(x) (SPEC §2.2). Hard-equivalent to AND
 * (the min is high exactly when every input is), and gradient-rich through the packed mean.
 */
export const andOp: OperatorDef = {
  name: 'and',
  symbol: '∂∧',
  summary: 'margin-packed conjunction',
  arity: 'n',
  weights: 0,
  outputs: () => 1,
  soft: (x) => tf.tidy(() => augmentT(tf.min(x, 1, true), tf.mean(x, 1, true)) as typeof x),
  hard: (x) => [x.every(Boolean)],
  gradientRich: true,
  layer: 'andLayer',
};
