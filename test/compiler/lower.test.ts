import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputDomain } from '../../compiler/domain';
import { dumpProgram } from '../../compiler/ir/dump';
import { programSize } from '../../compiler/ir/program';
import { classify, sliceRows } from '../../compiler/ir/simulate';
import { lower } from '../../compiler/lower';
import { HardNet } from '../../src/nets/hard_net';
import { PRESETS } from '../../src/nets/presets';
import { rng } from '../helpers/random';
import { randomNet, randomWeights, rawPredicates } from '../helpers/random_nets';

/** Every input of an n-bit net, row-major. */
function allInputs(n: number): Uint8Array {
  const e = InputDomain.unconstrained(n).enumerate(Array.from({ length: n }, (_, i) => i), 1 << 22);
  assert.ok(e);
  return e.rows;
}

describe('lowering a hard net to IR', () => {
  it('agrees with the hard net on every input of 300 random nets (every layer kind and head)', () => {
    const next = rng(41);
    const seen = new Set<string>();
    for (let t = 0; t < 300; t++) {
      const net = randomNet(next);
      for (const l of net.arch.layers) seen.add(l.kind);
      seen.add(`head:${net.arch.head.kind}`);
      const program = lower(net);
      const n = net.arch.inputs;
      const rows = allInputs(n);
      const count = 2 ** n;
      const expected = new HardNet(net.arch, net.weights).predict(rows, count);
      const got = classify(program, sliceRows(rows, count, n), count);
      assert.deepEqual(got, expected, `net ${t}: ${JSON.stringify(net.arch)}`);
    }
    for (const kind of ['negConcat', 'and', 'or', 'not', 'implies', 'majority', 'countHot', 'dropout', 'head:bits', 'head:groupMax', 'head:groupSum', 'head:bitAndNegation']) {
      assert.ok(seen.has(kind), `random nets never used ${kind}`);
    }
  });

  it('lowers the mnist-paper net and agrees with the hard net on random inputs', () => {
    const next = rng(7);
    const arch = PRESETS['mnist-paper'];
    const weights = randomWeights(arch, next);
    const program = lower({ arch, weights, predicates: rawPredicates(784), classes: Array.from({ length: 10 }, (_, c) => String(c)) });
    const rows = 500;
    const bits = Uint8Array.from({ length: rows * 784 }, () => (next() < 0.3 ? 1 : 0));
    const expected = new HardNet(arch, weights).predict(bits, rows);
    assert.deepEqual(classify(program, sliceRows(bits, rows, 784), rows), expected);
    assert.ok(programSize(program).nodes > 2940);
  });

  it('dumps a readable program', () => {
    const next = rng(3);
    const net = randomNet(next, { inputs: 3, classes: 2 });
    const text = dumpProgram(lower(net), ['test']);
    assert.match(text, /^# test\n/);
    assert.match(text, /i0  x1 is true/);
    assert.match(text, /head:\n/);
  });
});
