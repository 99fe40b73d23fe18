import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';
import { augmentT } from './softbit';
import type { OperatorDef } from './types';

/** Two-input ∂∨(a, b) on tensors of one shape: representative max(a, b) (a on a tie). */
export function or2T(a: tfTypes.Tensor, b: tfTypes.Tensor): tfTypes.Tensor {
  const aIsMax = tf.sub(1, tf.step(tf.sub(b, a)));
  const rep = tf.where(tf.cast(aIsMax, 'bool'), a, b);
  return augmentT(rep, tf.mul(tf.add(a, b), 0.5));
}

/** ∂∨(x₁..xₙ): the augmented bit with representative max(x). Hard twin: OR. */
export const orOp: OperatorDef = {
  name: 'or',
  symbol: '∂∨',
  summary: 'margin-packed disjunction',
  arity: 'n',
  weights: 0,
  outputs: () => 1,
  soft: (x) => tf.tidy(() => augmentT(tf.max(x, 1, true), tf.mean(x, 1, true)) as typeof x),
  hard: (x) => [x.some(Boolean)],
  gradientRich: true,
  layer: 'orLayer',
};
