/**
 * Rows of input bits with their classes, and the few operations every caller needs on them:
 * pick rows, draw a seeded permutation, predict with a soft net in bounded batches, score.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { EncodedRows } from '../data/encode';
import type { SoftNet } from '../nets/soft_net';
import { tf } from '../tf';
import type { Rng } from '../util/rng';

/** Rows of input bits (row-major 0/1) with class indices. */
export interface BitDataset {
  readonly bits: Uint8Array;
  readonly rows: number;
  readonly inputs: number;
  readonly labels: Int32Array;
}

/** Encoded rows as a dataset (they must carry labels). */
export function datasetFromEncoded(encoded: EncodedRows): BitDataset {
  if (!encoded.labels) throw new Error('the encoded rows have no labels');
  return { bits: encoded.bits, rows: encoded.nRows, inputs: encoded.nBits, labels: encoded.labels };
}

/** The rows `ids` of a dataset, in that order. */
export function pickRows(data: BitDataset, ids: ArrayLike<number>): BitDataset {
  const m = data.inputs;
  const bits = new Uint8Array(ids.length * m);
  const labels = new Int32Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    const r = ids[k];
    bits.set(data.bits.subarray(r * m, (r + 1) * m), k * m);
    labels[k] = data.labels[r];
  }
  return { bits, rows: ids.length, inputs: m, labels };
}

/** A random permutation of 0..count−1 (Fisher–Yates) drawn from `rng`. */
export function permutation(count: number, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Rows per soft-net batch: bounds the memory of wide layers (∂¬/∂⇒ outputs are width × inputs). */
export const PREDICT_BATCH = 1024;

/** Runs `step` on each batch of up to `batch` rows as a float input tensor (freed afterwards). */
function forEachBatch(bits: Uint8Array, rows: number, inputs: number, batch: number, step: (x: tfTypes.Tensor2D, first: number, count: number) => void): void {
  for (let first = 0; first < rows; first += batch) {
    const count = Math.min(batch, rows - first);
    tf.tidy(() => step(tf.tensor2d(Float32Array.from(bits.subarray(first * inputs, (first + count) * inputs)), [count, inputs]), first, count));
  }
}

/** Soft-net predictions for `rows` rows of input bits, `batch` rows at a time. */
export function softPredict(net: SoftNet, bits: Uint8Array, rows: number, batch = PREDICT_BATCH): Int32Array {
  const out = new Int32Array(rows);
  forEachBatch(bits, rows, net.arch.inputs, batch, (x, first) => out.set(net.predict(x), first));
  return out;
}

/**
 * The soft net's accuracy and mean softmax cross-entropy (the loss the trainer minimizes) on
 * labelled rows, from a test-time forward pass (no dropout). Predictions are `predict`'s: the
 * argmax of the hardened logits, ties to the lowest class.
 */
export function softScore(net: SoftNet, data: BitDataset, batch = PREDICT_BATCH): { accuracy: number; loss: number } {
  const predicted = new Int32Array(data.rows);
  let total = 0;
  forEachBatch(data.bits, data.rows, data.inputs, batch, (x, first, count) => {
    // Predictions from hardened logits (as `predict`); the loss from the logits training uses.
    const { logits, hardened } = net.scoringLogits(x);
    predicted.set(tf.argMax(hardened, 1).dataSync() as Int32Array, first);
    const y = tf.oneHot(tf.tensor1d(data.labels.subarray(first, first + count), 'int32'), net.arch.classes);
    total += tf.sum(tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.NONE)).dataSync()[0];
  });
  return { accuracy: accuracyOf(predicted, data.labels), loss: data.rows === 0 ? NaN : total / data.rows };
}

/** Share of rows whose prediction equals the label. */
export function accuracyOf(predicted: Int32Array, labels: Int32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return labels.length === 0 ? 0 : right / labels.length;
}
