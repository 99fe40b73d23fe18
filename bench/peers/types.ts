/**
 * The shapes the peer benchmark passes around: one seed's split of one data set, as dbnc sees it
 * (input bits) and as the peers see it (numbers), built once so every method gets the same rows.
 */
import type { EncoderSpec } from '../../src/data/spec';
import type { BitDataset } from '../../src/train/dataset';
import { isOneOf } from '../../src/util/one_of';

export const DATASET_NAMES = ['iris', 'binary-iris', 'noisy-xor', 'parts', 'mnist'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const METHOD_NAMES = ['dbnc', 'cart', 'logreg', 'mlp'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export function isDatasetName(name: string): name is DatasetName {
  return isOneOf(DATASET_NAMES, name);
}

/** Rows of numeric features (row-major) with class indices. */
export interface NumericSet {
  readonly rows: number;
  readonly width: number;
  readonly x: Float64Array;
  readonly labels: Int32Array;
}

/** One seed's train/test split of one data set, in both representations, row for row. */
export interface TaskSplit {
  readonly dataset: DatasetName;
  readonly seed: number;
  readonly classes: readonly string[];
  /**
   * Row numbers (0-based, in the data set's source order) of the training and test rows, in the
   * order both representations hold them. For Noisy XOR they index the training and the test
   * file respectively.
   */
  readonly trainIds: Int32Array;
  readonly testIds: Int32Array;
  /** What dbnc trains on: encoders fitted on the training rows, and the encoded bits. */
  readonly bits: { readonly encoders: EncoderSpec; readonly train: BitDataset; readonly test: BitDataset };
  /**
   * What the peers train on: raw numbers (numeric columns as read, one-hot categoricals, 0/1
   * booleans and bits), not standardized — methods that need it standardize on the training rows.
   */
  readonly numeric: { readonly names: readonly string[]; readonly train: NumericSet; readonly test: NumericSet };
}

/** What one method scored on one split. */
export interface MethodRun {
  /** Test accuracy, a fraction in [0, 1]. */
  readonly accuracy: number;
  readonly modelBytes: number;
  /** Literals of the model as rules (null where a model has no rule form). */
  readonly literals: number | null;
  readonly trainSeconds: number;
  /** Method-specific figures (tree depth, compile guarantee, …). */
  readonly details: Readonly<Record<string, number | string>>;
}

/** A method's settings as printed: flat, JSON-friendly. */
export type Settings = Readonly<Record<string, number | string | boolean>>;
