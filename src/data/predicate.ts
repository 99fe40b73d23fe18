import type { EncoderSpec, FeatureEncoder } from './spec';
import { jsonString } from '../util/visible_text';

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

/**
 * A column name as messages, comments and dumps print it: bare when it is one plain word
 * (letters, digits, `_`, `.`, `-`), else as a JSON string — so `"a > b" > 3` and a name with a
 * line break or a comma stay unambiguous and on one line.
 */
export function displayName(name: string): string {
  return /^[\p{L}\p{N}_.-]+$/u.test(name) ? name : jsonString(name);
}

export { jsonString };

/** `petal_length > 2.45`, `color = "red"`, `smoker is true`, `age is missing`, `"petal length" > 2.45`. */
export function formatPredicate(p: BitPredicate): string {
  const feature = displayName(p.feature);
  switch (p.op) {
    case '>':
      return `${feature} > ${p.value}`;
    case '=':
      return `${feature} = ${jsonString(p.value)}`;
    default:
      return `${feature} ${p.op}`;
  }
}
