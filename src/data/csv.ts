import { parse } from 'csv-parse/sync';
import { DataError, quote } from './errors';
import { isBlank, readTextFile } from './file';
import type { Table } from './table';

/**
 * Reads a CSV file with a header row (RFC 4180: quoted fields may hold commas, quotes and
 * newlines; CRLF or LF line ends; an optional UTF-8 BOM). Blank lines are skipped and whitespace
 * around a field is dropped (quote a field to keep its spaces), as spreadsheet exports need.
 */
export function readCsvTable(path: string): Table {
  return parseCsvText(path, readTextFile(path));
}

/** Parses CSV text (BOM already stripped) read from `path`, which names the file in errors. */
export function parseCsvText(path: string, text: string): Table {
  if (isBlank(text)) throw new DataError('file is empty', { path });
  let records: string[][];
  try {
    // relax_column_count: we check row widths ourselves, to name the row in our own words.
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    throw new DataError(`malformed CSV: ${detail}`, { path });
  }
  if (records.length === 0) throw new DataError('file is empty', { path });
  const [columns, ...rows] = records;
  checkHeader(path, columns);
  if (rows.length === 0) throw new DataError('has a header but no data rows', { path });
  rows.forEach((row, i) => {
    if (row.length !== columns.length) {
      throw new DataError(`row ${i + 1} has ${row.length} fields, header has ${columns.length}`, { path });
    }
  });
  return { path, columns, rows };
}

/** Column names must be present and unique: features and the label are looked up by name. */
function checkHeader(path: string, columns: string[]): void {
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    if (name === '') throw new DataError(`header column ${i + 1} has no name`, { path });
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError(`duplicate column name ${quote(name)} (header columns ${first + 1} and ${i + 1})`, { path });
    }
    seen.set(name, i);
  });
}
