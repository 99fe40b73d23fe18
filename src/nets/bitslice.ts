/**
 * Bit-slicing helpers for the hard net (tfjs-free). A "slice" holds up to 32 rows of a bit
 * matrix: one 32-bit word per bit position, whose lane r (bit r) is row r's bit. Words are kept
 * in Int32Arrays, so `~w` and friends store without conversion; lanes are read with `>>> r & 1`.
 *
 * Vertical counters: a count per lane is stored as B words, word b holding bit b of every lane's
 * count (little-endian). Adding a word of 0/1 lanes is a ripple of half adders.
 */

/** Rows per slice (lanes per word). */
export const LANES = 32;

/** Number of bits needed to hold the integers 0..max (max < 2^31, so constants fit `>>>`). */
export function counterBits(max: number): number {
  if (!(max >= 0 && max < 2 ** 31)) throw new Error(`bit-sliced counter: ${max} is out of range`);
  let bits = 1;
  while (2 ** bits <= max) bits++;
  return bits;
}

/**
 * Transposes rows [first, first + count) of a row-major 0/1 matrix with `width` columns into
 * `out` (length ≥ width): out[i] lane r = matrix[first + r, i]. Lanes ≥ count are 0.
 * Returns the OR of all bytes read (so callers can reject values other than 0/1).
 */
export function packRows(matrix: Uint8Array, width: number, first: number, count: number, out: Int32Array): number {
  out.fill(0, 0, width);
  let seen = 0;
  for (let r = 0; r < count; r++) {
    const base = (first + r) * width;
    const bit = 1 << r;
    for (let i = 0; i < width; i++) {
      const v = matrix[base + i];
      seen |= v;
      if (v !== 0) out[i] |= bit;
    }
  }
  return seen;
}

/** Inverse of packRows: writes lanes 0..count-1 of words[0..width) into rows first.. of `matrix`. */
export function unpackRows(words: Int32Array, width: number, first: number, count: number, matrix: Uint8Array): void {
  for (let r = 0; r < count; r++) {
    const base = (first + r) * width;
    for (let i = 0; i < width; i++) matrix[base + i] = (words[i] >>> r) & 1;
  }
}

/** counter[offset..offset+bits) += word (each lane adds 0 or 1); overflow beyond `bits` is dropped. */
export function addToCounter(counter: Int32Array, offset: number, bits: number, word: number): void {
  let carry = word;
  for (let b = 0; b < bits && carry !== 0; b++) {
    const c = counter[offset + b];
    counter[offset + b] = c ^ carry;
    carry &= c;
  }
}

/** Lanes whose counter value is ≥ the constant `value`. */
export function counterAtLeast(counter: Int32Array, offset: number, bits: number, value: number): number {
  if (value <= 0) return -1;
  if (value >= 2 ** bits) return 0;
  let greater = 0;
  let equal = -1;
  for (let b = bits - 1; b >= 0; b--) {
    const c = counter[offset + b];
    if ((value >>> b) & 1) {
      equal &= c;
    } else {
      greater |= equal & c;
      equal &= ~c;
    }
  }
  return greater | equal;
}

/** Lanes whose counter value equals the constant `value`. */
export function counterEquals(counter: Int32Array, offset: number, bits: number, value: number): number {
  if (value < 0 || value >= 2 ** bits) return 0;
  let equal = -1;
  for (let b = 0; b < bits; b++) {
    const c = counter[offset + b];
    equal &= (value >>> b) & 1 ? c : ~c;
  }
  return equal;
}

/** The value of lane r of a vertical counter. */
export function laneValue(counter: Int32Array, offset: number, bits: number, r: number): number {
  let v = 0;
  for (let b = 0; b < bits; b++) v += ((counter[offset + b] >>> r) & 1) * 2 ** b;
  return v;
}
