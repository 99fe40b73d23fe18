import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type * as tfTypes from '@tensorflow/tfjs';
import { LAYERS } from '../../src/layers/registry';
import { OPERATORS } from '../../src/ops/registry';
import { ABOVE_HALF, BELOW_HALF } from '../../src/ops/scalar';
import type { OperatorDef } from '../../src/ops/types';
import { tf } from '../../src/tf';
import { rng, softBits } from '../helpers/random';

/** Input and weight widths of one operator case with n inputs. */
function widths(op: OperatorDef, n: number): { inputs: number; weights: number } {
  const inputs = op.arity === 'n' ? n : op.arity;
  const weights = op.weights === 'n' ? inputs : op.weights;
  return { inputs, weights };
}

function evalSoft(op: OperatorDef, x: Float32Array, w: Float32Array, batch: number, n: number): Float32Array {
  const { inputs, weights } = widths(op, n);
  return tf.tidy(() => {
    const wt = weights === 0 ? null : tf.tensor2d(w, [batch, weights]);
    return op.soft(tf.tensor2d(x, [batch, inputs]), wt).dataSync() as Float32Array;
  });
}

/** Compares the hardened soft form with the hard twin on every case of a batch. */
function assertHardEquivalent(op: OperatorDef, x: Float32Array, w: Float32Array, batch: number, n: number): void {
  const { inputs, weights } = widths(op, n);
  const outputs = op.outputs(inputs);
  const soft = evalSoft(op, x, w, batch, n);
  assert.equal(soft.length, batch * outputs);
  for (let b = 0; b < batch; b++) {
    const hx = Array.from(x.subarray(b * inputs, (b + 1) * inputs), (v) => v > 0.5);
    const hw = Array.from(w.subarray(b * weights, (b + 1) * weights), (v) => v > 0.5);
    const hard = op.hard(hx, hw);
    for (let k = 0; k < outputs; k++) {
      const s = soft[b * outputs + k];
      if (s > 0.5 !== hard[k]) {
        const xs = Array.from(x.subarray(b * inputs, (b + 1) * inputs));
        assert.fail(`${op.symbol} output ${k} = ${s} for x=${xs} w=${Array.from(w.subarray(b * weights, (b + 1) * weights))}, hard twin says ${hard[k]}`);
      }
    }
  }
}

describe('operator registry', () => {
  it('lists every operator of SPEC §2.3 once, each with a soft form, a hard twin and a fused layer', () => {
    assert.deepEqual(
      OPERATORS.map((o) => o.symbol),
      ['∂¬', '∂∧', '∂∨', '∂⇒', '∂Maj', '∂count-hot', '∂harden', '∂dropout'],
    );
    for (const op of OPERATORS) {
      assert.equal(typeof op.soft, 'function');
      assert.equal(typeof op.hard, 'function');
      assert.equal(LAYERS[op.layer].name, op.layer, `${op.name} names a registered layer`);
    }
  });
});

for (const op of OPERATORS) {
  describe(`${op.symbol} (${op.name})`, () => {
    it('is hard-equivalent on 10,000 random cases with inputs and weights ≥ 1e-3 from 1/2', () => {
      const batch = 500;
      let cases = 0;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (n, seed) => {
          const next = rng(seed);
          const { inputs, weights } = widths(op, n);
          const x = softBits(batch * inputs, next, 1e-3);
          const w = softBits(batch * weights, next, 1e-3);
          assertHardEquivalent(op, x, w, batch, n);
          cases += batch;
        }),
        { numRuns: 20, seed: 7 },
      );
      assert.ok(cases >= 10_000);
    });

    it('is hard-equivalent at 1/2 and within one float32 step of it (1/2 counts as low)', () => {
      const near = [0.5, 0.5 + 2 ** -24, 0.5 - 2 ** -25, 0.5 + 1e-7, 0.5 - 1e-7, 1e-9, 1, 0.5 + 2 ** -20];
      const next = rng(3);
      const batch = 400;
      for (const n of [1, 2, 3, 5, 8]) {
        const { inputs, weights } = widths(op, n);
        const pick = (): number => near[Math.floor(next() * near.length)];
        const x = Float32Array.from({ length: batch * inputs }, pick);
        const w = Float32Array.from({ length: batch * weights }, pick);
        assertHardEquivalent(op, x, w, batch, n);
      }
    });

    if (op.gradientRich) {
      it('is gradient-rich: every input gets a non-zero gradient at random interior points', () => {
        const next = rng(17);
        const batch = 200;
        for (const n of [2, 3, 7]) {
          const { inputs, weights } = widths(op, n);
          const x = softBits(batch * inputs, next, 0.01);
          const w = softBits(batch * weights, next, 0.01);
          const coeff = Float32Array.from({ length: batch * op.outputs(inputs) }, () => 0.5 + next());
          const grads = tf.tidy(() => {
            const wt = weights === 0 ? null : tf.tensor2d(w, [batch, weights]);
            const loss = (...args: tfTypes.Tensor[]): tfTypes.Tensor =>
              tf.sum(tf.mul(op.soft(args[0] as tfTypes.Tensor2D, (args[1] as tfTypes.Tensor2D) ?? wt).reshape([-1]), tf.tensor1d(coeff)));
            const args = wt === null ? [tf.tensor2d(x, [batch, inputs])] : [tf.tensor2d(x, [batch, inputs]), wt];
            return tf.grads(loss)(args).map((g) => g.dataSync() as Float32Array);
          });
          grads.forEach((g, k) => {
            const zero = g.findIndex((v) => v === 0);
            assert.equal(zero, -1, `${op.symbol} n=${n}: ${k === 0 ? 'input' : 'weight'} ${zero} has a zero gradient`);
          });
        }
      });
    }
  });
}

describe('boundary behaviour at 1/2 (documented in src/ops/scalar.ts)', () => {
  const run = (op: OperatorDef, x: number[], w: number[] = []): number[] =>
    Array.from(evalSoft(op, Float32Array.from(x), Float32Array.from(w), 1, x.length));
  const [not, and, or] = OPERATORS;

  it('1/2 hardens to 0 and every operator reads it as low', () => {
    assert.ok(run(and, [0.5, 0.9])[0] < 0.5);
    assert.ok(run(or, [0.5, 0.1])[0] < 0.5);
    // ∂¬ with a low weight negates: ¬low = high.
    assert.ok(run(not, [0.5], [0.2])[0] > 0.5);
  });

  it('keeps a tiny margin above 1/2 on the high side instead of rounding it to 1/2 (SPEC §2.6)', () => {
    // 1/2 + x̄·margin with margin 2^-24 rounds to exactly 1/2 in float32 without the side clamp.
    const tiny = 0.5 + 2 ** -24;
    assert.equal(run(and, [tiny, tiny])[0], ABOVE_HALF);
    assert.equal(run(not, [tiny], [tiny])[0], ABOVE_HALF);
    assert.equal(run(not, [0.5 - 2 ** -25], [0.9])[0] < 0.5, true);
  });

  it('never emits exactly 1/2 from a margin-packed operator', () => {
    assert.equal(run(and, [0.5, 0.5])[0], BELOW_HALF);
    assert.equal(run(or, [0.5, 0.5])[0], BELOW_HALF);
  });
});
