/**
 * `dbnc predict <model.json> <data.csv> [-o out.csv]`: the input rows, every original column in
 * its original order, plus a `prediction` column holding the predicted class label, as CSV.
 * The label column need not be present. Everything is computed before anything is written, and
 * `-o` is written atomically: an error never leaves a (half-written) output file.
 */
import { DataError } from '../data/errors';
import { encodeRows } from '../data/encode';
import { readTable } from '../data/read';
import { loadModel } from '../model/load';
import { writeFileAtomic } from '../util/atomic_write';
import { overwrittenInput } from '../util/paths';
import { CliError } from './errors';

export interface PredictArgs {
  model: string;
  data: string;
  output?: string;
}

export const PREDICTION_COLUMN = 'prediction';

/** RFC 4180 field: quoted (quotes doubled) when it holds a comma, quote, CR or LF, or edge spaces. */
export function csvField(value: string): string {
  // Edge whitespace is quoted too: dbnc's CSV reader trims unquoted fields.
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** The CSV text of the input rows plus their predictions. */
export function predictCsv(modelPath: string, dataPath: string): { text: string; rows: number } {
  const { model, hardNet } = loadModel(modelPath);
  const table = readTable(dataPath);
  if (table.columns.includes(PREDICTION_COLUMN)) {
    throw new DataError(`the data already have a column named "${PREDICTION_COLUMN}", which predict would add`, {
      path: dataPath,
      column: PREDICTION_COLUMN,
    });
  }
  const encoded = encodeRows(model.encoders, table);
  const predicted = hardNet.predict(encoded.bits, encoded.nRows);
  const classes = model.encoders.label.classes;
  const lines = [csvLine([...table.columns, PREDICTION_COLUMN])];
  table.rows.forEach((row, r) => lines.push(csvLine([...row, classes[predicted[r]]])));
  return { text: `${lines.join('\n')}\n`, rows: table.rows.length };
}

export function runPredict(args: PredictArgs): number {
  if (args.output !== undefined) {
    if (args.output === '') throw new CliError('-o: needs a file name');
    const hit = overwrittenInput(args.output, [
      { path: args.data, what: 'the input data file' },
      { path: args.model, what: 'the model file' },
    ]);
    if (hit) throw new CliError(`-o ${args.output}: refusing to overwrite ${hit.what}`);
  }
  const { text } = predictCsv(args.model, args.data);
  if (args.output === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileAtomic(args.output, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${args.output}: cannot write the output file (${code ?? (error as Error).message})`);
  }
  return 0;
}
