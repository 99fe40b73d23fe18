/**
 * The printer core every target shares (m2cgen style): the IR is turned once into a Plan — an
 * ordered list of named intermediate conditions plus the head — and each target only renders
 * expressions and statements in its own syntax (`render.ts`).
 *
 * Naming policy: a node becomes a named definition when it is read more than once (shared
 * logic is computed once, and named so a reader can follow it) or when it is a `sum`;
 * everything else is inlined into its single reader. Single-argument AND/OR nodes are
 * transparent buffers and print as their argument. Names are `c1, c2, …` in topological order
 * (targets may rename); each definition carries a human-readable comment of what it tests.
 */
import type { NodeId } from '../../compiler/ir/graph';
import { headRoots, liveNodes, type IrProgram } from '../../compiler/ir/program';
import type { BitPredicate } from '../../src/data/predicate';

export type Expr =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'input'; readonly bit: number }
  | { readonly kind: 'ref'; readonly name: string; readonly integer: boolean }
  | { readonly kind: 'not'; readonly arg: Expr }
  | { readonly kind: 'and' | 'or' | 'xor'; readonly args: readonly Expr[] }
  | { readonly kind: 'atLeast' | 'exactly'; readonly k: number; readonly args: readonly Expr[] }
  | { readonly kind: 'sum'; readonly offset: number; readonly args: readonly Expr[] };

export interface Definition {
  readonly name: string;
  readonly expr: Expr;
  /** True for sums (integers); false for conditions (booleans). */
  readonly integer: boolean;
}

export interface PlanRule {
  readonly classIndex: number;
  readonly condition: Expr;
}

export type PlanHead =
  | { readonly kind: 'decisionList'; readonly rules: readonly PlanRule[]; readonly otherwise: number }
  /** Largest logit wins, ties to the lowest class index. Logits are booleans (0/1) or sums. */
  | { readonly kind: 'argmax'; readonly logits: readonly Expr[] };

export interface Plan {
  readonly predicates: readonly BitPredicate[];
  readonly classes: readonly string[];
  readonly definitions: readonly Definition[];
  readonly head: PlanHead;
  /** Input bits the plan reads, ascending. */
  readonly usedInputs: readonly number[];
}

export interface PlanOptions {
  /** Name every gate node, not only shared ones (default false). */
  readonly nameAll?: boolean;
  /** Prefix of definition names (default "c"). */
  readonly prefix?: string;
}

export function planProgram(program: IrProgram, options: PlanOptions = {}): Plan {
  const g = program.graph;
  const live = liveNodes(program);
  const roots = headRoots(program.head);
  const transparent = (id: NodeId): NodeId => {
    let at = id;
    for (;;) {
      const n = g.node(at);
      if ((n.op === 'and' || n.op === 'or') && n.args.length === 1) at = n.args[0];
      else return at;
    }
  };
  const uses = new Map<NodeId, number>();
  const count = (id: NodeId): void => {
    const t = transparent(id);
    uses.set(t, (uses.get(t) ?? 0) + 1);
  };
  for (const id of live) {
    const n = g.node(id);
    if ((n.op === 'and' || n.op === 'or') && n.args.length === 1) continue;
    for (const a of n.args) count(a);
  }
  for (const r of roots) count(r);

  const prefix = options.prefix ?? 'c';
  const named = new Map<NodeId, string>();
  const definitions: Definition[] = [];
  const exprOf = (id: NodeId): Expr => {
    const t = transparent(id);
    const name = named.get(t);
    if (name !== undefined) return { kind: 'ref', name, integer: g.node(t).op === 'sum' };
    return build(t);
  };
  const build = (id: NodeId): Expr => {
    const n = g.node(id);
    switch (n.op) {
      case 'const':
        return { kind: 'const', value: n.k === 1 };
      case 'input':
        return { kind: 'input', bit: n.k };
      case 'not':
        return { kind: 'not', arg: exprOf(n.args[0]) };
      case 'and':
      case 'or':
      case 'xor':
        return { kind: n.op, args: n.args.map(exprOf) };
      case 'atLeast':
      case 'exactly':
        return { kind: n.op, k: n.k, args: n.args.map(exprOf) };
      case 'sum':
        return { kind: 'sum', offset: n.k, args: n.args.map(exprOf) };
    }
  };
  for (const id of live) {
    const n = g.node(id);
    if (n.op === 'input' || n.op === 'const' || transparent(id) !== id) continue;
    if (n.op === 'not' && g.node(n.args[0]).op === 'input') continue;
    const shared = (uses.get(id) ?? 0) > 1;
    if (n.op === 'sum' || shared || options.nameAll) {
      const expr = build(id);
      const name = `${prefix}${definitions.length + 1}`;
      definitions.push({ name, expr, integer: n.op === 'sum' });
      named.set(id, name);
    }
  }
  const head: PlanHead =
    program.head.kind === 'argmax'
      ? { kind: 'argmax', logits: program.head.logits.map(exprOf) }
      : { kind: 'decisionList', rules: program.head.rules.map((r) => ({ classIndex: r.classIndex, condition: exprOf(r.when) })), otherwise: program.head.otherwise };
  const usedInputs = live.filter((id) => g.node(id).op === 'input').map((id) => g.node(id).k);
  return {
    predicates: program.inputs.map((i) => i.predicate),
    classes: program.classes,
    definitions,
    head,
    usedInputs: [...new Set(usedInputs)].sort((a, b) => a - b),
  };
}

/** True when the expression is a sum (an integer), else a condition. */
export function isInteger(expr: Expr): boolean {
  return expr.kind === 'sum' || (expr.kind === 'ref' && expr.integer);
}
