import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOptimizer, RAdamOptimizer } from '../../src/train/radam';
import { tf } from '../../src/tf';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/**
 * RAdam in plain float64, written from the paper's formulas independently of the tensor code:
 * the parameters after each of grads.length steps, and whether each step was rectified.
 */
function referenceRAdam(theta0: number[], grads: number[][], lr: number): { thetas: number[][]; rectified: boolean[] } {
  const theta = [...theta0];
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  const thetas: number[][] = [];
  const rectified: boolean[] = [];
  const rhoInf = 2 / (1 - BETA2) - 1;
  grads.forEach((g, step) => {
    const t = step + 1;
    const rhoT = rhoInf - (2 * t * BETA2 ** t) / (1 - BETA2 ** t);
    rectified.push(rhoT > 4);
    for (let i = 0; i < theta.length; i++) {
      m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
      v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
      const mHat = m[i] / (1 - BETA1 ** t);
      if (rhoT > 4) {
        const r = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        const vHat = Math.sqrt(v[i] / (1 - BETA2 ** t));
        theta[i] -= (lr * r * mHat) / (vHat + EPS);
      } else {
        theta[i] -= lr * mHat;
      }
    }
    thetas.push([...theta]);
  });
  return { thetas, rectified };
}

/** Gradients that differ per step and element, with both signs, several scales and a zero. */
function fixedGrads(steps: number, n: number): number[][] {
  return Array.from({ length: steps }, (_, s) =>
    Array.from({ length: n }, (_, i) => (i === n - 1 ? 0 : Math.sin(1.3 * s + 0.7 * i + 0.2) * 10 ** (i % 3 - 1))),
  );
}

/** A variable from a fresh tensor, which is disposed, so tensor counts see only the variable. */
function ownedVariable(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init);
  init.dispose();
  return v;
}

function assertClose(actual: ArrayLike<number>, expected: number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    assert.ok(d <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (|Δ| = ${d})`);
  }
}

describe('RAdamOptimizer', () => {
  it('matches a float64 reference step by step, before and after rectification starts', () => {
    const steps = 10;
    const theta0 = [0.5, -1.25, 2, 0.1, -0.3, 1];
    const grads = fixedGrads(steps, theta0.length);
    const lr = 0.1; // large, so a wrong branch or factor moves θ far beyond the tolerance
    const { thetas, rectified } = referenceRAdam(theta0, grads, lr);
    // With β2 = 0.999, ρt ≈ t − small: ρ4 ≈ 3.997, ρ5 ≈ 4.996. Threshold 4 rectifies from t = 5.
    assert.deepEqual(rectified, [false, false, false, false, true, true, true, true, true, true]);

    const x = ownedVariable(tf.tensor1d(theta0));
    const opt = new RAdamOptimizer({ learningRate: lr });
    for (let s = 0; s < steps; s++) {
      const g = tf.tensor1d(grads[s]);
      opt.applyGradients({ [x.name]: g });
      g.dispose();
      assertClose(x.dataSync(), thetas[s], 1e-5, `θ after step ${s + 1}`);
    }
    assert.equal(opt.iterations, steps);
    opt.dispose();
    x.dispose();
  });

  it('keeps separate moments per variable and accepts gradients as a list', () => {
    const a0 = [1, -2];
    const b0 = [[0.5, 0.25], [-0.75, 3]];
    const ga = fixedGrads(6, 2);
    const gb = fixedGrads(6, 4).map((g) => g.map((x) => -2 * x));
    const refA = referenceRAdam(a0, ga, 0.05).thetas;
    const refB = referenceRAdam(b0.flat(), gb, 0.05).thetas;
    const a = ownedVariable(tf.tensor1d(a0));
    const b = ownedVariable(tf.tensor2d(b0));
    const opt = new RAdamOptimizer({ learningRate: 0.05 });
    for (let s = 0; s < 6; s++) {
      const tga = tf.tensor1d(ga[s]);
      const tgb = tf.tensor2d(gb[s], [2, 2]);
      opt.applyGradients([{ name: a.name, tensor: tga }, { name: b.name, tensor: tgb }]);
      tf.dispose([tga, tgb]);
      assertClose(a.dataSync(), refA[s], 1e-5, `a after step ${s + 1}`);
      assertClose(b.dataSync(), refB[s], 1e-5, `b after step ${s + 1}`);
    }
    opt.dispose();
    tf.dispose([a, b]);
  });

  it('minimizes a quadratic to near zero', () => {
    const target = tf.tensor1d([1, 2, -1]);
    const x = ownedVariable(tf.tensor1d([3, -2, 0.5]));
    const opt = new RAdamOptimizer({ learningRate: 0.05 });
    const loss = (): tf.Scalar => tf.sum(tf.square(tf.sub(x, target)));
    const initial = tf.tidy(() => loss().dataSync()[0]);
    for (let s = 0; s < 1000; s++) opt.minimize(loss);
    const final = tf.tidy(() => loss().dataSync()[0]);
    assert.ok(initial > 10, `initial loss ${initial}`);
    assert.ok(final < 1e-6, `final loss ${final}`);
    assertClose(x.dataSync(), [1, 2, -1], 1e-3, 'x');
    opt.dispose();
    tf.dispose([x, target]);
  });

  it('leaks no tensors: steady across steps, back to the start after dispose', () => {
    const start = tf.memory().numTensors;
    const x = ownedVariable(tf.tensor2d([[1, 2], [3, 4]]));
    const opt = new RAdamOptimizer({ learningRate: 0.01 });
    const loss = (): tf.Scalar => tf.sum(tf.square(x));
    opt.minimize(loss); // the first step creates the two moment variables
    const afterFirst = tf.memory().numTensors;
    assert.equal(afterFirst, start + 1 + 2);
    for (let s = 0; s < 20; s++) {
      opt.minimize(loss); // crosses from the momentum branch into the rectified one at t = 5
      assert.equal(tf.memory().numTensors, afterFirst, `step ${s + 2}`);
    }
    opt.dispose();
    x.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it('getWeights/setWeights round-trip: a restored optimizer continues identically', async () => {
    const x = ownedVariable(tf.tensor1d([0.8, -0.4, 1.5]));
    const loss = (): tf.Scalar => tf.sum(tf.mul(tf.square(tf.sub(x, 0.2)), tf.tensor1d([1, 3, 0.5])));
    const original = new RAdamOptimizer({ learningRate: 0.03 });
    for (let s = 0; s < 3; s++) original.minimize(loss);

    // The moments are live variables; copy them (and θ) before stepping on.
    const saved = (await original.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    assert.deepEqual(saved.map((w) => w.name), ['iter', `${x.name}/m`, `${x.name}/v`]);
    const theta3 = x.clone();

    // Steps 4..8 span the switch to the rectified branch at t = 5.
    const continued: number[][] = [];
    for (let s = 0; s < 5; s++) {
      original.minimize(loss);
      continued.push(Array.from(x.dataSync()));
    }

    const restored = new RAdamOptimizer({ learningRate: 0.03 });
    await restored.setWeights(saved);
    tf.dispose(saved.map((w) => w.tensor)); // restored holds its own references
    assert.equal(restored.iterations, 3);
    x.assign(theta3);
    for (let s = 0; s < 5; s++) {
      restored.minimize(loss);
      assert.deepEqual(Array.from(x.dataSync()), continued[s], `step ${s + 4}`);
    }

    tf.dispose([x, theta3]);
    original.dispose();
    restored.dispose();
  });

  it('serializes its config under the name RAdam', () => {
    const opt = new RAdamOptimizer({ learningRate: 0.01, beta2: 0.99 });
    assert.equal(opt.getClassName(), 'RAdam');
    const copy = RAdamOptimizer.fromConfig(RAdamOptimizer, opt.getConfig());
    assert.equal(copy.getClassName(), 'RAdam');
    assert.deepEqual(copy.getConfig(), { learningRate: 0.01, beta1: 0.9, beta2: 0.99, epsilon: 1e-8 });
    assert.equal(tf.serialization.SerializationMap.getMap().classNameMap.RAdam?.[0], RAdamOptimizer);
  });
});

describe('createOptimizer', () => {
  it('builds RAdam or tfjs Adam with the given learning rate', () => {
    // Not instanceof: tf.Optimizer defines Symbol.hasInstance as duck typing, so every
    // optimizer is an "instance" of every optimizer class.
    const radam = createOptimizer('radam', 0.01);
    assert.equal(radam.getClassName(), 'RAdam');
    assert.equal(radam.getConfig().learningRate, 0.01);
    const adam = createOptimizer('adam', 0.02);
    assert.equal(adam.getClassName(), 'Adam');
    assert.equal(adam.getConfig().learningRate, 0.02);
    radam.dispose();
    adam.dispose();
  });

  it('refuses a learning rate that is not a finite number > 0', () => {
    for (const name of ['radam', 'adam'] as const) {
      for (const rate of [0, -0.01, Number.NaN, Infinity]) {
        assert.throws(() => createOptimizer(name, rate), /learning rate must be a finite number > 0/, `${name} ${rate}`);
      }
    }
  });
});
