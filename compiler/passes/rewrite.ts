/**
 * What every simplification pass shares: a node-by-node rewrite over `rebuild` that
 *   • builds through `fold` — constant arguments folded, bounds of thresholds applied and
 *     single-argument and / or / xor replaced by the argument — so a constant one rule makes
 *     (x ∧ ¬x → false) reaches the parents in the same pass, and
 *   • never lets a rewrite duplicate literal references: a gate that simplifies to a literal
 *     (`or(x, false)` → x) but is read from several argument slots (or head slots) stays one
 *     shared buffer `and(x)`. Otherwise each reader would hold its own copy of the literal and
 *     the literal count (programSize) would grow; a shared node is a named wire, counted once.
 */
import type { IrGraph, NodeId, NodeOp } from '../ir/graph';
import { headRoots, liveNodes, rebuild, type IrProgram, type RewriteNode } from '../ir/program';

/** Number of argument slots (plus head slots) that read each node of the program's live part. */
export function fanout(program: IrProgram): Int32Array {
  const g = program.graph;
  const out = new Int32Array(g.size);
  for (const id of liveNodes(program)) for (const a of g.node(id).args) out[a]++;
  for (const root of headRoots(program.head)) out[root]++;
  return out;
}

/** True when the node is an input or the negation of one (what programSize counts). */
export function isLiteral(g: IrGraph, id: NodeId): boolean {
  const n = g.node(id);
  return n.op === 'input' || (n.op === 'not' && g.node(n.args[0]).op === 'input');
}

/**
 * The node `op(k; args)` with constants folded:
 *   not(c) → ¬c;  and / or: drop the neutral constant, an absorbing one decides, () → constant;
 *   xor: constants toggle the parity (odd → not of the rest);  one argument left → that argument;
 *   atLeast: true args lower k, k ≤ 0 → true, k > n → false;
 *   exactly: true args lower k, k < 0 or k > n → false, nothing left → (k = 0);
 *   sum: constant args move into the offset (a sum stays a sum: heads read its integer).
 */
export function fold(g: IrGraph, op: NodeOp, k: number, args: readonly NodeId[]): NodeId {
  switch (op) {
    case 'const':
    case 'input':
      return g.add(op, [], k);
    case 'not': {
      const a = g.node(args[0]);
      return a.op === 'const' ? g.const(a.k === 0) : g.not(args[0]);
    }
    case 'and':
    case 'or': {
      const absorbing = op === 'and' ? 0 : 1;
      let rest: NodeId[] | null = null;
      for (let i = 0; i < args.length; i++) {
        const n = g.node(args[i]);
        if (n.op === 'const') {
          if (n.k === absorbing) return g.const(absorbing === 1);
          if (rest === null) rest = args.slice(0, i);
        } else if (rest !== null) rest.push(args[i]);
      }
      const kept = rest ?? args;
      if (kept.length === 0) return g.const(op === 'and');
      if (kept.length === 1) return kept[0];
      return g.add(op, kept);
    }
    case 'xor': {
      let parity = 0;
      const rest: NodeId[] = [];
      for (const a of args) {
        const n = g.node(a);
        if (n.op === 'const') parity ^= n.k;
        else rest.push(a);
      }
      if (rest.length === 0) return g.const(parity === 1);
      const core = rest.length === 1 ? rest[0] : g.xor(rest);
      return parity === 1 ? g.not(core) : core;
    }
    case 'atLeast':
    case 'exactly':
    case 'sum': {
      let trues = 0;
      let rest: NodeId[] | null = null;
      for (let i = 0; i < args.length; i++) {
        const n = g.node(args[i]);
        if (n.op === 'const') {
          trues += n.k;
          if (rest === null) rest = args.slice(0, i);
        } else if (rest !== null) rest.push(args[i]);
      }
      const kept = rest ?? args;
      if (op === 'sum') return g.sum(kept, k + trues);
      const need = k - trues;
      if (op === 'atLeast') {
        if (need <= 0) return g.const(true);
        if (need > kept.length) return g.const(false);
        return g.atLeast(need, kept);
      }
      if (need < 0 || need > kept.length) return g.const(false);
      if (kept.length === 0) return g.const(true);
      return g.exactly(need, kept);
    }
    default: {
      const unreachable: never = op;
      throw new Error(`passes: unknown node kind ${String(unreachable)}`);
    }
  }
}

/** What a rule sees of the node being rewritten. */
export interface RuleInput {
  readonly node: RewriteNode;
  /** The node's arguments, already rewritten, in the new graph. */
  readonly args: NodeId[];
  /** The new graph (build with `fold` or `graph.add`). */
  readonly graph: IrGraph;
  /** The old graph and the old node's arguments (same order as `args`). */
  readonly old: IrGraph;
  readonly oldArgs: readonly NodeId[];
  /** Fanout (argument and head slots) of every node of the old graph. */
  readonly fanout: Int32Array;
  /** New id of every old node already rewritten. */
  readonly mapped: Int32Array;
}

/**
 * Rebuilds the program through `rule` (default: `fold`), then guards against duplicated literal
 * references (see the header). The result equals the input on every input `rule` is sound for.
 */
export function rewriteProgram(program: IrProgram, rule: (input: RuleInput) => NodeId): IrProgram {
  const old = program.graph;
  const fan = fanout(program);
  const mapped = new Int32Array(old.size).fill(-1);
  return rebuild(program, (node, args, graph) => {
    const oldArgs = old.node(node.oldId).args;
    let result = rule({ node, args, graph, old, oldArgs, fanout: fan, mapped });
    if (fan[node.oldId] >= 2 && isLiteral(graph, result) && !isLiteral(old, node.oldId)) result = graph.and([result]);
    mapped[node.oldId] = result;
    return result;
  });
}

/** The default rule: the same node over the new arguments, constants folded. */
export function foldRule(input: RuleInput): NodeId {
  return fold(input.graph, input.node.op, input.node.k, input.args);
}

/**
 * The signal an argument carries, up to negation: `base` is `-(bit + 1)` for an input bit, else
 * a node id; seen through `not` (flips `negated`) and one-argument and / or (shared literal
 * buffers). Two arguments with equal keys are equal; keys differing in `negated` only are
 * complements.
 */
export function signal(g: IrGraph, id: NodeId): { base: number; negated: boolean } {
  let negated = false;
  let cur = id;
  for (;;) {
    const n = g.node(cur);
    if (n.op === 'input') return { base: -(n.k + 1), negated };
    if (n.op === 'not') {
      negated = !negated;
      cur = n.args[0];
    } else if ((n.op === 'and' || n.op === 'or') && n.args.length === 1) cur = n.args[0];
    else return { base: cur, negated };
  }
}

/** One number per signal: 2·base (+1 when negated); the complement is `key ^ 1`. */
export function signalKey(g: IrGraph, id: NodeId): number {
  const s = signal(g, id);
  return 2 * s.base + (s.negated ? 1 : 0);
}
