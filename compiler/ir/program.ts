/**
 * A whole compiled classifier: the node graph, what each input bit means, the class labels and
 * the output head. Two heads (SPEC §4):
 *   argmax        the net's own head: one logit per class (a boolean node read as 0/1, or a
 *                 `sum` node); the largest wins and ties go to the LOWEST class index.
 *   decisionList  ordered rules, first match wins, then `otherwise` — what minimization makes.
 */
import type { BitPredicate } from '../../src/data/predicate';
import { IrGraph, type NodeId, type NodeOp } from './graph';

export interface IrInput {
  /** The encoder's meaning of this bit (`petal_length > 4.95`, `color = "red"`, `x3 is true`). */
  readonly predicate: BitPredicate;
}

export interface DecisionRule {
  readonly classIndex: number;
  readonly when: NodeId;
}

export type IrHead =
  | { readonly kind: 'argmax'; readonly logits: readonly NodeId[] }
  | { readonly kind: 'decisionList'; readonly rules: readonly DecisionRule[]; readonly otherwise: number };

export interface IrProgram {
  readonly graph: IrGraph;
  readonly inputs: readonly IrInput[];
  readonly classes: readonly string[];
  readonly head: IrHead;
}

/** The nodes the head reads (its roots), in head order. */
export function headRoots(head: IrHead): NodeId[] {
  return head.kind === 'argmax' ? [...head.logits] : head.rules.map((r) => r.when);
}

/** The head with every root replaced through `map` (same order as headRoots). */
export function mapHead(head: IrHead, map: (id: NodeId) => NodeId): IrHead {
  return head.kind === 'argmax'
    ? { kind: 'argmax', logits: head.logits.map(map) }
    : { kind: 'decisionList', rules: head.rules.map((r) => ({ classIndex: r.classIndex, when: map(r.when) })), otherwise: head.otherwise };
}

/** Ids of the nodes reachable from the head, ascending (= topological order). */
export function liveNodes(program: IrProgram): NodeId[] {
  const g = program.graph;
  const live = new Uint8Array(g.size);
  const stack = headRoots(program.head);
  while (stack.length > 0) {
    const id = stack.pop() as NodeId;
    if (live[id]) continue;
    live[id] = 1;
    for (const a of g.node(id).args) if (!live[a]) stack.push(a);
  }
  const ids: NodeId[] = [];
  for (let id = 0; id < live.length; id++) if (live[id]) ids.push(id);
  return ids;
}

/** A node handed to a rewrite: its kind, parameter and id in the old graph. */
export interface RewriteNode {
  readonly op: NodeOp;
  readonly k: number;
  readonly oldId: NodeId;
}

/**
 * Copies the live part of a program into a fresh graph, node by node in topological order:
 * `rewrite(node, newArgs, graph)` returns the new id for the node (default: the same node over
 * the rewritten arguments). Hash-consing merges nodes that have become structurally equal, and
 * nodes no longer reachable are left behind — every pass is built on this.
 */
export function rebuild(
  program: IrProgram,
  rewrite?: (node: RewriteNode, args: NodeId[], graph: IrGraph) => NodeId,
): IrProgram {
  const source = program.graph;
  const target = new IrGraph();
  const map = new Map<NodeId, NodeId>();
  for (const id of liveNodes(program)) {
    const n = source.node(id);
    const args = n.args.map((a) => map.get(a) as NodeId);
    map.set(id, rewrite ? rewrite({ op: n.op, k: n.k, oldId: id }, args, target) : target.add(n.op, args, n.k));
  }
  const rebuilt: IrProgram = { ...program, graph: target, head: mapHead(program.head, (id) => map.get(id) as NodeId) };
  // Rewrites may leave helper nodes behind; a plain copy keeps only what the head reaches.
  return rewrite ? rebuild(rebuilt) : rebuilt;
}

/** Size measures used by --stats: live nodes, gates, and literals (see `literalCount`). */
export interface IrSize {
  readonly nodes: number;
  readonly literals: number;
}

/**
 * Literals = argument slots, over all live nodes (shared nodes counted once), that hold an input
 * or a negated input. For a sum of products this is the textbook literal count (x₁⊕x₂ as
 * x₁¬x₂ + ¬x₁x₂ has 4); for multi-level logic it counts every leaf reference once per gate.
 * A head root that is itself a literal counts as one.
 */
export function programSize(program: IrProgram): IrSize {
  const g = program.graph;
  const live = liveNodes(program);
  let literals = 0;
  for (const id of live) {
    const n = g.node(id);
    if (n.op === 'not' && g.literal(id) !== null) continue; // ¬x is a literal, not a gate
    for (const a of n.args) if (g.literal(a) !== null) literals++;
  }
  for (const root of headRoots(program.head)) if (g.literal(root) !== null) literals++;
  return { nodes: live.length, literals };
}

/** The input bits the head depends on structurally, ascending. */
export function structuralSupport(program: IrProgram): number[] {
  const g = program.graph;
  const bits = new Set<number>();
  for (const id of liveNodes(program)) {
    const n = g.node(id);
    if (n.op === 'input') bits.add(n.k);
  }
  return [...bits].sort((a, b) => a - b);
}
