/**
 * boolean-laws: idempotence (a repeated argument of and / or is kept once; in an xor a repeated
 * pair cancels), complements (x ∧ ¬x → false, x ∨ ¬x → true; in an xor each x, ¬x pair is a
 * constant true: removed, and the parity flips) and absorption (a ∧ (a ∨ b) → a and
 * a ∨ (a ∧ b) → a, when a is an argument of the outer node and a direct argument of the inner
 * one). Constants are folded as nodes are rebuilt (see rewrite.ts).
 */
import type { IrGraph, NodeId } from '../ir/graph';
import type { Pass } from './pass';
import { fold, isLiteral, rewriteProgram, signalKey, type RuleInput } from './rewrite';

/** True when the sorted list `sorted` contains some element of `set` (cheapest way round). */
function sharesAny(sorted: readonly NodeId[], set: ReadonlySet<NodeId>): boolean {
  if (sorted.length <= set.size * Math.log2(sorted.length + 1)) return sorted.some((b) => set.has(b));
  for (const b of set) {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] === b) return true;
      if (sorted[mid] < b) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return false;
}

/** True when an argument of the inner node is (the signal of) an argument of the outer one. */
function absorbs(g: IrGraph, inner: readonly NodeId[], outer: ReadonlySet<NodeId>, bySignal: ReadonlyMap<number, NodeId>): boolean {
  if (inner.length > 64) return sharesAny(inner, outer); // wide: by id only, in O(outer · log inner)
  return inner.some((b) => bySignal.has(signalKey(g, b)));
}

function andOr(g: IrGraph, op: 'and' | 'or', args: readonly NodeId[]): NodeId {
  // Idempotence and complements by signal (see rewrite.ts: x, a shared buffer of x and ¬¬x are
  // one signal); of equal arguments the one that is not itself a literal is kept (fewer literals).
  const bySignal = new Map<number, NodeId>();
  for (const a of args) {
    const key = signalKey(g, a);
    if (bySignal.has(key ^ 1)) return g.const(op === 'or'); // complement
    const seen = bySignal.get(key);
    if (seen === undefined || (isLiteral(g, seen) && !isLiteral(g, a))) bySignal.set(key, a);
  }
  const set = new Set(bySignal.values());
  const dual = op === 'and' ? 'or' : 'and';
  const kept: NodeId[] = [];
  for (const a of set) {
    const n = g.node(a);
    if (n.op === dual && n.args.length > 1 && absorbs(g, n.args, set, bySignal)) continue; // absorbed
    kept.push(a);
  }
  return fold(g, op, 0, kept);
}

function xor(g: IrGraph, args: readonly NodeId[]): NodeId {
  const odd = new Set<NodeId>();
  for (const a of args) if (!odd.delete(a)) odd.add(a); // a repeated pair cancels
  let parity = 0;
  for (const a of [...odd]) {
    const n = g.node(a);
    if (n.op === 'not' && odd.has(n.args[0]) && odd.has(a)) {
      odd.delete(a);
      odd.delete(n.args[0]);
      parity ^= 1; // x ⊕ ¬x = true
    }
  }
  const rest = [...odd];
  if (parity) rest.push(g.const(true));
  return fold(g, 'xor', 0, rest);
}

function lawsRule(input: RuleInput): NodeId {
  const { node, args, graph } = input;
  if (node.op === 'and' || node.op === 'or') return andOr(graph, node.op, args);
  if (node.op === 'xor') return xor(graph, args);
  return fold(graph, node.op, node.k, args);
}

export const booleanLaws: Pass = {
  name: 'boolean-laws',
  description: 'idempotence, complements (x ∧ ¬x, x ∨ ¬x, x ⊕ ¬x) and absorption (a ∧ (a ∨ b) → a)',
  run: (program) => rewriteProgram(program, lawsRule),
};
