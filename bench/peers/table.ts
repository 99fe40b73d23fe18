/** The peer benchmark's report as Markdown: per data set its split, settings and table. */
import type { DatasetReport, MethodSummary, PeersReport } from './run';
import type { Settings } from './types';

const acc = (x: number): string => x.toFixed(3);

function bytes(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function literals(x: number | null): string {
  if (x === null) return 'n/a';
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function seconds(x: number): string {
  return x < 10 ? x.toFixed(2) : x.toFixed(1);
}

export function markdownTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)];
}

function methodRow(m: MethodSummary): string[] {
  return [m.method, String(m.seeds), `${acc(m.meanAcc)} ± ${acc(m.stdAcc)}`, `${acc(m.minAcc)}–${acc(m.maxAcc)}`, bytes(m.modelBytes), literals(m.literals), seconds(m.trainSeconds)];
}

const settingsText = (s: Settings): string =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** The dbnc line under a table: compile outcome and hardening fidelity. */
function dbncNote(m: MethodSummary): string | null {
  if (m.method !== 'dbnc') return null;
  const d = m.details;
  const compile = typeof d.compileSeconds === 'number' ? `, compile ${seconds(d.compileSeconds)} s/seed` : '';
  const fidelity = d.fidelity === 1 ? 'hardening fidelity 1 (soft = hard on every test row)' : `hardening fidelity ${String(d.fidelity)} — BELOW 1, a bug`;
  // `rules` is a number when every seed compiled to a flat rule list (their mean), else the
  // distinct per-seed outcomes, e.g. "2, 1, multi-level".
  const outcomes = String(d.rules).split(', ');
  const lists = outcomes.filter((o) => o !== 'multi-level');
  const rules =
    typeof d.rules === 'number'
      ? `a rule list of ${literals(d.rules)} rule(s) + a default class (mean over seeds)`
      : [
          lists.length > 0 ? `rule lists of ${lists.join(', ')} rule(s) + a default class` : '',
          outcomes.includes('multi-level') ? 'multi-level logic (where the function depends on more bits than the exact rule-list minimizer takes)' : '',
        ]
          .filter((t) => t !== '')
          .join(' or ');
  return `dbnc compiled to ${rules}; guarantee ${String(d.guarantee)}${compile}; ${fidelity}.`;
}

export function datasetMarkdown(d: DatasetReport): string[] {
  const out = [
    `### ${d.name}`,
    '',
    `${d.split}. Train ${d.rows.train} rows, test ${d.rows.test}; dbnc reads ${d.features.bits} input bits, the peers ${d.features.numeric} numeric columns.`,
    '',
    'Settings:',
    ...d.methods.map((m) => `- ${m.method}: ${settingsText(m.settings)}`),
    '',
    ...markdownTable(
      ['method', 'seeds', 'test acc mean ± sd', 'min–max', 'model bytes', 'rule literals', 'train s/seed'],
      d.methods.map(methodRow),
    ),
    '',
  ];
  const note = d.methods.map(dbncNote).find((n) => n !== null);
  if (note) out.push(note, '');
  return out;
}

export function reportMarkdown(report: PeersReport): string {
  const out = [
    `## dbnc and its peers${report.quick ? ' (--quick: smoke-run settings, not a measurement)' : ''}`,
    '',
    'Test accuracy is a fraction of test rows; dbnc is scored with its hard net (1-bit weights). Model bytes: dbnc ' +
      'ceil(weights/8); CART 6 B per split node + 1 B per leaf + 1 bit per node; logreg and MLP 4 B per parameter. ' +
      'Rule literals: dbnc after `compileModel`; CART the sum of root-to-leaf path lengths.',
    '',
  ];
  for (const d of report.datasets) out.push(...datasetMarkdown(d));
  return `${out.join('\n').trimEnd()}\n`;
}
