/**
 * The boolean IR (SPEC §4): a hash-consed DAG. Structurally equal nodes are one node, so sharing
 * is explicit and duplicate elimination is a by-product of rebuilding. Node ids are indices into
 * `nodes` and every node's arguments have smaller ids, so ascending id order is a topological
 * order — passes and the simulator rely on that.
 *
 * Node kinds (`k` carries the one integer each kind needs):
 *   const          k = 0 or 1
 *   input          k = input bit index (a leaf; what the bit means lives in IrProgram.inputs)
 *   not            args = [a]
 *   and / or       n-ary; and() = true, or() = false
 *   xor            n-ary parity; xor() = false
 *   atLeast        true when at least k of args are true (args may repeat: a repeat counts twice)
 *   exactly        true when exactly k of args are true
 *   sum            INTEGER: k + the number of true args (a popcount; only heads read sums)
 * Commutative argument lists are stored sorted, so `and(a, b)` and `and(b, a)` are one node.
 */

export type NodeId = number;

export type BooleanOp = 'const' | 'input' | 'not' | 'and' | 'or' | 'xor' | 'atLeast' | 'exactly';
export type NodeOp = BooleanOp | 'sum';

export interface IrNode {
  readonly op: NodeOp;
  readonly args: readonly NodeId[];
  readonly k: number;
}

const VARIADIC: ReadonlySet<NodeOp> = new Set(['and', 'or', 'xor', 'atLeast', 'exactly', 'sum']);

export class IrGraph {
  private readonly list: IrNode[] = [];
  private readonly index = new Map<string, NodeId>();

  get size(): number {
    return this.list.length;
  }

  node(id: NodeId): IrNode {
    const n = this.list[id];
    if (n === undefined) throw new Error(`IR: no node ${id}`);
    return n;
  }

  /** All nodes, in id (= topological) order. */
  get nodes(): readonly IrNode[] {
    return this.list;
  }

  /** The one node with this structure (created on first use). */
  add(op: NodeOp, args: readonly NodeId[], k = 0): NodeId {
    for (const a of args) {
      if (!(a >= 0 && a < this.list.length)) throw new Error(`IR: ${op} refers to missing node ${a}`);
      if (this.list[a].op === 'sum') throw new Error(`IR: ${op} cannot take the integer node ${a}`);
    }
    if (!Number.isInteger(k)) throw new Error(`IR: ${op} needs an integer parameter, got ${k}`);
    checkArity(op, args.length, k);
    const sorted = VARIADIC.has(op) ? [...args].sort((a, b) => a - b) : [...args];
    const key = `${op}|${k}|${sorted.join(',')}`;
    const found = this.index.get(key);
    if (found !== undefined) return found;
    const id = this.list.length;
    this.list.push({ op, args: sorted, k });
    this.index.set(key, id);
    return id;
  }

  const(value: boolean): NodeId {
    return this.add('const', [], value ? 1 : 0);
  }
  input(bit: number): NodeId {
    return this.add('input', [], bit);
  }
  not(a: NodeId): NodeId {
    return this.add('not', [a]);
  }
  and(args: readonly NodeId[]): NodeId {
    return this.add('and', args);
  }
  or(args: readonly NodeId[]): NodeId {
    return this.add('or', args);
  }
  xor(args: readonly NodeId[]): NodeId {
    return this.add('xor', args);
  }
  atLeast(k: number, args: readonly NodeId[]): NodeId {
    return this.add('atLeast', args, k);
  }
  exactly(k: number, args: readonly NodeId[]): NodeId {
    return this.add('exactly', args, k);
  }
  sum(args: readonly NodeId[], offset = 0): NodeId {
    return this.add('sum', args, offset);
  }

  /** The literal the node stands for, if it is an input or the negation of one. */
  literal(id: NodeId): { bit: number; negated: boolean } | null {
    const n = this.node(id);
    if (n.op === 'input') return { bit: n.k, negated: false };
    if (n.op === 'not') {
      const a = this.node(n.args[0]);
      if (a.op === 'input') return { bit: a.k, negated: true };
    }
    return null;
  }
}

function checkArity(op: NodeOp, count: number, k: number): void {
  switch (op) {
    case 'const':
      if (count !== 0 || (k !== 0 && k !== 1)) throw new Error('IR: const takes no arguments and k ∈ {0, 1}');
      return;
    case 'input':
      if (count !== 0 || k < 0) throw new Error('IR: input takes no arguments and a bit index ≥ 0');
      return;
    case 'not':
      if (count !== 1) throw new Error(`IR: not takes one argument, got ${count}`);
      return;
    default:
      return;
  }
}

/** True when `op` yields a boolean (everything but `sum`). */
export function isBoolean(op: NodeOp): op is BooleanOp {
  return op !== 'sum';
}
