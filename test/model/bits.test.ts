import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packBits, unpackBits } from '../../src/model/bits';
import { rng } from '../helpers/random';

describe('bit-packed weights', () => {
  it('round-trips any length, 8 bits per byte', () => {
    const next = rng(1);
    for (const n of [1, 7, 8, 9, 64, 1000]) {
      const bits = Uint8Array.from({ length: n }, () => (next() < 0.5 ? 1 : 0));
      const packed = packBits(bits);
      assert.equal(Buffer.from(packed, 'base64').length, Math.ceil(n / 8));
      assert.deepEqual(unpackBits(packed, n), bits);
    }
  });

  it('says what is wrong with bad data instead of guessing', () => {
    assert.equal(unpackBits('!!!', 8), 'is not base64');
    assert.match(unpackBits(packBits(new Uint8Array(16)), 8) as string, /holds 2 bytes, 1 expected for 8 bits/);
    assert.equal(unpackBits(Buffer.from([0xff]).toString('base64'), 3), 'has non-zero padding bits');
  });
});
