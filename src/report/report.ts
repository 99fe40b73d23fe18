/**
 * The `dbnc report` page: one self-contained HTML file (inline CSS and SVG, no script, no
 * request) showing a trained model's training curves, its confusion matrix and metrics on a data
 * file, the compiled rule sheet with each rule's support and precision, its sizes and
 * equivalence guarantee, and where it came from. Rendering is a pure function of `ReportData`
 * (gathered by src/cli/report_command.ts), with no dates or timings, so the same inputs give the
 * same bytes.
 */
import { basename } from 'node:path';
import { describeChecked } from '../../compiler/compile';
import type { CompileStatsJson } from '../cli/compile_command';
import { formatTrainingOptions, type InspectReport } from '../cli/inspect_command';
import type { ClassificationMetrics } from '../model/evaluate';
import type { EpochRecord, SplitMetrics } from '../model/format';
import { codeHtml, count, definitionTable, escapeHtml, html, percent, textHtml, type Html } from './html';
import { lineChart } from './svg_chart';

/** What the report measured on the --data rows. */
export interface DataEvaluation {
  /** The data file as named on the command line. */
  readonly file: string;
  readonly sha256: string;
  readonly rows: number;
  /** Accuracy, confusion matrix, per-class precision/recall; null when the data have no label column. */
  readonly metrics: ClassificationMetrics | null;
  /** Share of rows on which the bit-sliced hard net and the soft net on the hardened weights agree. */
  readonly fidelity: number;
}

export interface ReportData {
  /** Version of the dbnc that wrote this report. */
  readonly dbncVersion: string;
  /** The model file as named on the command line, and the SHA-256 of its bytes. */
  readonly modelFile: string;
  readonly modelSha256: string;
  /** What `dbnc inspect` says about the model (name, sizes, classes, stored metrics, provenance). */
  readonly inspect: InspectReport;
  readonly history: readonly EpochRecord[];
  /** Null without --data. */
  readonly evaluation: DataEvaluation | null;
  /** What `dbnc compile --stats --json` says (literals, rules, guarantee, rows checked). */
  readonly compiled: CompileStatsJson;
  /** Whether Espresso minimization was on (--no-minimize gives per-class scores, not rules). */
  readonly minimized: boolean;
  /** Numbered rules on the rule sheet (before OTHERWISE); null when the sheet has per-class scores. */
  readonly sheetRules: number | null;
  /** The rule sheet's body as HTML (renderHtmlFragment: every user string already escaped). */
  readonly ruleSheet: Html;
}

const COLORS = { loss: '#1a56b0', train: '#1a56b0', test: '#c2410c', validation: '#15803d' } as const;

const STYLE = `
  :root { color-scheme: light; }
  body { margin: 0; background: #f6f7f9; color: #1d2430; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 64rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; background: #fff; }
  h1 { font-size: 1.7rem; margin: 0 0 0.4rem; }
  h2 { font-size: 1.3rem; margin: 2.4rem 0 0.8rem; padding-bottom: 0.2rem; border-bottom: 2px solid #d8dde6; }
  h3 { font-size: 1.08rem; margin: 1.6rem 0 0.5rem; }
  p.lead { color: #4a5568; margin: 0 0 1.2rem; }
  p.note, p.empty { color: #4a5568; font-size: 0.94rem; }
  code { font: 0.92em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef1f6; border-radius: 3px; padding: 0.05em 0.3em; white-space: pre-wrap; overflow-wrap: anywhere; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.8rem; margin: 1rem 0; }
  .card { border: 1px solid #d8dde6; border-radius: 6px; padding: 0.6rem 0.8rem; }
  .card .label { display: block; color: #4a5568; font-size: 0.85rem; }
  .card .value { display: block; font-size: 1.3rem; font-weight: 600; }
  .card .detail { display: block; color: #4a5568; font-size: 0.8rem; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
  figure { margin: 0; }
  figcaption { font-weight: 600; margin-bottom: 0.3rem; }
  svg.chart { width: 100%; height: auto; display: block; border: 1px solid #e3e7ee; border-radius: 6px; }
  table { border-collapse: collapse; margin: 0.6rem 0 1rem; }
  th, td { padding: 0.3rem 0.7rem; border: 1px solid #d8dde6; text-align: right; }
  th { background: #f3f5f9; font-weight: 600; }
  th[scope="row"], thead th:first-child { text-align: left; }
  table.facts th, table.facts td { text-align: left; vertical-align: top; }
  table.facts th { width: 14rem; }
  caption { caption-side: top; text-align: left; color: #4a5568; font-size: 0.92rem; padding-bottom: 0.3rem; }
  td.count { min-width: 3.2rem; font-variant-numeric: tabular-nums; }
  td.count.diagonal { font-weight: 700; }
  td.total { color: #4a5568; }
  .bad { color: #b42318; font-weight: 700; }
  .rule-sheet ol.rules > li, .rule-sheet ol.scores > li { margin: 0.35rem 0; }
  .rule-sheet ul.conditions > li { margin: 0.3rem 0; list-style: none; }
  .rule-sheet ul.conditions > li:target { background: #fff6d6; }
  .rule-sheet a.ref { font-weight: 600; color: #1a56b0; text-decoration: none; }
  .rule-sheet p.otherwise { font-weight: 600; }
  .rule-sheet .stats { color: #4a5568; }
  @media print { body { background: #fff; } main { padding: 0; } }
`;

/** The whole page. */
export function renderReport(data: ReportData): string {
  const name = data.inspect.name;
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`dbnc report: ${name}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>Model report: ${codeHtml(name)}</h1>`,
    `<p class="lead">${codeHtml(data.modelFile)} · ${count(data.inspect.arch.inputs)} input bits → ${count(data.inspect.arch.classes)} classes · written by dbnc ${escapeHtml(data.dbncVersion)}</p>`,
    summaryCards(data),
    trainingSection(data.history, data.inspect.metrics.selectedEpoch),
    evaluationSection(data),
    compilationSection(data),
    provenanceSection(data),
    `<section id="rule-sheet" class="rule-sheet">\n${data.ruleSheet}\n</section>`,
    '</main>',
    '</body>',
    '</html>',
  ];
  return `${parts.join('\n')}\n`;
}

function card(label: string, value: Html, detail: Html): string {
  return `<div class="card"><span class="label">${escapeHtml(label)}</span><span class="value">${value}</span><span class="detail">${detail}</span></div>`;
}

function summaryCards(data: ReportData): string {
  const e = data.evaluation;
  const stored = data.inspect.metrics.test ?? data.inspect.metrics.train;
  const accuracy =
    e && e.metrics
      ? card('Accuracy', textHtml(percent(e.metrics.accuracy)), html(`on ${count(e.rows)} rows of ${codeHtml(basename(e.file))}`))
      : card('Accuracy', textHtml(percent(stored.hardAccuracy)), textHtml(`${data.inspect.metrics.test ? 'test' : 'training'} rows at training time`));
  const fidelity = e ? e.fidelity : stored.fidelity;
  const rules = data.sheetRules;
  return [
    '<div class="cards" id="summary">',
    accuracy,
    card('Hardening fidelity', html(`<span${fidelity < 1 ? ' class="bad"' : ''}>${escapeHtml(percent(fidelity))}</span>`), textHtml('hard net vs soft net on the hardened weights')),
    card('Guarantee', textHtml(data.compiled.guarantee), textHtml('compiled logic vs the hard net')),
    card('Rules', textHtml(rules === null ? 'scores' : count(rules)), textHtml(rules === null ? 'one score per class' : 'then OTHERWISE; first match wins')),
    card('Weights', textHtml(`${count(data.inspect.weights.bytes)} bytes`), textHtml(`${count(data.inspect.weights.count)} weights at 1 bit each`)),
    card('Literals', textHtml(`${count(data.compiled.literalsBefore)} → ${count(data.compiled.literalsAfter)}`), textHtml('before → after compilation')),
    '</div>',
  ].join('\n');
}

// ---------------------------------------------------------------- training curves

/** The loss chart and the accuracy chart of a training history. */
export function trainingCharts(history: readonly EpochRecord[]): { loss: string; accuracy: string } {
  const hasTest = history.some((r) => r.testAccuracy !== null);
  const validation = history.flatMap((r) => (r.validationAccuracy === undefined ? [] : [[r.epoch, r.validationAccuracy] as const]));
  const loss = lineChart({
    title: 'Training loss per epoch',
    xLabel: 'epoch',
    yLabel: 'loss',
    integerX: true,
    series: [{ name: 'loss', color: COLORS.loss, points: history.map((r) => [r.epoch, r.loss] as const) }],
  });
  const accuracy = lineChart({
    title: 'Accuracy per epoch',
    xLabel: 'epoch',
    yLabel: 'accuracy',
    integerX: true,
    yBounds: [0, 1],
    formatY: (v, step) => `${(100 * v).toFixed(Math.max(0, -Math.floor(Math.log10(100 * step) + 1e-9)))}%`,
    series: [
      { name: 'train', color: COLORS.train, points: history.map((r) => [r.epoch, r.trainAccuracy] as const) },
      ...(validation.length > 0 ? [{ name: 'validation', color: COLORS.validation, dashed: true, points: validation }] : []),
      ...(hasTest ? [{ name: 'test', color: COLORS.test, dashed: true, points: history.map((r) => [r.epoch, r.testAccuracy] as const) }] : []),
    ],
  });
  return { loss, accuracy };
}

function trainingSection(history: readonly EpochRecord[], selectedEpoch: number | undefined): string {
  const out = ['<section id="training">', '<h2>Training</h2>'];
  if (history.length === 0) {
    out.push('<p class="empty">This model file records no training history (a synthetic model, or one written without training), so there are no training curves to show.</p>');
  } else {
    const last = history[history.length - 1];
    const hasTest = history.some((r) => r.testAccuracy !== null);
    const hasValidation = selectedEpoch !== undefined;
    const { loss, accuracy } = trainingCharts(history);
    const selected = hasValidation
      ? ` The model holds the weights of epoch ${count(selectedEpoch)}, the best on the validation rows (held out from the training rows), not the last epoch's.`
      : '';
    const splits = ['train', ...(hasValidation ? ['validation'] : []), ...(hasTest ? ['test'] : [])];
    out.push(
      `<p class="note">${count(history.length)} epochs recorded. Last epoch: loss ${escapeHtml(last.loss.toPrecision(4))}, train accuracy ${percent(last.trainAccuracy)}${last.testAccuracy === null ? '' : `, test accuracy ${percent(last.testAccuracy)}`}.${selected} Accuracies per epoch are the soft net's${hasTest ? '' : '; the model was trained without a test split'}.</p>`,
      '<div class="charts">',
      `<figure><figcaption>Loss</figcaption>\n${loss}\n</figure>`,
      `<figure><figcaption>Accuracy (${splits.join(', ')})</figcaption>\n${accuracy}\n</figure>`,
      '</div>',
    );
  }
  out.push('</section>');
  return out.join('\n');
}

// ---------------------------------------------------------------- evaluation

function storedMetricsTable(train: SplitMetrics, test: SplitMetrics | null, validation?: SplitMetrics): string {
  const row = (split: string, m: SplitMetrics | null): string =>
    m === null
      ? `<tr><th scope="row">${split}</th><td colspan="4">no test split</td></tr>`
      : `<tr><th scope="row">${split}</th><td>${count(m.rows)}</td><td>${percent(m.softAccuracy)}</td><td>${percent(m.hardAccuracy)}</td><td${m.fidelity < 1 ? ' class="bad"' : ''}>${percent(m.fidelity)}</td></tr>`;
  return [
    '<table class="stored-metrics">',
    '<caption>Measured at training time (stored in the model file)</caption>',
    '<thead><tr><th scope="col">split</th><th scope="col">rows</th><th scope="col">soft accuracy</th><th scope="col">hard accuracy</th><th scope="col">fidelity</th></tr></thead>',
    '<tbody>',
    row('train', train),
    ...(validation ? [row('validation', validation)] : []),
    row('test', test),
    '</tbody>',
    '</table>',
  ].join('\n');
}

/** Rows = true class, columns = predicted class; each count shaded by its share of its row. */
export function confusionTable(metrics: ClassificationMetrics): string {
  const out = [
    '<table class="confusion">',
    '<caption>Rows: true class · columns: predicted class</caption>',
    `<thead><tr><th scope="col">true \\ predicted</th>${metrics.classes.map((c) => `<th scope="col">${codeHtml(c)}</th>`).join('')}<th scope="col">rows</th></tr></thead>`,
    '<tbody>',
  ];
  metrics.confusion.forEach((row, t) => {
    const total = row.reduce((sum, n) => sum + n, 0);
    const cells = row.map((n, p) => {
      const share = total === 0 ? 0 : n / total;
      const hue = t === p ? '26, 86, 176' : '194, 65, 12';
      const style = n === 0 ? '' : ` style="background: rgba(${hue}, ${(0.08 + 0.72 * share).toFixed(3)});${share > 0.55 ? ' color: #fff;' : ''}"`;
      return `<td class="count${t === p ? ' diagonal' : ''}" data-true="${t}" data-predicted="${p}"${style}>${n}</td>`;
    });
    out.push(`<tr><th scope="row">${codeHtml(metrics.classes[t])}</th>${cells.join('')}<td class="total">${total}</td></tr>`);
  });
  out.push('</tbody>', '</table>');
  return out.join('\n');
}

function perClassTable(metrics: ClassificationMetrics): string {
  return [
    '<p class="note">Precision: the share of rows predicted as a class that truly are it. Recall: the share of a class’s rows predicted as it. Support: the rows of that class.</p>',
    '<table class="per-class">',
    '<caption>Per class</caption>',
    '<thead><tr><th scope="col">class</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">support</th></tr></thead>',
    '<tbody>',
    ...metrics.perClass.map((c) => `<tr><th scope="row">${codeHtml(c.class)}</th><td>${percent(c.precision)}</td><td>${percent(c.recall)}</td><td>${count(c.support)}</td></tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

function evaluationSection(data: ReportData): string {
  const e = data.evaluation;
  const out = ['<section id="evaluation">', '<h2>Evaluation</h2>'];
  if (e === null) {
    out.push(
      '<p class="empty">No data file was given (<code>--data</code>), so this report shows the metrics stored in the model file and has no confusion matrix: the matrix needs labelled rows to count the model’s predictions against.</p>',
    );
  } else {
    const trainedOnIt = e.sha256 === data.inspect.provenance.dataSha256;
    out.push(
      definitionTable([
        ['Data file', html(`${codeHtml(e.file)} (${count(e.rows)} rows)`)],
        ['Data SHA-256', codeHtml(e.sha256)],
        ...(e.metrics ? [['Accuracy', textHtml(`${percent(e.metrics.accuracy)} (${count(e.metrics.correct)} of ${count(e.metrics.rows)} rows)`)] as const] : []),
        ['Hardening fidelity', html(`<span${e.fidelity < 1 ? ' class="bad"' : ''}>${escapeHtml(percent(e.fidelity))}</span> (bit-sliced hard net vs soft net on the hardened weights; must be 100%)`)],
      ]),
    );
    if (trainedOnIt)
      out.push('<p class="note">This is the file the model was trained on (same SHA-256), so these figures include the training rows and overstate accuracy on new data.</p>');
    if (e.metrics) {
      out.push('<h3>Confusion matrix</h3>', confusionTable(e.metrics), perClassTable(e.metrics));
    } else {
      out.push(
        `<p class="empty">The data have no label column ${codeHtml(data.inspect.label.column)}, so there is no confusion matrix, accuracy, precision or recall: those need the true class of each row.</p>`,
      );
    }
  }
  out.push(storedMetricsTable(data.inspect.metrics.train, data.inspect.metrics.test, data.inspect.metrics.validation));
  out.push('</section>');
  return out.join('\n');
}

// ---------------------------------------------------------------- compilation, provenance

function compilationSection(data: ReportData): string {
  const c = data.compiled;
  const w = data.inspect.weights;
  const rows: Array<readonly [string, Html]> = [
    ['Guarantee', html(`<strong class="guarantee">${escapeHtml(c.guarantee)}</strong>: <span class="guarantee-detail">${escapeHtml(c.guaranteeDetail)}</span>`)],
    ['Checked against the hard net', textHtml(describeChecked(c.checked, count))],
    ['Weight bytes', html(`<span class="weight-bytes">${count(w.bytes)}</span> bytes (${count(w.count)} weights at 1 bit each; ${count(w.ones)} selected)`)],
    ['Literals', textHtml(`${count(c.literalsBefore)} before compilation → ${count(c.literalsAfter)} after`)],
    ['Logic nodes', textHtml(`${count(c.nodesBefore)} → ${count(c.nodesAfter)}`)],
    [
      'Rules',
      html(
        data.sheetRules === null
          ? `none: one score per class (${data.minimized ? 'exact minimization did not apply; see the warnings' : 'compiled with --no-minimize'})`
          : `<span class="rule-count">${count(data.sheetRules)}</span> + OTHERWISE on the rule sheet (first match wins)${c.rules === null ? '' : `; ${count(c.rules)} rule group${c.rules === 1 ? '' : 's'} in the compiled decision list`}`,
      ),
    ],
    ...(c.support ? [['Input bits used', textHtml(`the net reads ${count(c.support.structural)} of ${count(data.inspect.arch.inputs)}; its function, and so the rules, depend on ${count(c.support.functional)}`)] as const] : []),
    ['Layers', textHtml(data.inspect.arch.layers.map((l) => `${l.kind} ${l.inputs}→${l.outputs}`).join(' · '))],
  ];
  const out = ['<section id="compilation">', '<h2>Sizes and guarantee</h2>', definitionTable(rows)];
  for (const warning of c.warnings) out.push(`<p class="note">Warning: ${escapeHtml(warning)}</p>`);
  out.push('</section>');
  return out.join('\n');
}

function provenanceSection(data: ReportData): string {
  const p = data.inspect.provenance;
  const options = formatTrainingOptions(p.options);
  return [
    '<section id="provenance">',
    '<h2>Model and provenance</h2>',
    definitionTable([
      ['Model name', codeHtml(data.inspect.name)],
      ['Model file', codeHtml(data.modelFile)],
      ['Model file SHA-256', codeHtml(data.modelSha256)],
      ['Written by', textHtml(`dbnc ${data.inspect.dbncVersion} (${data.inspect.format} v${data.inspect.formatVersion}); report by dbnc ${data.dbncVersion}`)],
      ['Classes', html(`${data.inspect.label.classes.map(codeHtml).join(', ')} (label column ${codeHtml(data.inspect.label.column)})`)],
      ['Features', html(data.inspect.features.map((f) => `${codeHtml(f.column)} (${escapeHtml(f.kind)})`).join(', '))],
      ['Training data file', codeHtml(p.dataFile)],
      ['Training data SHA-256', codeHtml(p.dataSha256)],
      ['Seed', textHtml(String(p.seed))],
      ['Training options', codeHtml(options)],
    ]),
    '</section>',
  ].join('\n');
}
