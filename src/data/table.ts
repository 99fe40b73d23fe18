import { DataError } from './errors';

/**
 * A table of raw cells, as read from a file: every cell a string, every row as long as
 * `columns`. `rows[i]` is data row i + 1 in error messages (the header is not counted).
 */
export interface Table {
  /** The file it was read from (used in error messages). */
  path: string;
  columns: string[];
  rows: string[][];
}

/** Index of the column `name`, or a DataError naming the file and the column. */
export function columnIndex(table: Table, name: string): number {
  const index = table.columns.indexOf(name);
  if (index < 0) throw new DataError('no such column', { path: table.path, column: name });
  return index;
}
