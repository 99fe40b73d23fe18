/**
 * `dbnc report <model.json> [--data rows.csv] [-o report.html]`: one self-contained HTML page
 * about a trained model — training curves, confusion matrix and metrics on the data, the rule
 * sheet with each rule's support and precision, sizes, guarantee and provenance (src/report/).
 *
 * Nothing here measures anything itself: the compiled logic and its guarantee come from the
 * code path of `dbnc compile --target rules --format html --data`, the metrics and fidelity
 * from the functions `dbnc eval` uses, the sizes from `dbnc inspect`'s summary — so the report
 * can never disagree with those commands.
 */
import { createHash } from 'node:crypto';
import { planProgram } from '../../targets/core/plan';
import { renderHtmlFragment } from '../../targets/rules/document';
import { buildProcedure } from '../../targets/rules/procedure';
import { buildDocument } from '../../targets/rules/sheet';
import type { EmitData, EmitInput } from '../../targets/types';
import { readDataBytes } from '../data/file';
import { displayPath } from '../util/stdin';
import { agreement, classificationMetrics } from '../model/evaluate';
import type { LoadedModel } from '../model/load';
import { html } from '../report/html';
import { renderReport, type DataEvaluation } from '../report/report';
import { writeFileAtomic } from '../util/atomic_write';
import { compileFromFiles, statsJson, type CompileSettings } from './compile_command';
import { CliError } from './errors';
import { checkOutputPath } from './outputs';
import { inspectModel } from './inspect_command';
import { formatPercent } from '../util/percent';

export interface ReportArgs extends CompileSettings {
  /** The HTML file to write. */
  readonly output: string;
  /** Version of the running dbnc (shown on the page). */
  readonly dbncVersion: string;
}

// The data may be standard input ("-"): its bytes come from the same one read as its rows.
const dataSha256 = (path: string): string => createHash('sha256').update(readDataBytes(path)).digest('hex');

/** What `dbnc eval` measures, on rows compile has already encoded and predicted. */
async function evaluateRows(loaded: LoadedModel, rows: EmitData, file: string): Promise<DataEvaluation> {
  // eval's soft evaluator runs on TensorFlow.js: imported only when there are rows to run.
  const { softPredictions } = await import('./eval_command');
  const count = rows.predicted.length;
  const soft = softPredictions(loaded, rows.bits, count);
  return {
    file: displayPath(file),
    sha256: dataSha256(file),
    rows: count,
    metrics: rows.labels ? classificationMetrics(loaded.model.encoders.label.classes, rows.labels, rows.predicted) : null,
    fidelity: agreement(rows.predicted, soft),
  };
}

export async function runReport(args: ReportArgs): Promise<number> {
  if (args.output === '') throw new CliError('-o: needs a file name');
  if (args.output === '-') throw new CliError('-o -: the report is a file, not standard output; give a file name');
  const inputs = [{ path: args.model, what: 'the model file' }, ...(args.data !== undefined ? [{ path: args.data, what: 'the data file' }] : [])];
  // Checked before the compile, which can take minutes, rather than when the page is written.
  checkOutputPath(`-o ${args.output}`, args.output, inputs);
  const progress = args.quiet ? () => undefined : (line: string) => process.stderr.write(`dbnc: ${line}\n`);

  const { loaded, result, identity, emitData } = await compileFromFiles(args);
  progress('evaluate…');
  const evaluation = emitData === undefined || args.data === undefined ? null : await evaluateRows(loaded, emitData, args.data);

  progress('render…');
  // The rule sheet exactly as `compile --target rules --format html` builds it (targets/rules.ts).
  const input: EmitInput = { program: result.program, model: identity, guarantee: result.guarantee, options: { format: 'html', data: emitData } };
  const plan = planProgram(input.program);
  const procedure = buildProcedure(plan);
  const sheet = buildDocument(input, plan, procedure);
  const sheetRules = procedure.head.kind === 'rules' ? procedure.head.rules.length : null;
  const compiled = statsJson(result);
  const page = renderReport({
    dbncVersion: args.dbncVersion,
    modelFile: args.model,
    modelSha256: identity.sha256,
    inspect: inspectModel(loaded),
    history: loaded.model.history,
    evaluation,
    compiled,
    minimized: args.minimize,
    sheetRules,
    ruleSheet: html(renderHtmlFragment(sheet, 1)),
  });
  try {
    writeFileAtomic(args.output, page);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${args.output}: cannot write the report (${code ?? (error as Error).message})`);
  }
  const accuracy = evaluation?.metrics ? `accuracy ${formatPercent(evaluation.metrics.accuracy, 2)} on ${evaluation.rows} rows, ` : '';
  progress(`wrote ${args.output} (${accuracy}${sheetRules === null ? 'per-class scores' : `${sheetRules} rules + OTHERWISE`}, ${compiled.guarantee})`);
  // As in `dbnc eval`: the page shows the disagreement, and the exit code flags the bug.
  if (evaluation !== null && evaluation.fidelity < 1) {
    throw new CliError(
      `${args.model}: hardening fidelity is ${formatPercent(evaluation.fidelity, 2)}, not 100%: the hard and soft evaluators disagree — this is a dbnc bug, please report it`,
      3,
    );
  }
  return 0;
}
