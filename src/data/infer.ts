import { DataError, quote } from './errors';
import { type ColumnKind, isColumnKind, isMissing, type MissingPolicy, parseBoolean, parseNumber } from './schema';
import { columnIndex, rowPlace, type Table } from './table';

/**
 * The kind of a column from its values, missing cells ignored, first rule that fits:
 *  1. boolean     — every value is one of true/false, yes/no, 1/0 (case-insensitive). A column
 *                   need not hold both truth values: a bit that happens to be constant in the
 *                   training data must still be one input bit, or bit-matrix layouts would shift.
 *  2. numeric     — every value is a finite decimal number.
 *  3. categorical — anything else, and a column with no values at all.
 */
export function inferColumnKind(values: Iterable<string>): ColumnKind {
  let any = false;
  let boolean = true;
  let numeric = true;
  for (const cell of values) {
    if (isMissing(cell)) continue;
    any = true;
    if (boolean && parseBoolean(cell) === undefined) boolean = false;
    if (numeric && parseNumber(cell) === undefined) numeric = false;
    if (!boolean && !numeric) break;
  }
  if (!any) return 'categorical';
  return boolean ? 'boolean' : numeric ? 'numeric' : 'categorical';
}

export interface InferOptions {
  /** Kinds to use instead of inferring, by column name. */
  kinds?: Record<string, ColumnKind>;
  /** Missing cells: DataError (`'error'`, the default) or an extra "is missing" bit (`'bit'`). */
  missing?: MissingPolicy;
}

/** A feature column as the encoder fitter sees it. */
export interface FeatureColumn {
  name: string;
  /** Position in `table.columns`. */
  index: number;
  kind: ColumnKind;
  /** Whether any training cell is missing (only possible with `missing: 'bit'`). */
  hasMissing: boolean;
}

/** Resolves, checks and classifies the feature columns `names` of a training table. */
export function inferFeatureColumns(
  table: Table,
  names: readonly string[],
  options: InferOptions = {},
): FeatureColumn[] {
  const kinds = options.kinds ?? {};
  for (const [name, kind] of Object.entries(kinds)) {
    if (!names.includes(name))
      throw new DataError('kind given for a column that is not a feature', { path: table.path, column: name });
    // Kinds may come from a command line or a file, past the type checker.
    if (!isColumnKind(kind))
      throw new DataError(`unknown column kind ${quote(String(kind))}`, { path: table.path, column: name });
  }
  return names.map((name) => {
    const index = columnIndex(table, name);
    const values = table.rows.map((row) => row[index]);
    const missingRow = values.findIndex(isMissing);
    if (missingRow >= 0 && options.missing !== 'bit') {
      throw new DataError(`missing value ${quote(values[missingRow])} (allow with --missing bit)`, {
        ...rowPlace(table, missingRow),
        column: name,
      });
    }
    if (Object.hasOwn(kinds, name)) return { name, index, kind: kinds[name], hasMissing: missingRow >= 0 };
    const kind = inferColumnKind(values);
    if (kind === 'categorical') rejectStrayText(table, name, values);
    return { name, index, kind, hasMissing: missingRow >= 0 };
  });
}

/** Share of numeric values above which a few non-numbers look like junk, not categories. */
const MOSTLY_NUMERIC = 0.9;

/**
 * A numeric column with a few stray words ("12.5", "n/a!", "13.1", …) is almost always bad data:
 * silently treating it as categorical would turn every measurement into a category. Report the
 * first stray value instead; `--kind COLUMN=categorical` says it really is categorical.
 */
function rejectStrayText(table: Table, name: string, values: readonly string[]): void {
  let present = 0;
  let numbers = 0;
  let firstStray = -1;
  values.forEach((cell, row) => {
    if (isMissing(cell)) return;
    present++;
    if (parseNumber(cell) !== undefined) numbers++;
    else if (firstStray < 0) firstStray = row;
  });
  if (present >= 10 && numbers >= MOSTLY_NUMERIC * present) {
    throw new DataError(
      `${quote(values[firstStray])} is not a number in a column of numbers (say --kind ${name}=categorical if it is categorical)`,
      { ...rowPlace(table, firstStray), column: name },
    );
  }
}
