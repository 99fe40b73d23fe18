/**
 * The SAT miter behind `proveEquivalentSat`: both programs' predicted class is encoded in CNF over
 * the SAME input variables, the input domain's constraints are added, and MiniSat (logic-solver)
 * is asked for an input on which the two predicted classes differ. No such input (UNSAT) means
 * the programs agree on every possible input.
 *
 * Encoding (Tseitin, one SAT variable per distinct gate):
 *   - A small AIG-like gate table with hash-consing ACROSS both programs: and (or = ¬and¬),
 *     2-input xor, counters. Literals are 2·gate + negated; gate 0 is the constant TRUE.
 *     Constants are propagated, arguments sorted and deduplicated, x ∧ ¬x = FALSE, ¬ is free
 *     (a literal flip). Shared IR nodes and structurally equal parts of the two programs become
 *     one variable, so a pass that rewrites only part of a program leaves a small miter.
 *   - and:   v ↔ ∧aᵢ  as (¬v ∨ aᵢ) for each i, and (v ∨ ¬a₁ ∨ … ∨ ¬aₙ).
 *   - xor:   parity of the arguments (negations and constants folded into the output, pairs
 *            cancel), as a balanced tree of 2-input xor gates (4 clauses each).
 *   - atLeast(k) / exactly(k): a totalizer (unary counter: r_j ↔ "at least j arguments true",
 *            both directions, so unit propagation is complete) for ≤ UNARY_MAX arguments, shared
 *            by every threshold over the same argument multiset; above that, a binary adder tree
 *            (Logic.sum) compared with the constant k (Logic.greaterThanOrEqual / equalBits).
 *            Repeated arguments are counted twice, x together with ¬x counts exactly one.
 *   - argmax head: class c wins iff its logit is > every lower-index logit and ≥ every
 *            higher-index one. All-boolean logits use the direct form (c wins iff l_c and no
 *            earlier l_d, class 0 also when no logit holds); otherwise every logit is an
 *            unsigned integer (Logic.sum of its arguments plus its constant, all constants
 *            shifted by the smallest so none is negative) and each pair is compared once.
 *   - decisionList head: rule i fires iff its condition holds and no earlier one does (a prefix
 *            chain of "no rule yet"), a class wins iff one of its rules fires, `otherwise` also
 *            when no rule does.
 *   - domain: per feature group — thermometer (bit j+1 ⇒ bit j), one-hot categorical (exactly one
 *            of the values and the missing bit), missing ⇒ value bits 0.
 *   - miter: ∨_c (winsA_c ∧ ¬winsB_c), required true.
 *
 * SAT sweeping: A is encoded first; then, while B is encoded node by node, any B node whose
 * values on a few hundred random possible inputs equal (or are the complement of) an A node's is
 * proved equal to it with an incremental SAT call under the domain constraints (solveAssuming
 * that they differ → UNSAT), and B continues from A's literal. B's remaining structure then
 * hash-conses onto A's, so equal parts of the two programs collapse to the same variables even
 * when they were built differently (an OR tree against an n-ary OR, a threshold on complemented
 * inputs) — and integer logits over merged bits share one adder and comparator. A failed
 * candidate (the solver finds an input that tells them apart) is just skipped; sweeping stops
 * trying after MAX_SWEEP_FAILURES of those.
 *
 * This module is synchronous (MiniSat cannot be interrupted); `sat.ts` runs it in a worker.
 */
import Logic, { type Bits, type FormulaOrTerm, type Solver } from 'logic-solver';
import { seededRng } from '../../src/util/rng';
import type { InputDomain } from '../domain';
import type { NodeId } from '../ir/graph';
import { liveNodes, type IrProgram } from '../ir/program';
import { evaluateNodes, sliceRows } from '../ir/simulate';

export type MiterVerdict = { status: 'equivalent' } | { status: 'different'; counterexample: Uint8Array };

export interface MiterStats {
  /** SAT variables and clauses of the miter (clauses added through Logic.* formulas not included). */
  readonly variables: number;
  readonly clauses: number;
  readonly encodeMs: number;
  readonly solveMs: number;
  /** B nodes merged into A nodes by SAT sweeping, and candidates that turned out different. */
  readonly merged: number;
  readonly sweepFailures: number;
}

/** Thresholds over at most this many arguments use a totalizer; larger ones an adder tree. */
const UNARY_MAX = 64;
/** Random possible inputs simulated to find sweeping candidates (a multiple of 32). */
const SWEEP_ROWS = 256;
/** Sweeping stops proposing candidates after this many turn out different. */
const MAX_SWEEP_FAILURES = 64;

type Lit = number;
const TRUE: Lit = 0;
const FALSE: Lit = 1;
const neg = (l: Lit): Lit => l ^ 1;

/** An integer logit: the count of true `lits` plus `offset`. */
interface IntValue {
  readonly lits: readonly Lit[];
  readonly offset: number;
}

class Cnf {
  readonly solver: Solver = new Logic.Solver();
  clauses = 0;
  /** Solver variable of each gate; gate 0 is TRUE. */
  private readonly vars: number[] = [Logic.NUM_TRUE];
  private readonly gates = new Map<string, Lit>();
  private readonly counters = new Map<string, Lit[]>();
  private readonly sums = new Map<string, Bits>();

  get variables(): number {
    return this.vars.length;
  }

  fresh(name?: string): Lit {
    const g = this.vars.length;
    this.vars.push(this.solver.getVarNum(name ?? `g${g}`));
    return 2 * g;
  }

  term(l: Lit): number {
    const v = this.vars[l >> 1];
    return l & 1 ? -v : v;
  }

  /** Adds a clause; TRUE literals drop the clause, FALSE literals drop out. */
  add(lits: readonly Lit[]): void {
    const terms: number[] = [];
    for (const l of lits) {
      if (l === TRUE) return;
      if (l !== FALSE) terms.push(this.term(l));
    }
    this.clauses++;
    if (terms.length === 0) this.solver.require(Logic.FALSE);
    else if (terms.length === 1) this.solver.require(terms[0]);
    else this.solver.require(Logic.or(terms));
  }

  and(args: readonly Lit[]): Lit {
    const set = new Set<Lit>();
    for (const a of args) {
      if (a === FALSE) return FALSE;
      if (a !== TRUE) set.add(a);
    }
    for (const a of set) if (set.has(neg(a))) return FALSE;
    if (set.size === 0) return TRUE;
    const sorted = [...set].sort((x, y) => x - y);
    if (sorted.length === 1) return sorted[0];
    const key = `a${sorted.join(',')}`;
    const found = this.gates.get(key);
    if (found !== undefined) return found;
    const v = this.fresh();
    for (const a of sorted) this.add([neg(v), a]);
    this.add([v, ...sorted.map(neg)]);
    this.gates.set(key, v);
    return v;
  }

  or(args: readonly Lit[]): Lit {
    return neg(this.and(args.map(neg)));
  }

  xor(args: readonly Lit[]): Lit {
    let parity = 0;
    const odd = new Set<Lit>();
    for (const a of args) {
      if (a === TRUE) parity ^= 1;
      else if (a !== FALSE) {
        parity ^= a & 1;
        const base = a & ~1;
        if (odd.has(base)) odd.delete(base);
        else odd.add(base);
      }
    }
    if (odd.size === 0) return FALSE ^ parity;
    return this.xorTree([...odd].sort((x, y) => x - y)) ^ parity;
  }

  private xorTree(bases: readonly Lit[]): Lit {
    if (bases.length === 1) return bases[0];
    const half = bases.length >> 1;
    return this.xor2(this.xorTree(bases.slice(0, half)), this.xorTree(bases.slice(half)));
  }

  private xor2(a: Lit, b: Lit): Lit {
    const parity = (a & 1) ^ (b & 1);
    let x = a & ~1;
    let y = b & ~1;
    if (x === y) return FALSE ^ parity;
    if (x === TRUE) return y ^ parity ^ 1; // TRUE ⊕ y = ¬y (x, y here are positive, TRUE = 0)
    if (y === TRUE) return x ^ parity ^ 1;
    if (y < x) [x, y] = [y, x];
    const key = `x${x},${y}`;
    let v = this.gates.get(key);
    if (v === undefined) {
      v = this.fresh();
      this.add([neg(v), x, y]);
      this.add([neg(v), neg(x), neg(y)]);
      this.add([v, neg(x), y]);
      this.add([v, x, neg(y)]);
      this.gates.set(key, v);
    }
    return v ^ parity;
  }

  /** Drops constants and cancels x/¬x pairs (exactly one of them is true). */
  private countable(args: readonly Lit[], k: number): { lits: Lit[]; k: number } {
    const count = new Map<Lit, number>();
    for (const a of args) {
      if (a === TRUE) k--;
      else if (a !== FALSE) count.set(a, (count.get(a) ?? 0) + 1);
    }
    const lits: Lit[] = [];
    for (const [a, c] of count) {
      if (a & 1) continue;
      const m = Math.min(c, count.get(neg(a)) ?? 0);
      k -= m;
      for (let i = m; i < c; i++) lits.push(a);
      for (let i = m; i < (count.get(neg(a)) ?? 0); i++) lits.push(neg(a));
    }
    for (const [a, c] of count) if (a & 1 && !count.has(neg(a))) for (let i = 0; i < c; i++) lits.push(a);
    lits.sort((x, y) => x - y);
    return { lits, k };
  }

  atLeast(k0: number, args: readonly Lit[]): Lit {
    const { lits, k } = this.countable(args, k0);
    const n = lits.length;
    if (k <= 0) return TRUE;
    if (k > n) return FALSE;
    if (k === 1) return this.or(lits);
    if (k === n) return this.and(lits);
    if (n <= UNARY_MAX) return this.counter(lits)[k];
    return this.wrap(`ge${k}|${lits.join(',')}`, () => Logic.greaterThanOrEqual(this.binarySum(lits), Logic.constantBits(k)));
  }

  exactly(k0: number, args: readonly Lit[]): Lit {
    const { lits, k } = this.countable(args, k0);
    const n = lits.length;
    if (k < 0 || k > n) return FALSE;
    if (k === 0) return this.and(lits.map(neg));
    if (k === n) return this.and(lits);
    if (n <= UNARY_MAX) {
      const c = this.counter(lits);
      return this.and([c[k], neg(c[k + 1])]);
    }
    return this.wrap(`eq${k}|${lits.join(',')}`, () => Logic.equalBits(this.binarySum(lits), Logic.constantBits(k)));
  }

  /** Totalizer over sorted lits: result[j] ↔ at least j of them are true (result[0] = TRUE). */
  private counter(lits: readonly Lit[]): Lit[] {
    if (lits.length === 1) return [TRUE, lits[0]];
    const key = lits.join(',');
    const found = this.counters.get(key);
    if (found) return found;
    const half = lits.length >> 1;
    const a = this.counter(lits.slice(0, half));
    const b = this.counter(lits.slice(half));
    const p = a.length - 1;
    const q = b.length - 1;
    const r: Lit[] = [TRUE];
    for (let j = 1; j <= p + q; j++) r.push(this.fresh());
    for (let i = 0; i <= p; i++) {
      for (let j = 0; j <= q; j++) {
        if (i + j >= 1) this.add([neg(a[i]), neg(b[j]), r[i + j]]);
        if (i + j + 1 <= p + q) this.add([i < p ? a[i + 1] : FALSE, j < q ? b[j + 1] : FALSE, neg(r[i + j + 1])]);
      }
    }
    this.counters.set(key, r);
    return r;
  }

  /** The count of true lits (sorted, a multiset) as an unsigned integer. */
  binarySum(lits: readonly Lit[]): Bits {
    const key = lits.join(',');
    let bits = this.sums.get(key);
    if (!bits) {
      bits = Logic.sum(lits.map((l) => this.term(l)));
      this.sums.set(key, bits);
    }
    return bits;
  }

  /** A gate variable equivalent to a logic-solver formula (cached by key when given). */
  wrap(key: string | null, make: () => FormulaOrTerm): Lit {
    const found = key === null ? undefined : this.gates.get(key);
    if (found !== undefined) return found;
    const v = this.fresh();
    this.solver.require(Logic.equiv(this.term(v), make()));
    if (key !== null) this.gates.set(key, v);
    return v;
  }
}

/**
 * Encodes the live boolean nodes of a program over the shared input literals; `settle(id, lit)`
 * may replace each node's literal by an equivalent one (SAT sweeping).
 */
function encodeNodes(cnf: Cnf, program: IrProgram, inputs: readonly Lit[], settle?: (id: NodeId, lit: Lit) => Lit): Map<NodeId, Lit> {
  const g = program.graph;
  const lit = new Map<NodeId, Lit>();
  const get = (id: NodeId): Lit => {
    const l = lit.get(id);
    if (l === undefined) throw new Error(`SAT: node ${id} has no encoding (an integer node used as a boolean?)`);
    return l;
  };
  for (const id of liveNodes(program)) {
    const n = g.node(id);
    let l: Lit;
    switch (n.op) {
      case 'const':
        l = n.k ? TRUE : FALSE;
        break;
      case 'input':
        if (!(n.k < inputs.length)) throw new Error(`SAT: input bit ${n.k} is outside the domain's ${inputs.length} inputs`);
        l = inputs[n.k];
        break;
      case 'not':
        l = neg(get(n.args[0]));
        break;
      case 'and':
        l = cnf.and(n.args.map(get));
        break;
      case 'or':
        l = cnf.or(n.args.map(get));
        break;
      case 'xor':
        l = cnf.xor(n.args.map(get));
        break;
      case 'atLeast':
        l = cnf.atLeast(n.k, n.args.map(get));
        break;
      case 'exactly':
        l = cnf.exactly(n.k, n.args.map(get));
        break;
      case 'sum':
        continue; // read by the head only
      default: {
        const unreachable: never = n.op;
        throw new Error(`SAT: unknown node kind ${String(unreachable)}`);
      }
    }
    lit.set(id, settle && n.op !== 'const' && n.op !== 'input' && n.op !== 'not' ? settle(id, l) : l);
  }
  return lit;
}

/** The literal "predicted class = c" per class, from the nodes' literals. */
function encodeHead(cnf: Cnf, program: IrProgram, lit: ReadonlyMap<NodeId, Lit>, classCount: number): Lit[] {
  const g = program.graph;
  const get = (id: NodeId): Lit => {
    const l = lit.get(id);
    if (l === undefined) throw new Error(`SAT: head reads node ${id}, which has no encoding`);
    return l;
  };
  const head = program.head;
  const wins: Lit[][] = Array.from({ length: classCount }, () => []);
  if (head.kind === 'decisionList') {
    let none = TRUE; // no earlier rule fired
    for (const rule of head.rules) {
      const when = get(rule.when);
      wins[rule.classIndex].push(cnf.and([none, when]));
      none = cnf.and([none, neg(when)]);
    }
    wins[head.otherwise].push(none);
    return wins.map((w) => cnf.or(w));
  }

  const logits = head.logits;
  if (logits.every((id) => g.node(id).op !== 'sum')) {
    const l = logits.map(get);
    const out = l.map((lc, c) => cnf.and([lc, ...l.slice(0, c).map(neg)]));
    if (out.length > 0) out[0] = cnf.or([out[0], cnf.and(l.map(neg))]);
    return padded(out, classCount);
  }
  const values: IntValue[] = logits.map((id) => {
    const n = g.node(id);
    if (n.op !== 'sum') {
      const l = get(id);
      return l === TRUE ? { lits: [], offset: 1 } : l === FALSE ? { lits: [], offset: 0 } : { lits: [l], offset: 0 };
    }
    let offset = n.k;
    const lits: Lit[] = [];
    for (const a of n.args.map(get)) {
      if (a === TRUE) offset++;
      else if (a !== FALSE) lits.push(a);
    }
    return { lits: lits.sort((x, y) => x - y), offset };
  });
  const shift = -Math.min(...values.map((v) => v.offset));
  const key = (v: IntValue): string => `${v.lits.join(',')}+${v.offset + shift}`;
  const bits = values.map((v) =>
    v.offset + shift === 0 ? cnf.binarySum(v.lits) : Logic.sum([cnf.binarySum(v.lits), Logic.constantBits(v.offset + shift)]),
  );
  // greater[d][c] (d > c): logit d > logit c.
  const greater = (d: number, c: number): Lit =>
    cnf.wrap(`gt|${key(values[d])}|${key(values[c])}`, () => Logic.greaterThan(bits[d], bits[c]));
  const gt: Lit[][] = values.map((_, d) => values.map((__, c) => (c < d ? greater(d, c) : FALSE)));
  const out = values.map((_, c) => {
    const terms: Lit[] = [];
    for (let d = 0; d < c; d++) terms.push(gt[c][d]); // beats every lower-index class
    for (let d = c + 1; d < values.length; d++) terms.push(neg(gt[d][c])); // ties every higher one
    return cnf.and(terms);
  });
  return padded(out, classCount);
}

function padded(wins: Lit[], classCount: number): Lit[] {
  return Array.from({ length: classCount }, (_, c) => wins[c] ?? FALSE);
}

function classCountOf(program: IrProgram): number {
  const head = program.head;
  const used =
    head.kind === 'argmax' ? head.logits.length : Math.max(head.otherwise, ...head.rules.map((r) => r.classIndex)) + 1;
  return Math.max(used, program.classes.length);
}

/** Domain constraints over the input literals, per feature group. */
function encodeDomain(cnf: Cnf, domain: InputDomain, inputs: readonly Lit[]): void {
  for (const group of domain.groups) {
    const bits = group.bits.map((b) => inputs[b]);
    const missing = group.missing === null ? null : inputs[group.missing];
    if (group.kind === 'numeric') {
      for (let j = 0; j + 1 < bits.length; j++) cnf.add([neg(bits[j + 1]), bits[j]]);
      if (missing !== null && bits.length > 0) cnf.add([neg(missing), neg(bits[0])]);
    } else if (group.kind === 'categorical') {
      const hot = missing === null ? bits : [...bits, missing];
      if (hot.length === 0) continue;
      cnf.add(hot);
      if (hot.length <= 6) {
        for (let i = 0; i < hot.length; i++) for (let j = i + 1; j < hot.length; j++) cnf.add([neg(hot[i]), neg(hot[j])]);
      } else {
        cnf.solver.require(Logic.atMostOne(hot.map((l) => cnf.term(l))));
      }
    } else if (missing !== null) {
      for (const b of bits) cnf.add([neg(missing), neg(b)]);
    }
  }
}

/** `count` random possible inputs (row-major), drawn group by group. */
function sampleRows(domain: InputDomain, count: number, seed: number): Uint8Array {
  const next = seededRng(seed);
  const n = domain.inputs;
  const rows = new Uint8Array(count * n);
  for (let r = 0; r < count; r++) {
    const row = rows.subarray(r * n, (r + 1) * n);
    for (const g of domain.groups) {
      const v = g.bits.length;
      if (g.missing !== null && next() < 1 / (v + 2)) {
        row[g.missing] = 1;
        continue;
      }
      if (g.kind === 'numeric') {
        const level = Math.floor(next() * (v + 1));
        for (let j = 0; j < level; j++) row[g.bits[j]] = 1;
      } else if (g.kind === 'categorical') {
        if (v > 0) row[g.bits[Math.floor(next() * v)]] = 1;
        else if (g.missing !== null) row[g.missing] = 1;
      } else {
        for (const b of g.bits) row[b] = next() < 0.5 ? 1 : 0;
      }
    }
  }
  return rows;
}

/** Per live boolean node, its values on the sample rows as a string key. */
function signatures(program: IrProgram, sliced: Int32Array[], words: number): Map<NodeId, Int32Array> {
  const ids = liveNodes(program).filter((id) => program.graph.node(id).op !== 'sum');
  const values = evaluateNodes(program, sliced, words, ids);
  return new Map(ids.map((id, i) => [id, values[i]]));
}

const keyOf = (words: Int32Array): string => words.join(',');
const complementKey = (words: Int32Array): string => Array.from(words, (w) => ~w).join(',');

/** Decides whether `a` and `b` predict the same class on every input the domain allows. */
export function solveMiter(a: IrProgram, b: IrProgram, domain: InputDomain): MiterVerdict & { stats: MiterStats } {
  const t0 = performance.now();
  if (a.classes.length !== b.classes.length || a.classes.some((c, i) => c !== b.classes[i])) {
    throw new Error(`SAT: the programs have different classes (${JSON.stringify(a.classes)} vs ${JSON.stringify(b.classes)})`);
  }
  return Logic.disablingAssertions(() => {
    const cnf = new Cnf();
    const inputs = Array.from({ length: domain.inputs }, (_, i) => cnf.fresh(`x${i}`));
    encodeDomain(cnf, domain, inputs);
    const classCount = Math.max(classCountOf(a), classCountOf(b));
    const litsA = encodeNodes(cnf, a, inputs);
    const winsA = encodeHead(cnf, a, litsA, classCount);

    // SAT sweeping candidates: A's literals by their values on random possible inputs.
    const words = SWEEP_ROWS / 32;
    const sliced = sliceRows(sampleRows(domain, SWEEP_ROWS, 0x5a7), SWEEP_ROWS, domain.inputs);
    const byValues = new Map<string, Lit>();
    byValues.set(keyOf(new Int32Array(words)), FALSE);
    byValues.set(keyOf(new Int32Array(words).fill(-1)), TRUE);
    for (const [id, values] of signatures(a, sliced, words)) {
      const l = litsA.get(id) as Lit;
      if (!byValues.has(keyOf(values))) byValues.set(keyOf(values), l);
      if (!byValues.has(complementKey(values))) byValues.set(complementKey(values), neg(l));
    }
    const valuesB = signatures(b, sliced, words);
    let merged = 0;
    let sweepFailures = 0;
    const settle = (id: NodeId, l: Lit): Lit => {
      const values = valuesB.get(id);
      if (values === undefined || sweepFailures >= MAX_SWEEP_FAILURES) return l;
      const candidate = byValues.get(keyOf(values));
      if (candidate === undefined || candidate === l) return l;
      const tq = performance.now();
      const found = cnf.solver.solveAssuming(Logic.xor(cnf.term(l), cnf.term(candidate)));
      if (process.env.SAT_DEBUG) console.log("sweep", id, l, candidate, found !== null, (performance.now() - tq).toFixed(1));
      if (found !== null) {
        sweepFailures++;
        return l;
      }
      merged++;
      return candidate;
    };
    const winsB = encodeHead(cnf, b, encodeNodes(cnf, b, inputs, settle), classCount);
    const differ = cnf.or(winsA.map((wa, c) => cnf.and([wa, neg(winsB[c])])));
    const t1 = performance.now();
    const stats = (t2: number): MiterStats => ({
      variables: cnf.variables,
      clauses: cnf.clauses,
      encodeMs: t1 - t0,
      solveMs: t2 - t1,
      merged,
      sweepFailures,
    });
    if (differ === FALSE) return { status: 'equivalent' as const, stats: stats(t1) };
    cnf.add([differ]);
    const solution = cnf.solver.solve();
    const t2 = performance.now();
    if (solution === null) return { status: 'equivalent' as const, stats: stats(t2) };
    const counterexample = Uint8Array.from(inputs, (l) => (solution.evaluate(cnf.term(l)) ? 1 : 0));
    return { status: 'different' as const, counterexample, stats: stats(t2) };
  });
}
