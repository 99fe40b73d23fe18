/**
 * The architecture spec: a JSON description of a ∂B net (layers in order, widths, group sizes,
 * head, initialisers), validated with zod wherever users hand one in. Shapes are derived here,
 * once, so the soft net, the hard net and the model file agree on every size. Objects are
 * strict: a misspelt key (`"widht"`) in an architecture or model file is an error, not a
 * silently ignored field.
 */
import { z } from 'zod';

const probability = z.number().min(0).max(1);

export const initSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), value: probability }),
  z.strictObject({ kind: z.literal('uniform'), low: probability, high: probability }),
  /** value = high·b + low·(1 − b), b ~ Bernoulli(p): the paper's sparse initialisers. */
  z.strictObject({ kind: z.literal('bernoulli'), p: probability, high: probability, low: probability }),
]);
export type InitSpec = z.infer<typeof initSchema>;

const width = z.number().int().min(1).max(1_000_000);

/** Most layers in a net. */
export const MAX_LAYERS = 1000;

export const layerSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('negConcat') }),
  z.strictObject({ kind: z.literal('and'), width, init: initSchema }),
  z.strictObject({ kind: z.literal('or'), width, init: initSchema }),
  z.strictObject({ kind: z.literal('not'), width, init: initSchema }),
  z.strictObject({ kind: z.literal('implies'), width, init: initSchema, packed: z.boolean().default(true) }),
  // packed: false = the plain order statistic (see MajorityLayerAttrs); absent = margin-packed.
  z.strictObject({ kind: z.literal('majority'), groupSize: width, packed: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('countHot'), groupSize: width }),
  z.strictObject({ kind: z.literal('dropout'), rate: z.number().min(0).max(0.5) }),
]);
export type LayerSpec = z.infer<typeof layerSpecSchema>;

export const headSchema = z.discriminatedUnion('kind', [
  /** One output bit per class, read as a logit. */
  z.strictObject({ kind: z.literal('bits'), harden: z.boolean().default(true) }),
  /** Output bits split into `classes` equal buckets; each bucket's max is a logit. */
  z.strictObject({ kind: z.literal('groupMax'), harden: z.boolean().default(true) }),
  /** Output bits split into `classes` equal buckets; each bucket's sum is a logit. */
  z.strictObject({ kind: z.literal('groupSum'), harden: z.boolean().default(true) }),
  /** A single output bit y with logits [y, 1 − y]: class 0 when y is high. */
  z.strictObject({ kind: z.literal('bitAndNegation'), harden: z.boolean().default(false) }),
]);
export type HeadSpec = z.infer<typeof headSchema>;

export const archSchema = z.strictObject({
  inputs: width,
  classes: z.number().int().min(2).max(100_000),
  /** Far above any useful depth; bounds the work a corrupt file can ask for. */
  layers: z.array(layerSpecSchema).min(1).max(MAX_LAYERS),
  head: headSchema,
});
export type ArchSpec = z.infer<typeof archSchema>;

/** Sizes of one layer in a net: input bits, weight shape (if any), output bits. */
export interface LayerShape {
  readonly spec: LayerSpec;
  readonly inputs: number;
  readonly weights: readonly [number, number] | null;
  readonly outputs: number;
}

/** Derives and checks every layer's sizes; throws a one-line error naming the layer. */
export function layerShapes(arch: ArchSpec): LayerShape[] {
  let bits = arch.inputs;
  const shapes = arch.layers.map((spec, index) => {
    const where = `layers[${index}] (${spec.kind})`;
    const inputs = bits;
    let weights: [number, number] | null = null;
    switch (spec.kind) {
      case 'negConcat':
        bits = 2 * inputs;
        break;
      case 'and':
      case 'or':
        weights = [spec.width, inputs];
        bits = spec.width;
        break;
      case 'not':
      case 'implies':
        weights = [spec.width, inputs];
        bits = spec.width * inputs;
        break;
      case 'majority':
      case 'countHot':
        if (inputs % spec.groupSize !== 0) {
          throw new Error(`${where}: ${inputs} input bits do not split into groups of ${spec.groupSize}`);
        }
        bits = spec.kind === 'majority' ? inputs / spec.groupSize : (inputs / spec.groupSize) * (spec.groupSize + 1);
        break;
      case 'dropout':
        break;
      default: {
        const unreachable: never = spec;
        throw new Error(`unknown layer ${JSON.stringify(unreachable)}`);
      }
    }
    return { spec, inputs, weights, outputs: bits };
  });
  const last = bits;
  const head = arch.head;
  const need =
    head.kind === 'bits' ? last === arch.classes : head.kind === 'bitAndNegation' ? last === 1 && arch.classes === 2 : last % arch.classes === 0;
  if (!need) {
    throw new Error(`head (${head.kind}): the last layer has ${last} bit${last === 1 ? '' : 's'}, which does not fit ${arch.classes} classes`);
  }
  return shapes;
}

/** Total number of 1-bit weights of the hardened net. */
export function weightCount(arch: ArchSpec): number {
  return layerShapes(arch).reduce((sum, s) => sum + (s.weights ? s.weights[0] * s.weights[1] : 0), 0);
}
