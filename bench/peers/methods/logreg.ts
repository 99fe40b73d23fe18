/**
 * Logistic regression (ml-logistic-regression: one-vs-rest, full-batch gradient steps) on the
 * standardized features. The package fits no intercept, so a constant-1 column is appended.
 * Its gradient is a sum over rows, so the step it takes is `learningRate × rows` times the mean
 * gradient; the learning rate passed is `stepScale / (L × rows)` with L the smoothness
 * constant of the mean log-loss (λmax(XᵀX / rows) / 4), which makes every data set's steps
 * the safe 1/L regardless of its row count and width.
 *
 * Size: 4 bytes (float32) per coefficient, intercepts included.
 */
import { performance } from 'node:perf_hooks';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { accuracyOf } from '../../../src/train/dataset';
import { seededRng } from '../../../src/util/rng';
import { fitStandardizer, standardize } from '../features';
import type { LogregSettings } from '../settings';
import type { MethodRun, NumericSet, TaskSplit } from '../types';

/** Standardized rows with a trailing constant-1 column (the intercept). */
function designMatrix(set: NumericSet): Matrix {
  const m = new Matrix(set.rows, set.width + 1);
  for (let r = 0; r < set.rows; r++) {
    for (let j = 0; j < set.width; j++) m.set(r, j, set.x[r * set.width + j]);
    m.set(r, set.width, 1);
  }
  return m;
}

/** λmax(XᵀX / rows) by power iteration (seeded start; 50 rounds are ample for a step size). */
export function largestEigenvalue(x: Matrix, rounds = 50): number {
  const next = seededRng(1);
  let v = Matrix.columnVector(Array.from({ length: x.columns }, () => next() + 0.5));
  let lambda = 0;
  for (let k = 0; k < rounds; k++) {
    const w = x.transpose().mmul(x.mmul(v)).div(x.rows);
    lambda = w.norm('frobenius') / v.norm('frobenius');
    if (!(lambda > 0)) return 0;
    v = w.div(w.norm('frobenius'));
  }
  return lambda;
}

export async function runLogreg(split: TaskSplit, settings: LogregSettings): Promise<MethodRun> {
  const start = performance.now();
  const scaler = fitStandardizer(split.numeric.train);
  const x = designMatrix(standardize(split.numeric.train, scaler));
  const smoothness = Math.max(largestEigenvalue(x) / 4, 1e-9);
  const model = new LogisticRegression({ numSteps: settings.numSteps, learningRate: settings.stepScale / (smoothness * x.rows) });
  model.train(x, Matrix.columnVector(Array.from(split.numeric.train.labels)));
  const trainSeconds = (performance.now() - start) / 1000;
  const predicted = Int32Array.from(model.predict(designMatrix(standardize(split.numeric.test, scaler))));
  const coefficients = model.classifiers.length * x.columns;
  return {
    accuracy: accuracyOf(predicted, split.numeric.test.labels),
    modelBytes: 4 * coefficients,
    literals: null,
    trainSeconds,
    details: { coefficients, classifiers: model.classifiers.length },
  };
}
