/**
 * Seeded randomness (mulberry32): every random draw in dbnc — initialisers, dropout masks,
 * shuffles, test cases — comes from a generator built from an explicit seed, so the same
 * seed gives the same model file.
 */
export type Rng = () => number;

/** A generator of floats uniform on [0, 1) from a 32-bit seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
