/**
 * Tensor forms of the classification heads that have a fused kernel (SPEC §2.5), each with the
 * plain tfjs composition it must equal (tests compare the two, values and gradients).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { runFused } from '../kernels/cpu/define';
import { HEAD_KERNEL_NAMES, type GroupSumAttrs } from '../kernels/names';
import { hardenStraightThroughT } from './harden';
import { tf } from '../tf';

/**
 * [B, C·k] → [B, C]: the sum of each of the C consecutive groups of k bits, of the hardened bits
 * with `harden` (straight-through gradient) — one fused kernel.
 */
export function groupSumT(x: tfTypes.Tensor2D, groups: number, harden: boolean): tfTypes.Tensor2D {
  const attrs: GroupSumAttrs = { groups, harden };
  return runFused(HEAD_KERNEL_NAMES.groupSum, { x }, attrs)[0] as tfTypes.Tensor2D;
}

/** The same composed from tfjs ops (∂harden, reshape, sum): the reference for tests. */
export function groupSumReferenceT(x: tfTypes.Tensor2D, groups: number, harden: boolean): tfTypes.Tensor2D {
  return tf.tidy(() => {
    const bits = harden ? hardenStraightThroughT(x) : x;
    return tf.sum(bits.reshape([x.shape[0], groups, -1]), 2) as tfTypes.Tensor2D;
  });
}
