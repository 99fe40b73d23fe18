import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';
import { detach } from './softbit';

/**
 * Sorts each row of `x` ([R, k]) ascending, differentiably: the order comes from `topk` on a
 * detached copy (tfjs has no gradient for topk), and the values from multiplying by the one-hot
 * permutation matrices, whose gradient routes back to the right inputs. (A gather would do the
 * same, but tfjs's gather gradient, an unsorted segment sum, costs O(segments × elements) on
 * the cpu backend.)
 */
export function sortRowsAscendingT(x: tfTypes.Tensor2D): tfTypes.Tensor2D {
  return tf.tidy(() => {
    const [rows, k] = x.shape;
    if (k === 1) return x.clone();
    const order = tf.reverse(tf.topk(detach(x), k, true).indices, 1);
    const permutation = tf.cast(tf.oneHot(order, k), 'float32') as tfTypes.Tensor3D;
    const column = x.reshape([rows, k, 1]) as tfTypes.Tensor3D;
    return tf.matMul(permutation, column).reshape([rows, k]) as tfTypes.Tensor2D;
  });
}
