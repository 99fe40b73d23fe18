import { z } from 'zod';
import { MISSING_TOKENS } from './schema';

/**
 * Encoders as plain JSON, so a model file can store them and `dbnc predict` can encode new
 * rows exactly as the training rows were. Strict objects: a misspelt key in a hand-edited
 * model file is an error, not a silently ignored field.
 */

const unique = (items: readonly string[]): boolean => new Set(items).size === items.length;

const increasing = (xs: readonly number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1] < x);

/** `missingBit`: the feature has a last bit "is missing" (and its other bits are 0 when it is). */
const missingBit = z.boolean();

/** Thermometer code: one bit `column > t` per threshold, ascending. */
export const numericEncoderSchema = z.strictObject({
  kind: z.literal('numeric'),
  column: z.string(),
  thresholds: z.array(z.number()).refine(increasing, 'thresholds must be strictly increasing'),
  missingBit,
});

/**
 * A category a row can have: `dbnc predict` trims each cell and reads "", NA, NULL and ? as
 * missing, so a category with surrounding whitespace or spelt like a missing value (only a
 * hand-edited model has one) would match no row there, while the compiled SQL and TypeScript
 * would match its text: refused, so the artifacts and predict cannot part.
 */
const category = z
  .string()
  .refine((c) => c === c.trim(), 'a category has no leading or trailing whitespace (dbnc predict trims every cell)')
  .refine((c) => !MISSING_TOKENS.includes(c), `a category cannot be ${MISSING_TOKENS.map((t) => JSON.stringify(t)).join(', ').replace(/, ([^,]*)$/, ' or $1')}: dbnc predict reads such a cell as missing`);

/** One-hot code: one bit `column = "c"` per category, in the stored (sorted) order. */
export const categoricalEncoderSchema = z.strictObject({
  kind: z.literal('categorical'),
  column: z.string(),
  categories: z.array(category).refine(unique, 'categories must be unique'),
  missingBit,
});

/** One bit `column is true`. */
export const booleanEncoderSchema = z.strictObject({
  kind: z.literal('boolean'),
  column: z.string(),
  missingBit,
});

export const featureEncoderSchema = z.discriminatedUnion('kind', [
  numericEncoderSchema,
  categoricalEncoderSchema,
  booleanEncoderSchema,
]);

/** The whole input encoding: feature encoders in bit order, and the class labels. */
export const encoderSpecSchema = z
  .strictObject({
    version: z.literal(1),
    features: z
      .array(featureEncoderSchema)
      .refine((fs) => unique(fs.map((f) => f.column)), 'each column may be encoded only once'),
    label: z.strictObject({
      column: z.string(),
      /** Class names; a label's index here is its class number. */
      classes: z.array(z.string()).min(1).refine(unique, 'classes must be unique'),
    }),
  })
  .refine((spec) => spec.features.every((f) => f.column !== spec.label.column), 'the label column cannot be a feature');

export type NumericEncoder = z.infer<typeof numericEncoderSchema>;
export type CategoricalEncoder = z.infer<typeof categoricalEncoderSchema>;
export type BooleanEncoder = z.infer<typeof booleanEncoderSchema>;
export type FeatureEncoder = z.infer<typeof featureEncoderSchema>;
export type EncoderSpec = z.infer<typeof encoderSpecSchema>;
