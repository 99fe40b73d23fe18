import type { EncoderSpec, FeatureEncoder } from './spec';

/**
 * What one input bit means, in the user's terms; the compiler turns these into readable rules.
 * Derived from the encoders rather than stored, so the two can never disagree.
 */
export type BitPredicate =
  | { feature: string; op: '>'; value: number }
  | { feature: string; op: '='; value: string }
  | { feature: string; op: 'is true' }
  | { feature: string; op: 'is missing' };

/** The bits of one feature, in encoding order (its "is missing" bit last). */
export function featureBits(encoder: FeatureEncoder): BitPredicate[] {
  const feature = encoder.column;
  const bits: BitPredicate[] =
    encoder.kind === 'numeric'
      ? encoder.thresholds.map((value) => ({ feature, op: '>', value }))
      : encoder.kind === 'categorical'
        ? encoder.categories.map((value) => ({ feature, op: '=', value }))
        : [{ feature, op: 'is true' }];
  if (encoder.missingBit) bits.push({ feature, op: 'is missing' });
  return bits;
}

/** Every input bit of an encoding, in bit order. */
export function bitPredicates(spec: EncoderSpec): BitPredicate[] {
  return spec.features.flatMap(featureBits);
}

/** Number of input bits of an encoding. */
export function bitCount(spec: EncoderSpec): number {
  return bitPredicates(spec).length;
}

/** `petal_length > 2.45`, `color = "red"`, `smoker is true`, `age is missing`. */
export function formatPredicate(p: BitPredicate): string {
  switch (p.op) {
    case '>':
      return `${p.feature} > ${p.value}`;
    case '=':
      return `${p.feature} = ${JSON.stringify(p.value)}`;
    default:
      return `${p.feature} ${p.op}`;
  }
}
