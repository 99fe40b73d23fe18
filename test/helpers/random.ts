/** Seeded randomness for tests: reproducible cases without a global RNG. */

export { seededRng as rng } from '../../src/util/rng';

/** n soft bits uniform on [0, 1], or, with `gap`, kept at least `gap` away from 1/2. */
export function softBits(n: number, next: () => number, gap = 0): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = next() * (1 - 2 * gap);
    out[i] = u < 0.5 - gap ? u : u + 2 * gap;
  }
  return out;
}

export function hardenAll(values: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(values, (v) => (v > 0.5 ? 1 : 0));
}
