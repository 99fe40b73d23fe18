import { DataError, quote, type DataLocation } from './errors';

/**
 * A table of raw cells, as read from a file: every cell a string, every row as long as
 * `columns`. Error messages name `rows[i]` by `lines[i]` when the table has lines (it was read
 * from a file), else as data row `i + 1` (see `rowPlace`).
 */
export interface Table {
  /** The file it was read from (used in error messages). */
  path: string;
  columns: string[];
  rows: string[][];
  /**
   * Per row, the line of the file on which it starts (1-based, the header line and blank lines
   * counted): what error messages call the row. Absent for tables built in memory.
   */
  lines?: number[];
}

/** Where `rows[r]` is, for a DataError: its line in the file, else its data-row number. */
export function rowPlace(table: Table, r: number): DataLocation {
  const line = table.lines?.[r];
  return line !== undefined ? { path: table.path, line } : { path: table.path, row: r + 1 };
}

/** Index of the column `name`, or a DataError naming the file and the column. */
export function columnIndex(table: Table, name: string): number {
  const index = table.columns.indexOf(name);
  if (index < 0) throw new DataError(`no such column (the columns are ${listColumns(table.columns)})${separatorHint(table.columns)}`, { path: table.path, column: name });
  return index;
}

/**
 * A file whose only column name holds semicolons or tabs was most likely written with another
 * separator (spreadsheets in many locales export `;`): say so, since the column list alone
 * looks like one long name.
 */
function separatorHint(columns: readonly string[]): string {
  if (columns.length !== 1) return '';
  const separator = [';', '\t', '|'].find((s) => columns[0].includes(s));
  return separator === undefined ? '' : `; the header looks ${JSON.stringify(separator)}-separated, but dbnc reads comma-separated values`;
}

/** Most column names listed in a "no such column" message. */
const LISTED_COLUMNS = 12;

function listColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, LISTED_COLUMNS).map(quote).join(', ');
  return columns.length > LISTED_COLUMNS ? `${shown}, … ${columns.length} in all` : shown;
}
