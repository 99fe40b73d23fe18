import { runFused } from '../kernels/cpu/define';
import { KERNEL_NAMES } from '../kernels/names';
import { dropoutOp } from '../ops/dropout';
import { hardenStraightThroughT } from '../ops/harden';
import { negateT } from '../ops/softbit';
import { tf } from '../tf';
import { requireSecond, type LayerDef } from './types';

/** `[x, 1 − x]`: [B, m] → [B, 2m]. Hard: the bits followed by their negations. */
export const negConcatLayer: LayerDef<'negConcatLayer'> = {
  name: 'negConcatLayer',
  summary: 'negation-concatenation [x, 1 − x]',
  second: 'none',
  outputWidth: (m) => 2 * m,
  fused: (x) => runFused(KERNEL_NAMES.negConcatLayer, { x })[0],
  reference: (x) => tf.tidy(() => tf.concat([x, negateT(x)], 1)),
  hard: (x) => Uint8Array.from([...x, ...x.map((b) => (b ? 0 : 1))]),
};

/** ∂harden: [B, m] → [B, m] of 0/1, straight-through gradient. Hard: identity. */
export const hardenLayer: LayerDef<'hardenLayer'> = {
  name: 'hardenLayer',
  summary: '∂harden: harden forward, straight-through backward',
  second: 'none',
  outputWidth: (m) => m,
  fused: (x) => runFused(KERNEL_NAMES.hardenLayer, { x })[0],
  reference: (x) => hardenStraightThroughT(x),
  hard: (x) => Uint8Array.from(x),
};

/** ∂dropout with a caller-drawn flip mask: [B, m] → [B, m]. Hard: x ⊕ flip. */
export const dropoutLayer: LayerDef<'dropoutLayer'> = {
  name: 'dropoutLayer',
  summary: '∂dropout: negate the bits a flip mask selects',
  second: 'mask',
  outputWidth: (m) => m,
  fused(x, flip) {
    return runFused(KERNEL_NAMES.dropoutLayer, { x, flip: requireSecond(this.name, flip) })[0];
  },
  reference: (x, flip) => dropoutOp.soft(x, requireSecond('dropoutLayer', flip)),
  hard: (x, flip) => x.map((b, i) => (b !== (flip as Uint8Array)[i] ? 1 : 0)),
};
