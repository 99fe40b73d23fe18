import { tf } from '../tf';
import type * as tfTypes from '@tensorflow/tfjs';
import { majorityIndex, majorityThreshold } from './scalar';
import { augmentT } from './softbit';
import { sortRowsAscendingT } from './sort';
import type { OperatorDef } from './types';

/** Each row's representative: its ⌊(n−1)/2⌋-th smallest bit, [B, 1] (the plain order statistic). */
export function majorityRepresentativeT(x: tfTypes.Tensor2D): tfTypes.Tensor2D {
  return tf.slice(sortRowsAscendingT(x), [0, majorityIndex(x.shape[1])], [-1, 1]);
}

/**
 * ∂Maj(x₁..xₙ): the augmented bit whose representative is the ⌊(n−1)/2⌋-th smallest input.
 * It is high exactly when at least n − ⌊(n−1)/2⌋ inputs are high: a strict majority.
 */
export const majorityOp: OperatorDef = {
  name: 'majority',
  symbol: '∂Maj',
  summary: 'margin-packed strict majority',
  arity: 'n',
  weights: 0,
  outputs: () => 1,
  soft: (x) =>
    tf.tidy(() => augmentT(majorityRepresentativeT(x), tf.mean(x, 1, true)) as typeof x),
  hard: (x) => [x.filter(Boolean).length >= majorityThreshold(x.length)],
  gradientRich: true,
  layer: 'majorityLayer',
};
