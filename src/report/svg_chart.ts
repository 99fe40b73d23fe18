/**
 * A small line chart as inline SVG text: axes with "nice" ticks, tick labels, axis titles, a
 * legend, and one <path class="series"> per series. Hand-written because the report must be one
 * self-contained file (no charting script, no fonts) and the charts it needs are this simple.
 * Coordinates are rounded to 0.01 so the same history always gives the same bytes.
 */
import { escapeHtml } from '../../targets/rules/document';

/** One line: (x, y) points in x order; a null y leaves a gap (e.g. an epoch with no test split). */
export interface ChartSeries {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number | null]>;
  readonly color: string;
  /** Dashed stroke, so series differ by more than their colour. */
  readonly dashed?: boolean;
}

export interface LineChartSpec {
  /** Accessible name of the figure (the SVG <title>). */
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  /**
   * Bounds the y axis never passes (e.g. [0, 1] for accuracies): the axis spans the data's range
   * widened to round ticks, but not beyond these.
   */
  readonly yBounds?: readonly [number, number];
  /** Whole-number x ticks only (epochs). */
  readonly integerX?: boolean;
  readonly formatY?: (value: number, step: number) => string;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 300;
const MARGIN = { left: 64, right: 20, top: 40, bottom: 48 } as const;

/** A step of 1, 2 or 5 × 10^k giving about `count` intervals over `span`. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** Decimals needed to print multiples of `step` exactly (0.05 → 2, 20 → 0). */
export function stepDecimals(step: number): number {
  return Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
}

/** The ticks (multiples of a nice step) covering [min, max], and the domain they span. */
export function niceTicks(min: number, max: number, count = 5, integer = false): { ticks: number[]; domain: [number, number]; step: number } {
  let lo = min;
  let hi = max;
  if (lo === hi) {
    // A flat series still needs a range to draw in.
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  let step = niceStep(hi - lo, count);
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const decimals = stepDecimals(step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return { ticks, domain: [ticks[0], ticks[ticks.length - 1]], step };
}

/** Ticks outside `bounds` dropped (the bounds are tick multiples for the steps used: 0 and 1). */
function boundTicks(t: ReturnType<typeof niceTicks>, bounds: readonly [number, number] | undefined): ReturnType<typeof niceTicks> {
  if (bounds === undefined) return t;
  const ticks = t.ticks.filter((v) => v >= bounds[0] && v <= bounds[1]);
  return ticks.length >= 2 ? { ticks, domain: [ticks[0], ticks[ticks.length - 1]], step: t.step } : t;
}

const r2 = (v: number): string => String(Math.round(v * 100) / 100);

const defaultFormat = (value: number, step: number): string => value.toFixed(stepDecimals(step));

/** The chart as one <svg> element (no XML prolog: it is meant to be inlined in HTML). */
export function lineChart(spec: LineChartSpec): string {
  const plotted = spec.series.filter((s) => s.points.some(([, y]) => y !== null));
  const xs = plotted.flatMap((s) => s.points.map(([x]) => x));
  const ys = plotted.flatMap((s) => s.points.flatMap(([, y]) => (y === null ? [] : [y])));
  const x = niceTicks(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1, 6, spec.integerX);
  const y = boundTicks(niceTicks(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1, 5), spec.yBounds);
  const left = MARGIN.left;
  const right = CHART_WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = CHART_HEIGHT - MARGIN.bottom;
  const px = (v: number): number => left + ((v - x.domain[0]) / (x.domain[1] - x.domain[0])) * (right - left);
  const py = (v: number): number => bottom - ((v - y.domain[0]) / (y.domain[1] - y.domain[0])) * (bottom - top);
  const formatY = spec.formatY ?? defaultFormat;

  const out: string[] = [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${escapeHtml(spec.title)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<title>${escapeHtml(spec.title)}</title>`,
  ];
  // Grid lines and tick labels.
  out.push('<g class="grid" stroke="#e3e7ee" stroke-width="1">');
  for (const t of y.ticks) out.push(`<line x1="${left}" x2="${right}" y1="${r2(py(t))}" y2="${r2(py(t))}"/>`);
  out.push('</g>');
  out.push('<g class="y-ticks" fill="#4a5568" text-anchor="end">');
  for (const t of y.ticks) out.push(`<text x="${left - 8}" y="${r2(py(t) + 4)}">${escapeHtml(formatY(t, y.step))}</text>`);
  out.push('</g>');
  out.push('<g class="x-ticks" fill="#4a5568" text-anchor="middle">');
  for (const t of x.ticks) {
    out.push(`<line x1="${r2(px(t))}" x2="${r2(px(t))}" y1="${bottom}" y2="${bottom + 5}" stroke="#4a5568"/>`);
    out.push(`<text x="${r2(px(t))}" y="${bottom + 18}">${escapeHtml(defaultFormat(t, x.step))}</text>`);
  }
  out.push('</g>');
  // Axes.
  out.push(`<path class="axes" d="M${left} ${top}V${bottom}H${right}" fill="none" stroke="#4a5568" stroke-width="1"/>`);
  out.push(`<text class="x-label" x="${r2((left + right) / 2)}" y="${CHART_HEIGHT - 8}" text-anchor="middle" fill="#1d2430">${escapeHtml(spec.xLabel)}</text>`);
  out.push(
    `<text class="y-label" transform="translate(16 ${r2((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="#1d2430">${escapeHtml(spec.yLabel)}</text>`,
  );
  // Series: one path each; a null y starts a new sub-path, and a lone point gets a dot.
  for (const s of plotted) {
    const commands: string[] = [];
    const dots: string[] = [];
    let penDown = false;
    s.points.forEach(([vx, vy], i) => {
      if (vy === null) {
        penDown = false;
        return;
      }
      commands.push(`${penDown ? 'L' : 'M'}${r2(px(vx))} ${r2(py(vy))}`);
      const next = s.points[i + 1];
      if (!penDown && (next === undefined || next[1] === null)) dots.push(`<circle cx="${r2(px(vx))}" cy="${r2(py(vy))}" r="3" fill="${s.color}"/>`);
      penDown = true;
    });
    out.push(
      `<path class="series" data-series="${escapeHtml(s.name)}" d="${commands.join('')}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      ...dots,
    );
  }
  // Legend, right-aligned above the plot.
  out.push('<g class="legend" fill="#1d2430">');
  let lx = right;
  for (const s of [...plotted].reverse()) {
    const label = escapeHtml(s.name);
    const textWidth = s.name.length * 6.6;
    lx -= textWidth;
    out.push(`<text x="${r2(lx)}" y="20">${label}</text>`);
    lx -= 30;
    out.push(`<line x1="${r2(lx)}" x2="${r2(lx + 24)}" y1="16" y2="16" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    lx -= 18;
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}
