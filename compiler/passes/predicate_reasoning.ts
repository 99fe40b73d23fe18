/**
 * predicate-reasoning: what the input domain knows about literals (`x > 5` implies `x > 3`; two
 * categories of one feature exclude each other, as do a value bit and its feature's "is missing"
 * bit; the bits of a categorical feature, with its "is missing" bit, are exactly one-hot) used
 * inside and / or nodes. Literals are inputs and negated inputs, compared within their feature.
 *   AND: a ⇒ b drops b (x > 5 ∧ x > 3 → x > 5; ¬(x > 3) ∧ ¬(x > 5) → ¬(x > 3)); a positive
 *        literal drops the negations of what it excludes (red ∧ ¬blue → red); contradictions
 *        make false (x > 5 ∧ ¬(x > 3), red ∧ blue, a value with its "is missing", every
 *        member of a one-hot group negated).
 *   OR:  the dual (by De Morgan): the weaker literal stays (x > 3 ∨ x > 5 → x > 3), c1 ∨ ¬c2 →
 *        ¬c2, tautologies make true (x > 3 ∨ ¬(x > 5), ¬c1 ∨ ¬c2, every member of a one-hot group).
 * Constants are folded as nodes are rebuilt (see rewrite.ts).
 */
import type { InputDomain } from '../domain';
import type { IrGraph, NodeId } from '../ir/graph';
import type { Pass, PassContext } from './pass';
import { fold, isLiteral, rewriteProgram, signal, type RuleInput } from './rewrite';

/** Literals of one feature beyond this many are left alone (pairwise checks stay cheap). */
const MAX_GROUP_LITERALS = 256;

/** A literal as it appears in the conjunction being reduced: `positive` false means ¬bit. */
interface ConjLiteral {
  readonly bit: number;
  readonly positive: boolean;
  /** The argument that carries it. */
  id: NodeId;
}

/**
 * Reduces a conjunction of literals of ONE feature: null when it is impossible, else the
 * literals to keep (the others are implied by them on every possible input).
 */
function reduceGroup(domain: InputDomain, group: number, lits: readonly ConjLiteral[]): ConjLiteral[] | null {
  const pos = lits.filter((l) => l.positive);
  const neg = lits.filter((l) => !l.positive);
  for (const p of pos) {
    for (const q of neg) if (domain.implies(p.bit, q.bit)) return null; // a ∧ ¬b with a ⇒ b (or a = b)
    for (const q of pos) if (q.bit !== p.bit && domain.excludes(p.bit, q.bit)) return null;
  }
  const g = domain.groups[group];
  if (g.kind === 'categorical' && neg.length === g.bits.length + (g.missing === null ? 0 : 1)) {
    const oneHot = domain.exactlyOneOf(neg[0].bit);
    if (oneHot !== null && oneHot.every((b) => neg.some((l) => l.bit === b))) return null; // none of exactly one
  }
  if (lits.length < 2) return [...lits];
  const kept: ConjLiteral[] = [];
  for (const p of pos) if (!pos.some((q) => q.bit !== p.bit && domain.implies(q.bit, p.bit))) kept.push(p);
  for (const n of neg) {
    const implied =
      neg.some((m) => m.bit !== n.bit && domain.implies(n.bit, m.bit)) || // ¬m ⇒ ¬n
      pos.some((p) => domain.excludes(p.bit, n.bit)); // p ⇒ ¬n
    if (!implied) kept.push(n);
  }
  return kept;
}

function makeRule(domain: InputDomain): (input: RuleInput) => NodeId {
  const groupOf = new Int32Array(domain.inputs).fill(-1);
  domain.groups.forEach((g, gi) => {
    for (const b of g.bits) groupOf[b] = gi;
    if (g.missing !== null) groupOf[g.missing] = gi;
  });
  return (input) => {
    const { node, args, graph } = input;
    if (node.op !== 'and' && node.op !== 'or') return fold(graph, node.op, node.k, args);
    return andOr(graph, domain, groupOf, node.op, args);
  };
}

function andOr(g: IrGraph, domain: InputDomain, groupOf: Int32Array, op: 'and' | 'or', args: readonly NodeId[]): NodeId {
  // An OR is reduced as the negation of the AND of the negated literals (De Morgan).
  const byGroup = new Map<number, ConjLiteral[]>();
  const byKey = new Map<number, ConjLiteral>();
  const others: NodeId[] = [];
  for (const a of args) {
    const s = signal(g, a); // sees through shared literal buffers (rewrite.ts)
    const bit = -s.base - 1;
    const group = s.base >= 0 || bit >= groupOf.length ? -1 : groupOf[bit];
    if (group < 0) {
      others.push(a);
      continue;
    }
    const positive = s.negated === (op === 'or');
    const key = 2 * bit + (positive ? 1 : 0);
    const seen = byKey.get(key);
    if (seen !== undefined) {
      // The same literal twice: keep one, preferably a shared buffer (fewer literal slots).
      if (isLiteral(g, seen.id) && !isLiteral(g, a)) seen.id = a;
      continue;
    }
    const entry: ConjLiteral = { bit, positive, id: a };
    byKey.set(key, entry);
    const list = byGroup.get(group);
    if (list) list.push(entry);
    else byGroup.set(group, [entry]);
  }
  if (byGroup.size === 0) return fold(g, op, 0, args);
  const kept = others;
  for (const [group, lits] of byGroup) {
    if (lits.length > MAX_GROUP_LITERALS) {
      for (const l of lits) kept.push(l.id);
      continue;
    }
    const reduced = reduceGroup(domain, group, lits);
    if (reduced === null) return g.const(op === 'or');
    for (const l of reduced) kept.push(l.id);
  }
  return fold(g, op, 0, kept);
}

export const predicateReasoning: Pass = {
  name: 'predicate-reasoning',
  description: 'use the input domain inside and / or: implied literals dropped, contradictions → false, tautologies → true',
  run: (program, context: PassContext) => rewriteProgram(program, makeRule(context.domain)),
};
