import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { InputDomain } from '../../compiler/domain';
import { IrGraph } from '../../compiler/ir/graph';
import { programSize, type IrProgram } from '../../compiler/ir/program';
import { classify, sliceRows } from '../../compiler/ir/simulate';
import { lower } from '../../compiler/lower';
import { minimizeCones } from '../../compiler/minimize/cones';
import { EspressoService } from '../../compiler/minimize/espresso/service';
import { minimizeSmallSupport } from '../../compiler/minimize/small_support';
import { rng } from '../helpers/random';
import { TABULAR, xorNet } from '../helpers/compiler_nets';
import { randomNet } from '../helpers/random_nets';

const espresso = new EspressoService();
after(() => espresso.close());

/** Same class on every possible input of the domain. */
function assertSameOnPossible(a: IrProgram, b: IrProgram, domain: InputDomain, what: string): void {
  const all = Array.from({ length: domain.inputs }, (_, i) => i);
  const table = domain.enumerate(all, 1 << 20);
  assert.ok(table);
  const sliced = sliceRows(table.rows, table.count, domain.inputs);
  assert.deepEqual(classify(a, sliced, table.count), classify(b, sliced, table.count), what);
}

describe('small-support minimization', () => {
  it('turns x1 ⊕ x2 over 12 inputs into 2 cubes and 4 literals over 2 bits', async () => {
    const program = lower(xorNet());
    const domain = InputDomain.unconstrained(12);
    const result = await minimizeSmallSupport(program, domain, { espresso });
    assert.equal(result.status, 'minimized');
    if (result.status !== 'minimized') return;
    assert.deepEqual(result.report.functionalSupport, [0, 1]);
    assert.equal(result.report.literals, 4);
    assert.equal(result.report.cubes, 2);
    assert.equal(programSize(result.program).literals, 4);
    assertSameOnPossible(result.program, program, domain, 'xor');
  });

  it('is exact on every input of 60 random raw-bit nets', async () => {
    const next = rng(5);
    for (let t = 0; t < 60; t++) {
      const net = randomNet(next, { inputs: 2 + (t % 9) });
      const program = lower(net);
      const domain = InputDomain.unconstrained(net.arch.inputs);
      const result = await minimizeSmallSupport(program, domain, { espresso });
      assert.equal(result.status, 'minimized', `net ${t}`);
      if (result.status === 'minimized') assertSameOnPossible(result.program, program, domain, `net ${t}`);
    }
  });

  it('uses the encoding’s impossible combinations as don’t-cares, exact on every possible input', async () => {
    const next = rng(9);
    let shorter = 0;
    for (let t = 0; t < 40; t++) {
      const net = { ...randomNet(next, { inputs: TABULAR.length }), predicates: TABULAR };
      const program = lower(net);
      const domain = InputDomain.fromPredicates(TABULAR);
      const withDc = await minimizeSmallSupport(program, domain, { espresso });
      const without = await minimizeSmallSupport(program, InputDomain.unconstrained(TABULAR.length), { espresso });
      assert.ok(withDc.status === 'minimized' && without.status === 'minimized');
      assertSameOnPossible(withDc.program, program, domain, `net ${t}`);
      assert.ok(withDc.report.literals <= without.report.literals, `net ${t}: don't-cares made it longer`);
      if (withDc.report.literals < without.report.literals) shorter++;
    }
    assert.ok(shorter >= 5, `don't-cares shortened only ${shorter} of 40 nets`);
  });

  it('names a category instead of excluding all the others', async () => {
    // "color is not blue, not green, not missing" over the TABULAR domain is "color = red".
    const g = new IrGraph();
    const when = g.and([g.not(g.input(5)), g.not(g.input(7)), g.not(g.input(8)), g.input(9)]);
    const program: IrProgram = { graph: g, inputs: TABULAR.map((predicate) => ({ predicate })), classes: ['no', 'yes'], head: { kind: 'decisionList', rules: [{ classIndex: 1, when }], otherwise: 0 } };
    const domain = InputDomain.fromPredicates(TABULAR);
    const result = await minimizeSmallSupport(program, domain, { espresso });
    assert.equal(result.status, 'minimized');
    if (result.status !== 'minimized') return;
    assert.equal(result.report.literals, 2); // red ∧ shiny
    assertSameOnPossible(result.program, program, domain, 'red');
  });

  it('skips when the possible inputs exceed the budget', async () => {
    const program = lower(randomNet(rng(2), { inputs: 12 }));
    const result = await minimizeSmallSupport(program, InputDomain.unconstrained(12), { espresso, maxRows: 16 });
    assert.equal(result.status, 'skipped');
  });
});

describe('local cone minimization', () => {
  it('keeps 60 random nets equal on every input and never adds literals', async () => {
    const next = rng(13);
    for (let t = 0; t < 60; t++) {
      const net = randomNet(next, { inputs: 2 + (t % 9) });
      const program = lower(net);
      const domain = InputDomain.unconstrained(net.arch.inputs);
      const out = await minimizeCones(program, { domain, warnings: [] }, { espresso, maxLeaves: 6 });
      assertSameOnPossible(out, program, domain, `net ${t}`);
    }
  });

  it('respects the domain on predicate inputs', async () => {
    const next = rng(17);
    const domain = InputDomain.fromPredicates(TABULAR);
    for (let t = 0; t < 30; t++) {
      const program = lower({ ...randomNet(next, { inputs: TABULAR.length }), predicates: TABULAR });
      const out = await minimizeCones(program, { domain, warnings: [] }, { espresso, maxLeaves: 8 });
      assertSameOnPossible(out, program, domain, `net ${t}`);
    }
  });
});
