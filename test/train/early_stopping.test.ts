import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BestEpoch } from '../../src/train/early_stopping';

describe('BestEpoch: which epoch to keep, when to stop', () => {
  it('keeps the highest validation accuracy; equal accuracy goes to the lower loss', () => {
    const best = new BestEpoch();
    const verdicts = [
      { epoch: 1, accuracy: 0.5, loss: 0.9 },
      { epoch: 2, accuracy: 0.7, loss: 0.8 },
      { epoch: 3, accuracy: 0.7, loss: 0.85 }, // same accuracy, worse loss: not better
      { epoch: 4, accuracy: 0.7, loss: 0.6 }, // same accuracy, lower loss: better
      { epoch: 5, accuracy: 0.65, loss: 0.1 }, // lower accuracy loses whatever its loss
    ].map((score) => best.offer(score).best);
    assert.deepEqual(verdicts, [true, true, false, true, false]);
    assert.equal(best.best?.epoch, 4);
  });

  it('an equal score is not better: the earlier epoch stays', () => {
    const best = new BestEpoch();
    best.offer({ epoch: 1, accuracy: 0.8, loss: 0.5 });
    assert.equal(best.offer({ epoch: 2, accuracy: 0.8, loss: 0.5 }).best, false);
    assert.equal(best.best?.epoch, 1);
  });

  it('stops once `patience` epochs in a row were not better, and a better epoch resets the count', () => {
    const best = new BestEpoch(2);
    const stops = [0.5, 0.6, 0.5, 0.7, 0.7, 0.5].map((accuracy, i) => best.offer({ epoch: i + 1, accuracy, loss: 1 }).stop);
    assert.deepEqual(stops, [false, false, false, false, false, true]);
    assert.equal(best.best?.epoch, 4);
  });

  it('does not run the patience clock on the starting plateau, before any epoch beats the first', () => {
    const best = new BestEpoch(3);
    // Ten epochs stuck at the starting score (a ∂B net before it leaves ln C), then it learns.
    for (let epoch = 1; epoch <= 10; epoch++) assert.equal(best.offer({ epoch, accuracy: 0.42, loss: 1.0986 }).stop, false);
    assert.equal(best.offer({ epoch: 11, accuracy: 0.9, loss: 0.3 }).best, true);
    const stops = [12, 13, 14].map((epoch) => best.offer({ epoch, accuracy: 0.8, loss: 0.4 }).stop);
    assert.deepEqual(stops, [false, false, true]);
    assert.equal(best.best?.epoch, 11);
  });

  it('never stops without a patience', () => {
    const best = new BestEpoch();
    for (let epoch = 1; epoch <= 50; epoch++) assert.equal(best.offer({ epoch, accuracy: 0.1, loss: 1 }).stop, false);
    assert.equal(best.best?.epoch, 1);
  });

  it('refuses a patience that is not a whole number ≥ 1', () => {
    for (const bad of [0, -1, 1.5, NaN]) assert.throws(() => new BestEpoch(bad), /patience must be a whole number ≥ 1/);
  });
});
