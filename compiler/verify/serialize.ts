/**
 * Plain, structured-clone-safe forms of a program and an input domain, for handing them to the
 * SAT worker thread (class instances like IrGraph and InputDomain do not survive postMessage).
 * Only live nodes are sent, renumbered in topological order.
 */
import { InputDomain, type FeatureGroup } from '../domain';
import { IrGraph, type NodeId, type NodeOp } from '../ir/graph';
import { liveNodes, mapHead, type IrHead, type IrInput, type IrProgram } from '../ir/program';

/** One node: [op, k, args] with args indexing earlier entries. */
export type SerializedNode = readonly [op: NodeOp, k: number, args: readonly number[]];

export interface SerializedProgram {
  readonly nodes: readonly SerializedNode[];
  readonly inputs: readonly IrInput[];
  readonly classes: readonly string[];
  /** Roots index `nodes`. */
  readonly head: IrHead;
}

export interface SerializedDomain {
  readonly inputs: number;
  readonly groups: readonly FeatureGroup[];
}

export function serializeProgram(program: IrProgram): SerializedProgram {
  const g = program.graph;
  const index = new Map<NodeId, number>();
  const nodes: SerializedNode[] = [];
  for (const id of liveNodes(program)) {
    const n = g.node(id);
    index.set(id, nodes.length);
    nodes.push([n.op, n.k, n.args.map((a) => index.get(a) as number)]);
  }
  return {
    nodes,
    inputs: program.inputs.map((i) => ({ predicate: { ...i.predicate } })),
    classes: [...program.classes],
    head: mapHead(program.head, (id) => index.get(id) as number),
  };
}

export function deserializeProgram(data: SerializedProgram): IrProgram {
  const graph = new IrGraph();
  const ids: NodeId[] = [];
  for (const [op, k, args] of data.nodes) {
    ids.push(
      graph.add(
        op,
        args.map((a) => {
          if (!(a >= 0 && a < ids.length)) throw new Error(`deserializeProgram: node ${ids.length} refers to ${a}`);
          return ids[a];
        }),
        k,
      ),
    );
  }
  const root = (i: number): NodeId => {
    if (!(i >= 0 && i < ids.length)) throw new Error(`deserializeProgram: head refers to missing node ${i}`);
    return ids[i];
  };
  return { graph, inputs: data.inputs, classes: data.classes, head: mapHead(data.head, root) };
}

export function serializeDomain(domain: InputDomain): SerializedDomain {
  return {
    inputs: domain.inputs,
    groups: domain.groups.map((g) => ({ feature: g.feature, kind: g.kind, bits: [...g.bits], missing: g.missing })),
  };
}

export function deserializeDomain(data: SerializedDomain): InputDomain {
  return new InputDomain(data.inputs, data.groups);
}
