import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';
import { highMask } from './softbit';
import type { OperatorDef } from './types';

/**
 * ∂harden straight-through, composed from tfjs ops: forward harden(x), backward identity.
 * (The fused `hardenLayer` kernel computes the same thing in one loop.)
 */
export const hardenStraightThroughT = tf.customGrad((...args) => {
  const x = args[0] as tfTypes.Tensor;
  return { value: highMask(x), gradFunc: (dy: tfTypes.Tensor) => dy };
}) as (x: tfTypes.Tensor) => tfTypes.Tensor;

/** ∂harden: forward `harden(x)`, backward straight-through. Hard twin: the identity. */
export const hardenOp: OperatorDef = {
  name: 'harden',
  symbol: '∂harden',
  summary: 'harden forward, straight-through gradient',
  arity: 'n',
  weights: 0,
  outputs: (n) => n,
  soft: (x) => hardenStraightThroughT(x) as typeof x,
  hard: (x) => [...x],
  // Its gradient is the identity: every input gets one, but from its own output only.
  gradientRich: false,
  layer: 'hardenLayer',
};
