/**
 * threshold-normalization: a complementary pair x, ¬x among the arguments of atLeast / exactly /
 * sum always counts exactly 1, so both go and k drops by 1 (a sum's offset rises by 1); then
 * atLeast(1, xs) → or(xs), atLeast(n of n) → and(xs), exactly(0, xs) → not(or(xs)),
 * exactly(n of n) → and(xs) (n counts repeated arguments: a repeat counts twice). Other
 * thresholds stay as they are (no dualizing). Constants are folded as nodes are rebuilt.
 */
import type { IrGraph, NodeId } from '../ir/graph';
import type { Pass } from './pass';
import { fold, isLiteral, rewriteProgram, signalKey, type RuleInput } from './rewrite';

/**
 * The arguments with complementary pairs (x and ¬x, seen through shared literal buffers: see
 * rewrite.ts) removed, and the number of pairs. Of each pair's members, arguments that are
 * literals themselves go first (fewer literal slots left).
 */
export function removeComplementPairs(g: IrGraph, args: readonly NodeId[]): { rest: NodeId[]; pairs: number } {
  const bySignal = new Map<number, NodeId[]>();
  let negations = false;
  for (const a of args) {
    const key = signalKey(g, a);
    if (key & 1) negations = true;
    const list = bySignal.get(key);
    if (list) list.push(a);
    else bySignal.set(key, [a]);
  }
  if (!negations) return { rest: [...args], pairs: 0 };
  let pairs = 0;
  for (const [key, negative] of bySignal) {
    if (!(key & 1)) continue;
    const positive = bySignal.get(key ^ 1);
    if (positive === undefined) continue;
    const p = Math.min(negative.length, positive.length);
    if (p === 0) continue;
    pairs += p;
    for (const list of [negative, positive]) {
      list.sort((a, b) => Number(isLiteral(g, b)) - Number(isLiteral(g, a))); // literals first
      list.splice(0, p);
    }
  }
  if (pairs === 0) return { rest: [...args], pairs: 0 };
  const rest: NodeId[] = [];
  for (const list of bySignal.values()) for (const a of list) rest.push(a);
  return { rest, pairs };
}

function thresholdRule(input: RuleInput): NodeId {
  const { node, args, graph: g } = input;
  if (node.op !== 'atLeast' && node.op !== 'exactly' && node.op !== 'sum') return fold(g, node.op, node.k, args);
  const { rest, pairs } = removeComplementPairs(g, args);
  if (node.op === 'sum') return fold(g, 'sum', node.k + pairs, rest);
  const folded = fold(g, node.op, node.k - pairs, rest);
  const f = g.node(folded);
  if (f.op !== node.op) return folded; // became a constant
  const n = f.args.length;
  if (f.op === 'atLeast') {
    if (f.k === 1) return fold(g, 'or', 0, f.args);
    if (f.k === n) return fold(g, 'and', 0, f.args);
    return folded;
  }
  if (f.k === 0) return fold(g, 'not', 0, [fold(g, 'or', 0, f.args)]);
  if (f.k === n) return fold(g, 'and', 0, f.args);
  return folded;
}

export const thresholdNormalization: Pass = {
  name: 'threshold-normalization',
  description: 'x, ¬x pairs in thresholds and sums count 1; atLeast(1) → or, n of n → and, exactly(0) → not(or)',
  run: (program) => rewriteProgram(program, thresholdRule),
};
