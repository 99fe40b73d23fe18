import { tf } from '../tf';
import { highMask, negateT } from './softbit';
import type { OperatorDef } from './types';

/**
 * ∂dropout(x, p): at train time each bit is negated (1 − x) with probability p; at test time it
 * is the identity. The randomness is drawn by the caller (a seeded RNG) and passed in as a 0/1
 * flip mask of the input's shape, so the op itself is deterministic. Hard twin: x ⊕ flip, which
 * at test time (no flips) is the identity.
 */
export const dropoutOp: OperatorDef = {
  name: 'dropout',
  symbol: '∂dropout',
  summary: 'random negation at train time (flip mask), identity at test time',
  arity: 'n',
  weights: 'n',
  outputs: (n) => n,
  soft(x, flip) {
    if (flip === null) throw new Error('∂dropout needs a flip mask');
    return tf.tidy(() => tf.where(tf.cast(highMask(flip), 'bool'), negateT(x), x) as typeof x);
  },
  hard: (x, flip) => x.map((bit, i) => bit !== flip[i]),
  gradientRich: false,
  layer: 'dropoutLayer',
};
