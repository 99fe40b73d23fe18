/**
 * A model file around given hard weights, without training: for benchmarks and tests that need
 * nets of a given shape (e.g. mnist-paper size with random weights). Metrics describe zero rows
 * and the provenance says "synthetic", so such a file is never mistaken for a trained model.
 */
import { createHash } from 'node:crypto';
import type { EncoderSpec } from '../data/spec';
import type { ArchSpec } from '../nets/arch';
import type { HardLayerWeights } from '../nets/hard_net';
import { packBits } from './bits';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFile } from './format';

/** Encoders for raw bits x1 … xn (as bit-matrix data get) and classes "0" … "c−1". */
export function rawBitEncoders(inputs: number, classes: number | readonly string[]): EncoderSpec {
  const labels = typeof classes === 'number' ? Array.from({ length: classes }, (_, c) => String(c)) : [...classes];
  return {
    version: 1,
    features: Array.from({ length: inputs }, (_, i) => ({ kind: 'boolean' as const, column: `x${i + 1}`, missingBit: false })),
    label: { column: 'label', classes: labels },
  };
}

export function syntheticModel(options: {
  name: string;
  dbncVersion: string;
  arch: ArchSpec;
  weights: ReadonlyArray<HardLayerWeights | null>;
  encoders: EncoderSpec;
}): ModelFile {
  const weights = options.weights.map((w) => (w ? { shape: [w.rows, w.cols] as [number, number], bits: packBits(w.bits) } : null));
  const digest = createHash('sha256').update(JSON.stringify(weights)).digest('hex');
  const empty = { rows: 0, softAccuracy: 0, hardAccuracy: 0, fidelity: 1 };
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    dbncVersion: options.dbncVersion,
    name: options.name,
    arch: options.arch,
    encoders: options.encoders,
    weights,
    metrics: { train: empty, test: null },
    history: [],
    provenance: { dataFile: '(synthetic: no training data)', dataSha256: digest, seed: 0, options: { synthetic: true } },
  };
}
