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
 * Clauses are emitted lazily: a gate's definition is recorded when it is built and turned into
 * clauses only when a literal the solver is asked about depends on it, so what the programs share
 * costs nothing (two identical programs give an empty miter and no solver call).
 *
 * Before any SAT work, both programs are simulated on SWEEP_ROWS random possible inputs; a row on
 * which they disagree is returned as the counterexample at once.
 *
 * SAT sweeping (fraiging): the nodes of A, then of B, are settled in topological order. A node
 * whose values on the random rows equal (or complement) those of an earlier representative —
 * a constant first, else the first such node — is proved equal to it with an incremental SAT call
 * under the domain constraints (solveAssuming that they differ → UNSAT) and continues as that
 * literal; otherwise it becomes a representative. Later gates then hash-cons onto the merged
 * fan-ins, so equal parts of the programs collapse to the same variables even when built
 * differently (an OR tree against an n-ary OR, a threshold on complemented arguments, a node of
 * either program that is really constant), and integer logits over merged bits share one adder
 * and comparator. Only signature classes in which the two programs use different literals are
 * swept (see Sweeper). A refuted candidate teaches the simulation the solver's input; sweeping
 * gives up on a node after MAX_SWEEP_ATTEMPTS candidates and altogether after
 * MAX_SWEEP_FAILURES, leaving the rest to the final solve.
 *
 * This module is synchronous (MiniSat cannot be interrupted); `sat.ts` runs it in a worker.
 */
import Logic, { type Bits, type FormulaOrTerm, type Solver } from 'logic-solver';
import { seededRng } from '../../src/util/rng';
import type { InputDomain } from '../domain';
import type { NodeId } from '../ir/graph';
import { liveNodes, type IrProgram } from '../ir/program';
import { classify, evaluateNodes, sliceRows } from '../ir/simulate';

export type MiterVerdict = { status: 'equivalent' } | { status: 'different'; counterexample: Uint8Array };

export interface MiterStats {
  /** Gate variables, and clauses emitted by the gate table (those logic-solver generates for
   *  adders, comparators and at-most-one constraints are not counted). All 0 when random
   *  simulation found the counterexample. */
  readonly variables: number;
  readonly clauses: number;
  readonly encodeMs: number;
  readonly solveMs: number;
  /** Nodes SAT sweeping merged into an earlier equivalent literal, and candidates refuted. */
  readonly merged: number;
  readonly sweepFailures: number;
}

/** Thresholds over at most this many arguments use a totalizer; larger ones an adder tree. */
const UNARY_MAX = 64;
/** Random possible inputs simulated to find sweeping candidates (a multiple of 32). */
const SWEEP_ROWS = 1024;
/** Candidates tried per node, and in all (each failure costs a SAT call and a simulation). */
const MAX_SWEEP_ATTEMPTS = 5;
const MAX_SWEEP_FAILURES = 1000;

type Lit = number;
const TRUE: Lit = 0;
const FALSE: Lit = 1;
const neg = (l: Lit): Lit => l ^ 1;

/** An integer logit: the count of true `lits` plus `offset`. */
interface IntValue {
  readonly lits: readonly Lit[];
  readonly offset: number;
}

/** How to define some gates in CNF; emitted the first time one of them is needed. */
interface Definition {
  /** Literals the clauses mention, whose own definitions must be emitted too. */
  readonly deps: readonly Lit[];
  readonly emit: () => void;
  done: boolean;
}

/**
 * The gate table. Gate definitions are recorded when built but only turned into clauses when
 * `ensure` reaches them from a literal the solver is asked about, so parts the two programs
 * share (which hash-cons to the same gates and never differ) cost no clauses at all.
 */
class Cnf {
  readonly solver: Solver = new Logic.Solver();
  clauses = 0;
  /** Solver variable of each gate; gate 0 is TRUE. */
  private readonly vars: number[] = [Logic.NUM_TRUE];
  private readonly defs: (Definition | undefined)[] = [undefined];
  private readonly gates = new Map<string, Lit>();
  private readonly counters = new Map<string, Lit[]>();
  private readonly sums = new Map<string, Bits>();

  get variables(): number {
    return this.vars.length;
  }

  fresh(name?: string): Lit {
    const g = this.vars.length;
    this.vars.push(this.solver.getVarNum(name ?? `g${g}`));
    this.defs.push(undefined);
    return 2 * g;
  }

  private define(gates: readonly Lit[], deps: readonly Lit[], emit: () => void): void {
    const d: Definition = { deps, emit, done: false };
    for (const v of gates) this.defs[v >> 1] = d;
  }

  /** Emits the clauses defining these literals and everything they depend on. */
  ensure(lits: readonly Lit[]): void {
    const stack = [...lits];
    while (stack.length > 0) {
      const d = this.defs[(stack.pop() as Lit) >> 1];
      if (d === undefined || d.done) continue;
      d.done = true;
      d.emit();
      for (const x of d.deps) stack.push(x);
    }
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
    this.define([v], sorted, () => {
      for (const a of sorted) this.add([neg(v), a]);
      this.add([v, ...sorted.map(neg)]);
    });
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
      const z = this.fresh();
      const [p, q] = [x, y];
      this.define([z], [p, q], () => {
        this.add([neg(z), p, q]);
        this.add([neg(z), neg(p), neg(q)]);
        this.add([z, neg(p), q]);
        this.add([z, p, neg(q)]);
      });
      this.gates.set(key, z);
      v = z;
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
    return this.wrap(`ge${k}|${lits.join(',')}`, lits, () => Logic.greaterThanOrEqual(this.binarySum(lits), Logic.constantBits(k)));
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
    return this.wrap(`eq${k}|${lits.join(',')}`, lits, () => Logic.equalBits(this.binarySum(lits), Logic.constantBits(k)));
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
    this.define(r.slice(1), [...a.slice(1), ...b.slice(1)], () => {
      for (let i = 0; i <= p; i++) {
        for (let j = 0; j <= q; j++) {
          if (i + j >= 1) this.add([neg(a[i]), neg(b[j]), r[i + j]]);
          if (i + j + 1 <= p + q) this.add([i < p ? a[i + 1] : FALSE, j < q ? b[j + 1] : FALSE, neg(r[i + j + 1])]);
        }
      }
    });
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

  /** A gate variable equivalent to a logic-solver formula over `deps` (cached by key). */
  wrap(key: string, deps: readonly Lit[], make: () => FormulaOrTerm): Lit {
    const found = this.gates.get(key);
    if (found !== undefined) return found;
    const v = this.fresh();
    this.define([v], deps, () => this.solver.require(Logic.equiv(this.term(v), make())));
    this.gates.set(key, v);
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
    lit.set(id, settle && n.op !== 'const' && n.op !== 'not' ? settle(id, l) : l);
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
    cnf.wrap(`gt|${key(values[d])}|${key(values[c])}`, [...values[d].lits, ...values[c].lits], () => Logic.greaterThan(bits[d], bits[c]));
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

/** A representative literal: a constant, or the literal a node of program `side` settled on. */
interface Candidate {
  readonly lit: Lit;
  /** 0 = A, 1 = B, -1 = a constant. */
  readonly side: number;
  readonly node: NodeId;
  /** True when `lit` is the complement of the node (its signature is flipped). */
  readonly negated: boolean;
}

interface Group {
  readonly candidates: Candidate[];
  /** learnedRows when `index` was built (-1: never). */
  version: number;
  /** First candidate by the hash of its learned bits. */
  index: Map<number, Lit>;
}

/**
 * SAT sweeping (fraiging) over both programs, A first, then B, in topological order. Every node's
 * literal is checked against the earlier representatives with the same values on SWEEP_ROWS random
 * possible inputs (constants first); a proved match replaces it, otherwise it becomes a
 * representative itself. Canonicalising A as well matters: a node of A that is really constant,
 * or equal to an earlier node, must end up as the same literal B's counterpart settles on.
 * Inputs the solver finds while refuting a candidate are "learned": both programs are simulated
 * on them and the bit appended to every node's signature, so a rarely-true node that first
 * collided with the constant FALSE meets its real counterpart on the next attempt.
 */
class Sweeper {
  merged = 0;
  failures = 0;
  private readonly groups = new Map<string, Group>();
  /** Representatives and their complements: a node landing on one needs no check. */
  private readonly known = new Set<Lit>([TRUE, FALSE]);
  private readonly programs: readonly IrProgram[];
  /** Per side, the live nodes in topological order (for evaluating learned rows). */
  private readonly live: readonly NodeId[][];
  /** Per side, per live boolean node: its signature on the random rows and its complement. */
  private readonly keys: Map<NodeId, { readonly key: string; readonly complement: string }>[] = [new Map(), new Map()];
  /**
   * Per side, per node: a hash of its bits on the learned rows, and of their complement (a
   * collision only costs a wasted SAT check). `zeros` / `ones` hash the constants' bits.
   */
  private readonly learned: Map<NodeId, { hash: number; complement: number }>[] = [new Map(), new Map()];
  private zeros = 0;
  private ones = 0;
  private learnedRows = 0;
  /** Per side, the nodes whose signature class holds different literals in A than in B. */
  private readonly interesting: Set<NodeId>[] = [new Set(), new Set()];
  /** What each literal settled on (so a literal is checked once, whichever node has it). */
  private readonly settled = new Map<Lit, Lit>();

  /**
   * `raw` are the two programs' literals as encoded without sweeping: a signature class in which
   * both programs use the same literals (parts they share, hash-consed) needs no SAT call.
   */
  constructor(
    private readonly cnf: Cnf,
    private readonly inputs: readonly Lit[],
    a: IrProgram,
    b: IrProgram,
    raw: readonly ReadonlyMap<NodeId, Lit>[],
    sliced: Int32Array[],
  ) {
    this.programs = [a, b];
    this.live = [liveNodes(a), liveNodes(b)];
    const words = SWEEP_ROWS / 32;
    // Per signature class (a signature and its complement), each side's literals, normalised.
    const classes = new Map<string, [Set<Lit>, Set<Lit>]>();
    const member = (side: number, key: string, complement: string, lit: Lit): string => {
      const flip = complement < key;
      const canonical = flip ? complement : key;
      let sets = classes.get(canonical);
      if (!sets) {
        sets = [new Set(), new Set()];
        classes.set(canonical, sets);
      }
      sets[side].add(flip ? neg(lit) : lit);
      return canonical;
    };
    const zeros = keyOf(new Int32Array(words));
    const ones = keyOf(new Int32Array(words).fill(-1));
    const classOf: Map<NodeId, string>[] = [new Map(), new Map()];
    this.programs.forEach((program, side) => {
      member(side, zeros, ones, FALSE);
      for (const [id, values] of simulateAll(program, sliced, words)) {
        const keys = { key: keyOf(values), complement: keyOf(values.map((w) => ~w)) };
        this.keys[side].set(id, keys);
        this.learned[side].set(id, { hash: 0, complement: 0 });
        classOf[side].set(id, member(side, keys.key, keys.complement, raw[side].get(id) as Lit));
      }
    });
    const differs = ([x, y]: [Set<Lit>, Set<Lit>]): boolean => x.size !== y.size || [...x].some((l) => !y.has(l));
    classOf.forEach((of, side) => {
      for (const [id, canonical] of of) if (differs(classes.get(canonical) as [Set<Lit>, Set<Lit>])) this.interesting[side].add(id);
    });
    this.add(zeros, { lit: FALSE, side: -1, node: -1, negated: false });
    this.add(ones, { lit: TRUE, side: -1, node: -1, negated: true });
  }

  /** The literal node `id` of program `side` (encoded as `lit`) should continue with. */
  settle(side: number, id: NodeId, lit: Lit): Lit {
    const done = this.settled.get(lit);
    if (done !== undefined) return done;
    const keys = this.keys[side].get(id);
    if (keys === undefined || this.known.has(lit) || !this.interesting[side].has(id)) return lit;
    for (let attempt = 0; attempt < MAX_SWEEP_ATTEMPTS && this.failures < MAX_SWEEP_FAILURES; attempt++) {
      const candidate = this.candidate(keys.key, (this.learned[side].get(id) as { hash: number }).hash);
      if (candidate === undefined) break;
      this.cnf.ensure([lit, candidate]);
      const solution = this.cnf.solver.solveAssuming(Logic.xor(this.cnf.term(lit), this.cnf.term(candidate)));
      if (solution === null) {
        this.merged++;
        this.settled.set(lit, candidate);
        this.settled.set(neg(lit), neg(candidate));
        return candidate;
      }
      this.failures++;
      this.learn(Uint8Array.from(this.inputs, (l) => (solution.evaluate(this.cnf.term(l)) ? 1 : 0)));
    }
    this.add(keys.key, { lit, side, node: id, negated: false });
    this.add(keys.complement, { lit: neg(lit), side, node: id, negated: true });
    return lit;
  }

  private add(key: string, c: Candidate): void {
    this.known.add(c.lit);
    this.known.add(neg(c.lit));
    const group = this.groups.get(key);
    if (!group) {
      this.groups.set(key, { candidates: [c], version: -1, index: new Map() });
      return;
    }
    group.candidates.push(c);
    if (group.version === this.learnedRows) {
      const bits = this.bitsOf(c);
      if (!group.index.has(bits)) group.index.set(bits, c.lit);
    }
  }

  private bitsOf(c: Candidate): number {
    if (c.side === -1) return c.negated ? this.ones : this.zeros;
    const learned = this.learned[c.side].get(c.node) as { hash: number; complement: number };
    return c.negated ? learned.complement : learned.hash;
  }

  /** The first representative with these values on the random rows and these learned bits. */
  private candidate(key: string, learned: number): Lit | undefined {
    const group = this.groups.get(key);
    if (!group) return undefined;
    if (group.version !== this.learnedRows) {
      group.index = new Map();
      for (const c of group.candidates) {
        const bits = this.bitsOf(c);
        if (!group.index.has(bits)) group.index.set(bits, c.lit);
      }
      group.version = this.learnedRows;
    }
    return group.index.get(learned);
  }

  /** Appends both programs' values on `row` to every node's learned bits. */
  private learn(row: Uint8Array): void {
    this.programs.forEach((program, side) => {
      const value = evaluateRow(program, this.live[side], row);
      for (const [id, h] of this.learned[side]) {
        h.hash = extend(h.hash, value[id]);
        h.complement = extend(h.complement, value[id] ^ 1);
      }
    });
    this.zeros = extend(this.zeros, 0);
    this.ones = extend(this.ones, 1);
    this.learnedRows++;
  }
}

/** Every live boolean node's value (0/1, indexed by node id) on one input row. */
function evaluateRow(program: IrProgram, live: readonly NodeId[], row: Uint8Array): Uint8Array {
  const g = program.graph;
  const value = new Uint8Array(g.size);
  for (const id of live) {
    const n = g.node(id);
    let v = 0;
    switch (n.op) {
      case 'const':
        v = n.k;
        break;
      case 'input':
        v = row[n.k];
        break;
      case 'not':
        v = value[n.args[0]] ^ 1;
        break;
      case 'and':
        v = n.args.every((x) => value[x] === 1) ? 1 : 0;
        break;
      case 'or':
        v = n.args.some((x) => value[x] === 1) ? 1 : 0;
        break;
      case 'xor':
        for (const x of n.args) v ^= value[x];
        break;
      case 'atLeast':
      case 'exactly': {
        let count = 0;
        for (const x of n.args) count += value[x];
        v = (n.op === 'atLeast' ? count >= n.k : count === n.k) ? 1 : 0;
        break;
      }
      case 'sum':
        break;
    }
    value[id] = v;
  }
  return value;
}

/** Per live boolean node, its values on the sliced rows. */
function simulateAll(program: IrProgram, sliced: Int32Array[], words: number): Map<NodeId, Int32Array> {
  const ids = liveNodes(program).filter((id) => program.graph.node(id).op !== 'sum');
  const values = evaluateNodes(program, sliced, words, ids);
  return new Map(ids.map((id, i) => [id, values[i]]));
}

/** A compact exact key for a signature: two UTF-16 code units per 32-bit word. */
const keyOf = (words: Int32Array): string => {
  let out = '';
  for (const w of words) out += String.fromCharCode(w & 0xffff, (w >>> 16) & 0xffff);
  return out;
};
/** A polynomial hash of a bit string, extended by one bit (mod the prime 2³¹ − 1; products stay below 2⁵³). */
const extend = (hash: number, bit: number): number => (hash * 1_000_003 + bit + 1) % 2_147_483_647;

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

    // Random possible inputs: a cheap counterexample when the programs differ often, and the
    // simulation signatures SAT sweeping starts from.
    const rows = sampleRows(domain, SWEEP_ROWS, 0x5a7);
    const sliced = sliceRows(rows, SWEEP_ROWS, domain.inputs);
    const classesA = classify(a, sliced, SWEEP_ROWS);
    const classesB = classify(b, sliced, SWEEP_ROWS);
    const r = classesA.findIndex((c, i) => c !== classesB[i]);
    if (r >= 0) {
      const ms = performance.now() - t0;
      const counterexample = rows.slice(r * domain.inputs, (r + 1) * domain.inputs);
      return { status: 'different' as const, counterexample, stats: { variables: 0, clauses: 0, encodeMs: ms, solveMs: 0, merged: 0, sweepFailures: 0 } };
    }

    const raw = [encodeNodes(cnf, a, inputs), encodeNodes(cnf, b, inputs)];
    const sweeper = new Sweeper(cnf, inputs, a, b, raw, sliced);
    const winsA = encodeHead(cnf, a, encodeNodes(cnf, a, inputs, (id, l) => sweeper.settle(0, id, l)), classCount);
    const winsB = encodeHead(cnf, b, encodeNodes(cnf, b, inputs, (id, l) => sweeper.settle(1, id, l)), classCount);
    const differ = cnf.or(winsA.map((wa, c) => cnf.and([wa, neg(winsB[c])])));
    const t1 = performance.now();
    const stats = (t2: number): MiterStats => ({
      variables: cnf.variables,
      clauses: cnf.clauses,
      encodeMs: t1 - t0,
      solveMs: t2 - t1,
      merged: sweeper.merged,
      sweepFailures: sweeper.failures,
    });
    if (differ === FALSE) return { status: 'equivalent' as const, stats: stats(t1) };
    cnf.ensure([differ]);
    cnf.add([differ]);
    const solution = cnf.solver.solve();
    const t2 = performance.now();
    if (solution === null) return { status: 'equivalent' as const, stats: stats(t2) };
    const counterexample = Uint8Array.from(inputs, (l) => (solution.evaluate(cnf.term(l)) ? 1 : 0));
    return { status: 'different' as const, counterexample, stats: stats(t2) };
  });
}
