import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';
import { detach } from './softbit';

/**
 * Sorts each row of `x` ([R, k]) ascending, differentiably: the order comes from `topk` on a
 * detached copy (tfjs has no gradient for topk), the values from a gather on the original,
 * whose gradient scatters back to the right inputs.
 */
export function sortRowsAscendingT(x: tfTypes.Tensor2D): tfTypes.Tensor2D {
  return tf.tidy(() => {
    const [rows, k] = x.shape;
    const order = tf.reverse(tf.topk(detach(x), k, true).indices, 1);
    const rowBase = tf.mul(tf.range(0, rows, 1, 'int32').reshape([rows, 1]), tf.scalar(k, 'int32'));
    const flatIndex = tf.add(order, rowBase).reshape([rows * k]);
    return tf.gather(x.reshape([rows * k]), flatIndex).reshape([rows, k]) as tfTypes.Tensor2D;
  });
}
