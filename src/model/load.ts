import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { z } from 'zod';
import type { EncoderSpec } from '../data/spec';
import { layerShapes, type LayerShape } from '../nets/arch';
import { HardNet, type HardLayerWeights } from '../nets/hard_net';
import { unpackBits } from './bits';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, modelFileSchema, type ModelFile } from './format';
import { ModelError, oneLine, preview } from './model_error';
import { STDIN_PATH } from '../util/stdin';

/**
 * Size limits of a model file (docs/model-format.md, "Limits"). Each is checked before anything
 * of that size is allocated, so a corrupt or hostile file fails in milliseconds with a message
 * instead of exhausting memory. They sit far above every real net (the paper's MNIST net has
 * 105,840 weights and 58,800 bits in its widest layer).
 */
export const MODEL_LIMITS = {
  /** Bytes of the file; larger files are refused before they are read. */
  fileBytes: 256 * 1024 * 1024,
  /** 1-bit weights summed over all layers (unpacked, one byte each in memory). */
  weights: 200_000_000,
  /** Output bits of any one layer (the hard net keeps one word per bit per 32 rows). */
  layerBits: 16_777_216,
} as const;

export interface LoadedModel {
  readonly path: string;
  readonly model: ModelFile;
  readonly hardWeights: ReadonlyArray<HardLayerWeights | null>;
  readonly hardNet: HardNet;
}

/** `arch.layers[2].width` style path of a zod issue. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** The first schema problem as `field a.b[2]: what is wrong`; missing and unknown fields said plainly. */
export function firstIssue(error: z.ZodError, root = 'model'): string {
  const issue = error.issues[0];
  const where = fieldPath(issue.path);
  const field = (name: string): string => (name ? `field ${name}` : root);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    return `${field(where ? `${where}.${key}` : key)}: unknown field${issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : ''}`;
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return `${field(where)}: missing (expected ${issue.expected})`;
  return `${field(where)}: ${issue.message}`;
}

/**
 * JSON.parse's message without the copy of the input V8 puts in some messages (which can span
 * lines and megabytes); the position, when given, is turned into a line and column.
 */
function jsonErrorDetail(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  if (at) {
    const offset = Number(at[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `${message.replace(/\s*(in JSON )?at position \d+.*$/s, '')} at line ${line}, column ${column}`;
  }
  const token = /^(Unexpected token '.*?'),/s.exec(message);
  return token ? token[1] : message;
}

/**
 * The file's text, refusing more than MODEL_LIMITS.fileBytes before reading it — or, for a pipe
 * or device whose size is unknown (`<(cat m.json)`, /dev/zero), as soon as it has sent more.
 */
function readCapped(path: string): string {
  const max = MODEL_LIMITS.fileBytes;
  const tooLarge = (size: string): ModelError => new ModelError(path, `file is ${size} bytes, larger than the limit of ${max}`);
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) {
      if (stat.size > max) throw tooLarge(String(stat.size));
      return readFileSync(fd, 'utf8');
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 16);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw tooLarge(`more than ${max}`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reads, validates and unpacks a model file; every problem is a one-line ModelError. */
export function loadModel(path: string): LoadedModel {
  let text: string;
  try {
    text = readCapped(path);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ModelError(path, `cannot read file (${code ?? String(error)})`);
    // "-" reads standard input for data files only; a model is always a file.
    throw new ModelError(path, path === STDIN_PATH ? 'a model is read from a file, not from standard input' : 'no such file');
  }
  let json: unknown;
  try {
    // A byte-order mark (some editors save one) is not JSON, but says nothing wrong about the model.
    json = JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text);
  } catch (error) {
    throw new ModelError(path, `not valid JSON (${oneLine(jsonErrorDetail(text, error), 120)})`);
  }
  return parseModel(path, json);
}

/** Input bits the encoders produce, counted without building the per-bit predicates. */
function encoderBits(encoders: EncoderSpec): number {
  return encoders.features.reduce((sum, f) => {
    const values = f.kind === 'numeric' ? f.thresholds.length : f.kind === 'categorical' ? f.categories.length : 1;
    return sum + values + (f.missingBit ? 1 : 0);
  }, 0);
}

/** Checks every size of the net against MODEL_LIMITS; nothing has been allocated yet. */
function checkSizes(path: string, shapes: readonly LayerShape[]): void {
  let weights = 0;
  shapes.forEach((shape, index) => {
    if (shape.outputs > MODEL_LIMITS.layerBits) {
      throw new ModelError(path, `field arch.layers[${index}] (${shape.spec.kind}): ${shape.outputs} output bits exceed the limit of ${MODEL_LIMITS.layerBits}`);
    }
    if (shape.weights) weights += shape.weights[0] * shape.weights[1];
  });
  if (weights > MODEL_LIMITS.weights) throw new ModelError(path, `field arch: ${weights} weights exceed the limit of ${MODEL_LIMITS.weights}`);
}

/** Validates an already-parsed model object (`path` is only used in messages). */
export function parseModel(path: string, json: unknown): LoadedModel {
  // Check the format marker first, so an old or foreign file gets the message that matters.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelError(path, 'not a dbnc model (expected a JSON object)');
  const head = json as Record<string, unknown>;
  if (head.format !== MODEL_FORMAT) throw new ModelError(path, `field format: expected "${MODEL_FORMAT}", found ${preview(head.format)}`);
  if (head.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ModelError(path, `field formatVersion: version ${preview(head.formatVersion)} is not supported (this dbnc reads ${MODEL_FORMAT_VERSION})`);
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) throw new ModelError(path, firstIssue(parsed.error));
  const model = parsed.data;

  let shapes: LayerShape[];
  try {
    shapes = layerShapes(model.arch);
  } catch (error) {
    throw new ModelError(path, `field arch.${(error as Error).message}`);
  }
  checkSizes(path, shapes);
  const inputBits = encoderBits(model.encoders);
  if (inputBits !== model.arch.inputs) {
    throw new ModelError(path, `field arch.inputs: ${model.arch.inputs}, but the encoders produce ${inputBits} bits`);
  }
  if (model.encoders.label.classes.length !== model.arch.classes) {
    throw new ModelError(path, `field arch.classes: ${model.arch.classes}, but encoders.label.classes has ${model.encoders.label.classes.length}`);
  }
  if (model.weights.length !== shapes.length) {
    throw new ModelError(path, `field weights: ${model.weights.length} entries for ${shapes.length} layers`);
  }
  const hardWeights = shapes.map((shape, index) => {
    const entry = model.weights[index];
    const field = `field weights[${index}]`;
    if (!shape.weights) {
      if (entry !== null) throw new ModelError(path, `${field}: layer ${index} (${shape.spec.kind}) has no weights; expected null`);
      return null;
    }
    if (entry === null) throw new ModelError(path, `${field}: layer ${index} (${shape.spec.kind}) needs weights`);
    const [rows, cols] = shape.weights;
    if (entry.shape[0] !== rows || entry.shape[1] !== cols) {
      throw new ModelError(path, `${field}.shape: [${entry.shape.join(', ')}], layer ${index} (${shape.spec.kind}) needs [${rows}, ${cols}]`);
    }
    const bits = unpackBits(entry.bits, rows * cols);
    if (typeof bits === 'string') throw new ModelError(path, `${field}.bits ${bits}`);
    return { rows, cols, bits };
  });
  return { path, model, hardWeights, hardNet: new HardNet(model.arch, hardWeights) };
}
