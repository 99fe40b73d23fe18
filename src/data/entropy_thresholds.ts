/**
 * Supervised thresholds for a numeric column: the cut points where the class mix changes, found
 * by recursive minimum-entropy splitting with the MDL stopping rule of Fayyad & Irani (1993).
 * Quantile cuts (thresholds.ts) spread evenly over the data and miss a tolerance limit in the
 * tails (`diameter < 24.6` when only 2% of parts are that small); entropy cuts land on it, so the
 * trained net's rules can use the boundary a person would write.
 */
import { readableMidpoint } from './thresholds';

interface Segment {
  /** Range [start, end) of the value-sorted rows. */
  readonly start: number;
  readonly end: number;
}

interface Split {
  readonly segment: Segment;
  /** Rows [start, at) go left. */
  readonly at: number;
  /** Information gain × rows: the entropy (in bits) the cut removes, summed over the segment's rows. */
  readonly gainBits: number;
}

/**
 * Up to `count` ascending thresholds for `values` with class labels `labels` (integers in
 * [0, classes)). Cuts are accepted best first (largest entropy reduction over the whole column)
 * while the MDL criterion accepts them; a column whose class mix never changes enough gets none.
 */
export function entropyThresholds(values: readonly number[], labels: readonly number[], classes: number, count: number): number[] {
  if (values.length !== labels.length) throw new RangeError('entropyThresholds: values and labels differ in length');
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  const sortedValues = order.map((i) => values[i]);
  const sortedLabels = order.map((i) => labels[i]);
  /** prefix[i * classes + c]: rows of class c among the first i sorted rows. */
  const prefix = new Int32Array((sortedLabels.length + 1) * classes);
  sortedLabels.forEach((label, i) => {
    for (let c = 0; c < classes; c++) prefix[(i + 1) * classes + c] = prefix[i * classes + c] + (c === label ? 1 : 0);
  });
  const counts = (start: number, end: number): number[] =>
    Array.from({ length: classes }, (_, c) => prefix[end * classes + c] - prefix[start * classes + c]);

  const bestSplit = (segment: Segment): Split | null => {
    const n = segment.end - segment.start;
    const whole = counts(segment.start, segment.end);
    const wholeEntropy = entropy(whole, n);
    let best: { at: number; entropy: number } | null = null;
    for (let at = segment.start + 1; at < segment.end; at++) {
      if (sortedValues[at] === sortedValues[at - 1]) continue; // cuts fall between distinct values only
      const left = counts(segment.start, at);
      const right = counts(at, segment.end);
      const weighted = ((at - segment.start) * entropy(left, at - segment.start) + (segment.end - at) * entropy(right, segment.end - at)) / n;
      if (best === null || weighted < best.entropy) best = { at, entropy: weighted };
    }
    if (best === null) return null;
    const left = counts(segment.start, best.at);
    const right = counts(best.at, segment.end);
    const gain = wholeEntropy - best.entropy;
    if (!acceptedByMdl(gain, n, whole, left, right)) return null;
    return { segment, at: best.at, gainBits: gain * n };
  };

  const cuts: number[] = [];
  const candidates: Split[] = [];
  const consider = (segment: Segment): void => {
    const split = bestSplit(segment);
    if (split !== null) candidates.push(split);
  };
  consider({ start: 0, end: sortedValues.length });
  while (cuts.length < count && candidates.length > 0) {
    candidates.sort((a, b) => b.gainBits - a.gainBits);
    const split = candidates.shift() as Split;
    cuts.push(readableMidpoint(sortedValues[split.at - 1], sortedValues[split.at]));
    consider({ start: split.segment.start, end: split.at });
    consider({ start: split.at, end: split.segment.end });
  }
  return cuts.sort((a, b) => a - b);
}

/** Shannon entropy (bits) of a class distribution over n rows. */
function entropy(counts: readonly number[], n: number): number {
  let h = 0;
  for (const k of counts) if (k > 0) h -= (k / n) * Math.log2(k / n);
  return h;
}

/**
 * Fayyad & Irani's MDL criterion: a cut is worth its description length when
 * gain > (log2(n − 1) + Δ) / n, with Δ = log2(3^k − 2) − [k·H(S) − k₁·H(S₁) − k₂·H(S₂)]
 * (k = classes present in a part).
 */
function acceptedByMdl(gain: number, n: number, whole: number[], left: number[], right: number[]): boolean {
  const present = (c: readonly number[]): number => c.filter((k) => k > 0).length;
  const nLeft = left.reduce((a, b) => a + b, 0);
  const nRight = n - nLeft;
  const k = present(whole);
  const delta =
    Math.log2(3 ** k - 2) - (k * entropy(whole, n) - present(left) * entropy(left, nLeft) - present(right) * entropy(right, nRight));
  return gain > (Math.log2(n - 1) + delta) / n;
}
