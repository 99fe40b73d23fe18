/**
 * User-facing data errors. The CLI prints `message` as its one-line cause (SPEC §6), so every
 * message starts with where the problem is — file, then 1-based data row, then column — and
 * quotes offending values on the same line (newlines in a value are escaped, long values cut).
 */

/** Where a data error happened. `row` counts data rows from 1; the header row is not counted. */
export interface DataLocation {
  path?: string;
  row?: number;
  column?: string;
}

export class DataError extends Error {
  override readonly name = 'DataError';
  readonly path: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;

  /** `detail` says what is wrong; the location prefix (`file: row 7, column "age": `) is added. */
  constructor(detail: string, where: DataLocation = {}) {
    super(formatLocation(where) + detail);
    this.path = where.path;
    this.row = where.row;
    this.column = where.column;
  }
}

function formatLocation({ path, row, column }: DataLocation): string {
  const place = [row === undefined ? '' : `row ${row}`, column === undefined ? '' : `column ${quote(column)}`]
    .filter((s) => s !== '')
    .join(', ');
  const parts = [path ?? '', place].filter((s) => s !== '');
  return parts.length === 0 ? '' : `${parts.join(': ')}: `;
}

const MAX_QUOTED = 60;

/** A value as it appears in a message: JSON-quoted (so one line), cut to a readable length. */
export function quote(value: string): string {
  const cut = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(cut);
}
