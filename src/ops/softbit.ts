/**
 * Tensor forms of the soft-bit helpers in `scalar.ts`, composed only from tfjs primitives that
 * have gradients (portable to any backend; the oracle for the fused kernels). `greater` has no
 * gradient in tfjs, so sides are computed with `step` (x > 0 ? 1 : 0), whose gradient is zero.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';
import { ABOVE_HALF, BELOW_HALF } from './scalar';

type Tensor = tfTypes.Tensor;

/** 1 where x > 1/2, else 0 (float32), with zero gradient. */
export function highMask(x: Tensor): Tensor {
  return tf.step(tf.sub(x, 0.5));
}

/** Side clamp on tensors: `high` is a 0/1 float mask of the side each element must be on. */
export function clampToSideT(y: Tensor, high: Tensor): Tensor {
  return tf.where(
    tf.cast(high, 'bool'),
    tf.maximum(y, tf.scalar(ABOVE_HALF)),
    tf.minimum(y, tf.scalar(BELOW_HALF)),
  );
}

/** Tensor form of {@link augment}: element-wise over `rep` and `mean` of one shape. */
export function augmentT(rep: Tensor, mean: Tensor): Tensor {
  const high = highMask(rep);
  const highValue = tf.add(0.5, tf.mul(mean, tf.sub(rep, 0.5)));
  const lowValue = tf.add(rep, tf.mul(mean, tf.sub(0.5, rep)));
  return clampToSideT(tf.where(tf.cast(high, 'bool'), highValue, lowValue), high);
}

/** Tensor form of {@link negateBit}. */
export function negateT(x: Tensor): Tensor {
  return clampToSideT(tf.sub(1, x), tf.sub(1, highMask(x)));
}

/**
 * Minimum along `axis` whose gradient is split equally among tied elements (JAX semantics).
 * tfjs's own `min` passes the whole gradient to every tied element instead. The tie mask is
 * built with `step`, which has a zero gradient, so it acts as a stop-gradient.
 */
export function splitMinT(v: Tensor, axis: number): Tensor {
  const m = tf.min(v, axis, true);
  const tie = tf.sub(1, tf.step(tf.sub(v, m)));
  return tf.div(tf.sum(tf.mul(v, tie), axis), tf.sum(tie, axis));
}

/** Maximum along `axis`, gradient split equally among ties (see {@link splitMinT}). */
export function splitMaxT(v: Tensor, axis: number): Tensor {
  const m = tf.max(v, axis, true);
  const tie = tf.sub(1, tf.step(tf.sub(m, v)));
  return tf.div(tf.sum(tf.mul(v, tie), axis), tf.sum(tie, axis));
}

/**
 * A copy of `t` with no link to the gradient tape. Used only where a reference needs an
 * ordering (sort indices) computed by an op that has no gradient in tfjs (`topk`).
 */
export function detach(t: Tensor): Tensor {
  return tf.tensor(t.dataSync(), t.shape, t.dtype);
}
