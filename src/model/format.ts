/**
 * model.json, format version 1 (documented in docs/model-format.md). Everything a model needs to
 * take raw rows and answer: the architecture, the input encoders, the class labels, the hardened
 * 1-bit weights, plus metrics and provenance. No timestamps: the same training gives the same
 * bytes.
 */
import { z } from 'zod';
import { encoderSpecSchema } from '../data/spec';
import { archSchema } from '../nets/arch';

export const MODEL_FORMAT = 'dbnc-model';
export const MODEL_FORMAT_VERSION = 1;

const fraction = z.number().min(0).max(1);

export const splitMetricsSchema = z.strictObject({
  rows: z.number().int().min(0),
  softAccuracy: fraction,
  hardAccuracy: fraction,
  /** Share of rows where the soft net's prediction equals the hard net's (must be 1). */
  fidelity: fraction,
});
export type SplitMetrics = z.infer<typeof splitMetricsSchema>;

export const epochRecordSchema = z.strictObject({
  epoch: z.number().int().min(1),
  loss: z.number(),
  trainAccuracy: fraction,
  testAccuracy: fraction.nullable(),
  /** Present when trained with a validation split. */
  validationAccuracy: fraction.optional(),
});
export type EpochRecord = z.infer<typeof epochRecordSchema>;

export const weightsSchema = z.strictObject({
  shape: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
  bits: z.string(),
});

export const modelFileSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  dbncVersion: z.string(),
  name: z.string(),
  arch: archSchema,
  encoders: encoderSpecSchema,
  /** One entry per layer of `arch.layers`: the hardened weights, or null for weightless layers. */
  weights: z.array(weightsSchema.nullable()),
  metrics: z.strictObject({
    train: splitMetricsSchema,
    test: splitMetricsSchema.nullable(),
    /** With a validation split: the validation rows, and the epoch whose weights the model holds. */
    validation: splitMetricsSchema.optional(),
    selectedEpoch: z.number().int().min(1).optional(),
  }).refine((m) => (m.validation === undefined) === (m.selectedEpoch === undefined), {
    message: 'validation and selectedEpoch go together (a model trained with a validation split has both)',
  }),
  history: z.array(epochRecordSchema),
  provenance: z.strictObject({
    dataFile: z.string(),
    dataSha256: z.string().regex(/^[0-9a-f]{64}$/),
    seed: z.number().int(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
});
export type ModelFile = z.infer<typeof modelFileSchema>;
