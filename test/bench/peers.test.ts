/**
 * The peer benchmark's pure parts: splits that give every method the same rows, CART's literal
 * and size counting, the distinct-threshold speed-up leaving trees unchanged, and the report
 * shape of a `--quick` run on Binary Iris.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecisionTreeClassifier, type TreeNodeShape } from 'ml-cart';
import { buildSplit, splitIds, type SplitOptions } from '../../bench/peers/datasets';
import { treeBytes, treeShape, trainTree, withDistinctSplits } from '../../bench/peers/methods/cart';
import { runPeers, summarizeRuns } from '../../bench/peers/run';
import { settingsFor } from '../../bench/peers/settings';
import { reportMarkdown } from '../../bench/peers/table';
import { DATASET_NAMES, METHOD_NAMES, type TaskSplit } from '../../bench/peers/types';
import { experimentData } from '../../src/train/experiments';
import { SHARED_DATA } from '../helpers/iris_csv';

const OPTIONS: SplitOptions = { dataDir: SHARED_DATA, mnistTrain: 40, mnistTest: 20 };

/**
 * Every numeric value the peers get must be what dbnc's bits say about the same row: a
 * thermometer bit is `x > threshold`, a category bit is its one-hot column, a boolean its 0/1.
 * Holding on every row proves both representations hold the same rows in the same order.
 */
function assertSameRows(split: TaskSplit, part: 'train' | 'test'): void {
  const bits = split.bits[part];
  const numbers = split.numeric[part];
  assert.equal(bits.rows, numbers.rows);
  assert.deepEqual(bits.labels, numbers.labels);
  for (let r = 0; r < bits.rows; r++) {
    let bit = 0;
    let col = 0;
    for (const encoder of split.bits.encoders.features) {
      const x = numbers.x[r * numbers.width + col];
      const b = (k: number): number => bits.bits[r * bits.inputs + bit + k];
      if (encoder.kind === 'numeric') {
        encoder.thresholds.forEach((t, k) => assert.equal(b(k), x > t ? 1 : 0, `${split.dataset} row ${r} ${encoder.column} > ${t}`));
        bit += encoder.thresholds.length;
        col += 1;
      } else if (encoder.kind === 'categorical') {
        encoder.categories.forEach((_, k) => assert.equal(b(k), numbers.x[r * numbers.width + col + k], `${split.dataset} row ${r} ${encoder.column}`));
        bit += encoder.categories.length;
        col += encoder.categories.length;
      } else {
        assert.equal(b(0), x, `${split.dataset} row ${r} ${encoder.column}`);
        bit += 1;
        col += 1;
      }
    }
    assert.equal(bit, bits.inputs);
    assert.equal(col, numbers.width);
  }
}

describe('peer benchmark splits', () => {
  it('seeded 80/20 row splits: disjoint, complete, reproducible, different per seed', () => {
    const a = splitIds(150, 1);
    assert.equal(a.trainIds.length, 120);
    assert.equal(a.testIds.length, 30);
    assert.deepEqual([...a.trainIds, ...a.testIds].sort((x, y) => x - y), Array.from({ length: 150 }, (_, i) => i));
    assert.deepEqual(splitIds(150, 1), a);
    assert.notDeepEqual(splitIds(150, 2).trainIds, a.trainIds);
  });

  for (const name of DATASET_NAMES) {
    it(`${name}: dbnc's bits and the peers' numbers hold the same rows, train and test`, () => {
      const split = buildSplit(name, 3, OPTIONS);
      assertSameRows(split, 'train');
      assertSameRows(split, 'test');
      assert.equal(split.bits.train.rows, split.trainIds.length);
      assert.equal(split.bits.test.rows, split.testIds.length);
      // Built again for the same seed (as for another method), the split is the same.
      const again = buildSplit(name, 3, OPTIONS);
      assert.deepEqual(again.trainIds, split.trainIds);
      assert.deepEqual(again.bits.test.bits, split.bits.test.bits);
      assert.deepEqual(again.numeric.train.x, split.numeric.train.x);
    });
  }

  it('parts: the peers get 3 numbers, one-hot supplier and line, and burr as 0/1', () => {
    const split = buildSplit('parts', 1, OPTIONS);
    assert.deepEqual(split.numeric.names, [
      'diameter_mm',
      'roughness_um',
      'weight_g',
      'supplier=Acme',
      'supplier=Borg',
      'supplier=Cole',
      'line=L1',
      'line=L2',
      'burr',
    ]);
    assert.deepEqual([split.bits.train.rows, split.bits.test.rows], [1200, 300]);
  });

  it("binary-iris: dbnc gets the very rows bench:paper trains and tests on", () => {
    for (const seed of [1, 7]) {
      const split = buildSplit('binary-iris', seed, OPTIONS);
      const paper = experimentData('binary-iris', { seed, dataDir: SHARED_DATA });
      assert.deepEqual(split.bits.train.bits, paper.trainSet.bits);
      assert.deepEqual(split.bits.train.labels, paper.trainSet.labels);
      assert.deepEqual(split.bits.test.bits, paper.testSet.bits);
    }
  });

  it('noisy-xor: the fixed files whatever the seed; mnist: train digits from the first 8000, test from the last 2000', () => {
    const a = buildSplit('noisy-xor', 1, OPTIONS);
    const b = buildSplit('noisy-xor', 2, OPTIONS);
    assert.deepEqual([a.bits.train.rows, a.bits.test.rows], [5000, 5000]);
    assert.deepEqual(a.numeric.train.x, b.numeric.train.x);
    const m = buildSplit('mnist', 1, OPTIONS);
    assert.deepEqual([m.bits.train.rows, m.bits.test.rows, m.bits.train.inputs], [40, 20, 784]);
    assert.ok(m.trainIds.every((i) => i < 8000));
    assert.ok(m.testIds.every((i) => i >= 8000 && i < 10000));
    assert.notDeepEqual(buildSplit('mnist', 2, OPTIONS).trainIds, m.trainIds);
  });
});

describe('CART counting', () => {
  const leaf = (): TreeNodeShape => ({ distribution: [[1]] });

  it('literals are the summed root-to-leaf path lengths of a hand-made tree; size from the node counts', () => {
    //        x0 < 1
    //       /      \
    //    leaf     x2 < 3
    //            /      \
    //         leaf     x1 < 0.5
    //                  /     \
    //               leaf     leaf
    const tree: TreeNodeShape = {
      splitColumn: 0,
      splitValue: 1,
      left: leaf(),
      right: { splitColumn: 2, splitValue: 3, left: leaf(), right: { splitColumn: 1, splitValue: 0.5, left: leaf(), right: leaf() } },
    };
    const shape = treeShape(tree);
    assert.deepEqual(shape, { internal: 3, leaves: 4, maxDepth: 3, literals: 1 + 2 + 3 + 3 });
    assert.equal(treeBytes(shape), 3 * 6 + 4 + 1);
    assert.deepEqual(treeShape(leaf()), { internal: 0, leaves: 1, maxDepth: 0, literals: 0 });
  });

  it('scoring each distinct threshold once grows the identical tree (and the patch is undone)', () => {
    for (const name of ['binary-iris', 'iris', 'parts'] as const) {
      const split = buildSplit(name, 2, OPTIONS);
      const settings = settingsFor(name, { quick: true }).cart;
      const plain = JSON.stringify(trainTree(split, settings).toJSON());
      const distinct = JSON.stringify(withDistinctSplits(() => trainTree(split, settings)).toJSON());
      assert.equal(distinct, plain, name);
    }
    const probe = new DecisionTreeClassifier();
    probe.train([[0], [1], [0], [1]], [0, 1, 0, 1]);
    assert.equal((Object.getPrototypeOf(probe.root) as { featureSplit: { name: string } }).featureSplit.name, 'featureSplit');
  });
});

describe('peer benchmark report', () => {
  it('summaries: mean, sample sd, min, max; texts listed once', () => {
    const run = (accuracy: number, guarantee: string) => ({ accuracy, modelBytes: 10, literals: 4, trainSeconds: 1, details: { guarantee, n: accuracy } });
    const s = summarizeRuns('dbnc', [run(0.5, 'exhaustive'), run(1, 'exhaustive'), run(0.75, 'sat')], { epochs: 1 });
    assert.equal(s.meanAcc, 0.75);
    assert.equal(s.stdAcc, 0.25);
    assert.deepEqual([s.minAcc, s.maxAcc, s.seeds, s.literals], [0.5, 1, 3, 4]);
    assert.deepEqual(s.details, { guarantee: 'exhaustive, sat', n: 0.75 });
  });

  it('a --quick run on Binary Iris: one data set, four methods, the documented JSON fields', async () => {
    const lines: string[] = [];
    const report = await runPeers({
      ...OPTIONS,
      datasets: ['binary-iris'],
      seeds: 2,
      firstSeed: 1,
      mnistSeeds: 1,
      quick: true,
      dbncVersion: 'test',
      log: (line) => lines.push(line),
    });
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    assert.equal(json.datasets.length, 1);
    const [d] = json.datasets;
    assert.equal(d.name, 'binary-iris');
    assert.deepEqual(d.rows, { train: 120, test: 30 });
    assert.deepEqual(
      d.methods.map((m) => m.method),
      [...METHOD_NAMES],
    );
    for (const m of d.methods) {
      assert.equal(m.seeds, 2);
      for (const x of [m.meanAcc, m.minAcc, m.maxAcc]) assert.ok(x >= 0 && x <= 1, `${m.method} accuracy ${x}`);
      assert.ok(m.minAcc <= m.meanAcc && m.meanAcc <= m.maxAcc);
      assert.ok(m.stdAcc >= 0 && m.trainSeconds >= 0);
      assert.equal(typeof m.settings, 'object');
    }
    const by = Object.fromEntries(d.methods.map((m) => [m.method, m]));
    // iris-paper: 59 ∂∧ neurons over [x, ¬x] of 16 bits = 1888 weights = 236 bytes.
    assert.equal(by.dbnc.modelBytes, 236);
    assert.equal(by.dbnc.settings.arch, 'iris-paper');
    assert.equal(by.dbnc.details.fidelity, 1);
    assert.equal(typeof by.dbnc.literals, 'number');
    assert.equal(typeof by.cart.literals, 'number');
    assert.equal(by.logreg.literals, null);
    assert.equal(by.mlp.literals, null);
    // 3 one-vs-rest classifiers × (16 + intercept); 16·32 + 32 + 32·3 + 3 parameters.
    assert.equal(by.logreg.modelBytes, 4 * 3 * 17);
    assert.equal(by.mlp.modelBytes, 4 * (16 * 32 + 32 + 32 * 3 + 3));
    assert.equal(lines.length, 2 * 4, 'one progress line per seed and method');
    const md = reportMarkdown(report);
    assert.match(md, /### binary-iris/);
    for (const m of METHOD_NAMES) assert.match(md, new RegExp(`^\\| ${m} \\| 2 \\|`, 'm'));
  });
});
