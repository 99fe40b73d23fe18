import { parse } from 'csv-parse/sync';
import { DataError, quote } from './errors';
import { isBlank, readTextFile } from './file';
import { RecordLines } from './lines';
import type { Table } from './table';

/**
 * Reads a CSV file with a header row (RFC 4180: quoted fields may hold commas, quotes and
 * newlines, read as LF; CRLF, LF or CR line ends; an optional UTF-8 BOM). Blank lines are
 * skipped and whitespace around a field is dropped (quote a field to keep its spaces), as
 * spreadsheet exports need. Rows carry the line they start on (docs/data-files.md).
 */
export function readCsvTable(path: string): Table {
  return parseCsvText(path, readTextFile(path));
}

/** Parses CSV text (BOM already stripped) read from `path`, which names the file in errors. */
export function parseCsvText(path: string, text: string): Table {
  if (isBlank(text)) throw new DataError('file is empty', { path });
  const lines = new RecordLines();
  const starts: number[] = [];
  let records: string[][];
  try {
    // relax_column_count: we check row widths ourselves, to name the row in our own words.
    // `raw` (the record's text) for the line on which each record starts, counted as records
    // arrive so that a parse error can name the line of the record it stopped in.
    const parsed = parse(text, {
      ...CSV_OPTIONS,
      raw: true,
      on_record: (record: string[], context: { raw?: string }) => {
        starts.push(lines.next(context.raw ?? ''));
        return record;
      },
    }) as unknown as { record: string[] }[];
    records = parsed.map((p) => normalizeLineBreaks(p.record));
  } catch (error) {
    throw malformedCsv(path, error, lines);
  }
  if (records.length === 0) throw new DataError('file is empty', { path });
  const [columns, ...rows] = records;
  checkCsvHeader(path, columns);
  if (rows.length === 0) throw new DataError('has a header but no data rows', { path });
  const rowLines = starts.slice(1);
  rows.forEach((row, i) => checkCsvRowWidth(path, columns, row, rowLines[i]));
  return { path, columns, rows, lines: rowLines };
}

/**
 * A line break inside a quoted field is read as LF whatever the file's line ends, so a category
 * like "two\r\nlines" from a Windows export is the same category in a file written elsewhere.
 */
export function normalizeLineBreaks(record: string[]): string[] {
  return record.some((cell) => cell.includes('\r')) ? record.map((cell) => cell.replace(/\r\n?/g, '\n')) : record;
}

/** The csv-parse options of every CSV reader (whole file and streamed). */
export const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: true, trim: true } as const;

/** A row (starting at `line`) must have as many fields as the header. */
export function checkCsvRowWidth(path: string, columns: readonly string[], row: readonly string[], line: number): void {
  if (row.length !== columns.length) {
    throw new DataError(`has ${row.length} field${row.length === 1 ? '' : 's'}, the header has ${columns.length}`, { path, line });
  }
}

/**
 * A csv-parse error as a DataError naming the line on which the bad record starts (csv-parse's
 * own "at line N" is dropped: it counts differently), in words for the common cases.
 */
export function malformedCsv(path: string, error: unknown, lines: RecordLines): DataError {
  if (error instanceof DataError) return error;
  const e = error as { code?: string; raw?: string; message?: string };
  const line = typeof e.raw === 'string' ? lines.startOf(e.raw) : undefined;
  const detail = String(e.message ?? error)
    .replace(/\s+/g, ' ')
    .replace(/ at line \d+/, '');
  const got = /got ("[^"]*")/.exec(detail)?.[1];
  const words =
    e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'malformed CSV: a quoted field is never closed (a missing closing \'"\')'
      : e.code === 'CSV_INVALID_CLOSING_QUOTE'
        ? `malformed CSV: text after the closing quote of a quoted field${got ? ` (${got})` : ''}; a quote inside a quoted field is written as two ("")`
        : `malformed CSV: ${detail}`;
  return new DataError(words, { path, line });
}

/** Column names must be present and unique: features and the label are looked up by name. */
export function checkCsvHeader(path: string, columns: readonly string[]): void {
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
