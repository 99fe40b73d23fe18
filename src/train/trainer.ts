/**
 * Mini-batch training of a soft ∂B net: softmax cross-entropy on the head's logits (SPEC §2.5),
 * RAdam or Adam, weights clipped to [0, 1] after every step, every random draw seeded.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { SoftNet } from '../nets/soft_net';
import { tf } from '../tf';
import { seededRng } from '../util/rng';
import { permutation, type BitDataset } from './dataset';
import { createOptimizer, type OptimizerName } from './radam';


export const WEIGHT_BOUNDS = ['project', 'clip'] as const;
export type WeightBounds = (typeof WEIGHT_BOUNDS)[number];

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerName;
  readonly seed: number;
  /**
   * How weights stay soft bits. `project` (default): the variables are clipped to [0, 1] after
   * every step, so a weight at a bound can come straight back. `clip`: the variables are left
   * unbounded and the forward pass clips them, so a weight pushed past a bound stops getting
   * gradient and stays there (the paper's reference implementation clips inside its operators).
   */
  readonly weightBounds?: WeightBounds;
  /**
   * Called after each epoch with the mean training loss of that epoch; returning true stops
   * training there (early stopping).
   */
  readonly onEpoch?: (epoch: number, loss: number) => boolean | void;
}

/** Gathers the given rows of a dataset into a float input tensor and one-hot labels. */
function batchTensors(data: BitDataset, rows: Int32Array, classes: number): [tfTypes.Tensor2D, tfTypes.Tensor2D] {
  const x = new Float32Array(rows.length * data.inputs);
  rows.forEach((r, k) => {
    for (let i = 0; i < data.inputs; i++) x[k * data.inputs + i] = data.bits[r * data.inputs + i];
  });
  const labels = Int32Array.from(rows, (r) => data.labels[r]);
  return [tf.tensor2d(x, [rows.length, data.inputs]), tf.oneHot(tf.tensor1d(labels, 'int32'), classes) as tfTypes.Tensor2D];
}

export function datasetTensor(data: BitDataset): tfTypes.Tensor2D {
  return tf.tensor2d(Float32Array.from(data.bits), [data.rows, data.inputs]);
}

/** Trains `net` in place; returns the mean loss of each epoch trained (fewer when stopped early). */
export function train(net: SoftNet, data: BitDataset, options: TrainOptions): number[] {
  const rng = seededRng(options.seed);
  const optimizer = createOptimizer(options.optimizer, options.learningRate);
  const classes = net.arch.classes;
  const losses: number[] = [];
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = permutation(data.rows, rng);
      let total = 0;
      let batches = 0;
      for (let start = 0; start < data.rows; start += options.batchSize) {
        const rows = order.subarray(start, Math.min(data.rows, start + options.batchSize));
        const loss = tf.tidy(() => {
          const [x, y] = batchTensors(data, rows, classes);
          const cost = optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(y, net.logits(x, { training: true, rng })) as tfTypes.Scalar,
            true,
            net.variables(),
          );
          return cost ? cost.dataSync()[0] : NaN;
        });
        if (options.weightBounds !== 'clip') net.clipWeights();
        total += loss;
        batches++;
      }
      losses.push(total / batches);
      if (options.onEpoch?.(epoch, total / batches) === true) break;
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}
