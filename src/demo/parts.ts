/**
 * A deterministic generator of a realistic quality-inspection data set: machined bushings
 * measured at end of line. Shipped as code (never a downloaded file) so the demo, tests and
 * benchmarks have tabular data with numeric, categorical and boolean columns and a known truth.
 *
 * Columns: diameter_mm (nominal 25.00), roughness_um (Ra), weight_g, supplier (of the bar stock:
 * "Acme", "Borg", "Cole"), line ("L1", "L2"), burr (visual flag), verdict (the label).
 *
 * Ground truth, applied in order (first match wins):
 *   1. scrap   if diameter_mm < 24.6 or diameter_mm > 25.4 (out of tolerance)
 *   2. scrap   if burr and roughness_um > 3.2
 *   3. rework  if roughness_um > 2.4
 *   4. rework  if supplier is "Cole" and weight_g < 97.5 (underweight stock from one supplier)
 *   5. pass    otherwise
 * then `noise` of the labels (default 2%) are replaced by a random other verdict.
 */
import { seededRng } from '../util/rng';

export const PARTS_COLUMNS = ['diameter_mm', 'roughness_um', 'weight_g', 'supplier', 'line', 'burr', 'verdict'] as const;
export const PARTS_RULES = [
  'scrap if diameter_mm < 24.6 or diameter_mm > 25.4',
  'scrap if burr and roughness_um > 3.2',
  'rework if roughness_um > 2.4',
  'rework if supplier is "Cole" and weight_g < 97.5',
  'pass otherwise',
] as const;

export interface PartRow {
  readonly diameter_mm: number;
  readonly roughness_um: number;
  readonly weight_g: number;
  readonly supplier: 'Acme' | 'Borg' | 'Cole';
  readonly line: 'L1' | 'L2';
  readonly burr: boolean;
  readonly verdict: 'pass' | 'rework' | 'scrap';
}

/** Standard normal by Box–Muller from the seeded uniform source. */
function normal(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export function truthVerdict(p: Omit<PartRow, 'verdict'>): PartRow['verdict'] {
  if (p.diameter_mm < 24.6 || p.diameter_mm > 25.4) return 'scrap';
  if (p.burr && p.roughness_um > 3.2) return 'scrap';
  if (p.roughness_um > 2.4) return 'rework';
  if (p.supplier === 'Cole' && p.weight_g < 97.5) return 'rework';
  return 'pass';
}

export function generateParts(rows: number, options: { seed?: number; noise?: number } = {}): PartRow[] {
  const next = seededRng(options.seed ?? 1);
  const noise = options.noise ?? 0.02;
  const verdicts = ['pass', 'rework', 'scrap'] as const;
  const out: PartRow[] = [];
  for (let r = 0; r < rows; r++) {
    const supplier = (['Acme', 'Borg', 'Cole'] as const)[Math.floor(next() * 3)];
    const line = next() < 0.6 ? 'L1' : 'L2';
    // Line 2 runs a worn tool: wider diameter spread and rougher surfaces.
    const diameter_mm = round(25 + normal(next) * (line === 'L2' ? 0.25 : 0.15), 3);
    const roughness_um = round(Math.max(0.2, 1.6 + normal(next) * 0.6 + (line === 'L2' ? 0.3 : 0)), 2);
    const weight_g = round(98.5 + normal(next) * (supplier === 'Cole' ? 1.2 : 0.6), 1);
    const burr = next() < 0.15;
    const part = { diameter_mm, roughness_um, weight_g, supplier, line, burr } as const;
    let verdict = truthVerdict(part);
    if (next() < noise) verdict = verdicts.filter((v) => v !== verdict)[Math.floor(next() * 2)];
    out.push({ ...part, verdict });
  }
  return out;
}

/** The rows as CSV text with a header (booleans as true/false). */
export function partsCsv(rows: readonly PartRow[]): string {
  const lines = [PARTS_COLUMNS.join(',')];
  for (const p of rows) lines.push([p.diameter_mm, p.roughness_um, p.weight_g, p.supplier, p.line, p.burr, p.verdict].join(','));
  return `${lines.join('\n')}\n`;
}
