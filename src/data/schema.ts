/**
 * Column kinds and the cell vocabulary shared by inference and encoding, so that a value the
 * inference accepts is exactly a value the encoder can encode.
 */
import { isOneOf } from '../util/one_of';

export const COLUMN_KINDS = ['numeric', 'categorical', 'boolean'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export function isColumnKind(value: string): value is ColumnKind {
  return isOneOf(COLUMN_KINDS, value);
}

/**
 * What to do with missing cells in feature columns: `'error'` (the default) rejects them with a
 * DataError naming row and column; `'bit'` gives each column that has any an extra
 * "is missing" bit. Labels may never be missing.
 */
export type MissingPolicy = 'error' | 'bit';

/**
 * Cells that mean "no value", compared exactly after trimming. Case-sensitive on purpose: "na"
 * or "Na" (sodium) may be a real category; "NA", "NULL" and "?" are what R, SQL dumps and the
 * UCI repository write.
 */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'NULL', '?'];
const MISSING = new Set(MISSING_TOKENS);

export function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim());
}

/** Plain decimal notation only: no hex, no "Infinity", no "NaN" (Number() would take those). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The finite number a cell holds, or undefined. */
export function parseNumber(cell: string): number | undefined {
  const text = cell.trim();
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Boolean cells, case-insensitive. 0/1 count as boolean so bit-matrix columns stay one bit each. */
export const TRUE_TOKENS: readonly string[] = ['true', 'yes', '1'];
export const FALSE_TOKENS: readonly string[] = ['false', 'no', '0'];

/** The boolean a cell holds, or undefined. */
export function parseBoolean(cell: string): boolean | undefined {
  const text = cell.trim().toLowerCase();
  if (TRUE_TOKENS.includes(text)) return true;
  if (FALSE_TOKENS.includes(text)) return false;
  return undefined;
}

/**
 * The column `dbnc predict` and the SQL target add to their output. No feature may have this
 * name: the output would hold two such columns, and a CSV written by `dbnc predict` would feed
 * a model's own earlier predictions back in as a feature.
 */
export const PREDICTION_COLUMN = 'prediction';
