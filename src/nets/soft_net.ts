/**
 * The soft net: a ∂B net with real weights in [0, 1], built from an architecture spec and
 * trained by gradient descent. Its layers run on the fused cpu kernels. `hardenWeights()` gives
 * the 1-bit weights of the equivalent hard net (`hard_net.ts`).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { LAYERS } from '../layers/registry';
import { impliesMajorityT, notGroupSumT, notMajorityT } from '../layers/layer_pairs';
import { groupSumT } from '../ops/heads';
import { tf } from '../tf';
import { seededRng, type Rng } from '../util/rng';
import { layerShapes, type ArchSpec, type InitSpec, type LayerShape } from './arch';
import type { HardLayerWeights } from './hard_net';

export interface ForwardOptions {
  /** Training mode turns ∂dropout on; its flip masks are drawn from `rng`. */
  readonly training: boolean;
  readonly rng?: Rng;
}

/**
 * What the head reads: the last layer's soft bits, or — when the net ends in a ∂¬ layer under
 * a groupSum head — that layer's input and (bounded) weights, for the fused ∂¬ + sums kernel.
 */
interface HeadInput {
  readonly bits: tfTypes.Tensor2D;
  readonly notWeight: tfTypes.Tensor2D | null;
}

function drawInit(init: InitSpec, count: number, rng: Rng): Float32Array {
  const out = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    switch (init.kind) {
      case 'constant':
        out[k] = init.value;
        break;
      case 'uniform':
        out[k] = init.low + (init.high - init.low) * rng();
        break;
      case 'bernoulli':
        out[k] = rng() < init.p ? init.high : init.low;
        break;
      default: {
        const unreachable: never = init;
        throw new Error(`unknown initialiser ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return out;
}

/** A trainable [rows, cols] variable holding `values` (the staging tensor is freed at once). */
function variableFrom(values: Float32Array, rows: number, cols: number): tfTypes.Variable {
  const initial = tf.tensor2d(values, [rows, cols]);
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

export class SoftNet {
  readonly shapes: readonly LayerShape[];

  private constructor(
    readonly arch: ArchSpec,
    /** One variable per layer with weights, null for weightless layers. */
    readonly weights: ReadonlyArray<tfTypes.Variable | null>,
  ) {
    this.shapes = layerShapes(arch);
  }

  /** A fresh net with the spec's initialisers, drawn from `seed`. */
  static init(arch: ArchSpec, seed: number): SoftNet {
    const rng = seededRng(seed);
    const shapes = layerShapes(arch);
    const weights = shapes.map((s) => {
      if (!s.weights) return null;
      const spec = s.spec as Extract<typeof s.spec, { init: InitSpec }>;
      const [rows, cols] = s.weights;
      return variableFrom(drawInit(spec.init, rows * cols, rng), rows, cols);
    });
    return new SoftNet(arch, weights);
  }

  /** A net from given weight values (row-major [rows, cols] per weighted layer). */
  static fromWeights(arch: ArchSpec, values: ReadonlyArray<Float32Array | null>): SoftNet {
    const shapes = layerShapes(arch);
    const weights = shapes.map((s, index) => {
      const v = values[index];
      if (!s.weights) return null;
      if (!v || v.length !== s.weights[0] * s.weights[1]) {
        throw new Error(`layers[${index}] (${s.spec.kind}): expected ${s.weights[0]}×${s.weights[1]} weights`);
      }
      return variableFrom(v, s.weights[0], s.weights[1]);
    });
    return new SoftNet(arch, weights);
  }

  /** The trainable variables, in layer order. */
  variables(): tfTypes.Variable[] {
    return this.weights.filter((w): w is tfTypes.Variable => w !== null);
  }

  /** Soft bits of the last layer, [B, width]. */
  forwardBits(x: tfTypes.Tensor2D, options: ForwardOptions): tfTypes.Tensor2D {
    return this.forwardLayers(x, options, this.shapes.length);
  }

  /**
   * Soft bits after layers [0, end). A ∂¬ or ∂⇒ layer followed by a ∂Maj layer runs as one
   * fused kernel (the same numbers without the first layer's B·n·m output in memory).
   */
  private forwardLayers(x: tfTypes.Tensor2D, options: ForwardOptions, end: number): tfTypes.Tensor2D {
    let h = x;
    for (let index = 0; index < end; index++) {
      const shape = this.shapes[index];
      const w = this.boundedWeight(index);
      const batch = h.shape[0];
      const spec = shape.spec;
      const next = index + 1 < end ? this.shapes[index + 1].spec : null;
      if ((spec.kind === 'not' || spec.kind === 'implies') && next?.kind === 'majority' && w !== null) {
        const majority = { groupSize: next.groupSize, packed: next.packed ?? true };
        h = spec.kind === 'not' ? notMajorityT(h, w, majority) : impliesMajorityT(h, w, { ...majority, impliesPacked: spec.packed });
        index++;
        continue;
      }
      switch (spec.kind) {
        case 'negConcat':
          h = LAYERS.negConcatLayer.fused(h, null, {}) as tfTypes.Tensor2D;
          break;
        case 'and':
          h = LAYERS.andLayer.fused(h, w, {}) as tfTypes.Tensor2D;
          break;
        case 'or':
          h = LAYERS.orLayer.fused(h, w, {}) as tfTypes.Tensor2D;
          break;
        case 'not':
          h = LAYERS.notLayer.fused(h, w, {}).reshape([batch, shape.outputs]);
          break;
        case 'implies':
          h = LAYERS.impliesLayer.fused(h, w, { packed: spec.packed }).reshape([batch, shape.outputs]);
          break;
        case 'majority':
          h = LAYERS.majorityLayer.fused(h, null, { groupSize: spec.groupSize, packed: spec.packed ?? true }) as tfTypes.Tensor2D;
          break;
        case 'countHot':
          h = LAYERS.countHotLayer.fused(h, null, { groupSize: spec.groupSize }) as tfTypes.Tensor2D;
          break;
        case 'dropout': {
          if (!options.training || spec.rate === 0) break;
          const rng = options.rng;
          if (!rng) throw new Error('training with ∂dropout needs a seeded rng');
          const flips = Float32Array.from({ length: batch * shape.inputs }, () => (rng() < spec.rate ? 1 : 0));
          h = LAYERS.dropoutLayer.fused(h, tf.tensor2d(flips, [batch, shape.inputs]), {}) as tfTypes.Tensor2D;
          break;
        }
        default: {
          const unreachable: never = spec;
          throw new Error(`unknown layer ${JSON.stringify(unreachable)}`);
        }
      }
    }
    return h;
  }

  /**
   * Logits [B, C] (SPEC §2.5): bits as logits, bucket maxima (hardened after the max), bucket
   * sums of hardened bits, or [y, 1 − y] for a single output bit.
   */
  logits(x: tfTypes.Tensor2D, options: ForwardOptions): tfTypes.Tensor2D {
    return this.headLogits(this.headInput(x, options), this.arch.head.harden);
  }

  /**
   * The logits training uses and the hardened ones predictions take, from one forward pass
   * through the layers. They differ only for a head trained unhardened (`head.harden: false`):
   * the net's class is the argmax of hardened logits, as the hard net's is; soft sums or maxima
   * can rank the classes otherwise.
   */
  scoringLogits(x: tfTypes.Tensor2D): { logits: tfTypes.Tensor2D; hardened: tfTypes.Tensor2D } {
    const input = this.headInput(x, { training: false });
    const logits = this.headLogits(input, this.arch.head.harden);
    return { logits, hardened: this.arch.head.harden ? logits : this.headLogits(input, true) };
  }

  private headInput(x: tfTypes.Tensor2D, options: ForwardOptions): HeadInput {
    const last = this.shapes.length - 1;
    if (this.arch.head.kind === 'groupSum' && last >= 0 && this.shapes[last].spec.kind === 'not') {
      // The ∂¬ layer and the bucket sums as one fused kernel (MNIST: 23.5 MB a batch not written).
      const w = this.boundedWeight(last);
      if (w !== null) return { bits: this.forwardLayers(x, options, last), notWeight: w };
    }
    return { bits: this.forwardBits(x, options), notWeight: null };
  }

  private headLogits(input: HeadInput, harden: boolean): tfTypes.Tensor2D {
    const { head, classes } = this.arch;
    if (input.notWeight !== null) return notGroupSumT(input.bits, input.notWeight, classes, harden);
    const y = input.bits;
    const batch = y.shape[0];
    const hardenST = (t: tfTypes.Tensor2D): tfTypes.Tensor2D => LAYERS.hardenLayer.fused(t, null, {}) as tfTypes.Tensor2D;
    switch (head.kind) {
      case 'bits':
        return harden ? hardenST(y) : y;
      case 'groupMax': {
        const maxima = tf.max(y.reshape([batch, classes, -1]), 2) as tfTypes.Tensor2D;
        return harden ? hardenST(maxima) : maxima;
      }
      case 'groupSum':
        return groupSumT(y, classes, harden);
      case 'bitAndNegation': {
        const bit = harden ? hardenST(y) : y;
        return tf.concat([bit, tf.sub(1, bit)], 1) as tfTypes.Tensor2D;
      }
      default: {
        const unreachable: never = head;
        throw new Error(`unknown head ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Predicted class per row: argmax of the hardened logits, ties to the lowest class index. */
  predict(x: tfTypes.Tensor2D): Int32Array {
    return tf.tidy(() => tf.argMax(this.scoringLogits(x).hardened, 1).dataSync() as Int32Array);
  }

  /**
   * The weights a layer computes with: the variable clipped to [0, 1]. After `clipWeights` this
   * is the identity (tfjs passes the gradient at the bounds, so training is unchanged); when a
   * trainer leaves the variables unbounded (`weightBounds: 'clip'`), a weight pushed past a
   * bound reads as the bound and gets no gradient, as in the paper's reference code.
   */
  private boundedWeight(index: number): tfTypes.Tensor2D | null {
    const w = this.weights[index];
    return w ? (tf.clipByValue(w, 0, 1) as tfTypes.Tensor2D) : null;
  }

  /** A copy of every layer's weight values (null for weightless layers), e.g. of the best epoch. */
  snapshot(): Array<Float32Array | null> {
    return this.weights.map((w) => (w ? Float32Array.from(w.dataSync()) : null));
  }

  /** Puts back weight values taken by `snapshot` (same architecture, same shapes). */
  restore(values: ReadonlyArray<Float32Array | null>): void {
    this.weights.forEach((w, index) => {
      if (!w) return;
      const v = values[index];
      if (!v || v.length !== w.size) throw new Error(`restore: layers[${index}] needs ${w.size} weight values`);
      tf.tidy(() => w.assign(tf.tensor2d(v, w.shape as [number, number])));
    });
  }

  /** Keeps every weight a soft bit: clip to [0, 1] after each update (SPEC §2.4). */
  clipWeights(): void {
    tf.tidy(() => this.variables().forEach((v) => v.assign(tf.clipByValue(v, 0, 1))));
  }

  /** The hard net's 1-bit weights: harden(w) = w > 1/2, per weighted layer. */
  hardenWeights(): Array<HardLayerWeights | null> {
    return this.weights.map((w) => {
      if (!w) return null;
      const [rows, cols] = w.shape;
      const values = w.dataSync();
      return { rows, cols, bits: Uint8Array.from(values, (v) => (v > 0.5 ? 1 : 0)) };
    });
  }

  dispose(): void {
    this.variables().forEach((v) => v.dispose());
  }
}
