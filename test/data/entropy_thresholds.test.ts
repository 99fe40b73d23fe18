import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitEncoders } from '../../src/data/encode';
import { entropyThresholds } from '../../src/data/entropy_thresholds';
import { generateParts } from '../../src/demo/parts';
import type { Table } from '../../src/data/table';
import { seededRng } from '../../src/util/rng';

describe('entropyThresholds', () => {
  test('finds the class boundaries of a step function, between adjacent values', () => {
    const next = seededRng(3);
    const values = Array.from({ length: 600 }, () => Math.round(next() * 1000) / 1000);
    const labels = values.map((x) => (x < 0.3 ? 0 : x < 0.7 ? 1 : 2));
    const cuts = entropyThresholds(values, labels, 3, 5);
    assert.equal(cuts.length, 2);
    const below = (t: number) => Math.max(...values.filter((v) => v < t));
    const above = (t: number) => Math.min(...values.filter((v) => v > t));
    for (const [cut, boundary] of [
      [cuts[0], 0.3],
      [cuts[1], 0.7],
    ]) {
      assert.ok(below(cut) < boundary && above(cut) >= boundary, `cut ${cut} separates at ${boundary}`);
    }
  });

  test('a column unrelated to the labels gets no cut (MDL rejects them all)', () => {
    const next = seededRng(5);
    const values = Array.from({ length: 500 }, () => next());
    const labels = values.map(() => (next() < 0.5 ? 0 : 1));
    assert.deepEqual(entropyThresholds(values, labels, 2, 4), []);
  });

  test('best cuts first, at most `count`; ascending; none for a constant column', () => {
    const values = Array.from({ length: 400 }, (_, i) => i);
    const labels = values.map((v) => Math.floor(v / 50) % 2); // 7 boundaries
    const all = entropyThresholds(values, labels, 2, 10);
    assert.deepEqual(all, [49.5, 99.5, 149.5, 199.5, 249.5, 299.5, 349.5]);
    const three = entropyThresholds(values, labels, 2, 3);
    assert.equal(three.length, 3);
    assert.ok(three.every((t) => all.includes(t)));
    assert.deepEqual(three, [...three].sort((a, b) => a - b));
    assert.deepEqual(entropyThresholds([2, 2, 2, 2], [0, 1, 0, 1], 2, 3), []);
  });

  test("on the demo's parts data the cuts are the ground truth's tolerance limits", () => {
    const rows = generateParts(1200, { seed: 1 });
    const classes = ['pass', 'rework', 'scrap'];
    const labels = rows.map((r) => classes.indexOf(r.verdict));
    const diameter = entropyThresholds(rows.map((r) => r.diameter_mm), labels, 3, 6);
    assert.equal(diameter.length, 2);
    assert.ok(Math.abs(diameter[0] - 24.6) < 0.01 && Math.abs(diameter[1] - 25.4) < 0.01, `${diameter}`);
    const roughness = entropyThresholds(rows.map((r) => r.roughness_um), labels, 3, 6);
    assert.ok(roughness.some((t) => Math.abs(t - 2.4) < 0.01), `${roughness}`);
  });
});

describe("fitEncoders with thresholdMethod 'entropy'", () => {
  const table = (labels: string[]): Table => ({
    path: 'mem.csv',
    columns: ['x', 'y'],
    rows: labels.map((label, i) => [String(i), label]),
  });
  const labels = Array.from({ length: 200 }, (_, i) => (i < 100 ? 'a' : 'b'));

  test('reads only the labels of labelledRows: held-out labels never move a threshold', () => {
    const labelled = Array.from({ length: 100 }, (_, i) => 2 * i); // even rows train
    const base = fitEncoders(table(labels), 'y', { thresholdMethod: 'entropy', labelledRows: labelled });
    const scrambled = labels.map((label, i) => (i % 2 === 1 ? (i % 4 === 1 ? 'a' : 'b') : label));
    const other = fitEncoders(table(scrambled), 'y', { thresholdMethod: 'entropy', labelledRows: labelled });
    assert.deepEqual(other.encoders.features, base.encoders.features);
    const feature = base.encoders.features[0];
    assert.ok(feature.kind === 'numeric' && feature.thresholds.length === 1 && feature.thresholds[0] > 98 && feature.thresholds[0] < 100);
  });

  test('quantile stays the default', () => {
    const fitted = fitEncoders(table(labels), 'y', { thresholds: 3 });
    const feature = fitted.encoders.features[0];
    assert.ok(feature.kind === 'numeric' && feature.thresholds.length === 3);
  });
});
