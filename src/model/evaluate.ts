/**
 * Classification metrics of a model on labelled rows: accuracy, a confusion matrix and
 * per-class precision and recall. Pure arithmetic on class numbers — no TensorFlow.js here.
 */

export interface ClassMetrics {
  readonly class: string;
  /** Share of rows predicted as this class that are this class; null when it is never predicted. */
  readonly precision: number | null;
  /** Share of this class's rows predicted as it; null when the data have no row of it. */
  readonly recall: number | null;
  /** Rows whose true class is this one. */
  readonly support: number;
}

export interface ClassificationMetrics {
  readonly rows: number;
  /** Rows predicted right. */
  readonly correct: number;
  /** correct / rows (0 for no rows). */
  readonly accuracy: number;
  readonly classes: readonly string[];
  /** confusion[t][p] = rows of true class t predicted as p. */
  readonly confusion: number[][];
  readonly perClass: ClassMetrics[];
}

/** Metrics of `predicted` against `labels` (class numbers, indices into `classes`). */
export function classificationMetrics(
  classes: readonly string[],
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
): ClassificationMetrics {
  if (labels.length !== predicted.length) {
    throw new Error(`metrics: ${labels.length} labels but ${predicted.length} predictions`);
  }
  const k = classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predicted[i];
    if (!(t >= 0 && t < k && p >= 0 && p < k)) throw new Error(`metrics: row ${i + 1} has class ${t} → ${p}, outside 0..${k - 1}`);
    confusion[t][p]++;
  }
  let correct = 0;
  for (let c = 0; c < k; c++) correct += confusion[c][c];
  const rows = labels.length;
  const perClass = classes.map((name, c) => {
    const support = confusion[c].reduce((sum, n) => sum + n, 0);
    const predictedAs = confusion.reduce((sum, row) => sum + row[c], 0);
    return {
      class: name,
      precision: predictedAs === 0 ? null : confusion[c][c] / predictedAs,
      recall: support === 0 ? null : confusion[c][c] / support,
      support,
    };
  });
  return { rows, correct, accuracy: rows === 0 ? 0 : correct / rows, classes: [...classes], confusion, perClass };
}

/** Number of rows on which two predictions differ. */
export function disagreements(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`disagreements: ${a.length} vs ${b.length} predictions`);
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++;
  return differ;
}

/** Share of rows on which two predictions agree (1 for no rows). */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return a.length === 0 ? 1 : (a.length - disagreements(a, b)) / a.length;
}
