import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BitPredicate } from '../../src/data/predicate';
import { InputDomain } from '../../compiler/domain';
import { IrGraph, type NodeId } from '../../compiler/ir/graph';
import { headRoots, liveNodes, programSize, type IrProgram } from '../../compiler/ir/program';
import { classify, sliceRows } from '../../compiler/ir/simulate';
import { lower } from '../../compiler/lower';
import { PASSES, SIMPLIFY_PASSES } from '../../compiler/passes';
import { runPipeline, type Pass, type PassContext } from '../../compiler/passes/pass';
import { PRESETS } from '../../src/nets/presets';
import { rng } from '../helpers/random';
import { randomArch, randomNet, randomWeights, rawPredicates } from '../helpers/random_nets';

const PASS_NAMES = ['constant-propagation', 'flatten', 'boolean-laws', 'threshold-normalization', 'sweep', 'predicate-reasoning'];

function context(domain: InputDomain): PassContext {
  return { domain, warnings: [] };
}

async function runAll(program: IrProgram, ctx: PassContext): Promise<IrProgram> {
  return (await runPipeline(program, SIMPLIFY_PASSES, ctx)).program;
}

/** Every possible input of the domain (all bits in the support), row-major. */
function possibleInputs(domain: InputDomain): { rows: Uint8Array; count: number } {
  const e = domain.enumerate(
    Array.from({ length: domain.inputs }, (_, i) => i),
    1 << 16,
  );
  assert.ok(e);
  return e;
}

function assertSameClasses(before: IrProgram, after: IrProgram, inputs: { rows: Uint8Array; count: number }, width: number, what: string): void {
  const sliced = sliceRows(inputs.rows, inputs.count, width);
  const expected = classify(before, sliced, inputs.count);
  const got = classify(after, sliced, inputs.count);
  for (let r = 0; r < inputs.count; r++) {
    if (got[r] !== expected[r]) {
      const row = Array.from(inputs.rows.subarray(r * width, (r + 1) * width)).join('');
      assert.fail(`${what}: input ${row} gives class ${got[r]}, expected ${expected[r]}`);
    }
  }
}

/** A one-root program over `inputs` raw bits (argmax of [root, ¬root]: class 0 iff root). */
function single(build: (g: IrGraph, x: NodeId[]) => NodeId, inputs = 4, predicates?: BitPredicate[]): IrProgram {
  const g = new IrGraph();
  const x = Array.from({ length: inputs }, (_, i) => g.input(i));
  const root = build(g, x);
  return {
    graph: g,
    inputs: (predicates ?? rawPredicates(inputs)).map((predicate) => ({ predicate })),
    classes: ['yes', 'no'],
    head: { kind: 'argmax', logits: [root] },
  };
}

/** The (only) head root of a program, as op and argument descriptions. */
function root(p: IrProgram): { op: string; k: number; args: string[]; id: NodeId } {
  assert.equal(p.head.kind, 'argmax');
  const id = p.head.kind === 'argmax' ? p.head.logits[0] : -1;
  const n = p.graph.node(id);
  return { op: n.op, k: n.k, args: n.args.map((a) => describeNode(p.graph, a)), id };
}

function describeNode(g: IrGraph, id: NodeId): string {
  const n = g.node(id);
  const lit = g.literal(id);
  if (lit) return `${lit.negated ? '!' : ''}x${lit.bit}`;
  if (n.op === 'const') return n.k ? 'true' : 'false';
  const args = n.args.map((a) => describeNode(g, a));
  // Commutative: a canonical order (literals by bit, then gates).
  const key = (d: string): string => (/^!?x\d+$/.test(d) ? `0${d.replace('!', '').padStart(6, '0')}${d[0] === '!' ? 1 : 0}` : `1${d}`);
  if (n.op !== 'not') args.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return `${n.op}${n.op === 'atLeast' || n.op === 'exactly' || n.op === 'sum' ? `[${n.k}]` : ''}(${args.join(',')})`;
}

async function applyPass(name: string, p: IrProgram, domain?: InputDomain): Promise<IrProgram> {
  const pass = PASSES[name];
  assert.ok(pass, `no pass ${name}`);
  return pass.run(p, context(domain ?? InputDomain.fromInputs(p.inputs)));
}

async function rootAfter(name: string, p: IrProgram, domain?: InputDomain): Promise<string> {
  const after = await applyPass(name, p, domain);
  const id = after.head.kind === 'argmax' ? after.head.logits[0] : -1;
  return describeNode(after.graph, id);
}

describe('simplification passes: equivalence on random nets', () => {
  it('lists every pass by name, constant propagation first and sweep last', () => {
    assert.deepEqual(Object.keys(PASSES).sort(), [...PASS_NAMES].sort());
    assert.equal(SIMPLIFY_PASSES[0].name, 'constant-propagation');
    assert.equal(SIMPLIFY_PASSES.at(-1)?.name, 'sweep');
    for (const p of SIMPLIFY_PASSES) assert.ok(p.description.length > 10);
  });

  const raw: (Pass | 'pipeline')[] = [...PASS_NAMES.map((n) => PASSES[n]), 'pipeline'];
  for (const pass of raw) {
    const name = pass === 'pipeline' ? 'the SIMPLIFY_PASSES pipeline' : pass.name;
    it(`${name} keeps every class on all inputs of 200 random raw-bit nets and never adds literals`, async () => {
      const next = rng(pass === 'pipeline' ? 1000 : 100 + PASS_NAMES.indexOf(pass.name));
      let shrunk = 0;
      for (let t = 0; t < 200; t++) {
        const n = 2 + Math.floor(next() * 9);
        const net = randomNet(next, { inputs: n });
        const program = lower(net);
        const domain = InputDomain.unconstrained(n);
        const ctx = context(domain);
        const after = pass === 'pipeline' ? await runAll(program, ctx) : await pass.run(program, ctx);
        assert.notEqual(after, program, 'a pass returns a new program');
        assertSameClasses(program, after, possibleInputs(domain), n, `${name}, net ${t} ${JSON.stringify(net.arch)}`);
        const before = programSize(program);
        const size = programSize(after);
        assert.ok(size.literals <= before.literals, `${name}, net ${t}: literals ${before.literals} → ${size.literals}`);
        if (size.nodes < before.nodes) shrunk++;
      }
      if (pass === 'pipeline' || pass.name === 'constant-propagation') assert.ok(shrunk > 100, `only ${shrunk} of 200 programs shrank`);
    });
  }

  it('keeps every class on all POSSIBLE inputs of 150 random nets over numeric, categorical and boolean predicates', async () => {
    const next = rng(77);
    let reasoned = 0;
    for (let t = 0; t < 150; t++) {
      const predicates = randomPredicates(next);
      const n = predicates.length;
      const classes = 2 + Math.floor(next() * 2);
      const arch = randomArch(n, classes, next);
      const net = { arch, weights: randomWeights(arch, next), predicates, classes: Array.from({ length: classes }, (_, c) => `c${c}`) };
      const program = lower(net);
      const domain = InputDomain.fromPredicates(predicates);
      const inputs = possibleInputs(domain);
      assert.ok(inputs.count < 2 ** n);
      const alone = await applyPass('predicate-reasoning', program, domain);
      assertSameClasses(program, alone, inputs, n, `predicate-reasoning, net ${t}`);
      const all = await runAll(program, context(domain));
      assertSameClasses(program, all, inputs, n, `pipeline, net ${t}`);
      assert.ok(programSize(all).literals <= programSize(program).literals, `net ${t}: literals grew`);
      // The same pipeline with an unconstrained domain: any difference is the domain's work.
      const blind = await runAll(program, context(InputDomain.unconstrained(n)));
      if (programSize(all).literals < programSize(blind).literals) reasoned++;
    }
    assert.ok(reasoned >= 25, `the domain helped on only ${reasoned} nets`);
  });
});

/** 2 numeric features (2–3 thresholds), a 3-category feature, a boolean; missing bits sometimes; bits shuffled. */
function randomPredicates(next: () => number): BitPredicate[] {
  const out: BitPredicate[] = [];
  const thresholds = (feature: string, values: number[]): void => {
    const count = 2 + Math.floor(next() * 2);
    for (const value of values.slice(0, count)) out.push({ feature, op: '>', value });
    if (next() < 0.4) out.push({ feature, op: 'is missing' });
  };
  thresholds('len', [1.5, 2.5, 3.5]);
  thresholds('wid', [0.25, 0.5, 0.75]);
  for (const value of ['red', 'green', 'blue']) out.push({ feature: 'color', op: '=', value });
  if (next() < 0.5) out.push({ feature: 'color', op: 'is missing' });
  out.push({ feature: 'smoker', op: 'is true' });
  if (next() < 0.3) out.push({ feature: 'smoker', op: 'is missing' });
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('simplification passes: each rewrite', () => {
  it('constant-propagation folds constants and thresholds', async () => {
    const cp = (b: (g: IrGraph, x: NodeId[]) => NodeId): Promise<string> => rootAfter('constant-propagation', single(b));
    assert.equal(await cp((g, x) => g.or([x[0], g.const(true)])), 'true');
    assert.equal(await cp((g, x) => g.and([g.or([x[0], g.const(true)]), x[1], x[2]])), 'and(x1,x2)');
    assert.equal(await cp((g, x) => g.or([x[0], g.const(false)])), 'x0');
    assert.equal(await cp((g, x) => g.and([x[0], g.const(false)])), 'false');
    assert.equal(await cp((g) => g.and([])), 'true');
    assert.equal(await cp((g) => g.or([])), 'false');
    assert.equal(await cp((g) => g.xor([])), 'false');
    assert.equal(await cp((g, x) => g.xor([x[0], x[1], g.const(true)])), 'not(xor(x0,x1))');
    assert.equal(await cp((g, x) => g.xor([x[0], g.const(true), g.const(true)])), 'x0');
    assert.equal(await cp((g, x) => g.not(g.and([x[0], g.const(false)]))), 'true');
    assert.equal(await cp((g, x) => g.atLeast(2, [x[0], x[1], g.const(true)])), 'atLeast[1](x0,x1)');
    assert.equal(await cp((g, x) => g.atLeast(2, [x[0], g.const(true), g.const(true)])), 'true');
    assert.equal(await cp((g, x) => g.atLeast(0, [x[0]])), 'true');
    assert.equal(await cp((g, x) => g.atLeast(3, [x[0], x[1], g.const(false)])), 'false');
    assert.equal(await cp((g, x) => g.atLeast(2, [x[0], x[0]])), 'atLeast[2](x0,x0)'); // a repeat counts twice
    assert.equal(await cp((g, x) => g.exactly(1, [x[0], x[1], g.const(true)])), 'exactly[0](x0,x1)');
    assert.equal(await cp((g, x) => g.exactly(1, [x[0], g.const(true), g.const(true)])), 'false');
    assert.equal(await cp((g, x) => g.exactly(3, [x[0], x[1]])), 'false');
    assert.equal(await cp((g) => g.exactly(1, [g.const(true)])), 'true');
    // A sum keeps its integer: constant arguments move into the offset.
    const sum = single((g, x) => g.sum([x[0], g.const(true), g.const(false), x[1], g.const(true)], 1));
    const after = await applyPass('constant-propagation', sum);
    assert.equal(describeNode(after.graph, after.head.kind === 'argmax' ? after.head.logits[0] : -1), 'sum[3](x0,x1)');
  });

  it('constant-propagation turns the masked inputs of an implies layer into true', async () => {
    const next = rng(5);
    const net = randomNet(next, { inputs: 6, kinds: ['implies', 'and'] });
    const program = lower(net);
    assert.ok(program.graph.nodes.some((n) => n.op === 'const'));
    const after = await applyPass('constant-propagation', program);
    const g = after.graph;
    for (const id of liveNodes(after)) {
      const n = g.node(id);
      if (n.op === 'const') assert.ok(headRoots(after.head).includes(id), 'a constant is left inside the logic');
    }
  });

  it('a literal read by several gates stays one shared node (literals are never duplicated)', async () => {
    const g = new IrGraph();
    const x = [0, 1, 2, 3].map((i) => g.input(i));
    const masked = g.or([x[0], g.const(false)]); // read by three gates
    const logits = [g.and([masked, x[1]]), g.and([masked, x[2]]), g.and([masked, x[3]])];
    const p: IrProgram = { graph: g, inputs: rawPredicates(4).map((predicate) => ({ predicate })), classes: ['a', 'b', 'c'], head: { kind: 'argmax', logits } };
    const after = await applyPass('constant-propagation', p);
    assert.ok(programSize(after).literals <= programSize(p).literals);
    const first = after.head.kind === 'argmax' ? after.head.logits[0] : -1;
    assert.equal(describeNode(after.graph, first), 'and(x1,and(x0))');
  });

  it('boolean laws, threshold pairs and predicate reasoning see through such shared buffers', async () => {
    const preds: BitPredicate[] = [
      { feature: 'x', op: '>', value: 3 },
      { feature: 'x', op: '>', value: 5 },
      { feature: 'c', op: '=', value: 'a' },
      { feature: 'c', op: '=', value: 'b' },
    ];
    const g = new IrGraph();
    const x = [0, 1, 2, 3].map((i) => g.input(i));
    const buffer = (i: number): NodeId => g.and([g.or([x[i], g.const(false)])]);
    const logits = [
      g.and([buffer(0), g.not(x[0]), x[2]]), // x>3 ∧ ¬(x>3) ∧ …
      g.and([buffer(1), x[0], x[3]]), // x>5 ∧ x>3 ∧ c=b
      g.or([buffer(0), buffer(1), x[3]]), // x>3 ∨ x>5 ∨ c=b
      g.atLeast(2, [buffer(3), g.not(x[3]), x[1], x[2]]),
      g.and([buffer(0), buffer(1), buffer(2), buffer(3)]),
    ];
    const p: IrProgram = { graph: g, inputs: preds.map((predicate) => ({ predicate })), classes: ['a', 'b', 'c', 'd', 'e'], head: { kind: 'argmax', logits } };
    const after = await runAll(p, context(InputDomain.fromPredicates(preds)));
    const out = after.head.kind === 'argmax' ? after.head.logits.map((id) => describeNode(after.graph, id)) : [];
    assert.deepEqual(out, ['false', 'and(x3,and(x1))', 'or(x3,and(x0))', 'or(x1,x2)', 'false']);
    assert.ok(programSize(after).literals <= programSize(p).literals);
  });

  it('flatten merges unshared chains, keeps shared ones, removes double negations and one-argument gates', async () => {
    const fl = (b: (g: IrGraph, x: NodeId[]) => NodeId): Promise<string> => rootAfter('flatten', single(b));
    assert.equal(await fl((g, x) => g.not(g.not(x[0]))), 'x0');
    assert.equal(await fl((g, x) => g.not(g.not(g.and([x[0], x[1]])))), 'and(x0,x1)');
    assert.equal(await fl((g, x) => g.and([x[0], g.and([x[1], g.and([x[2], x[3]])])])), 'and(x0,x1,x2,x3)');
    assert.equal(await fl((g, x) => g.or([x[0], g.or([x[1], x[2]])])), 'or(x0,x1,x2)');
    assert.equal(await fl((g, x) => g.xor([x[0], g.xor([x[1], x[2]])])), 'xor(x0,x1,x2)');
    assert.equal(await fl((g, x) => g.and([x[0], g.or([x[1], x[2]])])), 'and(x0,or(x1,x2))');
    assert.equal(await fl((g, x) => g.and([x[0]])), 'x0');
    assert.equal(await fl((g, x) => g.or([g.and([x[0], x[1]])])), 'and(x0,x1)');
    assert.equal(await fl((g, x) => g.xor([g.not(x[2])])), '!x2');
    // A shared inner and is not copied into its readers.
    const g = new IrGraph();
    const x = [0, 1, 2, 3].map((i) => g.input(i));
    const shared = g.and([x[0], x[1]]);
    const p: IrProgram = {
      graph: g,
      inputs: rawPredicates(4).map((predicate) => ({ predicate })),
      classes: ['a', 'b'],
      head: { kind: 'argmax', logits: [g.and([shared, x[2]]), g.and([shared, x[3]])] },
    };
    const after = await applyPass('flatten', p);
    assert.equal(describeNode(after.graph, after.head.kind === 'argmax' ? after.head.logits[1] : -1), 'and(x3,and(x0,x1))');
  });

  it('boolean-laws: idempotence, complements, absorption', async () => {
    const bl = (b: (g: IrGraph, x: NodeId[]) => NodeId): Promise<string> => rootAfter('boolean-laws', single(b));
    assert.equal(await bl((g, x) => g.and([x[0], x[0], x[1]])), 'and(x0,x1)');
    assert.equal(await bl((g, x) => g.or([x[1], x[1]])), 'x1');
    assert.equal(await bl((g, x) => g.xor([x[0], x[0], x[1], x[2]])), 'xor(x1,x2)');
    assert.equal(await bl((g, x) => g.and([x[0], g.not(x[0]), x[1]])), 'false');
    assert.equal(await bl((g, x) => g.or([x[0], g.not(x[0]), x[1]])), 'true');
    assert.equal(await bl((g, x) => g.xor([x[0], g.not(x[0]), x[1]])), '!x1');
    assert.equal(await bl((g, x) => g.xor([x[0], g.not(x[0])])), 'true');
    assert.equal(await bl((g, x) => g.and([x[0], g.or([x[0], x[1]])])), 'x0');
    assert.equal(await bl((g, x) => g.or([x[0], g.and([x[0], x[1]]), x[2]])), 'or(x0,x2)');
    assert.equal(await bl((g, x) => g.and([x[0], g.or([x[1], x[2]])])), 'and(x0,or(x1,x2))');
    // A gate that became constant folds its readers in the same pass.
    assert.equal(await bl((g, x) => g.or([x[2], g.and([x[0], g.not(x[0])])])), 'x2');
  });

  it('threshold-normalization: atLeast / exactly to gates, complementary pairs', async () => {
    const tn = (b: (g: IrGraph, x: NodeId[]) => NodeId): Promise<string> => rootAfter('threshold-normalization', single(b));
    assert.equal(await tn((g, x) => g.atLeast(1, [x[0], x[1], x[2]])), 'or(x0,x1,x2)');
    assert.equal(await tn((g, x) => g.atLeast(3, [x[0], x[1], x[2]])), 'and(x0,x1,x2)');
    assert.equal(await tn((g, x) => g.atLeast(2, [x[0], x[1], x[2]])), 'atLeast[2](x0,x1,x2)');
    assert.equal(await tn((g, x) => g.exactly(0, [x[0], x[1]])), 'not(or(x0,x1))');
    assert.equal(await tn((g, x) => g.exactly(2, [x[0], x[1]])), 'and(x0,x1)');
    assert.equal(await tn((g, x) => g.exactly(1, [x[0], x[1], x[2]])), 'exactly[1](x0,x1,x2)');
    assert.equal(await tn((g, x) => g.atLeast(2, [x[0], g.not(x[0]), x[1], x[2]])), 'or(x1,x2)');
    assert.equal(await tn((g, x) => g.atLeast(3, [x[0], g.not(x[0]), x[1], x[2]])), 'and(x1,x2)');
    assert.equal(await tn((g, x) => g.atLeast(1, [x[0], g.not(x[0]), x[1]])), 'true');
    assert.equal(await tn((g, x) => g.exactly(1, [x[0], g.not(x[0]), x[1], x[2]])), 'not(or(x1,x2))');
    assert.equal(await tn((g, x) => g.exactly(0, [x[0], g.not(x[0]), x[1]])), 'false');
    // Repeats count twice: two x0 and one ¬x0 make one pair and a single x0.
    assert.equal(await tn((g, x) => g.atLeast(3, [x[0], x[0], g.not(x[0]), x[1]])), 'and(x0,x1)');
    const sum = single((g, x) => g.sum([x[0], g.not(x[0]), x[1], g.not(x[2]), x[2], x[3]], 2));
    const after = await applyPass('threshold-normalization', sum);
    assert.equal(describeNode(after.graph, after.head.kind === 'argmax' ? after.head.logits[0] : -1), 'sum[4](x1,x3)');
  });

  it('sweep drops dead nodes', async () => {
    const g = new IrGraph();
    const x = [0, 1, 2].map((i) => g.input(i));
    g.and([x[0], x[2]]); // dead
    const live = g.or([x[0], x[1]]);
    const program: IrProgram = {
      graph: g,
      inputs: rawPredicates(3).map((predicate) => ({ predicate })),
      classes: ['a', 'b'],
      head: { kind: 'argmax', logits: [live, g.not(live)] },
    };
    const after = await applyPass('sweep', program);
    assert.equal(after.graph.size, 4); // x0, x1, or, not (x2 is read by dead logic only)
    assert.deepEqual(programSize(after), programSize(program));
  });

  it('predicate-reasoning uses the input domain', async () => {
    const preds: BitPredicate[] = [
      { feature: 'x', op: '>', value: 3 },
      { feature: 'x', op: '>', value: 5 },
      { feature: 'color', op: '=', value: 'red' },
      { feature: 'color', op: '=', value: 'blue' },
      { feature: 'color', op: '=', value: 'green' },
      { feature: 'x', op: 'is missing' },
    ];
    const gt3 = 0;
    const gt5 = 1;
    const red = 2;
    const blue = 3;
    const green = 4;
    const xMissing = 5;
    const pr = (b: (g: IrGraph, x: NodeId[]) => NodeId): Promise<string> => rootAfter('predicate-reasoning', single(b, preds.length, preds));
    assert.equal(await pr((g, x) => g.and([x[gt5], g.not(x[gt3])])), 'false');
    assert.equal(await pr((g, x) => g.and([x[gt5], x[gt3]])), 'x1');
    assert.equal(await pr((g, x) => g.and([x[gt5], x[gt3], x[red]])), 'and(x1,x2)');
    assert.equal(await pr((g, x) => g.and([g.not(x[gt5]), g.not(x[gt3])])), '!x0');
    assert.equal(await pr((g, x) => g.and([x[gt3], g.not(x[gt5])])), 'and(x0,!x1)');
    assert.equal(await pr((g, x) => g.and([x[red], x[blue]])), 'false');
    assert.equal(await pr((g, x) => g.and([x[red], g.not(x[blue]), g.not(x[green])])), 'x2');
    assert.equal(await pr((g, x) => g.and([g.not(x[red]), g.not(x[blue]), g.not(x[green])])), 'false');
    assert.equal(await pr((g, x) => g.and([x[gt3], x[xMissing]])), 'false');
    assert.equal(await pr((g, x) => g.and([x[xMissing], g.not(x[gt5])])), 'x5');
    assert.equal(await pr((g, x) => g.or([x[gt3], g.not(x[gt5])])), 'true');
    assert.equal(await pr((g, x) => g.or([x[gt3], x[gt5]])), 'x0');
    assert.equal(await pr((g, x) => g.or([g.not(x[gt3]), g.not(x[gt5])])), '!x1');
    assert.equal(await pr((g, x) => g.or([g.not(x[red]), g.not(x[blue])])), 'true');
    assert.equal(await pr((g, x) => g.or([x[red], g.not(x[blue])])), '!x3');
    assert.equal(await pr((g, x) => g.or([x[red], x[blue], x[green]])), 'true');
    assert.equal(await pr((g, x) => g.or([x[red], x[blue]])), 'or(x2,x3)');
    // The same programs over raw bits keep what the domain alone justified.
    const rawDomain = InputDomain.unconstrained(preds.length);
    assert.equal(await rootAfter('predicate-reasoning', single((g, x) => g.and([x[gt5], g.not(x[gt3])]), preds.length, preds), rawDomain), 'and(!x0,x1)');
    assert.equal(await rootAfter('predicate-reasoning', single((g, x) => g.and([x[0], g.not(x[0])]), preds.length, preds), rawDomain), 'false');
  });
});

describe('simplification passes: a paper-size net', () => {
  it('simplifies the mnist-paper net (105,840 weights) and agrees with it on 2,000 random inputs', async () => {
    const next = rng(11);
    const arch = PRESETS['mnist-paper'];
    // Random weights, but the ∂⇒ layer passes 90% of its inputs so the thresholds survive.
    const weights = randomWeights(arch, next).map((w, i) => (w && i === 0 ? { ...w, bits: w.bits.map(() => (next() < 0.9 ? 1 : 0)) } : w));
    const program = lower({ arch, weights, predicates: rawPredicates(784), classes: Array.from({ length: 10 }, (_, c) => String(c)) });
    const after = await runAll(program, context(InputDomain.fromInputs(program.inputs)));
    const before = programSize(program);
    const size = programSize(after);
    assert.ok(size.nodes < before.nodes && size.literals <= before.literals);
    const rows = 2000;
    const bits = Uint8Array.from({ length: rows * 784 }, () => (next() < 0.3 ? 1 : 0));
    assertSameClasses(program, after, { rows: bits, count: rows }, 784, 'mnist-paper');
  });
});
