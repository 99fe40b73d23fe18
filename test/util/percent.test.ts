/** Percentages never round onto 0% or 100% unless exactly there (rule precision, accuracy, fidelity). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPercent } from '../../src/util/percent';

describe('formatPercent', () => {
  it('rounds as usual away from the edges', () => {
    assert.equal(formatPercent(0.5, 2), '50.00%');
    assert.equal(formatPercent(2 / 3, 1), '66.7%');
    assert.equal(formatPercent(0.9994, 1), '99.9%');
  });

  it('shows 100% and 0% only when exact', () => {
    assert.equal(formatPercent(1, 1), '100.0%');
    assert.equal(formatPercent(0, 2), '0.00%');
    // One wrong row in 2,000 (a rule sheet's precision) or 100,000 (a fidelity).
    assert.equal(formatPercent(1999 / 2000, 1), '99.9%');
    assert.equal(formatPercent(99_999 / 100_000, 2), '99.99%');
    assert.equal(formatPercent(0.996, 0), '99%');
    assert.equal(formatPercent(1 / 20_000, 2), '0.01%');
    assert.equal(formatPercent(1 / 2000, 0), '1%');
  });
});
