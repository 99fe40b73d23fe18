import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadModel, parseModel } from '../../src/model/load';
import type { ModelFile } from '../../src/model/format';
import { trainModel } from '../../src/train/pipeline';
import { irisCsvDir } from '../helpers/iris_csv';

describe('model file: load and validate', () => {
  let dir = '';
  let model: ModelFile;
  before(() => {
    const iris = irisCsvDir();
    dir = iris.dir;
    const trained = trainModel({
      dataPath: iris.csv, label: 'species', epochs: 5, batchSize: 30, learningRate: 0.01,
      optimizer: 'radam', seed: 1, testSplit: 0.2, dbncVersion: 'test',
    });
    trained.soft.dispose();
    model = trained.model;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const mutated = (edit: (m: Record<string, any>) => void): unknown => {
    const copy = structuredClone(model) as Record<string, any>;
    edit(copy);
    return copy;
  };
  const rejects = (json: unknown, message: RegExp): void => {
    assert.throws(() => parseModel('m.json', json), (error: Error) => {
      assert.match(error.message, message);
      assert.ok(!error.message.includes('\n'), 'one line');
      return true;
    });
  };

  it('round-trips: a saved model loads to the same hard net', () => {
    const path = join(dir, 'm.json');
    writeFileSync(path, JSON.stringify(model));
    const loaded = loadModel(path);
    assert.deepEqual(loaded.model, model);
    assert.equal(loaded.hardNet.arch.inputs, model.arch.inputs);
  });

  it('names the file for missing files and broken JSON', () => {
    assert.throws(() => loadModel(join(dir, 'nope.json')), /nope\.json: no such file/);
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, JSON.stringify(model).slice(0, 200));
    assert.throws(() => loadModel(truncated), /truncated\.json: not valid JSON/);
  });

  it('rejects a wrong format or version first', () => {
    rejects(mutated((m) => (m.formatVersion = 2)), /field formatVersion: version 2 is not supported/);
    rejects(mutated((m) => (m.format = 'other')), /field format: expected "dbnc-model"/);
    rejects([], /not a dbnc model/);
  });

  it('names the field of schema errors: unknown layers, extra and missing fields, NaN-like thresholds', () => {
    rejects(mutated((m) => (m.arch.layers[1].kind = 'xor')), /field arch\.layers\[1\]/);
    rejects(mutated((m) => (m.extra = 1)), /extra/);
    rejects(mutated((m) => delete m.metrics), /field metrics/);
    rejects(mutated((m) => (m.encoders.features[0].thresholds = [2, 1])), /field encoders\.features\[0\]\.thresholds/);
    rejects(mutated((m) => (m.encoders.features[0].thresholds = ['NaN'])), /field encoders\.features\[0\]\.thresholds\[0\]/);
  });

  it('checks weights against the architecture: shapes, bit counts, nulls', () => {
    rejects(mutated((m) => (m.weights[1].shape = [3, 3])), /field weights\[1\]\.shape: \[3, 3\], layer 1 \(and\) needs/);
    rejects(mutated((m) => (m.weights[1].bits = 'AAAA')), /field weights\[1\]\.bits holds 3 bytes/);
    rejects(mutated((m) => (m.weights[0] = { shape: [1, 1], bits: 'AA==' })), /field weights\[0\]: layer 0 \(negConcat\) has no weights/);
    rejects(mutated((m) => m.weights.pop()), /field weights: 2 entries for 3 layers/);
  });

  it('checks the architecture against the encoders and refuses gigabyte nets before allocating', () => {
    rejects(mutated((m) => (m.arch.inputs = 5)), /field arch\.inputs: 5, but the encoders produce \d+ bits/);
    rejects(mutated((m) => (m.arch.layers[1].width = 1_000_000)), /field weights\[1\]\.shape: \[\d+, \d+\], layer 1 \(and\) needs \[1000000, \d+\]/);
    rejects(
      mutated((m) => {
        m.arch.layers[1].width = 1_000_000;
        m.arch.layers[2].width = 999_999;
      }),
      /weights exceed the limit/,
    );
  });
});
