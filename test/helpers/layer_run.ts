import type * as tfTypes from '@tensorflow/tfjs';
import { LAYERS } from '../../src/layers/registry';
import type { LayerDef } from '../../src/layers/types';
import { tf } from '../../src/tf';
import type { LayerCase } from './layer_cases';
import { softBits } from './random';

export type LayerPath = 'fused' | 'reference';

/** The layer definition of a case, with its attribute type erased for generic test loops. */
export function layerOf(c: LayerCase): LayerDef {
  return LAYERS[c.layer] as unknown as LayerDef;
}

/** Random inputs for a case: x [B, m] and the second input (weights, mask or null). */
export function randomInputs(
  c: LayerCase,
  batch: number,
  next: () => number,
  gap = 0,
): { x: Float32Array; second: Float32Array | null } {
  const layer = layerOf(c);
  const x = softBits(batch * c.m, next, gap);
  if (layer.second === 'weights') return { x, second: softBits(c.n * c.m, next, gap) };
  if (layer.second === 'mask') return { x, second: Float32Array.from(softBits(batch * c.m, next), (v) => (v > 0.5 ? 1 : 0)) };
  return { x, second: null };
}

export function secondShape(c: LayerCase, batch: number): [number, number] {
  return layerOf(c).second === 'weights' ? [c.n, c.m] : [batch, c.m];
}

/** Runs one path of a layer and returns its output flattened to [B, width]. */
export function runLayer(
  c: LayerCase,
  path: LayerPath,
  x: Float32Array,
  second: Float32Array | null,
  batch: number,
): Float32Array {
  const layer = layerOf(c);
  return tf.tidy(() => {
    const xt = tf.tensor2d(x, [batch, c.m]);
    const st = second === null ? null : tf.tensor2d(second, secondShape(c, batch));
    return layer[path](xt, st, c.attrs as never).dataSync() as Float32Array;
  });
}

/**
 * Gradients of Σ coeff·y with respect to x and (for weight layers) w, by the given path.
 * Returns [dx] or [dx, dw].
 */
export function layerGrads(
  c: LayerCase,
  path: LayerPath,
  x: Float32Array,
  second: Float32Array | null,
  batch: number,
  coeff: Float32Array,
): Float32Array[] {
  const layer = layerOf(c);
  return tf.tidy(() => {
    const xt = tf.tensor2d(x, [batch, c.m]);
    const st = second === null ? null : tf.tensor2d(second, secondShape(c, batch));
    const withWeights = layer.second === 'weights';
    const loss = (...args: tfTypes.Tensor[]): tfTypes.Tensor => {
      const y = layer[path](args[0] as tfTypes.Tensor2D, withWeights ? (args[1] as tfTypes.Tensor2D) : st, c.attrs as never);
      return tf.sum(tf.mul(y.reshape([-1]), tf.tensor1d(coeff)));
    };
    const args = withWeights && st ? [xt, st] : [xt];
    return tf.grads(loss)(args).map((g) => g.dataSync() as Float32Array);
  });
}

export function outputWidth(c: LayerCase): number {
  return layerOf(c).outputWidth(c.m, c.n, c.attrs as never);
}
