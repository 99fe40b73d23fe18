/**
 * `dbnc eval <model.json> <data.csv> [--json]`: the model's accuracy on labelled rows, per-class
 * precision and recall, the confusion matrix, and hardening fidelity.
 *
 * Fidelity here: the model file holds only the hardened weights, so eval runs them through the
 * two independent evaluators — the bit-sliced HardNet and a SoftNet built from the same 0/1
 * weights running the fused cpu kernels — and checks they agree on every row. Below 1 is a dbnc
 * bug (SPEC §2.6): the report is still printed, then exit code 3.
 */
import { DataError } from '../data/errors';
import { encodeRows } from '../data/encode';
import { readTable } from '../data/read';
import { displayPath } from '../util/stdin';
import { agreement, classificationMetrics, type ClassificationMetrics } from '../model/evaluate';
import { loadModel, type LoadedModel } from '../model/load';
import { SoftNet } from '../nets/soft_net';
import { softPredict } from '../train/dataset';
import { CliError } from './errors';
import { formatPercent } from '../util/percent';

export interface EvalArgs {
  model: string;
  data: string;
  json: boolean;
}

export interface EvalReport extends ClassificationMetrics {
  /** Share of rows on which the HardNet and the SoftNet built from the hardened weights agree. */
  readonly fidelity: number;
}

/** The soft net's predictions with the model's hardened weights as 0/1 values. */
export function softPredictions(loaded: LoadedModel, bits: Uint8Array, rows: number): Int32Array {
  const soft = SoftNet.fromWeights(
    loaded.model.arch,
    loaded.hardWeights.map((w) => (w ? Float32Array.from(w.bits) : null)),
  );
  try {
    return softPredict(soft, bits, rows);
  } finally {
    soft.dispose();
  }
}

/** Loads, encodes, predicts and measures; throws ModelError/DataError for bad input. */
export function evaluateModelOnData(modelPath: string, dataPath: string): EvalReport {
  const loaded = loadModel(modelPath);
  const table = readTable(dataPath);
  const labelColumn = loaded.model.encoders.label.column;
  if (!table.columns.includes(labelColumn)) {
    throw new DataError(`no such column (the model's label column; eval needs labelled rows)`, {
      path: dataPath,
      column: labelColumn,
    });
  }
  const encoded = encodeRows(loaded.model.encoders, table, labelColumn);
  const hard = loaded.hardNet.predict(encoded.bits, encoded.nRows);
  const soft = softPredictions(loaded, encoded.bits, encoded.nRows);
  const metrics = classificationMetrics(loaded.model.encoders.label.classes, encoded.labels as Int32Array, hard);
  return { ...metrics, fidelity: agreement(hard, soft) };
}

const pct = (x: number | null): string => (x === null ? '-' : formatPercent(x, 2));

/** Left column left-aligned, the rest right-aligned, each column as wide as its widest cell. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

export function formatEvalReport(report: EvalReport, modelPath: string, dataPath: string): string {
  const lines = [
    `model      ${modelPath}`,
    `data       ${displayPath(dataPath)} (${report.rows} rows)`,
    `accuracy   ${pct(report.accuracy)} (${report.correct} of ${report.rows} rows)`,
    `fidelity   ${pct(report.fidelity)} (bit-sliced hard net vs soft net on the hardened weights)`,
    '',
    ...table([
      ['class', 'precision', 'recall', 'support'],
      ...report.perClass.map((c) => [c.class, pct(c.precision), pct(c.recall), String(c.support)]),
    ]).map((l) => `  ${l}`),
    '',
    'confusion matrix (rows: true class, columns: predicted class)',
    ...table([
      ['true \\ predicted', ...report.classes],
      ...report.classes.map((name, t) => [name, ...report.confusion[t].map(String)]),
    ]).map((l) => `  ${l}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function runEval(args: EvalArgs): number {
  const report = evaluateModelOnData(args.model, args.data);
  if (args.json) {
    const { rows, accuracy, fidelity, classes, confusion, perClass } = report;
    process.stdout.write(`${JSON.stringify({ rows, accuracy, fidelity, classes, confusion, perClass })}\n`);
  } else {
    process.stdout.write(formatEvalReport(report, args.model, args.data));
  }
  if (report.fidelity < 1) {
    throw new CliError(
      `${args.model}: hardening fidelity is ${pct(report.fidelity)}, not 100%: the hard and soft evaluators disagree — this is a dbnc bug, please report it`,
      3,
    );
  }
  return 0;
}
