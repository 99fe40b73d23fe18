/**
 * Soft-weight checkpoints (`dbnc train --save-soft`, `--resume`): the real-valued weights the
 * model file does not keep, so training can continue where it stopped. Float32 values, base64.
 * The optimizer's moment estimates are not saved: a resumed run restarts RAdam's warm-up.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { archSchema, layerShapes, type ArchSpec } from '../nets/arch';
import { encoderSpecSchema, type EncoderSpec } from '../data/spec';
import { firstIssue, MODEL_LIMITS } from './load';
import { ModelError, oneLine } from './model_error';

export const CHECKPOINT_FORMAT = 'dbnc-soft-checkpoint';

/** How a checkpoint's encoders were fitted: the provenance options `thresholds`, `thresholdMethod`, `missing`. */
const fitSchema = z.strictObject({ thresholds: z.number().int().min(1).nullable(), thresholdMethod: z.literal('entropy').optional(), missing: z.enum(['error', 'bit']) });
export type CheckpointFit = z.infer<typeof fitSchema>;

const checkpointSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  formatVersion: z.literal(1),
  arch: archSchema,
  /** The architecture's name (a preset or file name); absent in checkpoints written before it was kept. */
  archName: z.string().optional(),
  /**
   * The encoders the net was trained with: a resumed run encodes its rows with these, so each
   * input bit keeps its meaning (absent in older checkpoints, whose runs refit them).
   */
  encoders: encoderSpecSchema.optional(),
  /** How those encoders were fitted, as the model's provenance records it (kept with them). */
  fit: fitSchema.optional(),
  epochs: z.number().int().min(0),
  weights: z.array(z.strictObject({ shape: z.tuple([z.number().int().min(1), z.number().int().min(1)]), float32: z.string() }).nullable()),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface SoftWeights {
  readonly arch: ArchSpec;
  /** The architecture's name, as the model file's `provenance.options.arch` gives it. */
  readonly archName?: string;
  /** The encoders the net's input bits come from. */
  readonly encoders?: EncoderSpec;
  /** How the encoders were fitted (provenance options: thresholds, method, missing policy). */
  readonly fit?: CheckpointFit;
  /** Epochs trained so far. */
  readonly epochs: number;
  readonly values: Array<Float32Array | null>;
}

export function checkpointJson(weights: SoftWeights): string {
  const shapes = layerShapes(weights.arch);
  const checkpoint: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    formatVersion: 1,
    arch: weights.arch,
    ...(weights.archName !== undefined ? { archName: weights.archName } : {}),
    ...(weights.encoders !== undefined ? { encoders: weights.encoders } : {}),
    ...(weights.fit !== undefined ? { fit: weights.fit } : {}),
    epochs: weights.epochs,
    weights: shapes.map((s, i) => {
      const v = weights.values[i];
      return s.weights && v ? { shape: [s.weights[0], s.weights[1]], float32: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : null;
    }),
  };
  return `${JSON.stringify(checkpoint)}\n`;
}

export function loadCheckpoint(path: string): SoftWeights {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelError(path, code === 'ENOENT' ? 'no such file' : `not a readable JSON checkpoint (${oneLine((error as Error).message, 120)})`);
  }
  const parsed = checkpointSchema.safeParse(json);
  if (!parsed.success) throw new ModelError(path, firstIssue(parsed.error));
  const { arch, archName, encoders, fit, epochs, weights } = parsed.data;
  let shapes: ReturnType<typeof layerShapes>;
  try {
    shapes = layerShapes(arch);
  } catch (error) {
    throw new ModelError(path, `field arch.${(error as Error).message}`);
  }
  const total = shapes.reduce((sum, s) => sum + (s.weights ? s.weights[0] * s.weights[1] : 0), 0);
  if (total > MODEL_LIMITS.weights) throw new ModelError(path, `field arch: ${total} weights exceed the limit of ${MODEL_LIMITS.weights}`);
  if (weights.length !== shapes.length) throw new ModelError(path, `field weights: ${weights.length} entries for ${shapes.length} layers`);
  const values = shapes.map((s, i) => {
    const entry = weights[i];
    if (!s.weights) {
      if (entry !== null) throw new ModelError(path, `field weights[${i}]: layer ${i} has no weights`);
      return null;
    }
    if (entry === null || entry.shape[0] !== s.weights[0] || entry.shape[1] !== s.weights[1]) {
      throw new ModelError(path, `field weights[${i}]: layer ${i} (${s.spec.kind}) needs ${s.weights[0]}×${s.weights[1]} weights`);
    }
    const need = 4 * s.weights[0] * s.weights[1];
    // Length first: a short string for a huge shape fails before anything is decoded.
    if (entry.float32.length !== 4 * Math.ceil(need / 3)) throw new ModelError(path, `field weights[${i}].float32: wrong length`);
    const bytes = Buffer.from(entry.float32, 'base64');
    if (bytes.length !== need) throw new ModelError(path, `field weights[${i}].float32: wrong length`);
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    if (!floats.every((w) => w >= 0 && w <= 1)) throw new ModelError(path, `field weights[${i}].float32: weights must be soft bits in [0, 1]`);
    return floats;
  });
  return { arch, ...(archName !== undefined ? { archName } : {}), ...(encoders !== undefined ? { encoders } : {}), ...(fit !== undefined ? { fit } : {}), epochs, values };
}
