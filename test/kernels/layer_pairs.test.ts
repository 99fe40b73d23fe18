/**
 * The fused ∂¬ → ∂Maj, ∂¬ → group-sum and ∂⇒ → ∂Maj kernels equal the two kernels in sequence, in
 * value and in both gradients, bit for bit — so switching the soft net to them changed no trained
 * model.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backwardKernelName, PAIR_KERNEL_NAMES } from '../../src/kernels/names';
import {
  impliesMajorityT,
  impliesMajorityTwoStepT,
  notGroupSumT,
  notGroupSumTwoStepT,
  notMajorityT,
  notMajorityTwoStepT,
} from '../../src/layers/layer_pairs';
import { LAYERS } from '../../src/layers/registry';
import { groupSumT } from '../../src/ops/heads';
import { presetArch } from '../../src/nets/presets';
import { SoftNet } from '../../src/nets/soft_net';
import { tf } from '../../src/tf';
import { rng } from '../helpers/random';

/** Soft bits with many values at and around 1/2, where the ∂¬ side clamp and hardening decide. */
function softBits(count: number, seed: number): Float32Array {
  const next = rng(seed);
  const specials = [0, 1, 0.5, 0.5 + 2 ** -24, 0.5 - 2 ** -25, 0.25, 0.75];
  return Float32Array.from({ length: count }, () => (next() < 0.3 ? specials[Math.floor(next() * specials.length)] : next()));
}

type Pair = (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/** Output values and the gradients for x and w of Σ output·dy. */
function valueAndGrads(f: Pair, x: tf.Tensor2D, w: tf.Tensor2D, dy: tf.Tensor2D): Float32Array[] {
  return tf.tidy(() => {
    const { grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D), dy)))([x, w]);
    return [f(x, w), ...grads].map((t) => Float32Array.from(t.dataSync()));
  });
}

function assertSameAsTwoSteps(fused: Pair, twoStep: Pair, batch: number, m: number, n: number, outWidth: number, seed: number): Float32Array {
  const x = tf.tensor2d(softBits(batch * m, seed), [batch, m]);
  const w = tf.tensor2d(softBits(n * m, seed + 1), [n, m]);
  const dy = tf.tensor2d(softBits(batch * outWidth, seed + 2).map((v, k) => (k % 5 === 0 ? 0 : v - 0.4)), [batch, outWidth]);
  const [fy, fgx, fgw] = valueAndGrads(fused, x, w, dy);
  const [ty, tgx, tgw] = valueAndGrads(twoStep, x, w, dy);
  assert.deepEqual(fy, ty, 'values');
  assert.deepEqual(fgx, tgx, 'gradient for x');
  assert.deepEqual(fgw, tgw, 'gradient for w');
  assert.ok([...fgx, ...fgw].some((v) => v !== 0), 'some gradient flows');
  tf.dispose([x, w, dy]);
  return fy;
}

describe('fused layer pairs', () => {
  it('are registered with their backward kernels and gradients', () => {
    for (const name of Object.values(PAIR_KERNEL_NAMES)) {
      assert.ok(tf.getKernel(name, 'cpu'), name);
      assert.ok(tf.getKernel(backwardKernelName(name), 'cpu'), name);
      assert.ok(tf.getGradient(name), name);
    }
  });

  // Group sizes on each path of the rank selection: counting (≤ 16), insertion sort (≤ 32),
  // quickselect; the last is the Noisy XOR net's ∂Maj over all 16×32 outputs.
  for (const [batch, m, n, groupSize] of [[4, 3, 2, 3], [6, 8, 2, 16], [5, 5, 5, 25], [3, 12, 4, 48], [7, 32, 16, 512]] as const) {
    for (const packed of [false, true]) {
      it(`∂¬ ${n}×${m} → ∂Maj groups of ${groupSize}, packed ${packed}: same values and gradients as two kernels`, () => {
        const attrs = { groupSize, packed };
        assertSameAsTwoSteps(
          (x, w) => notMajorityT(x, w, attrs),
          (x, w) => notMajorityTwoStepT(x, w, attrs),
          batch, m, n, (n * m) / groupSize, batch * 100 + m * 10 + n,
        );
      });
    }
  }

  // The MNIST net's ∂⇒ 60×784 → ∂Maj in groups of 16, at a smaller width, and other shapes.
  for (const [batch, m, n, groupSize] of [[4, 48, 5, 16], [3, 6, 4, 3], [2, 10, 4, 40]] as const) {
    for (const impliesPacked of [false, true]) {
      for (const packed of [false, true]) {
        it(`∂⇒ ${n}×${m} (packed ${impliesPacked}) → ∂Maj groups of ${groupSize}, packed ${packed}: same as two kernels`, () => {
          const attrs = { groupSize, packed, impliesPacked };
          assertSameAsTwoSteps(
            (x, w) => impliesMajorityT(x, w, attrs),
            (x, w) => impliesMajorityTwoStepT(x, w, attrs),
            batch, m, n, (n * m) / groupSize, batch * 7 + m + n,
          );
        });
      }
    }
  }

  for (const [batch, m, n, groups] of [[3, 4, 3, 2], [5, 30, 4, 10], [2, 2940, 20, 10]] as const) {
    for (const harden of [false, true]) {
      it(`∂¬ ${n}×${m} → group sums over ${groups} groups, harden ${harden}: same logits and gradients as two kernels`, () => {
        const logits = assertSameAsTwoSteps(
          (x, w) => notGroupSumT(x, w, groups, harden),
          (x, w) => notGroupSumTwoStepT(x, w, groups, harden),
          batch, m, n, groups, batch * 1000 + n,
        );
        if (harden) assert.ok(logits.every((v) => Number.isInteger(v)), 'counts of hardened bits');
      });
    }
  }

  it('refuse shapes that do not fit', () => {
    const x = tf.zeros([2, 4]) as tf.Tensor2D;
    const w = tf.zeros([3, 4]) as tf.Tensor2D;
    assert.throws(() => notMajorityT(x, tf.zeros([3, 5]) as tf.Tensor2D, { groupSize: 3, packed: true }), /w \[n, m\] expected/);
    assert.throws(() => notMajorityT(x, w, { groupSize: 5, packed: true }), /width 12 is not a multiple of groupSize 5/);
    assert.throws(() => notGroupSumT(x, w, 5, true), /12 bits do not split into 5 equal groups/);
    tf.dispose([x, w]);
  });

  it('the soft net runs them: xor-paper and mnist-paper logits and gradients equal a layer-by-layer run', () => {
    for (const [preset, inputs, classes] of [['xor-paper', 12, 2], ['mnist-paper', 784, 10]] as const) {
      const net = SoftNet.init(presetArch(preset, inputs, classes), 5);
      const x = tf.tensor2d(softBits(3 * inputs, 9).map((v) => (v > 0.5 ? 1 : 0)), [3, inputs]);
      const dy = tf.tensor2d(softBits(3 * classes, 10).map((v) => v - 0.5), [3, classes]);
      const run = (logits: (x: tf.Tensor2D) => tf.Tensor2D): Float32Array[] =>
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => tf.sum(tf.mul(logits(x), dy)) as tf.Scalar, net.variables());
          return [logits(x), ...Object.values(grads)].map((t) => Float32Array.from(t.dataSync()));
        });
      const viaNet = run((t) => net.logits(t, { training: false }));
      const layerByLayer = run((t) => {
        // One layer's kernel at a time, as the soft net ran before it fused pairs.
        let h = t;
        net.shapes.forEach((shape, index) => {
          const w = net.weights[index] ? (tf.clipByValue(net.weights[index] as tf.Variable, 0, 1) as tf.Tensor2D) : null;
          const spec = shape.spec;
          const batch = h.shape[0];
          if (spec.kind === 'negConcat') h = LAYERS.negConcatLayer.fused(h, null, {}) as tf.Tensor2D;
          else if (spec.kind === 'and') h = LAYERS.andLayer.fused(h, w, {}) as tf.Tensor2D;
          else if (spec.kind === 'or') h = LAYERS.orLayer.fused(h, w, {}) as tf.Tensor2D;
          else if (spec.kind === 'not') h = LAYERS.notLayer.fused(h, w, {}).reshape([batch, shape.outputs]);
          else if (spec.kind === 'implies') h = LAYERS.impliesLayer.fused(h, w, { packed: spec.packed }).reshape([batch, shape.outputs]);
          else if (spec.kind === 'majority') h = LAYERS.majorityLayer.fused(h, null, { groupSize: spec.groupSize, packed: spec.packed ?? true }) as tf.Tensor2D;
          else throw new Error(`layer ${spec.kind} not in this test`);
        });
        const head = net.arch.head;
        if (head.kind === 'groupSum') return groupSumT(h, classes, head.harden);
        if (head.kind === 'bitAndNegation' && !head.harden) return tf.concat([h, tf.sub(1, h)], 1) as tf.Tensor2D;
        throw new Error(`head ${head.kind} not in this test`);
      });
      assert.equal(viaNet.length, layerByLayer.length);
      viaNet.forEach((v, k) => assert.deepEqual(v, layerByLayer[k], `${preset}: ${k === 0 ? 'logits' : `gradient ${k}`}`));
      tf.dispose([x, dy]);
      net.dispose();
    }
  });
});
