/**
 * The peers' view of a table: the numbers a user would hand scikit-learn-style tools — numeric
 * columns as read, one 0/1 column per category, 0/1 for booleans (and for bit-matrix bits) —
 * and the standardization the linear model and the MLP need.
 */
import type { EncoderSpec } from '../../src/data/spec';
import { isMissing, parseBoolean, parseNumber } from '../../src/data/schema';
import { columnIndex, type Table } from '../../src/data/table';
import type { NumericSet } from './types';

/** The numeric column names a table's encoders give peers (`supplier=Acme` per category). */
export function numericNames(encoders: EncoderSpec): string[] {
  return encoders.features.flatMap((f) => (f.kind === 'categorical' ? f.categories.map((c) => `${f.column}=${c}`) : [f.column]));
}

/**
 * The rows of `table` as numbers, column by column as `encoders` describe them, labelled with
 * the class numbers dbnc's encoding gave the same rows. Categories and columns come from the
 * encoders (fitted on the training rows), so train and test rows get the same columns.
 */
export function numericRows(encoders: EncoderSpec, table: Table, labels: Int32Array): NumericSet {
  const width = numericNames(encoders).length;
  const x = new Float64Array(table.rows.length * width);
  const fail = (r: number, column: string, what: string): never => {
    throw new Error(`${table.path}: row ${r + 1}, column ${column}: ${what}`);
  };
  let offset = 0;
  for (const encoder of encoders.features) {
    const index = columnIndex(table, encoder.column);
    const span = encoder.kind === 'categorical' ? encoder.categories.length : 1;
    table.rows.forEach((row, r) => {
      const cell = row[index];
      const at = r * width + offset;
      if (isMissing(cell)) fail(r, encoder.column, 'missing value (the peer benchmark has no missing-value policy)');
      switch (encoder.kind) {
        case 'numeric':
          x[at] = parseNumber(cell) ?? fail(r, encoder.column, `"${cell}" is not a number`);
          break;
        case 'boolean':
          x[at] = (parseBoolean(cell) ?? fail(r, encoder.column, `"${cell}" is not a boolean`)) ? 1 : 0;
          break;
        case 'categorical': {
          const k = encoder.categories.indexOf(cell.trim());
          if (k < 0) fail(r, encoder.column, `category "${cell.trim()}" is not in the training rows`);
          x[at + k] = 1;
          break;
        }
      }
    });
    offset += span;
  }
  if (labels.length !== table.rows.length) throw new Error(`${table.path}: ${labels.length} labels for ${table.rows.length} rows`);
  return { rows: table.rows.length, width, x, labels };
}

/** Bits (row-major 0/1 bytes) as numbers: how the peers get bit-matrix data and binarized MNIST. */
export function bitsAsNumbers(bits: Uint8Array, rows: number, width: number, labels: Int32Array): NumericSet {
  return { rows, width, x: Float64Array.from(bits), labels };
}

/** Column means and standard deviations of the training rows (a constant column gets sd 1). */
export interface Standardizer {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

export function fitStandardizer(set: NumericSet): Standardizer {
  const mean = new Float64Array(set.width);
  const sd = new Float64Array(set.width);
  for (let r = 0; r < set.rows; r++) for (let j = 0; j < set.width; j++) mean[j] += set.x[r * set.width + j];
  for (let j = 0; j < set.width; j++) mean[j] /= Math.max(1, set.rows);
  for (let r = 0; r < set.rows; r++) {
    for (let j = 0; j < set.width; j++) sd[j] += (set.x[r * set.width + j] - mean[j]) ** 2;
  }
  for (let j = 0; j < set.width; j++) {
    const s = Math.sqrt(sd[j] / Math.max(1, set.rows));
    // A column constant on the training rows carries no information; sd 1 keeps it finite.
    sd[j] = s > 1e-12 ? s : 1;
  }
  return { mean, sd };
}

/** `set` with every column centred and scaled by the training rows' statistics. */
export function standardize(set: NumericSet, by: Standardizer): NumericSet {
  const x = new Float64Array(set.x.length);
  for (let r = 0; r < set.rows; r++) {
    for (let j = 0; j < set.width; j++) x[r * set.width + j] = (set.x[r * set.width + j] - by.mean[j]) / by.sd[j];
  }
  return { ...set, x };
}

/** Rows as arrays of numbers (the form the mljs packages take). */
export function toRowArrays(set: NumericSet): number[][] {
  return Array.from({ length: set.rows }, (_, r) => Array.from(set.x.subarray(r * set.width, (r + 1) * set.width)));
}
