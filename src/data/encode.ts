import { DataError, quote } from './errors';
import { inferFeatureColumns, type FeatureColumn } from './infer';
import { orderLabels } from './labels';
import { featureBits } from './predicate';
import {
  type ColumnKind,
  FALSE_TOKENS,
  isMissing,
  type MissingPolicy,
  parseBoolean,
  parseNumber,
  PREDICTION_COLUMN,
  TRUE_TOKENS,
} from './schema';
import type { EncoderSpec, FeatureEncoder } from './spec';
import { columnIndex, rowPlace, type Table } from './table';
import { entropyThresholds } from './entropy_thresholds';
import type { ThresholdMethod } from './threshold_methods';
import { quantileThresholds } from './thresholds';

export { encoderSpecSchema, type EncoderSpec, type FeatureEncoder } from './spec';

/**
 * Thresholds per numeric feature unless told otherwise. Four quantile cuts held out UCI Iris
 * better than eight (a fixed 120/30 split, seeds 1–4: 96.7% every seed vs 83–90%) and make
 * shorter rules; `--thresholds` raises it where features need finer cuts.
 */
export const DEFAULT_THRESHOLDS = 4;

export interface FitOptions {
  /** Most thresholds per numeric feature (default DEFAULT_THRESHOLDS); ties can leave fewer. */
  thresholds?: number;
  /**
   * Where numeric thresholds go: `quantile` (default) spreads them over the values, no labels
   * used; `entropy` puts them where the class mix changes (entropy_thresholds.ts), reading the
   * labels of `labelledRows` only.
   */
  thresholdMethod?: ThresholdMethod;
  /** The rows whose labels `entropy` thresholds may use — the training rows, never held-out ones. Default: all. */
  labelledRows?: Iterable<number>;
  /** Column kinds to use instead of inferring them (see `inferColumnKind`). */
  kinds?: Record<string, ColumnKind>;
  /** Missing feature cells: DataError (default) or an extra "is missing" bit per affected column. */
  missing?: MissingPolicy;
  /** Feature columns, in bit order. Default: every column but the label, in table order. */
  features?: readonly string[];
}

export { THRESHOLD_METHODS, type ThresholdMethod } from './threshold_methods';

export interface FitResult {
  encoders: EncoderSpec;
  /** The class labels in class-number order (`orderLabels`); the same array as `encoders.label.classes`. */
  labels: string[];
}

/**
 * Fits the input encoding to a training table: per feature a thermometer code (numeric), a
 * one-hot code over the sorted training categories (categorical) or one bit (boolean), plus an
 * "is missing" bit where the training column has missing cells (with `missing: 'bit'`).
 */
export function fitEncoders(table: Table, labelColumn: string, options: FitOptions = {}): FitResult {
  const count = options.thresholds ?? DEFAULT_THRESHOLDS;
  if (!Number.isInteger(count) || count < 1) {
    throw new DataError(`the threshold count must be a positive integer, got ${count}`);
  }
  const labelIndex = columnIndex(table, labelColumn);
  const names = options.features ?? table.columns.filter((c) => c !== labelColumn);
  if (names.includes(labelColumn))
    throw new DataError('the label column cannot also be a feature', { path: table.path, column: labelColumn });
  if (names.includes(PREDICTION_COLUMN)) {
    throw new DataError(
      `a feature may not be named "${PREDICTION_COLUMN}": dbnc predict and the SQL query add that column to their output (a leftover prediction would also leak into training); rename or drop it`,
      { path: table.path, column: PREDICTION_COLUMN },
    );
  }
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new DataError('feature listed twice', { path: table.path, column: twice });
  const labels = orderLabels(table.rows.map((row, r) => labelCell(table, row, r, labelIndex, labelColumn)));
  const cuts = thresholdFitter(table, labelIndex, labels, options, count);
  const features = inferFeatureColumns(table, names, options).map((column) => fitFeature(table, column, cuts));
  return { encoders: { version: 1, features, label: { column: labelColumn, classes: labels } }, labels };
}

/** Thresholds of a numeric column from its present (row, value) pairs. */
type ThresholdFitter = (present: ReadonlyArray<{ row: number; value: number }>) => number[];

function thresholdFitter(table: Table, labelIndex: number, classes: readonly string[], options: FitOptions, count: number): ThresholdFitter {
  const method = options.thresholdMethod ?? 'quantile';
  if (method === 'quantile') return (present) => quantileThresholds(present.map((p) => p.value), count);
  const classOf = new Map(classes.map((label, i) => [label, i]));
  // Class numbers of the labelled rows, looked up once for every numeric column; -1 = not labelled.
  const rowClass = new Int32Array(table.rows.length).fill(-1);
  for (const r of options.labelledRows ?? table.rows.keys()) rowClass[r] = classOf.get(table.rows[r][labelIndex].trim()) ?? 0;
  return (present) => {
    const rows = present.filter((p) => rowClass[p.row] >= 0);
    return entropyThresholds(
      rows.map((p) => p.value),
      rows.map((p) => rowClass[p.row]),
      classes.length,
      count,
    );
  };
}

function fitFeature(table: Table, column: FeatureColumn, fitThresholds: ThresholdFitter): FeatureEncoder {
  const { name, index, kind } = column;
  const missingBit = column.hasMissing;
  const present = table.rows.map((row, r) => ({ cell: row[index], row: r })).filter(({ cell }) => !isMissing(cell));
  switch (kind) {
    case 'numeric': {
      const values = present.map(({ cell, row }) => ({ row, value: numberCell(table, cell, row, name) }));
      return { kind, column: name, thresholds: fitThresholds(values), missingBit };
    }
    case 'categorical': {
      // Code-unit order, as for labels: stable across locales and row orders.
      const categories = [...new Set(present.map(({ cell }) => cell.trim()))].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      return { kind, column: name, categories, missingBit };
    }
    case 'boolean':
      // Checked here too, for a kind given by the user rather than inferred.
      for (const { cell, row } of present) booleanCell(table, cell, row, name);
      return { kind, column: name, missingBit };
  }
}

export interface EncodedRows {
  /** rows × nBits input bits, row-major, each 0 or 1. */
  bits: Uint8Array;
  nBits: number;
  nRows: number;
  /** Class numbers (indices into `encoders.label.classes`), when a label column was given. */
  labels?: Int32Array;
}

/**
 * Encodes a table's rows into input bits. Columns are found by name, so extra or reordered
 * columns are fine. DataErrors (each naming file, row and column): a missing feature column; a
 * non-numeric value in a numeric column; a value that is not true/false/yes/no/1/0 in a boolean
 * column; a category not seen in training (an unseen category has no bit, and silently
 * encoding it as "none of the known ones" would hide data drift); a missing cell in a column
 * without an "is missing" bit; and, with `labelColumn`, a missing or unknown label.
 */
export function encodeRows(encoders: EncoderSpec, table: Table, labelColumn?: string): EncodedRows {
  const writers = encoders.features.map((encoder) => featureWriter(table, encoder));
  const nBits = writers.reduce((sum, w) => sum + w.width, 0);
  const nRows = table.rows.length;
  const bits = new Uint8Array(nRows * nBits);
  table.rows.forEach((row, r) => {
    let offset = r * nBits;
    for (const writer of writers) {
      writer.write(row, r, bits, offset);
      offset += writer.width;
    }
  });
  if (labelColumn === undefined) return { bits, nBits, nRows };
  const labelIndex = columnIndex(table, labelColumn);
  const classOf = new Map(encoders.label.classes.map((label, i) => [label, i]));
  const labels = Int32Array.from(table.rows, (row, r) => {
    const label = labelCell(table, row, r, labelIndex, labelColumn);
    const index = classOf.get(label);
    if (index === undefined) {
      throw new DataError(`unknown label ${quote(label)} (the model knows ${encoders.label.classes.length} classes)`, {
        ...rowPlace(table, r),
        column: labelColumn,
      });
    }
    return index;
  });
  return { bits, nBits, nRows, labels };
}

interface FeatureWriter {
  width: number;
  /** Writes the feature's bits of `row` (= `table.rows[r]`) at `bits[offset..offset+width)`, all 0 beforehand. */
  write(row: readonly string[], r: number, bits: Uint8Array, offset: number): void;
}

function featureWriter(table: Table, encoder: FeatureEncoder): FeatureWriter {
  const index = columnIndex(table, encoder.column);
  const name = encoder.column;
  const width = featureBits(encoder).length;
  const valueBits = encoder.missingBit ? width - 1 : width;
  const writeValue = valueWriter(table, encoder);
  return {
    width,
    write(row, r, bits, offset) {
      const cell = row[index];
      if (!isMissing(cell)) {
        writeValue(cell, r, bits, offset);
      } else if (encoder.missingBit) {
        // The value bits stay 0: `x > t`, `x = "c"` and `x is true` are all false for a missing x.
        bits[offset + valueBits] = 1;
      } else {
        throw new DataError(`missing value ${quote(cell)} (the training data had none in this column, so the model has no "is missing" bit for it)`, {
          ...rowPlace(table, r),
          column: name,
        });
      }
    },
  };
}

/** Writes the bits of a present cell of row `r`. */
type ValueWriter = (cell: string, r: number, bits: Uint8Array, offset: number) => void;

function valueWriter(table: Table, encoder: FeatureEncoder): ValueWriter {
  const name = encoder.column;
  switch (encoder.kind) {
    case 'numeric': {
      const { thresholds } = encoder;
      return (cell, r, bits, offset) => {
        const x = numberCell(table, cell, r, name);
        for (let k = 0; k < thresholds.length; k++) bits[offset + k] = x > thresholds[k] ? 1 : 0;
      };
    }
    case 'categorical': {
      const position = new Map(encoder.categories.map((c, i) => [c, i]));
      return (cell, r, bits, offset) => {
        const k = position.get(cell.trim());
        if (k === undefined) {
          throw new DataError(`unseen category ${quote(cell.trim())} (not in the training data)`, {
            ...rowPlace(table, r),
            column: name,
          });
        }
        bits[offset + k] = 1;
      };
    }
    case 'boolean':
      return (cell, r, bits, offset) => {
        bits[offset] = booleanCell(table, cell, r, name) ? 1 : 0;
      };
  }
}

/** The number in a cell of row `r`, or a DataError naming its line and column. */
function numberCell(table: Table, cell: string, r: number, column: string): number {
  const x = parseNumber(cell);
  if (x === undefined)
    throw new DataError(`non-numeric value ${quote(cell)} in a numeric column`, {
      ...rowPlace(table, r),
      column,
    });
  return x;
}

function booleanCell(table: Table, cell: string, r: number, column: string): boolean {
  const b = parseBoolean(cell);
  if (b === undefined) {
    const expected = TRUE_TOKENS.map((t, i) => `${t}/${FALSE_TOKENS[i]}`).join(', ');
    throw new DataError(`${quote(cell)} is not a boolean (expected ${expected})`, {
      ...rowPlace(table, r),
      column,
    });
  }
  return b;
}

function labelCell(table: Table, row: readonly string[], r: number, labelIndex: number, column: string): string {
  const cell = row[labelIndex];
  if (isMissing(cell)) throw new DataError(`missing label ${quote(cell)}`, { ...rowPlace(table, r), column });
  return cell.trim();
}
