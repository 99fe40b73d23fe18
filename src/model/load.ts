import { readFileSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { bitCount } from '../data/predicate';
import { layerShapes, type LayerShape } from '../nets/arch';
import { HardNet, type HardLayerWeights } from '../nets/hard_net';
import { unpackBits } from './bits';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, modelFileSchema, type ModelFile } from './format';
import { ModelError } from './model_error';

/** Model files larger than this are refused before parsing. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Nets with more weights than this are refused before any weight is unpacked. */
const MAX_WEIGHTS = 200_000_000;

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

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = fieldPath(issue.path);
  return `${where ? `field ${where}` : 'model'}: ${issue.message}`;
}

/** Reads, validates and unpacks a model file; every problem is a one-line ModelError. */
export function loadModel(path: string): LoadedModel {
  let text: string;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new ModelError(path, `file is larger than ${MAX_FILE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ModelError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelError(path, code === 'ENOENT' ? 'no such file' : `cannot read file (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelError(path, `not valid JSON (${(error as Error).message})`);
  }
  return parseModel(path, json);
}

/** Validates an already-parsed model object (`path` is only used in messages). */
export function parseModel(path: string, json: unknown): LoadedModel {
  // Check the format marker first, so an old or foreign file gets the message that matters.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelError(path, 'not a dbnc model (expected a JSON object)');
  const head = json as Record<string, unknown>;
  if (head.format !== MODEL_FORMAT) throw new ModelError(path, `field format: expected "${MODEL_FORMAT}"`);
  if (head.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ModelError(path, `field formatVersion: version ${JSON.stringify(head.formatVersion)} is not supported (this dbnc reads ${MODEL_FORMAT_VERSION})`);
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
  const total = shapes.reduce((sum, s) => sum + (s.weights ? s.weights[0] * s.weights[1] : 0), 0);
  if (total > MAX_WEIGHTS) throw new ModelError(path, `field arch: ${total} weights exceed the limit of ${MAX_WEIGHTS}`);
  const inputBits = bitCount(model.encoders);
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
