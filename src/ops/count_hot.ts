import { tf } from '../tf';
import { and2T } from './and';
import { negateT } from './softbit';
import { sortRowsAscendingT } from './sort';
import type { OperatorDef } from './types';

/**
 * ∂count-hot(x₁..xₙ) = low-high(sort(x)): on the ascending sort s,
 * `[∂∧(1, s₁), ∂∧(1−s₁, s₂), …, ∂∧(1−sₙ₋₁, sₙ), ∂∧(1−sₙ, 1)]`. Exactly one output is high, at
 * the index equal to the number of low inputs. Hard twin: that one-hot vector of length n+1.
 */
export const countHotOp: OperatorDef = {
  name: 'countHot',
  symbol: '∂count-hot',
  summary: 'one-hot count of low bits',
  arity: 'n',
  weights: 0,
  outputs: (n) => n + 1,
  soft: (x) =>
    tf.tidy(() => {
      const s = sortRowsAscendingT(x);
      const ones = tf.onesLike(tf.slice(s, [0, 0], [-1, 1]));
      const a = tf.concat([ones, negateT(s)], 1);
      const b = tf.concat([s, ones], 1);
      return and2T(a, b) as typeof x;
    }),
  hard: (x) => {
    const lows = x.filter((bit) => !bit).length;
    return Array.from({ length: x.length + 1 }, (_, i) => i === lows);
  },
  gradientRich: true,
  layer: 'countHotLayer',
};
