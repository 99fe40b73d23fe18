/**
 * User-facing data errors. The CLI prints `message` as its one-line cause (SPEC §6), so every
 * message starts with where the problem is — file, then line (or row), then column — and quotes
 * offending values on the same line (newlines in a value are escaped, long values cut).
 *
 * Rows of a file are named by their LINE: the line of the file on which the row starts, counted
 * from 1 with the header as line 1 and blank lines counted — the number an editor shows, and a
 * spreadsheet's row number while no cell above holds a line break (docs/data-files.md). Rows of
 * a table built in memory, which has no lines, are named `row N` (data rows counted from 1).
 */
import { displayPath } from '../util/stdin';

/** Where a data error happened. */
export interface DataLocation {
  path?: string;
  /** The line of the file on which the row starts (1-based, the header line counted). Wins over `row`. */
  line?: number;
  /** The data row (1-based, the header not counted), for tables that do not come from a file. */
  row?: number;
  column?: string;
}

export class DataError extends Error {
  override readonly name = 'DataError';
  readonly path: string | undefined;
  readonly line: number | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;

  /** `detail` says what is wrong; the location prefix (`file: row 7, column "age": `) is added. */
  constructor(detail: string, where: DataLocation = {}) {
    super(formatLocation(where) + detail);
    this.path = where.path;
    this.line = where.line;
    this.row = where.row;
    this.column = where.column;
  }
}

function formatLocation({ path, line, row, column }: DataLocation): string {
  const at = line !== undefined ? `line ${line}` : row !== undefined ? `row ${row}` : '';
  const place = [at, column === undefined ? '' : `column ${quote(column)}`]
    .filter((s) => s !== '')
    .join(', ');
  const parts = [path === undefined ? '' : displayPath(path), place].filter((s) => s !== '');
  return parts.length === 0 ? '' : `${parts.join(': ')}: `;
}

const MAX_QUOTED = 60;

/** A value as it appears in a message: JSON-quoted (so one line), cut to a readable length. */
export function quote(value: string): string {
  const cut = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(cut);
}
