import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';
import { or2T } from './or';
import { negateT } from './softbit';
import type { OperatorDef } from './types';

/** Element-wise ∂⇒(w, x) = ∂∨(x, 1 − w): a high w passes x, a low w masks it to true. */
export function impliesT(w: tfTypes.Tensor, x: tfTypes.Tensor): tfTypes.Tensor {
  return or2T(x, negateT(w));
}

/** The unpacked mask `max(x, 1 − w)` (the paper's MNIST ∂⇒ layer); x on a tie. */
export function plainImpliesT(w: tfTypes.Tensor, x: tfTypes.Tensor): tfTypes.Tensor {
  const c = negateT(w);
  const xIsMax = tf.sub(1, tf.step(tf.sub(c, x)));
  return tf.where(tf.cast(xIsMax, 'bool'), x, c);
}

/** ∂⇒(x, y) = ∂∨(y, 1 − x). Hard twin: x ⇒ y. */
export const impliesOp: OperatorDef = {
  name: 'implies',
  symbol: '∂⇒',
  summary: 'margin-packed implication ∂∨(y, 1 − x)',
  arity: 2,
  weights: 0,
  outputs: () => 1,
  soft: (xy) =>
    tf.tidy(() => {
      const [x, y] = tf.split(xy, 2, 1);
      return impliesT(x, y) as typeof xy;
    }),
  hard: ([x, y]) => [!x || y],
  gradientRich: true,
  layer: 'impliesLayer',
};
