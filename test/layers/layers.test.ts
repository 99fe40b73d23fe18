import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { gradKernelName, KERNEL_NAMES, LAYER_NAMES } from '../../src/kernels/names';
import { LAYERS } from '../../src/layers/registry';
import { tf } from '../../src/tf';
import { describeCase, LAYER_CASES, type LayerCase } from '../helpers/layer_cases';
import { layerGrads, layerOf, outputWidth, randomInputs, runLayer } from '../helpers/layer_run';
import { hardenAll, rng } from '../helpers/random';

/** Hard twin of a whole batch, row by row, from hardened inputs. */
function hardBatch(c: LayerCase, x: Float32Array, second: Float32Array | null, batch: number): Uint8Array {
  const layer = layerOf(c);
  const width = outputWidth(c);
  const out = new Uint8Array(batch * width);
  const hw = second === null ? null : hardenAll(second);
  for (let b = 0; b < batch; b++) {
    const row = hardenAll(x.subarray(b * c.m, (b + 1) * c.m));
    const rowSecond = hw === null ? null : layer.second === 'mask' ? hw.subarray(b * c.m, (b + 1) * c.m) : hw;
    out.set(layer.hard(row, rowSecond, c.n, c.attrs as never), b * width);
  }
  return out;
}

function firstMismatch(soft: Float32Array, hard: Uint8Array): number {
  for (let k = 0; k < hard.length; k++) if ((soft[k] > 0.5 ? 1 : 0) !== hard[k]) return k;
  return -1;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** ‖a − b‖ / ‖b‖, the usual relative error of a gradient check. */
function relativeError(a: Float32Array | Float64Array, b: Float32Array | Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-12);
}

describe('layer registry', () => {
  it('has a layer definition, a fused cpu kernel, a backward kernel and a gradient for every layer name', () => {
    for (const name of LAYER_NAMES) {
      const layer = LAYERS[name];
      assert.equal(layer.name, name);
      const kernel = KERNEL_NAMES[name];
      assert.ok(tf.getKernel(kernel, 'cpu'), `${kernel} registered for cpu`);
      assert.ok(tf.getKernel(gradKernelName(name), 'cpu'), `${gradKernelName(name)} registered for cpu`);
      assert.ok(tf.getGradient(kernel), `gradient registered for ${kernel}`);
    }
  });

  it('every layer is exercised by the test cases', () => {
    const covered = new Set(LAYER_CASES.map((c) => c.layer));
    assert.deepEqual([...LAYER_NAMES].filter((n) => !covered.has(n)), []);
  });
});

for (const c of LAYER_CASES) {
  describe(describeCase(c), () => {
    it('fused and reference forward outputs agree within 1e-6', () => {
      const next = rng(11);
      const batch = 16;
      const { x, second } = randomInputs(c, batch, next);
      const fused = runLayer(c, 'fused', x, second, batch);
      const reference = runLayer(c, 'reference', x, second, batch);
      assert.equal(fused.length, batch * outputWidth(c));
      assert.ok(maxAbsDiff(fused, reference) <= 1e-6, `max diff ${maxAbsDiff(fused, reference)}`);
    });

    it('is hard-equivalent on 10,000 random rows, fused and reference (inputs ≥ 1e-3 from 1/2)', () => {
      const batch = 500;
      let rows = 0;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
          const { x, second } = randomInputs(c, batch, rng(seed), 1e-3);
          const hard = hardBatch(c, x, second, batch);
          for (const path of ['fused', 'reference'] as const) {
            const soft = runLayer(c, path, x, second, batch);
            const k = firstMismatch(soft, hard);
            assert.equal(k, -1, `${path}: output ${k} is ${soft[k]} but the hard twin says ${hard[k]} (seed ${seed})`);
          }
          rows += batch;
        }),
        { numRuns: 20, seed: 2023 },
      );
      assert.ok(rows >= 10_000);
    });

    it('stays hard-equivalent at and within float32 rounding of 1/2 (1/2 counts as low)', () => {
      // Values exactly 1/2 or one float32 step either side: the float32 trap of SPEC §2.6.
      const near = [0.5, 0.5 + 2 ** -24, 0.5 - 2 ** -25, 0.5 + 1e-7, 0.5 - 1e-7, 0, 1, 0.25, 0.75];
      const next = rng(5);
      const batch = 64;
      const pick = (): number => near[Math.floor(next() * near.length)];
      const { x, second } = randomInputs(c, batch, next);
      x.forEach((_, i) => (x[i] = pick()));
      if (second !== null && layerOf(c).second === 'weights') second.forEach((_, i) => (second[i] = pick()));
      const hard = hardBatch(c, x, second, batch);
      for (const path of ['fused', 'reference'] as const) {
        const soft = runLayer(c, path, x, second, batch);
        assert.equal(firstMismatch(soft, hard), -1, path);
        const passesInputsThrough =
          ['hardenLayer', 'dropoutLayer', 'negConcatLayer'].includes(c.layer) ||
          ((c.layer === 'impliesLayer' || c.layer === 'majorityLayer') && !(c.attrs as { packed: boolean }).packed);
        if (!passesInputsThrough) {
          // Margin-packed operators never emit exactly 1/2 themselves (inputs passed through
          // unchanged may still be 1/2, which every operator treats as low).
          assert.ok(soft.every((v) => v !== 0.5), `${path} emitted exactly 1/2`);
        }
      }
    });

    it('fused gradients match the reference gradients', () => {
      const next = rng(23);
      const batch = 8;
      const { x, second } = randomInputs(c, batch, next, 0.01);
      const coeff = Float32Array.from({ length: batch * outputWidth(c) }, () => next() * 2 - 1);
      const fused = layerGrads(c, 'fused', x, second, batch, coeff);
      const reference = layerGrads(c, 'reference', x, second, batch, coeff);
      assert.equal(fused.length, reference.length);
      fused.forEach((g, k) => assert.ok(maxAbsDiff(g, reference[k]) <= 1e-5, `input ${k}: ${maxAbsDiff(g, reference[k])}`));
    });

    if (c.layer !== 'hardenLayer') {
      it('fused gradients match central finite differences (relative error ≤ 1e-3)', () => {
        const next = rng(31);
        const batch = 3;
        const { x, second } = randomInputs(c, batch, next, 0.05);
        const coeff = Float32Array.from({ length: batch * outputWidth(c) }, () => next() * 2 - 1);
        const loss = (xv: Float32Array, sv: Float32Array | null): number =>
          runLayer(c, 'fused', xv, sv, batch).reduce((acc, y, k) => acc + y * coeff[k], 0);
        const analytic = layerGrads(c, 'fused', x, second, batch, coeff);
        const eps = 1e-3;
        // Central differences, skipping coordinates within eps of a kink (a switch of arg-min,
        // sort order or side), detected by one-sided differences that disagree. The layers are
        // piecewise quadratic, so away from kinks central differences are exact up to rounding.
        const check = (target: Float32Array, grad: Float32Array, isSecond: boolean): void => {
          const kept: number[] = [];
          const numeric: number[] = [];
          target.forEach((v, i) => {
            const at = (delta: number): number => {
              const moved = Float32Array.from(target);
              moved[i] = v + delta;
              return isSecond ? loss(x, moved) : loss(moved, second);
            };
            const [lm, l0, lp] = [at(-eps), at(0), at(eps)];
            if (Math.abs((lp - l0) - (l0 - lm)) / eps > 0.005) return;
            kept.push(grad[i]);
            numeric.push((lp - lm) / (2 * eps));
          });
          assert.ok(kept.length >= 0.8 * target.length, `only ${kept.length}/${target.length} coordinates away from kinks`);
          const err = relativeError(Float64Array.from(kept), Float64Array.from(numeric));
          assert.ok(err <= 1e-3, `${isSecond ? 'dw' : 'dx'} relative error ${err}`);
        };
        check(x, analytic[0], false);
        if (analytic.length > 1 && second !== null) check(second, analytic[1], true);
      });
    }
  });
}

describe('gradients of tied minima and maxima', () => {
  it('∂∧ layer splits the gradient equally among tied inputs, as JAX does (paper init: all weights 0.3)', () => {
    // Binary inputs with equal weights tie every zero input at the minimum.
    const c: LayerCase = { layer: 'andLayer', m: 6, n: 1, attrs: {} as Record<string, never> };
    const x = Float32Array.from([0, 1, 0, 1, 0, 1]);
    const w = new Float32Array(6).fill(0.3);
    const [dx, dw] = layerGrads(c, 'fused', x, w, 1, Float32Array.from([1]));
    const [rdx, rdw] = layerGrads(c, 'reference', x, w, 1, Float32Array.from([1]));
    // ∂⇒(0.3, 0) = ∂∨(0, 0.7): d/dw = w − 3/4 = −0.45 in total, a third to each tied zero input.
    const share = -0.45 / 3;
    [0, 2, 4].forEach((i) => assert.ok(Math.abs(dw[i] - share) < 1e-6, `dw[${i}] = ${dw[i]}`));
    [1, 3, 5].forEach((i) => assert.equal(dw[i], 0));
    assert.ok(maxAbsDiff(dw, rdw) < 1e-6);
    assert.ok(maxAbsDiff(dx, rdx) < 1e-6);
  });

  it('∂∨ layer splits ties the same way', () => {
    const c: LayerCase = { layer: 'orLayer', m: 4, n: 1, attrs: {} as Record<string, never> };
    const x = Float32Array.from([1, 0, 1, 1]);
    const w = new Float32Array(4).fill(0.7);
    const [dx, dw] = layerGrads(c, 'fused', x, w, 1, Float32Array.from([1]));
    const [rdx, rdw] = layerGrads(c, 'reference', x, w, 1, Float32Array.from([1]));
    assert.ok(maxAbsDiff(dw, rdw) < 1e-6);
    assert.ok(maxAbsDiff(dx, rdx) < 1e-6);
    assert.equal(dw[1], 0);
    assert.ok(Math.abs(dw[0] - dw[2]) < 1e-7 && dw[0] !== 0);
  });
});

describe('layer input validation', () => {
  it('names the layer and both shapes when weights do not fit the input', () => {
    const x = tf.zeros([2, 3]) as tf.Tensor2D;
    const w = tf.zeros([4, 5]) as tf.Tensor2D;
    assert.throws(() => LAYERS.andLayer.fused(x, w, {} as Record<string, never>), /andLayer: .*x \[2,3\].*w \[4,5\]/);
  });

  it('rejects a group size that does not divide the input width', () => {
    const x = tf.zeros([2, 10]) as tf.Tensor2D;
    assert.throws(() => LAYERS.majorityLayer.fused(x, null, { groupSize: 4, packed: true }), /majorityLayer: input width 10 is not a multiple of groupSize 4/);
  });
});
