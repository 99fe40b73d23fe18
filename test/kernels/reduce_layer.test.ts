import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and2Value, or2Value } from '../../src/kernels/cpu/pairs';
import { reduceForward, type ReduceKind } from '../../src/kernels/cpu/reduce_layer';
import { negateBit } from '../../src/ops/scalar';
import { rng } from '../helpers/random';

/**
 * The ∂∧ / ∂∨ forward loops compute their gates without branching on the side of 1/2. This checks
 * them bit for bit against the plain scalar gates (`augment` with its side clamp), with the
 * arg-extreme and tie count a straightforward scan gives, on values at and around 1/2.
 */
function naive(kind: ReduceKind, xs: Float32Array, ws: Float32Array, batch: number, m: number, n: number): [number[], number[], number[]] {
  const y: number[] = [];
  const arg: number[] = [];
  const ties: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < n; j++) {
      const gates = Array.from({ length: m }, (_, i) =>
        kind === 'andOfImplies' ? or2Value(xs[b * m + i], negateBit(ws[j * m + i])) : and2Value(ws[j * m + i], xs[b * m + i]),
      );
      const best = kind === 'andOfImplies' ? Math.min(...gates) : Math.max(...gates);
      y.push(Math.fround(best));
      arg.push(gates.indexOf(best));
      ties.push(gates.filter((g) => g === best).length);
    }
  }
  return [y, arg, ties];
}

describe('∂∧ / ∂∨ reduce kernels', () => {
  const near = [0.5, 0.5 + 2 ** -24, 0.5 - 2 ** -25, Math.fround(0.5 + 1e-7), Math.fround(0.5 - 1e-7), 0, 1, 0.25, 0.75, 0.501, 0.499];
  for (const kind of ['andOfImplies', 'orOfAnds'] as const) {
    it(`${kind}: values, arg-extremes and tie counts equal the scalar gates bit for bit`, () => {
      const next = rng(kind === 'andOfImplies' ? 7 : 8);
      const [batch, m, n] = [40, 9, 6];
      for (const source of ['near 1/2', 'uniform'] as const) {
        const draw = (): number => (source === 'uniform' ? Math.fround(next()) : near[Math.floor(next() * near.length)]);
        const xs = Float32Array.from({ length: batch * m }, draw);
        const ws = Float32Array.from({ length: n * m }, draw);
        const [y, arg, ties] = reduceForward(kind, { shape: [batch, m], values: xs }, { shape: [n, m], values: ws });
        const [ny, narg, nties] = naive(kind, xs, ws, batch, m, n);
        assert.deepEqual([...y.values], ny, `${source}: values`);
        assert.deepEqual([...arg.values], narg, `${source}: arg`);
        assert.deepEqual([...ties.values], nties, `${source}: ties`);
      }
    });
  }
});
