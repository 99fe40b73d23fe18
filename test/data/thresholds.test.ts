import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quantileThresholds, readableMidpoint } from '../../src/data/thresholds';

describe('readableMidpoint', () => {
  it('is the midpoint, free of float noise', () => {
    assert.equal(readableMidpoint(4.9, 5.0), 4.95);
    assert.equal(readableMidpoint(0.1, 0.2), 0.15);
    assert.equal(readableMidpoint(1, 2), 1.5);
    assert.equal(readableMidpoint(-3, 7), 2);
    assert.equal(readableMidpoint(-Number.MAX_VALUE, Number.MAX_VALUE), 0);
    assert.ok(Number.isFinite(readableMidpoint(Number.MAX_VALUE / 2, Number.MAX_VALUE)), 'no overflow');
  });

  it('lies strictly between its two values, even for adjacent floats', () => {
    const lo = 1;
    const hi = 1 + Number.EPSILON;
    const t = readableMidpoint(lo, hi);
    assert.ok(lo <= t && t < hi, 'x > t separates lo from hi');
  });
});

describe('quantileThresholds', () => {
  it('puts a threshold in every gap when there are few distinct values', () => {
    assert.deepEqual(quantileThresholds([3, 1, 2, 2, 2, 2, 2, 2, 2], 8), [1.5, 2.5]);
  });

  it('gives none for a constant column and none for no values', () => {
    assert.deepEqual(quantileThresholds([5, 5, 5], 8), []);
    assert.deepEqual(quantileThresholds([], 8), []);
  });

  it('gives `count` increasing thresholds at the quantiles of spread values', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const t = quantileThresholds(values, 3);
    assert.deepEqual(t, [24.5, 49.5, 74.5]);
  });

  it('deduplicates thresholds where ties pull several quantiles to one gap', () => {
    const values = [...Array(90).fill(0), ...Array.from({ length: 10 }, (_, i) => i + 1)];
    const t = quantileThresholds(values, 8);
    assert.ok(t.length < 8, `fewer than 8 thresholds: ${t}`);
    assert.equal(t[0], 0.5);
    assert.ok(
      t.every((x, i) => i === 0 || t[i - 1] < x),
      'strictly increasing',
    );
  });

  it('never puts a threshold on a data value', () => {
    const values = Array.from({ length: 50 }, (_, i) => Math.round(Math.sin(i) * 100) / 10);
    for (const t of quantileThresholds(values, 8)) assert.ok(!values.includes(t));
  });
});
