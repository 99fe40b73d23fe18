import type { ModelFile } from '../../src/model/format';
import { rawBitEncoders, syntheticModel } from '../../src/model/synthetic';
import { layerShapes, type ArchSpec } from '../../src/nets/arch';
import { seededRng } from '../../src/util/rng';

/**
 * A random two-level net over `inputs` raw bits (96 ANDs of literals, 16 ORs, two classes by
 * group sum): a function with no structure, so its exact rule list is long and Espresso slow on
 * it (16 bits: ~7 s, 253 simplified literals flatten to ~2,300).
 */
export function randomTwoLevelModel(inputs: number, seed: number): ModelFile {
  const init = { kind: 'constant', value: 0.5 } as const;
  const arch: ArchSpec = {
    inputs,
    classes: 2,
    layers: [{ kind: 'negConcat' }, { kind: 'and', width: 96, init }, { kind: 'or', width: 16, init }],
    head: { kind: 'groupSum', harden: true },
  };
  const next = seededRng(seed);
  const weights = layerShapes(arch).map((shape, i) => {
    if (shape.weights === null) return null;
    const [rows, cols] = shape.weights;
    const density = i === 1 ? 0.12 : 0.3;
    return { rows, cols, bits: Uint8Array.from({ length: rows * cols }, () => (next() < density ? 1 : 0)) };
  });
  return syntheticModel({ name: `random-${inputs}`, dbncVersion: '0.1.0', arch, weights, encoders: rawBitEncoders(inputs, 2) });
}
