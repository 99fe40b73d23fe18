import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputDomain } from '../../compiler/domain';
import { IrGraph, type NodeId, type NodeOp } from '../../compiler/ir/graph';
import { liveNodes, rebuild, type DecisionRule, type IrProgram } from '../../compiler/ir/program';
import { classify, sliceRows } from '../../compiler/ir/simulate';
import { lower } from '../../compiler/lower';
import { closeSatWorkers, proveEquivalentSat, type SatVerdict } from '../../compiler/verify/sat';
import { deserializeProgram, serializeProgram } from '../../compiler/verify/serialize';
import type { BitPredicate } from '../../src/data/predicate';
import type { ArchSpec } from '../../src/nets/arch';
import type { HardLayerWeights } from '../../src/nets/hard_net';
import { rng } from '../helpers/random';
import { randomNet, randomWeights, rawPredicates } from '../helpers/random_nets';

type Rng = () => number;

const int = (lo: number, hi: number, next: Rng): number => lo + Math.floor(next() * (hi - lo + 1));
const pick = <T>(items: readonly T[], next: Rng): T => items[Math.floor(next() * items.length)];

/** Every possible input of the domain, row-major. */
function possibleRows(domain: InputDomain): { rows: Uint8Array; count: number } {
  const e = domain.enumerate(
    Array.from({ length: domain.inputs }, (_, i) => i),
    1 << 20,
  );
  assert.ok(e, 'domain too large to enumerate');
  return e;
}

/** Exhaustive simulation: the first possible row where the two programs' classes differ, or null. */
function exhaustiveDifference(a: IrProgram, b: IrProgram, domain: InputDomain): Uint8Array | null {
  const { rows, count } = possibleRows(domain);
  const n = domain.inputs;
  const sliced = sliceRows(rows, count, n);
  const ca = classify(a, sliced, count);
  const cb = classify(b, sliced, count);
  for (let r = 0; r < count; r++) if (ca[r] !== cb[r]) return rows.slice(r * n, (r + 1) * n);
  return null;
}

function classOf(program: IrProgram, row: Uint8Array): number {
  return classify(program, sliceRows(row, 1, row.length), 1)[0];
}

/** Asserts the SAT verdict is decided and agrees with exhaustive simulation; returns whether they differ. */
function checkAgainstSimulation(verdict: SatVerdict, a: IrProgram, b: IrProgram, domain: InputDomain, what: string): boolean {
  const witness = exhaustiveDifference(a, b, domain);
  if (witness === null) {
    assert.equal(verdict.status, 'equivalent', `${what}: simulation finds no difference, SAT says ${JSON.stringify(verdict)}`);
    return false;
  }
  assert.equal(verdict.status, 'different', `${what}: simulation differs on ${witness.join('')}, SAT says ${JSON.stringify(verdict)}`);
  if (verdict.status !== 'different') return true;
  const row = verdict.counterexample;
  assert.equal(row.length, domain.inputs);
  assert.ok(domain.isPossible(row), `${what}: counterexample ${row.join('')} is impossible`);
  assert.equal(classOf(a, row), verdict.classA, what);
  assert.equal(classOf(b, row), verdict.classB, what);
  assert.notEqual(verdict.classA, verdict.classB, what);
  return true;
}

// ---- rewrites that keep the function ----

/** and(xs) → ¬or(¬xs), everything else copied. */
function deMorgan(program: IrProgram): IrProgram {
  return rebuild(program, (node, args, g) => (node.op === 'and' ? g.not(g.or(args.map((a) => g.not(a)))) : g.add(node.op, args, node.k)));
}

/** A heavier rewrite: De Morgan on AND, ORs as balanced binary trees, thresholds on complemented arguments. */
function restructure(program: IrProgram): IrProgram {
  const tree = (g: IrGraph, xs: readonly NodeId[]): NodeId =>
    xs.length <= 2 ? g.or(xs) : g.or([tree(g, xs.slice(0, xs.length >> 1)), tree(g, xs.slice(xs.length >> 1))]);
  return rebuild(program, (node, args, g) => {
    const negated = args.map((a) => g.not(a));
    switch (node.op) {
      case 'and':
        return g.not(g.or(negated));
      case 'or':
        return tree(g, args);
      case 'atLeast': // at least k of n true  ⇔  not (at least n−k+1 false)
        return g.not(g.atLeast(args.length - node.k + 1, negated));
      case 'exactly':
        return g.exactly(args.length - node.k, negated);
      default:
        return g.add(node.op, args, node.k);
    }
  });
}

/** The decision-list form of an argmax over boolean logits: the first true logit wins, else class 0. */
function asDecisionList(program: IrProgram): IrProgram | null {
  const head = program.head;
  if (head.kind !== 'argmax' || head.logits.some((id) => program.graph.node(id).op === 'sum')) return null;
  return { ...program, head: { kind: 'decisionList', rules: head.logits.map((when, classIndex) => ({ classIndex, when })), otherwise: 0 } };
}

// ---- mutations that may change the function ----

function mutate(program: IrProgram, next: Rng): { program: IrProgram; what: string } | null {
  const head = program.head;
  if (head.kind === 'decisionList' && head.rules.length >= 2 && next() < 0.4) {
    const i = int(0, head.rules.length - 2, next);
    const rules: DecisionRule[] = [...head.rules];
    [rules[i], rules[i + 1]] = [rules[i + 1], rules[i]];
    return { program: { ...program, head: { ...head, rules } }, what: `swap rules ${i}, ${i + 1}` };
  }
  const g = program.graph;
  const candidates = liveNodes(program).filter((id) => ['and', 'or', 'atLeast', 'exactly'].includes(g.node(id).op));
  if (candidates.length === 0) return null;
  const target = pick(candidates, next);
  const delta = next() < 0.5 ? -1 : 1;
  const n = g.node(target);
  const what = n.op === 'and' || n.op === 'or' ? `flip ${n.op} node ${target}` : `${n.op} node ${target}: k ${n.k} → ${n.k + delta}`;
  const mutated = rebuild(program, (node, args, graph) => {
    if (node.oldId !== target) return graph.add(node.op, args, node.k);
    if (node.op === 'and') return graph.or(args);
    if (node.op === 'or') return graph.and(args);
    return graph.add(node.op, args, node.k + delta);
  });
  return { program: mutated, what };
}

/** A random program straight in IR: every node kind, repeated arguments, constants, all three head shapes. */
function randomProgram(next: Rng, predicates: readonly BitPredicate[], classes: number): IrProgram {
  const g = new IrGraph();
  const n = predicates.length;
  const pool: NodeId[] = [g.const(false), g.const(true)];
  for (let i = 0; i < n; i++) pool.push(g.input(i));
  const ops: NodeOp[] = ['not', 'and', 'or', 'xor', 'atLeast', 'exactly'];
  const steps = int(4, 24, next);
  // Prefer recent nodes so programs get some depth.
  const arg = (): NodeId => (next() < 0.5 ? pool[pool.length - 1 - Math.floor(next() * Math.min(6, pool.length))] : pick(pool, next));
  for (let s = 0; s < steps; s++) {
    const op = pick(ops, next);
    const arity = op === 'not' ? 1 : int(0, 5, next);
    const args = Array.from({ length: arity }, arg);
    pool.push(g.add(op, args, op === 'atLeast' || op === 'exactly' ? int(-1, arity + 1, next) : 0));
  }
  const shape = pick(['bits', 'sum', 'list'] as const, next);
  const head =
    shape === 'bits'
      ? { kind: 'argmax' as const, logits: Array.from({ length: classes }, arg) }
      : shape === 'sum'
        ? { kind: 'argmax' as const, logits: Array.from({ length: classes }, () => g.sum(Array.from({ length: int(0, 4, next) }, arg), int(-2, 2, next))) }
        : {
            kind: 'decisionList' as const,
            rules: Array.from({ length: int(0, 5, next) }, () => ({ classIndex: int(0, classes - 1, next), when: arg() })),
            otherwise: int(0, classes - 1, next),
          };
  return { graph: g, inputs: predicates.map((predicate) => ({ predicate })), classes: Array.from({ length: classes }, (_, c) => `c${c}`), head };
}

/** A parity of `n` inputs built two ways: a native xor, and a chain of and/or in another order. */
function parityPair(n: number, next: Rng): [IrProgram, IrProgram] {
  const make = (build: (g: IrGraph) => NodeId): IrProgram => {
    const g = new IrGraph();
    const y = build(g);
    return { graph: g, inputs: rawPredicates(n).map((predicate) => ({ predicate })), classes: ['even', 'odd'], head: { kind: 'argmax', logits: [g.not(y), y] } };
  };
  const order = Array.from({ length: n }, (_, i) => i).sort(() => next() - 0.5);
  const a = make((g) => g.xor(Array.from({ length: n }, (_, i) => g.input(i))));
  const b = make((g) => {
    let acc = g.input(order[0]);
    for (const i of order.slice(1)) {
      const x = g.input(i);
      acc = g.or([g.and([acc, g.not(x)]), g.and([g.not(acc), x])]);
    }
    return acc;
  });
  return [a, b];
}

/** Random weights at density p (lowered ANDs over [x, ¬x] stay satisfiable, ORs stay narrow). */
function sparseWeights(arch: ArchSpec, next: Rng, p: number): (HardLayerWeights | null)[] {
  return randomWeights(arch, next).map((w) => (w ? { ...w, bits: Uint8Array.from(w.bits, () => (next() < p ? 1 : 0)) } : null));
}

after(() => closeSatWorkers());

describe('SAT equivalence (miter over logic-solver)', () => {
  it('serializes programs losslessly', () => {
    const next = rng(5);
    for (let t = 0; t < 20; t++) {
      const p = lower(randomNet(next, { inputs: 6 }));
      const q = deserializeProgram(JSON.parse(JSON.stringify(serializeProgram(p))));
      assert.equal(exhaustiveDifference(p, q, InputDomain.unconstrained(6)), null);
      assert.equal(liveNodes(q).length, liveNodes(p).length);
    }
  });

  it('proves 40 random nets equal to themselves, their De Morgan rewrite and a restructured copy (checked by exhaustive simulation)', async () => {
    const next = rng(101);
    const seen = new Set<string>();
    for (let t = 0; t < 40; t++) {
      const net = randomNet(next, { inputs: int(2, 10, next) });
      seen.add(net.arch.head.kind);
      const p = lower(net);
      const domain = InputDomain.unconstrained(net.arch.inputs);
      const list = asDecisionList(p);
      const others: [string, IrProgram][] = [
        ['itself', lower(net)],
        ['De Morgan', deMorgan(p)],
        ['restructured', restructure(p)],
      ];
      if (list) others.push(['as a decision list', restructure(list)]);
      for (const [name, q] of others) {
        const verdict = await proveEquivalentSat(p, q, domain);
        assert.equal(verdict.status, 'equivalent', `net ${t} vs ${name}: ${JSON.stringify(verdict)} (${JSON.stringify(net.arch)})`);
        checkAgainstSimulation(verdict, p, q, domain, `net ${t} vs ${name}`);
      }
    }
    for (const head of ['bits', 'groupMax', 'groupSum', 'bitAndNegation']) assert.ok(seen.has(head), `no net with head ${head}`);
  });

  it('agrees with exhaustive simulation on 80 mutated nets, with real counterexamples', async () => {
    const next = rng(202);
    let differ = 0;
    let same = 0;
    for (let t = 0; differ + same < 80; t++) {
      const net = randomNet(next, { inputs: int(2, 10, next) });
      const lowered = lower(net);
      const base = (next() < 0.3 && asDecisionList(lowered)) || lowered;
      const m = mutate(base, next);
      if (!m) continue;
      const domain = InputDomain.unconstrained(net.arch.inputs);
      const verdict = await proveEquivalentSat(base, m.program, domain);
      if (checkAgainstSimulation(verdict, base, m.program, domain, `net ${t}, ${m.what}`)) differ++;
      else same++;
    }
    assert.ok(differ >= 20 && same >= 5, `want both outcomes: ${differ} different, ${same} equivalent`);
  });

  it('agrees with exhaustive simulation on 120 random IR programs (xor, repeats, constants, sum offsets, decision lists)', async () => {
    const next = rng(303);
    let differ = 0;
    let same = 0;
    for (let t = 0; t < 120; t++) {
      const n = int(1, 8, next);
      const classes = int(1, 4, next);
      const predicates = rawPredicates(n);
      const p = randomProgram(next, predicates, classes);
      const kind = t % 3;
      const m = kind === 0 ? mutate(p, next) : null;
      const q = kind === 0 && m ? m.program : kind === 1 ? restructure(p) : randomProgram(next, predicates, classes);
      const domain = InputDomain.unconstrained(n);
      const verdict = await proveEquivalentSat(p, q, domain);
      if (checkAgainstSimulation(verdict, p, q, domain, `program ${t} (${['mutated', 'restructured', 'independent'][kind]})`)) differ++;
      else same++;
    }
    assert.ok(differ >= 20 && same >= 20, `${differ} different, ${same} equivalent`);
  });

  it('only compares possible inputs: thermometer, one-hot and missing bits', async () => {
    // x > 3, x > 5: "x > 5 and not x > 3" is impossible.
    const thresholds: BitPredicate[] = [
      { feature: 'x', op: '>', value: 3 },
      { feature: 'x', op: '>', value: 5 },
    ];
    const thermo = InputDomain.fromPredicates(thresholds);
    const g = new IrGraph();
    const odd = g.and([g.input(1), g.not(g.input(0))]);
    const inputs = thresholds.map((predicate) => ({ predicate }));
    const a: IrProgram = { graph: g, inputs, classes: ['no', 'yes'], head: { kind: 'decisionList', rules: [{ classIndex: 1, when: odd }], otherwise: 0 } };
    const b: IrProgram = { graph: g, inputs, classes: ['no', 'yes'], head: { kind: 'decisionList', rules: [], otherwise: 0 } };
    assert.equal((await proveEquivalentSat(a, b, thermo)).status, 'equivalent');
    const free = await proveEquivalentSat(a, b, InputDomain.unconstrained(2));
    assert.equal(free.status, 'different');
    if (free.status === 'different') assert.deepEqual([...free.counterexample, free.classA, free.classB], [0, 1, 1, 0]);

    // Every impossible cube of a mixed domain is excluded, and possible inputs are all reachable.
    const predicates: BitPredicate[] = [
      { feature: 'x', op: '>', value: 1 },
      { feature: 'x', op: '>', value: 2 },
      { feature: 'x', op: '>', value: 3 },
      { feature: 'x', op: 'is missing' },
      { feature: 'c', op: '=', value: 'red' },
      { feature: 'c', op: '=', value: 'green' },
      { feature: 'c', op: '=', value: 'blue' },
      { feature: 'c', op: 'is missing' },
      { feature: 'f', op: 'is true' },
      { feature: 'f', op: 'is missing' },
    ];
    const domain = InputDomain.fromPredicates(predicates);
    const all = Array.from({ length: predicates.length }, (_, i) => i);
    const cubes = domain.impossibleCubes(all);
    assert.ok(cubes.length > 5);
    for (const cube of cubes) {
      const h = new IrGraph();
      const lits = [...cube].flatMap((ch, i) => (ch === '1' ? [h.input(i)] : ch === '0' ? [h.not(h.input(i))] : []));
      const yes: IrProgram = { graph: h, inputs: predicates.map((predicate) => ({ predicate })), classes: ['no', 'yes'], head: { kind: 'argmax', logits: [h.not(h.and(lits)), h.and(lits)] } };
      const no: IrProgram = { ...yes, head: { kind: 'argmax', logits: [h.const(true), h.const(false)] } };
      assert.equal((await proveEquivalentSat(yes, no, domain)).status, 'equivalent', `cube ${cube}`);
      assert.equal((await proveEquivalentSat(yes, no, InputDomain.unconstrained(predicates.length))).status, 'different', `cube ${cube}`);
    }
    const next = rng(404);
    let differ = 0;
    for (let t = 0; t < 40; t++) {
      const p = randomProgram(next, predicates, 3);
      const q = next() < 0.5 ? (mutate(p, next)?.program ?? randomProgram(next, predicates, 3)) : randomProgram(next, predicates, 3);
      if (checkAgainstSimulation(await proveEquivalentSat(p, q, domain), p, q, domain, `domain program ${t}`)) differ++;
    }
    assert.ok(differ >= 10);
  });

  it('argmax over sum logits: ties go to the lowest class', async () => {
    const g = new IrGraph();
    const [x0, x1, x2] = [0, 1, 2].map((i) => g.input(i));
    const inputs = rawPredicates(3).map((predicate) => ({ predicate }));
    const sums: IrProgram = { graph: g, inputs, classes: ['a', 'b'], head: { kind: 'argmax', logits: [g.sum([x0]), g.sum([x1, x2], -1)] } };
    // b wins iff x1 + x2 − 1 > x0, i.e. x1 ∧ x2 ∧ ¬x0.
    const right: IrProgram = { ...sums, head: { kind: 'decisionList', rules: [{ classIndex: 1, when: g.and([x1, x2, g.not(x0)]) }], otherwise: 0 } };
    const tieWrong: IrProgram = { ...sums, head: { kind: 'decisionList', rules: [{ classIndex: 1, when: g.and([x1, x2]) }], otherwise: 0 } };
    const domain = InputDomain.unconstrained(3);
    assert.equal((await proveEquivalentSat(sums, right, domain)).status, 'equivalent');
    const wrong = await proveEquivalentSat(sums, tieWrong, domain);
    assert.equal(wrong.status, 'different');
    if (wrong.status === 'different') assert.deepEqual([...wrong.counterexample], [1, 1, 1]);

    // groupSum nets (popcount logits, many ties), against mutations and restructuring.
    const next = rng(505);
    let nets = 0;
    for (let t = 0; nets < 15 && t < 400; t++) {
      const net = randomNet(next, { inputs: int(3, 10, next), classes: int(2, 4, next) });
      if (net.arch.head.kind !== 'groupSum') continue;
      nets++;
      const p = lower(net);
      const d = InputDomain.unconstrained(net.arch.inputs);
      const q = restructure(p);
      checkAgainstSimulation(await proveEquivalentSat(p, q, d), p, q, d, `groupSum net ${t} restructured`);
      const m = mutate(p, next);
      if (m) checkAgainstSimulation(await proveEquivalentSat(p, m.program, d), p, m.program, d, `groupSum net ${t}, ${m.what}`);
    }
    assert.equal(nets, 15);
  });

  it('gives up cleanly: timeout, too large', async () => {
    const [a, b] = parityPair(64, rng(9));
    const domain = InputDomain.unconstrained(64);
    const quick = await proveEquivalentSat(a, b, domain, { timeoutMs: 1 });
    assert.equal(quick.status, 'unknown');
    if (quick.status === 'unknown') assert.equal(quick.reason, 'timeout');
    // A parity chain in another order is hard for resolution: MiniSat is really interrupted.
    const hard = await proveEquivalentSat(a, b, domain, { timeoutMs: 1500 });
    assert.equal(hard.status, 'unknown');
    if (hard.status === 'unknown') assert.equal(hard.reason, 'timeout');
    assert.ok(hard.ms < 20_000, `took ${hard.ms} ms to give up`);
    const big = await proveEquivalentSat(a, b, domain, { maxNodes: 100 });
    assert.equal(big.status, 'unknown');
    if (big.status === 'unknown') assert.equal(big.reason, 'too-large');
    // Still works after a timeout (a fresh worker).
    const [c, d] = parityPair(8, rng(10));
    assert.equal((await proveEquivalentSat(c, d, InputDomain.unconstrained(8))).status, 'equivalent');
  });

  it('a process that timed out a proof exits on its own (no lingering worker), from another directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbnc-sat-'));
    try {
      const script = join(dir, 'timeout.mts');
      const sat = new URL('../../compiler/verify/sat.ts', import.meta.url).href;
      const graph = new URL('../../compiler/ir/graph.ts', import.meta.url).href;
      const domainUrl = new URL('../../compiler/domain.ts', import.meta.url).href;
      writeFileSync(
        script,
        `import { proveEquivalentSat } from ${JSON.stringify(sat)};
import { IrGraph } from ${JSON.stringify(graph)};
import { InputDomain } from ${JSON.stringify(domainUrl)};
const g = new IrGraph();
const xs = Array.from({ length: 48 }, (_, i) => g.input(i));
let seed = 12345;
const order = xs.map((x) => [(seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), x]).sort((p, q) => p[0] - q[0]).map((p) => p[1]);
let acc = order[0];
for (const x of order.slice(1)) acc = g.or([g.and([acc, g.not(x)]), g.and([g.not(acc), x])]);
const inputs = xs.map(() => ({ predicate: { feature: 'x', op: 'is true' } }));
const a = { graph: g, inputs, classes: ['0', '1'], head: { kind: 'argmax', logits: [g.not(acc), acc] } };
const b = { graph: g, inputs, classes: ['0', '1'], head: { kind: 'argmax', logits: [g.not(g.xor(xs)), g.xor(xs)] } };
const v = await proveEquivalentSat(a, b, InputDomain.unconstrained(48), { timeoutMs: 300 });
console.log(v.status, v.status === 'unknown' ? v.reason : '');
`,
      );
      const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.error, undefined, String(run.error));
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), 'unknown timeout');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('proves medium 40-input nets equal to their rewrites, beyond exhaustive simulation', async () => {
    const next = rng(606);
    const INIT = { kind: 'constant', value: 0.5 } as const;
    const archs: ArchSpec[] = [
      { inputs: 40, classes: 3, layers: [{ kind: 'negConcat' }, { kind: 'and', width: 128, init: INIT }, { kind: 'or', width: 48, init: INIT }], head: { kind: 'groupSum', harden: true } },
      {
        inputs: 40,
        classes: 4,
        layers: [{ kind: 'negConcat' }, { kind: 'and', width: 96, init: INIT }, { kind: 'majority', groupSize: 4 }, { kind: 'or', width: 32, init: INIT }],
        head: { kind: 'groupSum', harden: true },
      },
      { inputs: 40, classes: 2, layers: [{ kind: 'not', width: 2, init: INIT }, { kind: 'and', width: 64, init: INIT }, { kind: 'countHot', groupSize: 4 }, { kind: 'or', width: 2, init: INIT }], head: { kind: 'bits', harden: true } },
    ];
    for (const arch of archs) {
      const p = lower({ arch, weights: sparseWeights(arch, next, 0.06), predicates: rawPredicates(40), classes: Array.from({ length: arch.classes }, (_, c) => `c${c}`) });
      const domain = InputDomain.unconstrained(40);
      for (const [name, q] of [
        ['De Morgan', deMorgan(p)],
        ['restructured', restructure(p)],
      ] as const) {
        const verdict = await proveEquivalentSat(p, q, domain);
        assert.equal(verdict.status, 'equivalent', `${name}: ${JSON.stringify(verdict)}`);
        console.log(`  40 inputs, ${liveNodes(p).length} + ${liveNodes(q).length} live nodes, ${name}: proved in ${verdict.ms.toFixed(0)} ms`);
      }
      // A mutation that changes the function is caught with a real counterexample.
      let caught = false;
      for (let tries = 0; tries < 10 && !caught; tries++) {
        const m = mutate(p, next);
        if (!m) break;
        const verdict = await proveEquivalentSat(p, restructure(m.program), domain);
        assert.notEqual(verdict.status, 'unknown', JSON.stringify(verdict));
        if (verdict.status === 'different') {
          assert.equal(classOf(p, verdict.counterexample), verdict.classA);
          assert.equal(classOf(m.program, verdict.counterexample), verdict.classB);
          caught = true;
        }
      }
      assert.ok(caught, 'no mutation changed the function');
    }
  });

  it('finds a difference on one input in 2^40, and one possible input in 10^6 under a domain', async () => {
    // Random simulation cannot find these: the counterexample has to come from the solver.
    const next = rng(707);
    const pattern = Array.from({ length: 40 }, () => (next() < 0.5 ? 1 : 0));
    const g = new IrGraph();
    const hit = g.and(pattern.map((v, i) => (v ? g.input(i) : g.not(g.input(i)))));
    const inputs = rawPredicates(40).map((predicate) => ({ predicate }));
    const a: IrProgram = { graph: g, inputs, classes: ['no', 'yes'], head: { kind: 'decisionList', rules: [{ classIndex: 1, when: hit }], otherwise: 0 } };
    const b: IrProgram = { ...a, head: { kind: 'decisionList', rules: [], otherwise: 0 } };
    const verdict = await proveEquivalentSat(a, b, InputDomain.unconstrained(40));
    assert.equal(verdict.status, 'different', JSON.stringify(verdict));
    if (verdict.status === 'different') {
      assert.deepEqual([...verdict.counterexample], pattern);
      assert.deepEqual([verdict.classA, verdict.classB], [1, 0]);
    }

    // Six numeric features with 9 thresholds each (54 bits): one level combination out of 10^6.
    const predicates: BitPredicate[] = [];
    for (let f = 0; f < 6; f++) for (let t = 1; t <= 9; t++) predicates.push({ feature: `f${f}`, op: '>', value: t });
    const domain = InputDomain.fromPredicates(predicates);
    const levels = [3, 7, 0, 9, 5, 1];
    const h = new IrGraph();
    const bit = (f: number, t: number): NodeId => h.input(f * 9 + t - 1);
    // Feature f is at `level` (passes exactly `level` thresholds): f > level and not f > level + 1.
    // `impossible` (f0 > 5 but not f0 > 2) never happens under the domain.
    const exact = levels.map((level, f) =>
      h.and([...(level > 0 ? [bit(f, level)] : []), ...(level < 9 ? [h.not(bit(f, level + 1))] : [])]),
    );
    const rare = h.and(exact);
    const impossible = h.and([bit(0, 5), h.not(bit(0, 2))]);
    const ins = predicates.map((predicate) => ({ predicate }));
    const c: IrProgram = { graph: h, inputs: ins, classes: ['no', 'yes'], head: { kind: 'argmax', logits: [h.not(h.or([rare, impossible])), h.or([rare, impossible])] } };
    const d: IrProgram = { ...c, head: { kind: 'argmax', logits: [h.not(impossible), impossible] } };
    const e: IrProgram = { ...c, head: { kind: 'argmax', logits: [h.const(true), h.const(false)] } };
    const found = await proveEquivalentSat(c, d, domain);
    assert.equal(found.status, 'different', JSON.stringify(found));
    if (found.status === 'different') {
      assert.ok(domain.isPossible(found.counterexample));
      const levelOf = (f: number): number => found.counterexample.slice(f * 9, f * 9 + 9).reduce((x, y) => x + y, 0);
      assert.deepEqual(levels.map((_, f) => levelOf(f)), levels);
    }
    assert.equal((await proveEquivalentSat(d, e, domain)).status, 'equivalent');
    assert.equal((await proveEquivalentSat(d, e, InputDomain.unconstrained(54))).status, 'different');
  });
});
