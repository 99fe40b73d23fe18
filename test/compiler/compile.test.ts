import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CompilerBugError, compileModel, compileNet, type CompileResult } from '../../compiler/compile';
import { InputDomain } from '../../compiler/domain';
import { classify, sliceRows } from '../../compiler/ir/simulate';
import type { HardNetDescription } from '../../compiler/lower';
import { EspressoService } from '../../compiler/minimize/espresso/service';
import { HardNet } from '../../src/nets/hard_net';
import { PRESETS } from '../../src/nets/presets';
import { rng } from '../helpers/random';
import { randomNet, randomWeights, rawPredicates } from '../helpers/random_nets';
import { TABULAR, xorNet } from '../helpers/compiler_nets';
import { randomTwoLevelModel } from '../helpers/two_level';
import { parseModel } from '../../src/model/load';
import { programSize } from '../../compiler/ir/program';

const espresso = new EspressoService();
after(() => espresso.close());

function oracleOf(net: HardNetDescription) {
  const hard = new HardNet(net.arch, net.weights);
  return (rows: Uint8Array, count: number) => hard.predict(rows, count);
}

async function compile(net: HardNetDescription, options: Parameters<typeof compileNet>[2] = {}): Promise<CompileResult> {
  return compileNet(net, oracleOf(net), { espresso, randomVectors: 200, ...options });
}

/** Independent re-check: the compiled program vs the hard net on every possible input. */
function assertExact(net: HardNetDescription, result: CompileResult, what: string): void {
  const domain = InputDomain.fromPredicates(net.predicates);
  const table = domain.enumerate(Array.from({ length: net.arch.inputs }, (_, i) => i), 1 << 20);
  assert.ok(table, what);
  const got = classify(result.program, sliceRows(table.rows, table.count, net.arch.inputs), table.count);
  assert.deepEqual(got, oracleOf(net)(table.rows, table.count), what);
}

describe('compile: lower → simplify → minimize → verify', () => {
  it('compiles 200 random small nets (every layer kind and head) and proves each exhaustively', async () => {
    const next = rng(101);
    const kinds = new Set<string>();
    for (let t = 0; t < 200; t++) {
      const net = randomNet(next, { inputs: 2 + (t % 11) });
      for (const l of net.arch.layers) kinds.add(l.kind);
      kinds.add(`head:${net.arch.head.kind}`);
      const result = await compile(net);
      assert.equal(result.guarantee.level, 'exhaustive', `net ${t}`);
      assertExact(net, result, `net ${t}`);
    }
    assert.equal(kinds.size, 12, [...kinds].join(','));
  });

  it('keeps multi-level logic when the exact rule list would be more than twice as large', async () => {
    // A structureless 16-bit function: flattening 253 literals gives a list of ~2,300.
    const loaded = parseModel('random-16.model.json', JSON.parse(JSON.stringify(randomTwoLevelModel(16, 1))));
    const result = await compileModel(loaded, { espresso, randomVectors: 200 });
    assert.equal(result.guarantee.level, 'exhaustive');
    assert.ok(result.warnings.some((w) => /the exact rule list has \d+ literals, more than 2× the simplified logic's \d+; minimizing local cones instead/.test(w)), result.warnings.join('\n'));
    const simplified = result.stats.filter((s) => s.pass !== 'espresso-cones').at(-1);
    assert.ok(simplified !== undefined && programSize(result.program).literals <= simplified.literalsAfter);
    assert.equal(result.program.head.kind, 'argmax');
  });

  it('compiles random nets over numeric and categorical predicates, exact on every possible input', async () => {
    const next = rng(202);
    for (let t = 0; t < 40; t++) {
      const net = { ...randomNet(next, { inputs: TABULAR.length }), predicates: TABULAR };
      const result = await compile(net);
      assert.equal(result.guarantee.level, 'exhaustive');
      // Only possible inputs are enumerated: 4 × 3 × 4 × 2 = 96 of the 1024 bit patterns at most.
      assert.ok(result.guarantee.level === 'exhaustive' && result.guarantee.inputs <= 96, JSON.stringify(result.guarantee));
      assertExact(net, result, `net ${t}`);
    }
  });

  it('compiles x1 ⊕ x2 to two rules of 4 literals in all', async () => {
    const result = await compile(xorNet());
    assert.equal(result.guarantee.level, 'exhaustive');
    assert.equal(result.literalsAfter, 4);
    assert.equal(result.program.head.kind, 'decisionList');
    assert.deepEqual(result.minimization?.functionalSupport, [0, 1]);
  });

  it('keeps the structure of an mnist-paper-size net and states its guarantee', async () => {
    const next = rng(3);
    const arch = PRESETS['mnist-paper'];
    const net: HardNetDescription = { arch, weights: randomWeights(arch, next), predicates: rawPredicates(784), classes: Array.from({ length: 10 }, (_, c) => `${c}`) };
    const result = await compile(net, { randomVectors: 10_000, satTimeoutMs: 2000 });
    assert.ok(['sat', 'tested'].includes(result.guarantee.level));
    assert.equal(result.checked.randomVectors, 10_000);
    assert.ok(result.literalsAfter <= result.literalsBefore);
  });

  it('survives Espresso time-outs and oversized problems: falls back, warns, still proves', async () => {
    // A net whose function really depends on several inputs.
    const next = rng(21);
    let net = randomNet(next, { inputs: 10, classes: 3, kinds: ['negConcat', 'and', 'or'] });
    while (((await compile(net)).minimization?.functionalSupport.length ?? 0) < 5) net = randomNet(next, { inputs: 10, classes: 3, kinds: ['negConcat', 'and', 'or'] });
    const slow = await compile(net, { espressoTimeoutMs: 1 });
    assert.equal(slow.guarantee.level, 'exhaustive');
    assertExact(net, slow, 'time-out');
    const tight = await compile(net, { maxExhaustiveInputs: 8 });
    assert.ok(tight.warnings.some((w) => /exact minimization skipped/.test(w)), tight.warnings.join('; '));
    assert.ok(['sat', 'tested'].includes(tight.guarantee.level));
    assertExact(net, tight, 'oversized');
    // A service whose problems are all "too large" behaves like a failing Espresso.
    const tiny = new EspressoService({ maxInputs: 1, maxCubes: 1 });
    try {
      const refused = await compileNet(net, oracleOf(net), { espresso: tiny, randomVectors: 100 });
      assert.equal(refused.guarantee.level, 'exhaustive');
      assertExact(net, refused, 'too-large');
    } finally {
      await tiny.close();
    }
  });

  it('refuses to return logic that differs from the hard net', async () => {
    const net = randomNet(rng(4), { inputs: 5, classes: 3 });
    const lying = (rows: Uint8Array, count: number) => oracleOf(net)(rows, count).map((c, r) => (r === 7 ? (c + 1) % 3 : c));
    await assert.rejects(compileNet(net, lying, { espresso, randomVectors: 100 }), CompilerBugError);
  });
});
