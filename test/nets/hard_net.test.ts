import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LAYERS } from '../../src/layers/registry';
import type { LayerDef } from '../../src/layers/types';
import { layerShapes, type ArchSpec } from '../../src/nets/arch';
import { HardNet, type HardLayerWeights } from '../../src/nets/hard_net';
import { defaultArch, PRESETS, type PresetName } from '../../src/nets/presets';
import { rng } from '../helpers/random';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function bernoulli(n: number, p: number, next: () => number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (next() < p ? 1 : 0));
}

/** Random hard weights for every weighted layer, with a density per layer kind. */
function randomWeights(arch: ArchSpec, next: () => number, density?: number): (HardLayerWeights | null)[] {
  return layerShapes(arch).map((s) => {
    if (s.weights === null) return null;
    const [rows, cols] = s.weights;
    const p = density ?? (s.spec.kind === 'and' ? 0.06 : s.spec.kind === 'or' ? 0.1 : 0.5);
    return { rows, cols, bits: bernoulli(rows * cols, p, next) };
  });
}

const asDef = (name: keyof typeof LAYERS): LayerDef => LAYERS[name] as unknown as LayerDef;

/** The oracle: the layers' hard twins, chained row by row. */
function referenceRow(arch: ArchSpec, weights: readonly (HardLayerWeights | null)[], row: Uint8Array): Uint8Array {
  let x = row;
  arch.layers.forEach((spec, index) => {
    const w = weights[index];
    switch (spec.kind) {
      case 'negConcat':
        x = asDef('negConcatLayer').hard(x, null, 0, {} as never);
        break;
      case 'and':
        x = asDef('andLayer').hard(x, w!.bits, spec.width, {} as never);
        break;
      case 'or':
        x = asDef('orLayer').hard(x, w!.bits, spec.width, {} as never);
        break;
      case 'not':
        x = asDef('notLayer').hard(x, w!.bits, spec.width, {} as never);
        break;
      case 'implies':
        x = asDef('impliesLayer').hard(x, w!.bits, spec.width, { packed: spec.packed } as never);
        break;
      case 'majority':
        x = asDef('majorityLayer').hard(x, null, 0, { groupSize: spec.groupSize } as never);
        break;
      case 'countHot':
        x = asDef('countHotLayer').hard(x, null, 0, { groupSize: spec.groupSize } as never);
        break;
      case 'dropout':
        // Inference: no flips.
        x = asDef('dropoutLayer').hard(x, new Uint8Array(x.length), 0, {} as never);
        break;
    }
  });
  return x;
}

/** Logits of the head from the last layer's bits, and their argmax (ties → lowest). */
function referencePredict(arch: ArchSpec, bits: Uint8Array): number {
  const C = arch.classes;
  let logits: number[];
  if (arch.head.kind === 'bits') logits = Array.from(bits.subarray(0, C));
  else if (arch.head.kind === 'bitAndNegation') logits = [bits[0], 1 - bits[0]];
  else {
    const size = bits.length / C;
    logits = [];
    for (let c = 0; c < C; c++) {
      const bucket = Array.from(bits.subarray(c * size, (c + 1) * size));
      logits.push(arch.head.kind === 'groupMax' ? Math.max(...bucket) : bucket.reduce((a, b) => a + b, 0));
    }
  }
  let best = 0;
  for (let c = 1; c < C; c++) if (logits[c] > logits[best]) best = c;
  return best;
}

function checkAgainstReference(arch: ArchSpec, weights: (HardLayerWeights | null)[], rows: number, next: () => number, pInput = 0.5) {
  const net = new HardNet(arch, weights);
  const inputs = bernoulli(rows * arch.inputs, pInput, next);
  const bits = net.outputBits(inputs, rows);
  const preds = net.predict(inputs, rows);
  const width = net.outputWidth;
  assert.equal(bits.length, rows * width);
  assert.equal(preds.length, rows);
  const seen = new Set<number>();
  for (let r = 0; r < rows; r++) {
    const row = inputs.subarray(r * arch.inputs, (r + 1) * arch.inputs);
    const expected = referenceRow(arch, weights, row);
    assert.equal(expected.length, width);
    assert.deepEqual(bits.subarray(r * width, (r + 1) * width), expected, `row ${r} output bits`);
    const p = referencePredict(arch, expected);
    assert.equal(preds[r], p, `row ${r} prediction`);
    seen.add(p);
  }
  return { bits, preds, seen };
}

describe('HardNet vs chained hard twins', () => {
  const rowCounts = [0, 1, 31, 32, 33, 100];
  for (const name of Object.keys(PRESETS) as PresetName[]) {
    const arch = PRESETS[name] as ArchSpec;
    const counts = name === 'mnist-paper' ? [1, 33, 200] : rowCounts;
    for (const rows of counts) {
      it(`${name}, ${rows} rows`, () => {
        const next = rng(1000 + rows + name.length);
        for (let trial = 0; trial < (name === 'mnist-paper' ? 1 : 3); trial++) {
          checkAgainstReference(arch, randomWeights(arch, next), rows, next);
        }
      });
    }
  }

  it('mnist-paper with balanced majorities predicts several classes', () => {
    const arch = PRESETS['mnist-paper'] as ArchSpec;
    const next = rng(77);
    const weights = layerShapes(arch).map((s, i): HardLayerWeights | null => {
      if (s.weights === null) return null;
      const [rows, cols] = s.weights;
      return { rows, cols, bits: bernoulli(rows * cols, i === 0 ? 0.65 : 0.5, next) };
    });
    const { seen } = checkAgainstReference(arch, weights, 200, next, 0.3);
    assert.ok(seen.size > 1, `only classes ${[...seen]}`);
  });

  it('defaultArch and an arch using every layer kind and head', () => {
    const next = rng(5);
    const archs: ArchSpec[] = [
      defaultArch(7, 3),
      {
        inputs: 6,
        classes: 4,
        layers: [
          { kind: 'negConcat' },
          { kind: 'implies', width: 2, packed: true, init: { kind: 'constant', value: 0.5 } },
          { kind: 'majority', groupSize: 4 },
          { kind: 'dropout', rate: 0.1 },
          { kind: 'countHot', groupSize: 3 },
          { kind: 'or', width: 4, init: { kind: 'constant', value: 0.5 } },
        ],
        head: { kind: 'bits', harden: true },
      },
      {
        inputs: 5,
        classes: 3,
        layers: [
          { kind: 'not', width: 9, init: { kind: 'constant', value: 0.5 } },
          { kind: 'majority', groupSize: 5 },
          { kind: 'countHot', groupSize: 9 },
          { kind: 'and', width: 6, init: { kind: 'constant', value: 0.5 } },
        ],
        head: { kind: 'groupSum', harden: true },
      },
      {
        inputs: 3,
        classes: 2,
        layers: [{ kind: 'majority', groupSize: 3 }],
        head: { kind: 'bitAndNegation', harden: false },
      },
      {
        inputs: 40,
        classes: 2,
        layers: [{ kind: 'or', width: 80, init: { kind: 'constant', value: 0.5 } }],
        head: { kind: 'groupSum', harden: true },
      },
    ];
    for (const arch of archs) {
      for (const rows of [1, 31, 33, 100]) {
        for (const density of [undefined, 0.2, 0.8]) checkAgainstReference(arch, randomWeights(arch, next, density), rows, next);
      }
    }
  });
});

function w(rows: number, cols: number, bits: number[]): HardLayerWeights {
  return { rows, cols, bits: Uint8Array.from(bits) };
}

describe('HardNet on hand-built nets', () => {
  it('an AND neuron with no selected inputs is 1, an OR neuron with none is 0', () => {
    const andNet = new HardNet(
      { inputs: 2, classes: 2, layers: [{ kind: 'and', width: 2, init: { kind: 'constant', value: 0 } }], head: { kind: 'bits', harden: true } },
      [w(2, 2, [0, 0, 1, 1])],
    );
    assert.deepEqual([...andNet.outputBits(Uint8Array.from([0, 0, 1, 0, 1, 1]), 3)], [1, 0, 1, 0, 1, 1]);
    const orNet = new HardNet(
      { inputs: 2, classes: 2, layers: [{ kind: 'or', width: 2, init: { kind: 'constant', value: 0 } }], head: { kind: 'bits', harden: true } },
      [w(2, 2, [0, 0, 1, 1])],
    );
    assert.deepEqual([...orNet.outputBits(Uint8Array.from([0, 0, 1, 0, 1, 1]), 3)], [0, 0, 0, 1, 0, 1]);
    // bits head: [1, 0] → class 0; [0, 0] tie → class 0; [0, 1] → class 1; [1, 1] tie → class 0.
    assert.deepEqual([...orNet.predict(Uint8Array.from([0, 0]), 1)], [0]);
  });

  it('ties in groupMax and groupSum go to the lowest class', () => {
    const layers = [{ kind: 'or' as const, width: 6, init: { kind: 'constant' as const, value: 0 } }];
    // Neuron j copies input j (identity OR).
    const eye = w(6, 6, Array.from({ length: 36 }, (_, k) => (Math.floor(k / 6) === k % 6 ? 1 : 0)));
    const max = new HardNet({ inputs: 6, classes: 3, layers, head: { kind: 'groupMax', harden: true } }, [eye]);
    const sum = new HardNet({ inputs: 6, classes: 3, layers, head: { kind: 'groupSum', harden: true } }, [eye]);
    const rows = [
      [0, 0, 0, 0, 0, 0], // all zero: max tie → 0, sum tie → 0
      [0, 0, 1, 0, 0, 1], // buckets [0,0],[1,0],[0,1]: max tie 1 vs 2 → 1; sums 0,1,1 → 1
      [1, 0, 1, 1, 0, 1], // max all 1 → 0; sums 1,2,1 → 1
      [0, 0, 0, 0, 1, 1], // max → 2; sums → 2
    ];
    const input = Uint8Array.from(rows.flat());
    assert.deepEqual([...max.predict(input, 4)], [0, 1, 0, 2]);
    assert.deepEqual([...sum.predict(input, 4)], [0, 1, 1, 2]);
  });

  it('not, implies, majority (even ties are 0), countHot, bitAndNegation', () => {
    const notNet = new HardNet(
      { inputs: 2, classes: 4, layers: [{ kind: 'not', width: 2, init: { kind: 'constant', value: 0 } }], head: { kind: 'bits', harden: true } },
      [w(2, 2, [1, 0, 0, 1])],
    );
    // x = [1, 0]: j=0 → [x0, ¬x1] = [1, 1]; j=1 → [¬x0, x1] = [0, 0].
    assert.deepEqual([...notNet.outputBits(Uint8Array.from([1, 0]), 1)], [1, 1, 0, 0]);
    const impNet = new HardNet(
      { inputs: 2, classes: 4, layers: [{ kind: 'implies', width: 2, packed: false, init: { kind: 'constant', value: 0 } }], head: { kind: 'bits', harden: true } },
      [w(2, 2, [1, 0, 0, 1])],
    );
    assert.deepEqual([...impNet.outputBits(Uint8Array.from([0, 0]), 1)], [0, 1, 1, 0]);
    const maj = new HardNet(
      { inputs: 4, classes: 2, layers: [{ kind: 'majority', groupSize: 4 }], head: { kind: 'bitAndNegation', harden: false } },
      [null],
    );
    const majIn = Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
    assert.deepEqual([...maj.outputBits(majIn, 3)], [0, 1, 0]);
    assert.deepEqual([...maj.predict(majIn, 3)], [1, 0, 1]);
    const hot = new HardNet(
      { inputs: 3, classes: 4, layers: [{ kind: 'countHot', groupSize: 3 }], head: { kind: 'bits', harden: true } },
      [null],
    );
    assert.deepEqual([...hot.outputBits(Uint8Array.from([1, 1, 1, 0, 1, 0, 0, 0, 0]), 3)], [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual([...hot.predict(Uint8Array.from([1, 1, 1, 0, 1, 0, 0, 0, 0]), 3)], [0, 2, 3]);
  });

  it('rejects bad inputs', () => {
    const net = new HardNet(
      { inputs: 2, classes: 2, layers: [{ kind: 'negConcat' }, { kind: 'majority', groupSize: 4 }], head: { kind: 'bitAndNegation', harden: false } },
      [null, null],
    );
    assert.throws(() => net.predict(new Uint8Array(3), 2), /input bits/);
    assert.throws(() => net.predict(Uint8Array.from([0, 2]), 1), /0\/1/);
  });
});

describe('HardNet constructor errors', () => {
  const arch = PRESETS['xor-paper'] as ArchSpec;
  const good = () => randomWeights(arch, rng(3));
  const oneLine = (re: RegExp) => (e: unknown) => e instanceof Error && re.test(e.message) && !e.message.includes('\n');

  it('accepts the right shapes', () => {
    assert.doesNotThrow(() => new HardNet(arch, good()));
  });
  it('names the layer index of a wrong weight shape', () => {
    const ws = good();
    ws[2] = w(32, 63, new Array(32 * 63).fill(0));
    assert.throws(() => new HardNet(arch, ws), oneLine(/layers\[2\] \(or\).*32×32.*32×63/));
    const ws2 = good();
    ws2[3] = { rows: 16, cols: 32, bits: new Uint8Array(10) };
    assert.throws(() => new HardNet(arch, ws2), oneLine(/layers\[3\]/));
  });
  it('names the layer index of missing or unexpected weights', () => {
    const ws = good();
    ws[1] = null;
    assert.throws(() => new HardNet(arch, ws), oneLine(/layers\[1\]/));
    const ws2 = good();
    ws2[4] = w(1, 1, [1]);
    assert.throws(() => new HardNet(arch, ws2), oneLine(/layers\[4\]/));
    const ws3 = good();
    ws3[1] = { rows: 32, cols: 24, bits: new Uint8Array(32 * 24).fill(2) };
    assert.throws(() => new HardNet(arch, ws3), oneLine(/layers\[1\].*0\/1/));
  });
  it('rejects a wrong number of weight entries', () => {
    assert.throws(() => new HardNet(arch, good().slice(1)), oneLine(/4 weight entries for 5 layers/));
  });
});

describe('hard_net.ts is tfjs-free', () => {
  function importsOf(file: string): string[] {
    const text = readFileSync(file, 'utf8');
    const specs: string[] = [];
    const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]/g];
    for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]);
    return specs;
  }

  it('imports no @tensorflow and nothing under /tf, recursively', () => {
    const start = resolve(root, 'src/nets/hard_net.ts');
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of importsOf(file)) {
        const where = `${relative(root, file)} imports '${spec}'`;
        assert.ok(!spec.includes('@tensorflow'), where);
        assert.ok(!/(^|\/)tf(\/|\.|$)/.test(spec), where);
        if (!spec.startsWith('.')) continue;
        const base = resolve(dirname(file), spec);
        const target = [base, `${base}.ts`, `${base}/index.ts`].find((p) => existsSync(p) && p.endsWith('.ts'));
        assert.ok(target, `${where}: cannot resolve`);
        const rel = relative(root, target);
        assert.ok(!/^src\/(layers|tf)(\/|\.|$)/.test(rel), `${where} → ${rel}`);
        assert.ok(!rel.startsWith('src/ops/') || rel === 'src/ops/scalar.ts', `${where} → ${rel}`);
        queue.push(target);
      }
    }
    assert.ok(seen.has(resolve(root, 'src/nets/arch.ts')));
  });
});
