/**
 * flatten: and-of-and, or-of-or and xor-of-xor merge into one node when the inner node is read
 * by that one argument slot only (shared logic is never duplicated: a shared inner node stays a
 * named sub-expression); not(not(x)) → x; single-argument and / or / xor → the argument.
 * Constants are folded as nodes are rebuilt (see rewrite.ts).
 */
import type { NodeId } from '../ir/graph';
import type { Pass } from './pass';
import { fold, rewriteProgram, type RuleInput } from './rewrite';

function flattenRule(input: RuleInput): NodeId {
  const { node, args, graph, old, oldArgs, fanout, mapped } = input;
  const op = node.op;
  if (op === 'not') {
    const inner = graph.node(args[0]);
    if (inner.op === 'not') return inner.args[0];
    return fold(graph, op, node.k, args);
  }
  if (op !== 'and' && op !== 'or' && op !== 'xor') return fold(graph, op, node.k, args);
  let merged: NodeId[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const x = oldArgs[i];
    const innerOld = old.node(x);
    const inner = graph.node(a);
    // Merge only an inner node this slot owns: read once, of the same kind before and after,
    // and not merely one of its own arguments passed through (that one may be shared).
    const owned = fanout[x] === 1 && innerOld.op === op && inner.op === op && !innerOld.args.some((y) => mapped[y] === a);
    if (owned) {
      if (merged === null) merged = args.slice(0, i);
      for (const b of inner.args) merged.push(b);
    } else if (merged !== null) merged.push(a);
  }
  return fold(graph, op, node.k, merged ?? args);
}

export const flatten: Pass = {
  name: 'flatten',
  description: 'merge and-of-and / or-of-or / xor-of-xor with an unshared inner node, not(not(x)) → x, one-argument gates → their argument',
  run: (program) => rewriteProgram(program, flattenRule),
};
