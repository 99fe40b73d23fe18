/**
 * The fused group-sum head equals its tfjs composition (∂harden straight-through, reshape, sum)
 * in value and gradient, bit for bit — so switching the head to it changed no trained model.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backwardKernelName, HEAD_KERNEL_NAMES } from '../../src/kernels/names';
import { groupSumReferenceT, groupSumT } from '../../src/ops/heads';
import { tf } from '../../src/tf';
import { rng } from '../helpers/random';

/** Soft bits with many values at and around 1/2, where hardening decides. */
function softBits(count: number, seed: number): Float32Array {
  const next = rng(seed);
  const specials = [0, 1, 0.5, 0.5 + 2 ** -24, 0.5 - 2 ** -25];
  return Float32Array.from({ length: count }, () => (next() < 0.2 ? specials[Math.floor(next() * specials.length)] : next()));
}

function valueAndGrad(f: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, dy: tf.Tensor2D): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const { value, grads } = tf.valueAndGrads((t: tf.Tensor) => tf.sum(tf.mul(f(t as tf.Tensor2D), dy)))([x]);
    const logits = f(x);
    assert.ok(Number.isFinite(value.dataSync()[0]));
    return [Float32Array.from(logits.dataSync()), Float32Array.from(grads[0].dataSync())];
  });
}

describe('group-sum head kernel', () => {
  it('is registered with its backward kernel and gradient', () => {
    assert.ok(tf.getKernel(HEAD_KERNEL_NAMES.groupSum, 'cpu'));
    assert.ok(tf.getKernel(backwardKernelName(HEAD_KERNEL_NAMES.groupSum), 'cpu'));
    assert.ok(tf.getGradient(HEAD_KERNEL_NAMES.groupSum));
  });

  for (const [batch, groups, k] of [[1, 2, 1], [3, 10, 7], [5, 3, 64], [2, 10, 5880]] as const) {
    for (const harden of [false, true]) {
      it(`${batch} rows × ${groups} groups of ${k}, harden ${harden}: same logits and gradient as the composition`, () => {
        const seed = batch * 1000 + groups * 10 + k;
        const x = tf.tensor2d(softBits(batch * groups * k, seed), [batch, groups * k]);
        const dy = tf.tensor2d(softBits(batch * groups, seed + 1).map((v) => v - 0.3), [batch, groups]);
        const [fusedLogits, fusedGrad] = valueAndGrad((t) => groupSumT(t, groups, harden), x, dy);
        const [refLogits, refGrad] = valueAndGrad((t) => groupSumReferenceT(t, groups, harden), x, dy);
        assert.deepEqual(fusedLogits, refLogits);
        assert.deepEqual(fusedGrad, refGrad);
        if (harden) assert.ok(fusedLogits.every((v) => Number.isInteger(v) && v >= 0 && v <= k), 'counts of hardened bits');
        tf.dispose([x, dy]);
      });
    }
  }

  it('refuses a width that does not split into the groups', () => {
    const x = tf.zeros([2, 7]) as tf.Tensor2D;
    assert.throws(() => groupSumT(x, 3, true), /7 bits do not split into 3 equal groups/);
    x.dispose();
  });
});
