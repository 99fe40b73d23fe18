import { tf } from '../tf';
import { majorityIndex, majorityThreshold } from './scalar';
import { augmentT } from './softbit';
import { sortRowsAscendingT } from './sort';
import type { OperatorDef } from './types';

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
    tf.tidy(() => {
      const n = x.shape[1];
      const rep = tf.slice(sortRowsAscendingT(x), [0, majorityIndex(n)], [-1, 1]);
      return augmentT(rep, tf.mean(x, 1, true)) as typeof x;
    }),
  hard: (x) => [x.filter(Boolean).length >= majorityThreshold(x.length)],
  gradientRich: true,
  layer: 'majorityLayer',
};
