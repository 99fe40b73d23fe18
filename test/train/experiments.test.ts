import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { MNIST_DIGITS, MNIST_PIXELS, MNIST_TRAIN_ROWS, loadMnistGrey, mnistSplit } from '../../src/data/mnist';
import {
  EXPERIMENTS,
  experimentArch,
  experimentData,
  runExperimentSeed,
  summarize,
  type ExperimentName,
  type SeedResult,
} from '../../src/train/experiments';
import { PRESETS } from '../../src/nets/presets';
import { tf } from '../../src/tf';

const DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

function assertFraction(value: number, what: string): void {
  assert.ok(Number.isFinite(value) && value >= 0 && value <= 1, `${what} = ${value} is not in [0, 1]`);
}

function checkResult(r: SeedResult, name: ExperimentName, epochs: number, trainRows: number, testRows: number, weightBytes: number): void {
  assert.equal(r.name, name);
  assert.equal(r.epochs, epochs);
  assert.equal(r.epochsDone, epochs);
  assert.equal(r.trainRows, trainRows);
  assert.equal(r.testRows, testRows);
  assert.equal(r.weightBytes, weightBytes);
  assert.equal(r.learningRate, 0.01);
  assert.equal(r.batchSize, EXPERIMENTS[name].batchSize);
  for (const key of ['hardAcc', 'softAcc', 'trainAcc', 'fidelity'] as const) assertFraction(r[key], key);
  assert.equal(r.fidelity, 1, `${r.disagreements} rows where soft and hard nets disagree`);
  assert.equal(r.disagreements, 0);
  assert.equal(r.softAcc, r.hardAcc);
  assert.ok(r.trainSeconds > 0);
  assert.ok(Number.isFinite(r.finalLoss));
}

describe('paper experiment runners', () => {
  it('binary-iris: one seed × 60 epochs, hard and soft nets agree on every row', () => {
    const before = tf.memory().numTensors;
    const r = runExperimentSeed('binary-iris', { seed: 1, dataDir: DATA_DIR, epochs: 60 });
    checkResult(r, 'binary-iris', 60, 120, 30, 236);
    assert.equal(tf.memory().numTensors, before, 'the runner leaks no tensors');

    const s = summarize('binary-iris', [r]);
    assert.equal(s.seeds, 1);
    assert.equal(s.meanAcc, r.hardAcc);
    assert.equal(s.stdAcc, 0);
    assert.equal(s.fidelity, 1);
    assert.deepEqual(s.fidelityFailures, []);
    assert.equal(s.weightBytes, 236);
  });

  it('binary-iris: the 80/20 split is a partition drawn from the seed', () => {
    const a = experimentData('binary-iris', { seed: 5, dataDir: DATA_DIR });
    const b = experimentData('binary-iris', { seed: 5, dataDir: DATA_DIR });
    const c = experimentData('binary-iris', { seed: 6, dataDir: DATA_DIR });
    assert.deepEqual(a.testSet.bits, b.testSet.bits);
    assert.notDeepEqual(a.testSet.bits, c.testSet.bits);
    const rowKey = (bits: Uint8Array, r: number, label: number): string => `${bits.subarray(r * 16, (r + 1) * 16).join('')}:${label}`;
    const all = (d: typeof a.trainSet): string[] => Array.from({ length: d.rows }, (_, r) => rowKey(d.bits, r, d.labels[r]));
    // Together the two sets hold the 150 rows exactly (as a multiset).
    const together = [...all(a.trainSet), ...all(a.testSet)].sort();
    const full = experimentData('binary-iris', { seed: 7, dataDir: DATA_DIR });
    assert.deepEqual(together, [...all(full.trainSet), ...all(full.testSet)].sort());
  });

  it('noisy-xor: one seed × 3 epochs on the paper files', () => {
    const r = runExperimentSeed('noisy-xor', { seed: 1, dataDir: DATA_DIR, epochs: 3 });
    checkResult(r, 'noisy-xor', 3, 5000, 5000, 288);
  });

  it('--majority replaces the ∂Maj of the majority layers only, and the net still hardens exactly', () => {
    assert.equal(experimentArch('noisy-xor'), PRESETS['xor-paper']);
    for (const [name, preset] of [['noisy-xor', 'xor-paper'], ['mnist', 'mnist-paper'], ['binary-iris', 'iris-paper']] as const) {
      for (const form of ['packed', 'plain'] as const) {
        const arch = experimentArch(name, form);
        assert.deepEqual(
          arch.layers,
          PRESETS[preset].layers.map((l) => (l.kind === 'majority' ? { ...l, packed: form === 'packed' } : l)),
          `${name} ${form}`,
        );
        assert.deepEqual({ ...arch, layers: [] }, { ...PRESETS[preset], layers: [] });
      }
    }
    const r = runExperimentSeed('noisy-xor', { seed: 1, dataDir: DATA_DIR, epochs: 3, majority: 'packed' });
    checkResult(r, 'noisy-xor', 3, 5000, 5000, 288);
  });

  it('summarize reports spread over seeds and every fidelity failure', () => {
    const base = runExperimentSeed('binary-iris', { seed: 2, dataDir: DATA_DIR, epochs: 1 });
    const s = summarize('binary-iris', [
      { ...base, seed: 1, hardAcc: 0.9 },
      { ...base, seed: 2, hardAcc: 1, fidelity: 0.99, disagreements: 1 },
    ]);
    assert.ok(Math.abs(s.meanAcc - 0.95) < 1e-12);
    assert.ok(Math.abs(s.stdAcc - Math.sqrt(0.005)) < 1e-12);
    assert.equal(s.minAcc, 0.9);
    assert.equal(s.maxAcc, 1);
    assert.equal(s.fidelity, 0.99);
    assert.deepEqual(s.fidelityFailures, [{ seed: 2, fidelity: 0.99, disagreements: 1 }]);
  });
});

describe('mnist loader', () => {
  it('reads 10,000 digits of 784 grey levels with labels 0–9, binarised at 0.3', () => {
    const grey = loadMnistGrey();
    assert.equal(grey.rows, MNIST_DIGITS);
    assert.equal(grey.pixels.length, MNIST_DIGITS * MNIST_PIXELS);
    const counts = new Array<number>(10).fill(0);
    grey.labels.forEach((label) => counts[label]++);
    assert.equal(counts.reduce((s, c) => s + c, 0), MNIST_DIGITS);
    assert.ok(counts.every((c) => c > 800), `every class is present: ${counts.join(',')}`);

    const { trainSet, testSet } = mnistSplit();
    assert.equal(trainSet.rows, MNIST_TRAIN_ROWS);
    assert.equal(testSet.rows, MNIST_DIGITS - MNIST_TRAIN_ROWS);
    for (const set of [trainSet, testSet]) {
      assert.equal(set.inputs, MNIST_PIXELS);
      assert.equal(set.bits.length, set.rows * MNIST_PIXELS);
      assert.ok(set.bits.every((b) => b === 0 || b === 1));
      assert.ok(set.labels.every((l) => Number.isInteger(l) && l >= 0 && l <= 9));
    }
    // Test row k is digit 8000 + k of the fixed order, thresholded strictly above 0.3.
    for (const k of [0, 777, 1999]) {
      for (let p = 0; p < MNIST_PIXELS; p++) {
        const v = grey.pixels[(MNIST_TRAIN_ROWS + k) * MNIST_PIXELS + p];
        assert.equal(testSet.bits[k * MNIST_PIXELS + p], v > 0.3 ? 1 : 0);
      }
      assert.equal(testSet.labels[k], grey.labels[MNIST_TRAIN_ROWS + k]);
    }
    // The test split holds every class (the fixed order is shuffled, not sorted by class).
    assert.equal(new Set(testSet.labels).size, 10);
    const ink = trainSet.bits.reduce((s, b) => s + b, 0) / trainSet.bits.length;
    assert.ok(ink > 0.05 && ink < 0.3, `share of ink pixels ${ink}`);
  });
});
