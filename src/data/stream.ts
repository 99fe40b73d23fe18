/**
 * Streaming reads of a data file, in chunks of rows, for commands that need each row only once
 * (`dbnc predict`): memory stays bounded by the chunk size, whatever the file's length. The
 * format, the checks and the error messages are those of `readTable` (read.ts): a bit matrix when
 * the first non-empty line is whitespace-separated integers (a CSV header never is), else CSV with
 * a header row. Errors name a row by the line of the file it starts on, as `readTable` does.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { bitMatrixColumns, checkBitMatrixRow, isBitMatrixLine } from './bitmatrix';
import { checkCsvHeader, checkCsvRowWidth, CSV_OPTIONS, malformedCsv, normalizeLineBreaks } from './csv';
import { DataError } from './errors';
import { readFailureReason } from './file';
import { RecordLines } from './lines';
import { decodedUtf8 } from './utf8';
import { STDIN_PATH } from '../util/stdin';
import type { Table } from './table';

/** A run of consecutive data rows, with the line of the file each starts on. */
export interface TableChunk extends Table {
  lines: number[];
}

export const DEFAULT_CHUNK_ROWS = 2048;

const SNIFF_BYTES = 64 * 1024;

/** Chunks of the file's data rows, in order; the first chunk comes after the header is checked. "-" reads standard input. */
export async function* readTableChunks(path: string, chunkRows = DEFAULT_CHUNK_ROWS): AsyncGenerator<TableChunk> {
  const source = path === STDIN_PATH ? await sniffStdin() : await sniffFile(path);
  const format = sniffFormat(path, source.head);
  yield* format === 'bit-matrix' ? bitMatrixChunks(path, source.open(), chunkRows) : csvChunks(path, source.open(), chunkRows);
}

/** The start of the input (to decide its format) and how to read all of it, start included. */
interface Source {
  head: string;
  /** The whole input as text chunks (decoded once, checked to be UTF-8). */
  open: () => Readable;
}

/** Reads the start of a file: missing/unreadable files fail here, before any output. */
async function sniffFile(path: string): Promise<Source> {
  try {
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
      return { head: buffer.subarray(0, bytesRead).toString('utf8'), open: () => decodedUtf8(path, createReadStream(path)) };
    } finally {
      await file.close();
    }
  } catch (error) {
    throw new DataError(readFailureReason(error), { path });
  }
}

/**
 * Reads the start of standard input, which cannot be read twice: the bytes sniffed are kept and
 * replayed in front of the rest of the stream.
 */
async function sniffStdin(): Promise<Source> {
  const chunks = process.stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  try {
    while (size < SNIFF_BYTES) {
      const next = await chunks.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      head.push(next.value);
      size += next.value.length;
    }
  } catch (error) {
    throw new DataError(readFailureReason(error), { path: STDIN_PATH });
  }
  const start = Buffer.concat(head);
  async function* replay(): AsyncGenerator<Buffer> {
    yield start;
    if (ended) return;
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
  }
  return { head: start.toString('utf8'), open: () => decodedUtf8(STDIN_PATH, Readable.from(replay(), { objectMode: false })) };
}

/** CSV or bit matrix, from the start of the input; an empty input fails here, before any output. */
function sniffFormat(path: string, start: string): 'csv' | 'bit-matrix' {
  const head = start.charCodeAt(0) === 0xfeff ? start.slice(1) : start;
  const lines = head.split(/\r\n|\n|\r/);
  // The last line may be cut by the sniff window; it decides only when it is the only one.
  const complete = lines.length > 1 ? lines.slice(0, -1) : lines;
  const first = complete.map((line) => line.trim()).find((line) => line !== '');
  if (first === undefined) {
    if (head.trim() === '') throw new DataError('file is empty', { path });
    return 'csv';
  }
  return isBitMatrixLine(first) ? 'bit-matrix' : 'csv';
}

/** Gathers rows (and their lines) into chunks of `size` rows. */
class Chunker {
  private rows: string[][] = [];
  private lines: number[] = [];

  constructor(
    private readonly path: string,
    private readonly size: number,
  ) {}

  /** Adds a row; returns the chunk it completes, if it does. */
  add(columns: string[], row: string[], line: number): TableChunk | undefined {
    this.rows.push(row);
    this.lines.push(line);
    return this.rows.length === this.size ? this.take(columns) : undefined;
  }

  /** The rows not yet handed out, if any. */
  rest(columns: string[]): TableChunk | undefined {
    return this.rows.length > 0 ? this.take(columns) : undefined;
  }

  private take(columns: string[]): TableChunk {
    const chunk = { path: this.path, columns, rows: this.rows, lines: this.lines };
    this.rows = [];
    this.lines = [];
    return chunk;
  }
}

async function* csvChunks(path: string, input: Readable, chunkRows: number): AsyncGenerator<TableChunk> {
  const recordLines = new RecordLines();
  // Start lines of the records parsed but not yet taken, counted as the parser completes them
  // (ahead of this loop), so that a parse error can name the line of the record it stopped in.
  const starts: number[] = [];
  const parser = input.pipe(
    // The same options as the whole-file reader (csv.ts), plus the BOM it strips beforehand;
    // `raw` for the line on which each record starts.
    parse({
      ...CSV_OPTIONS,
      bom: true,
      raw: true,
      on_record: (record: string[], context: { raw?: string }) => {
        starts.push(recordLines.next(context.raw ?? ''));
        return record;
      },
    }),
  );
  // pipe() does not pass on the source's errors (unreadable file, bytes that are not UTF-8).
  input.on('error', (error) => parser.destroy(error));
  const chunker = new Chunker(path, chunkRows);
  let columns: string[] | undefined;
  let dataRows = 0;
  try {
    for await (const parsed of parser as AsyncIterable<{ record: string[] }>) {
      const record = normalizeLineBreaks(parsed.record);
      const line = starts.shift() as number;
      if (columns === undefined) {
        checkCsvHeader(path, record);
        columns = record;
        continue;
      }
      dataRows++;
      checkCsvRowWidth(path, columns, record, line);
      const chunk = chunker.add(columns, record, line);
      if (chunk) yield chunk;
    }
  } catch (error) {
    throw malformedCsv(path, error, recordLines);
  } finally {
    parser.destroy();
  }
  if (columns === undefined) throw new DataError('file is empty', { path });
  if (dataRows === 0) throw new DataError('has a header but no data rows', { path });
  const last = chunker.rest(columns);
  if (last) yield last;
}

async function* bitMatrixChunks(path: string, source: Readable, chunkRows: number): AsyncGenerator<TableChunk> {
  const input = createInterface({ input: source, crlfDelay: Infinity });
  const chunker = new Chunker(path, chunkRows);
  let columns: string[] | undefined;
  let lineNumber = 0;
  try {
    for await (const rawLine of input) {
      lineNumber++;
      const line = (lineNumber === 1 && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine).trim();
      if (line === '') continue;
      const row = line.split(/\s+/);
      columns ??= bitMatrixColumns(path, row.length, lineNumber);
      checkBitMatrixRow(path, columns, row, lineNumber);
      const chunk = chunker.add(columns, row, lineNumber);
      if (chunk) yield chunk;
    }
  } finally {
    input.close();
  }
  if (columns === undefined) throw new DataError('file is empty', { path });
  const last = chunker.rest(columns);
  if (last) yield last;
}
