import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layerShapes, type ArchSpec } from '../../src/nets/arch';
import { HardNet } from '../../src/nets/hard_net';
import { PRESETS } from '../../src/nets/presets';
import { SoftNet } from '../../src/nets/soft_net';
import { tf } from '../../src/tf';
import { seededRng } from '../../src/util/rng';

/**
 * Hardening fidelity (SPEC §2.6): the soft net's prediction equals the hard net's on every
 * row. Random weights are drawn near 1/2 on purpose, where float32 rounding would flip bits.
 */
function fidelity(arch: ArchSpec, weightValues: Array<Float32Array | null>, rows: number, seed: number): number {
  const rng = seededRng(seed);
  const soft = SoftNet.fromWeights(arch, weightValues);
  const hard = new HardNet(arch, soft.hardenWeights());
  const bits = Uint8Array.from({ length: rows * arch.inputs }, () => (rng() < 0.5 ? 1 : 0));
  const x = tf.tensor2d(Float32Array.from(bits), [rows, arch.inputs]);
  const softPrediction = soft.predict(x);
  const hardPrediction = hard.predict(bits, rows);
  x.dispose();
  soft.dispose();
  return softPrediction.filter((c, i) => c === hardPrediction[i]).length / rows;
}

function randomWeights(arch: ArchSpec, seed: number, spread: number): Array<Float32Array | null> {
  const rng = seededRng(seed);
  return layerShapes(arch).map(({ weights }) =>
    weights ? Float32Array.from({ length: weights[0] * weights[1] }, () => 0.5 + (rng() * 2 - 1) * spread) : null,
  );
}

describe('hardening fidelity of the paper nets', () => {
  for (const name of ['iris-paper', 'xor-paper'] as const) {
    for (const spread of [0.5, 1e-3, 1e-7]) {
      it(`${name}: soft and hard nets agree on every row (weights within ${spread} of 1/2)`, () => {
        const arch = PRESETS[name] as ArchSpec;
        assert.equal(fidelity(arch, randomWeights(arch, 42, spread), 2000, 7), 1);
      });
    }
  }

  it('mnist-paper: soft and hard nets agree on every row', () => {
    const arch = PRESETS['mnist-paper'] as ArchSpec;
    assert.equal(fidelity(arch, randomWeights(arch, 5, 0.5), 64, 3), 1);
  });
});
