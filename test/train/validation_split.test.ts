/**
 * Training with a validation split: the held-out rows come from the training rows, the model
 * holds the best epoch's weights (not the last epoch's), patience stops training, and the model
 * file stays reproducible byte for byte.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadModel } from '../../src/model/load';
import { holdOutRows, splitRows, trainModel, type TrainModelOptions } from '../../src/train/pipeline';
import { irisCsvDir } from '../helpers/iris_csv';

describe('train with a validation split', () => {
  let dir = '';
  let csv = '';
  before(() => ({ dir, csv } = irisCsvDir()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const options = (extra: Partial<TrainModelOptions> = {}): TrainModelOptions => ({
    dataPath: csv,
    label: 'species',
    epochs: 60,
    batchSize: 16,
    learningRate: 0.05,
    optimizer: 'radam',
    seed: 3,
    testSplit: 0.2,
    dbncVersion: 'test',
    ...extra,
  });

  it('holds out a seeded share of the training rows, disjoint from the rest', () => {
    const { train } = splitRows(150, 0.2, 3);
    const { fit, held } = holdOutRows(train, 0.25, 3);
    assert.equal(held.length, 30);
    assert.equal(fit.length + held.length, train.length);
    assert.deepEqual([...fit, ...held].sort((a, b) => a - b), [...train].sort((a, b) => a - b));
    assert.deepEqual(holdOutRows(train, 0.25, 3), { fit, held }, 'the same seed draws the same rows');
    assert.deepEqual(holdOutRows(train, 0, 3), { fit: train, held: new Int32Array(0) });
    assert.throws(() => holdOutRows(Int32Array.of(1, 2), 0.1, 1), /holds out no row/);
    assert.throws(() => holdOutRows(Int32Array.of(1), 0.9, 1), /leaves none of the 1 training rows/);
  });

  it('keeps the best epoch on the validation rows, measured on the weights the model holds', () => {
    const { model, soft } = trainModel(options({ validationSplit: 0.25 }));
    soft.dispose();
    const { train, validation, test, selectedEpoch } = model.metrics;
    assert.ok(validation && test && selectedEpoch !== undefined);
    assert.equal(train.rows + validation.rows + test.rows, 150);
    assert.equal(validation.rows, 30);
    assert.equal(model.history.length, 60, 'no patience: every epoch is trained');
    // The selected epoch is the best by (accuracy, then loss); its recorded validation accuracy
    // must be what the stored weights give: proof that the best weights were put back.
    const bestAccuracy = Math.max(...model.history.map((r) => r.validationAccuracy ?? -1));
    const selected = model.history.find((r) => r.epoch === selectedEpoch);
    assert.equal(selected?.validationAccuracy, bestAccuracy);
    assert.equal(validation.softAccuracy, bestAccuracy);
    assert.equal(validation.hardAccuracy, bestAccuracy);
    assert.equal(Math.min(train.fidelity, validation.fidelity, test.fidelity), 1);
    assert.equal(model.provenance.options.validationSplit, 0.25);
    assert.equal('patience' in model.provenance.options, false);
  });

  it('stops after `patience` epochs without a better one', () => {
    const { model, soft, softWeights } = trainModel(options({ validationSplit: 0.25, patience: 5, epochs: 400 }));
    soft.dispose();
    const selectedEpoch = model.metrics.selectedEpoch ?? 0;
    assert.ok(model.history.length < 400, `stopped early (${model.history.length} epochs)`);
    assert.equal(model.history.length, selectedEpoch + 5);
    assert.equal(softWeights.epochs, selectedEpoch, 'the checkpoint holds the selected epoch');
    assert.equal(model.provenance.options.patience, 5);
  });

  it('gives byte-identical model files for the same seed', () => {
    const texts = [1, 2].map(() => {
      const { model, soft } = trainModel(options({ validationSplit: 0.25, patience: 5, epochs: 100 }));
      soft.dispose();
      return JSON.stringify(model);
    });
    assert.equal(texts[0], texts[1]);
  });

  it('without a validation split the model file has none of the new fields (older files keep their bytes)', () => {
    const { model, soft } = trainModel(options({ epochs: 3 }));
    soft.dispose();
    assert.equal('validation' in model.metrics, false);
    assert.equal('selectedEpoch' in model.metrics, false);
    assert.equal('validationSplit' in model.provenance.options, false);
    assert.equal(model.history.some((r) => 'validationAccuracy' in r), false);
  });

  it('refuses patience without a validation split', () => {
    assert.throws(() => trainModel(options({ patience: 5 })), /patience needs a validation split/);
  });

  it('loading refuses validation metrics without the selected epoch', () => {
    const { model, soft } = trainModel(options({ validationSplit: 0.25, epochs: 3 }));
    soft.dispose();
    const broken = join(dir, 'broken.json');
    const { selectedEpoch: _dropped, ...metrics } = model.metrics;
    writeFileSync(broken, JSON.stringify({ ...model, metrics }));
    assert.throws(() => loadModel(broken), /broken\.json: field metrics: validation and selectedEpoch go together/);
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, JSON.stringify(model));
    assert.equal(loadModel(ok).model.metrics.selectedEpoch, model.metrics.selectedEpoch);
  });
});
