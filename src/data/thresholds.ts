/**
 * Thermometer thresholds for a numeric column (SPEC §2.4): bit k = `x > t_k`. Thresholds sit
 * halfway between two adjacent distinct training values, so no training value lies on one and
 * the rule `petal_length > 2.45` reads as "between the 2.4s and the 2.5s" in the user's units.
 */

/**
 * Up to `count` ascending thresholds from the quantiles of `values` (finite numbers).
 *
 * With at most `count + 1` distinct values every gap between them gets a threshold (the code is
 * then exact). Otherwise quantile k/(count+1) picks the gap whose share of values below it is
 * nearest to k/(count+1); quantiles that land on the same gap (heavy ties) give one threshold,
 * so a column may get fewer than `count`. A constant column gets none.
 */
export function quantileThresholds(values: readonly number[], count: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  /** below[j]: how many values are <= distinct[j], i.e. fall below the gap after it. */
  const below: number[] = [];
  sorted.forEach((v, i) => {
    if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v);
    below[distinct.length - 1] = i + 1;
  });
  const gaps = distinct.length - 1;
  let chosen: number[];
  if (gaps <= count) {
    chosen = Array.from({ length: gaps }, (_, j) => j);
  } else {
    const picked = new Set<number>();
    for (let k = 1; k <= count; k++) picked.add(nearestGap(below, gaps, (k / (count + 1)) * sorted.length));
    chosen = [...picked].sort((a, b) => a - b);
  }
  return chosen.map((j) => readableMidpoint(distinct[j], distinct[j + 1]));
}

/** The gap j (between distinct[j] and distinct[j+1]) whose count below is nearest `target`. */
function nearestGap(below: readonly number[], gaps: number, target: number): number {
  let best = 0;
  for (let j = 1; j < gaps; j++) {
    if (Math.abs(below[j] - target) < Math.abs(below[best] - target)) best = j;
  }
  return best;
}

/**
 * The midpoint of lo < hi with the fewest significant digits that still is the midpoint up to
 * float noise: (0.1 + 0.2) / 2 gives 0.15, not 0.15000000000000002; 4.9 | 5.0 gives 4.95.
 */
export function readableMidpoint(lo: number, hi: number): number {
  const mid = lo / 2 + hi / 2; // not (lo + hi) / 2, which overflows near the float maximum
  // Adjacent floats have no number between them; `x > lo` then splits them exactly.
  if (mid <= lo || mid >= hi) return lo;
  const tolerance = (hi - lo) * 1e-9;
  for (let digits = 1; digits <= 17; digits++) {
    const rounded = Number(mid.toPrecision(digits));
    if (rounded > lo && rounded < hi && Math.abs(rounded - mid) <= tolerance) return rounded;
  }
  return mid;
}
