/**
 * `dbnc predict <model.json> <data.csv> [-o out.csv]`: the input rows, every original column in
 * its original order, plus a `prediction` column holding the predicted class label, as CSV.
 * The label column need not be present. The data are streamed in chunks of rows (read, encoded,
 * predicted, written), so memory stays bounded however long the file is. `-o` is written to a
 * temporary file renamed into place at the end: an error never leaves a (half-written) output
 * file. On standard output, rows before a bad row have already been printed when the one-line
 * error names it.
 */
import { DataError } from '../data/errors';
import { PREDICTION_COLUMN } from '../data/schema';
import { encodeRows } from '../data/encode';
import { readTableChunks, type TableChunk } from '../data/stream';
import { loadModel, type LoadedModel } from '../model/load';
import { AtomicFileWriter } from '../util/atomic_stream';
import { CliError } from './errors';
import { checkOutputPath } from './outputs';

export interface PredictArgs {
  model: string;
  data: string;
  output?: string;
}

/** RFC 4180 field: quoted (quotes doubled) when it holds a comma, quote, CR or LF, or edge spaces. */
export function csvField(value: string): string {
  // Edge whitespace is quoted too: dbnc's CSV reader trims unquoted fields.
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** Writes the CSV of the input rows plus their predictions to `sink`, chunk by chunk; returns the row count. */
export async function streamPredictions(
  loaded: LoadedModel,
  dataPath: string,
  sink: (text: string) => Promise<void>,
  onRows?: (rowsDone: number) => void,
): Promise<number> {
  const classes = loaded.model.encoders.label.classes;
  let rowsDone = 0;
  for await (const chunk of readTableChunks(dataPath)) {
    const header = rowsDone === 0 ? headerLine(chunk) : undefined;
    // Encoded before anything is written: a missing feature column fails with no output at all.
    const encoded = encodeRows(loaded.model.encoders, chunk);
    const predicted = loaded.hardNet.predict(encoded.bits, encoded.nRows);
    if (header !== undefined) await sink(`${header}\n`);
    const lines = chunk.rows.map((row, r) => csvLine([...row, classes[predicted[r]]]));
    await sink(`${lines.join('\n')}\n`);
    rowsDone += chunk.rows.length;
    onRows?.(rowsDone);
  }
  return rowsDone;
}

function headerLine(chunk: TableChunk): string {
  if (chunk.columns.includes(PREDICTION_COLUMN)) {
    throw new DataError(`the data already have a column named "${PREDICTION_COLUMN}", which predict would add`, {
      path: chunk.path,
      column: PREDICTION_COLUMN,
    });
  }
  return csvLine([...chunk.columns, PREDICTION_COLUMN]);
}

/** The whole CSV text of the input rows plus their predictions (for small files and tests). */
export async function predictCsv(modelPath: string, dataPath: string): Promise<{ text: string; rows: number }> {
  const parts: string[] = [];
  const rows = await streamPredictions(loadModel(modelPath), dataPath, async (text) => {
    parts.push(text);
  });
  return { text: parts.join(''), rows };
}

/** Writes to standard output, waiting when its buffer is full (a pipe to a slow reader). */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Progress on an interactive terminal only: piped or redirected stderr stays clean. */
function progressReporter(): ((rows: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (rows) => process.stderr.write(`\rdbnc: predicted ${rows.toLocaleString('en-US')} rows`);
}

export async function runPredict(args: PredictArgs): Promise<number> {
  if (args.output !== undefined) {
    if (args.output === '') throw new CliError('-o: needs a file name');
    // Checked before any row is read: a predict over millions of rows can take a while.
    checkOutputPath(`-o ${args.output}`, args.output, [
      { path: args.data, what: 'the input data file' },
      { path: args.model, what: 'the model file' },
    ]);
  }
  const loaded = loadModel(args.model);
  const progress = progressReporter();
  const endProgress = () => {
    if (progress) process.stderr.write('\n');
  };
  if (args.output === undefined) {
    await streamPredictions(loaded, args.data, writeStdout, progress).finally(endProgress);
    return 0;
  }
  // OutputFileErrors name the -o path and the errno code; the CLI prints them as one line.
  const writer = await AtomicFileWriter.create(args.output);
  try {
    await streamPredictions(loaded, args.data, (text) => writer.write(text), progress).finally(endProgress);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.commit();
  return 0;
}
