/**
 * 1-bit weights in the model file: row-major 0/1 bits packed 8 per byte, least significant bit
 * first, then standard padded base64 (RFC 4648 §4). Padding bits of the last byte are 0, and the
 * base64 must be the canonical spelling of its bytes (checked on load): a corrupted character
 * never slips through as "the same" weights.
 */

export function packBits(bits: Uint8Array): string {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) bytes[i >> 3] |= 1 << (i & 7);
  return Buffer.from(bytes).toString('base64');
}

/** Unpacks `count` bits; returns an error message instead of bits when the data do not fit. */
export function unpackBits(base64: string, count: number): Uint8Array | string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return 'is not base64';
  const need = Math.ceil(count / 8);
  // Length first: a short string for a huge shape fails before anything is decoded.
  if (base64.length !== 4 * Math.ceil(need / 3)) {
    const bytes = Math.floor((base64.replace(/=+$/, '').length * 3) / 4);
    return bytes === need ? 'is not canonical base64 (its = padding is missing or extra)' : `holds ${bytes} bytes, ${need} expected for ${count} bits`;
  }
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== need) return `holds ${bytes.length} bytes, ${need} expected for ${count} bits`;
  // Node decodes leniently (stray bits in the last character are dropped): insist on the canonical text.
  if (bytes.toString('base64') !== base64) return 'is not canonical base64 (its last character or padding is altered)';
  const bits = new Uint8Array(count);
  for (let i = 0; i < count; i++) bits[i] = (bytes[i >> 3] >> (i & 7)) & 1;
  const spare = need * 8 - count;
  if (spare > 0 && bytes[need - 1] >> (8 - spare) !== 0) return 'has non-zero padding bits';
  return bits;
}
