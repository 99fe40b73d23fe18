/**
 * A small MLP in TensorFlow.js (the cpu backend dbnc itself uses, via `src/tf.ts`): standardized
 * features → dense(hidden, relu) → dense(classes, softmax), Adam, cross-entropy, a fixed number
 * of epochs. Seeded: Glorot-uniform weights from tfjs's seeded initializer, and each epoch's row
 * order from dbnc's seeded generator (tfjs's own shuffle would draw from Math.random).
 *
 * Size: 4 bytes (float32) per parameter, biases included.
 */
import { performance } from 'node:perf_hooks';
import type * as tfTypes from '@tensorflow/tfjs';
import { deriveSeed } from '../../../src/train/experiments';
import { accuracyOf, permutation } from '../../../src/train/dataset';
import { tf } from '../../../src/tf';
import { seededRng } from '../../../src/util/rng';
import { fitStandardizer, standardize } from '../features';
import type { MlpSettings } from '../settings';
import type { MethodRun, NumericSet, TaskSplit } from '../types';

/** Seed streams of a run's seed (1–3 are the split's and dbnc's). */
const INIT_STREAM = 6;
const SHUFFLE_STREAM = 7;

function buildModel(inputs: number, classes: number, settings: MlpSettings, seed: number, optimizer: tfTypes.Optimizer): tfTypes.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [inputs],
      units: settings.hidden,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, INIT_STREAM) }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, INIT_STREAM) + 1 }),
    }),
  );
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  return model;
}

const asTensor = (set: NumericSet): tfTypes.Tensor2D => tf.tensor2d(Float32Array.from(set.x), [set.rows, set.width]);

export async function runMlp(split: TaskSplit, settings: MlpSettings): Promise<MethodRun> {
  const classes = split.classes.length;
  const start = performance.now();
  const scaler = fitStandardizer(split.numeric.train);
  const train = standardize(split.numeric.train, scaler);
  const optimizer = tf.train.adam(settings.learningRate);
  const model = buildModel(train.width, classes, settings, split.seed, optimizer);
  const x = asTensor(train);
  const y = tf.oneHot(tf.tensor1d(train.labels, 'int32'), classes);
  const rng = seededRng(deriveSeed(split.seed, SHUFFLE_STREAM));
  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const order = tf.tensor1d(permutation(train.rows, rng), 'int32');
      const xs = tf.gather(x, order);
      const ys = tf.gather(y, order);
      await model.fit(xs, ys, { epochs: 1, batchSize: settings.batchSize, shuffle: false, verbose: 0 });
      tf.dispose([order, xs, ys]);
    }
    const trainSeconds = (performance.now() - start) / 1000;
    const test = asTensor(standardize(split.numeric.test, scaler));
    const predicted = tf.tidy(() => (model.predict(test) as tfTypes.Tensor2D).argMax(1).dataSync() as Int32Array);
    test.dispose();
    const parameters = model.countParams();
    return {
      accuracy: accuracyOf(Int32Array.from(predicted), split.numeric.test.labels),
      modelBytes: 4 * parameters,
      literals: null,
      trainSeconds,
      details: { parameters },
    };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  }
}
