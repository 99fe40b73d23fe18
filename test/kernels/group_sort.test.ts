import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectRank, sortGroupAscending } from '../../src/kernels/cpu/group_sort';
import { rng } from '../helpers/random';

describe('group sort and rank selection', () => {
  it('selectRank picks the element the stable sort puts at that rank, ties included', () => {
    const next = rng(99);
    for (const size of [1, 5, 16, 33, 64, 512]) {
      for (const distinct of [2, 7, 1000]) {
        // Few distinct values force many ties; the stable order decides among equals by index.
        const values = Float32Array.from({ length: size + 3 }, () => Math.floor(next() * distinct) / distinct);
        const order = new Int32Array(size);
        sortGroupAscending(values, 3, size, order, 0);
        const scratch = new Float32Array(size);
        for (let rank = 0; rank < size; rank++) {
          assert.equal(selectRank(values, 3, size, rank, scratch), order[rank], `size ${size}, ${distinct} values, rank ${rank}`);
        }
      }
    }
  });

  it('sorts stably on both the insertion-sort and the native-sort paths', () => {
    const next = rng(5);
    for (const size of [10, 100]) {
      const values = Float32Array.from({ length: size }, () => Math.floor(next() * 4));
      const order = new Int32Array(size);
      sortGroupAscending(values, 0, size, order, 0);
      for (let t = 1; t < size; t++) {
        const [a, b] = [order[t - 1], order[t]];
        assert.ok(values[a] < values[b] || (values[a] === values[b] && a < b));
      }
    }
  });
});
