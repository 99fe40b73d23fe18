/** Seeded randomness for tests: reproducible cases without a global RNG. */

/** mulberry32: a small, fast 32-bit PRNG returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
