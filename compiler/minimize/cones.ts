/**
 * Minimization, large-support regime (SPEC §4): the multi-level structure stays; each local
 * cone of small support is collapsed to a sum of products by Espresso and swapped in when that
 * is smaller. A cone is a fanout-free region: it starts at a gate that is shared (fanout ≠ 1)
 * or read by the head or by a sum, and takes in argument gates used only by it. Shared nodes are
 * cone leaves, never duplicated — they stay named sub-expressions. Don't-cares: impossible
 * combinations of the cone's input-bit leaves. A failed Espresso call keeps the cone as it was.
 */
import { IrGraph, type NodeId } from '../ir/graph';
import { headRoots, liveNodes, mapHead, rebuild, type IrProgram } from '../ir/program';
import { evaluateNodes } from '../ir/simulate';
import type { PassContext } from '../passes/pass';
import { cubeLiterals, sumOfProducts } from './cover';
import type { EspressoService } from './espresso/service';

export interface ConeOptions {
  readonly espresso: EspressoService;
  readonly timeoutMs?: number;
  /** Most leaves of a cone (default 8: a 256-row truth table). */
  readonly maxLeaves?: number;
  /** Most cones sent to Espresso (default 2,000); the rest stay as they are, with a warning. */
  readonly maxCones?: number;
}

interface Cone {
  readonly root: NodeId;
  /** Gates of the cone, ascending (root last). */
  readonly gates: NodeId[];
  /** Leaves, ascending. */
  readonly leaves: NodeId[];
  /** Argument slots of the cone's gates, and those holding a literal: its current cost. */
  readonly edges: number;
  readonly literals: number;
}

const GATES = new Set(['not', 'and', 'or', 'xor', 'atLeast', 'exactly']);

export async function minimizeCones(program: IrProgram, context: PassContext, options: ConeOptions): Promise<IrProgram> {
  const g = program.graph;
  const live = liveNodes(program);
  const fanout = new Map<NodeId, number>();
  const rootsForced = new Set<NodeId>(headRoots(program.head));
  for (const id of live) {
    const n = g.node(id);
    for (const a of n.args) {
      fanout.set(a, (fanout.get(a) ?? 0) + 1);
      if (n.op === 'sum') rootsForced.add(a);
    }
  }
  const isGate = (id: NodeId): boolean => GATES.has(g.node(id).op);
  const absorbable = (id: NodeId): boolean => isGate(id) && fanout.get(id) === 1 && !rootsForced.has(id);
  const maxLeaves = options.maxLeaves ?? 8;
  const cones: Cone[] = [];
  for (const id of live) {
    if (!isGate(id) || absorbable(id)) continue;
    const cone = growCone(g, id, absorbable, maxLeaves);
    if (cone !== null && cone.gates.length >= 2) cones.push(cone);
  }
  const maxCones = options.maxCones ?? 2000;
  if (cones.length > maxCones) context.warnings.push(`cone minimization: ${cones.length} cones, only the first ${maxCones} minimized`);

  const replacement = new Map<NodeId, { leaves: NodeId[]; cubes: string[] }>();
  for (const cone of cones.slice(0, maxCones)) {
    const cubes = await minimizeCone(program, cone, context, options);
    if (cubes === null) continue;
    const literals = cubes.reduce((s, c) => s + inputLiterals(g, c, cone.leaves), 0);
    const edges = cubes.reduce((s, c) => s + cubeLiterals(c), 0) + (cubes.length > 1 ? cubes.length : 0);
    if (edges < cone.edges && literals <= cone.literals) replacement.set(cone.root, { leaves: cone.leaves, cubes });
  }
  if (replacement.size === 0) return program;
  // Rebuild in topological order; a replaced root is built over its leaves' NEW ids.
  const target = new IrGraph();
  const map = new Map<NodeId, NodeId>();
  for (const id of live) {
    const n = g.node(id);
    const r = replacement.get(id);
    map.set(id, r ? sumOfProducts(target, r.cubes, r.leaves.map((leaf) => map.get(leaf) as NodeId)) : target.add(n.op, n.args.map((a) => map.get(a) as NodeId), n.k));
  }
  return rebuild({ ...program, graph: target, head: mapHead(program.head, (id) => map.get(id) as NodeId) });
}

/** The fanout-free cone under `root`, or null when it has more than maxLeaves leaves. */
function growCone(g: IrGraph, root: NodeId, absorbable: (id: NodeId) => boolean, maxLeaves: number): Cone | null {
  const gates = new Set<NodeId>([root]);
  const leaves = new Set<NodeId>();
  const stack = [root];
  let edges = 0;
  let literals = 0;
  while (stack.length > 0) {
    const id = stack.pop() as NodeId;
    for (const a of g.node(id).args) {
      edges++;
      const literal = g.literal(a);
      if (literal !== null) {
        // ¬x stays a literal of the cone: its leaf is the input x.
        literals++;
        leaves.add(g.node(a).op === 'input' ? a : g.node(a).args[0]);
        if (leaves.size > maxLeaves) return null;
      } else if (absorbable(a)) {
        if (!gates.has(a)) {
          gates.add(a);
          stack.push(a);
        }
      } else if (g.node(a).op !== 'const') {
        leaves.add(a);
        if (leaves.size > maxLeaves) return null;
      }
    }
  }
  const asc = (s: Set<NodeId>): NodeId[] => [...s].sort((a, b) => a - b);
  return { root, gates: asc(gates), leaves: asc(leaves), edges, literals };
}

/** Espresso's cover of the cone's function over its leaves (char j ↔ leaf j), or null. */
async function minimizeCone(program: IrProgram, cone: Cone, context: PassContext, options: ConeOptions): Promise<string[] | null> {
  const source = program.graph;
  const L = cone.leaves.length;
  // The cone alone, its leaves turned into inputs 0..L−1.
  const g = new IrGraph();
  const map = new Map<NodeId, NodeId>();
  cone.leaves.forEach((leaf, j) => map.set(leaf, g.input(j)));
  // An argument is a leaf, an absorbed gate, the negation of an input leaf, or a constant.
  const resolve = (a: NodeId): NodeId => {
    const known = map.get(a);
    if (known !== undefined) return known;
    const n = source.node(a);
    if (n.op === 'not' && map.has(n.args[0])) return g.not(map.get(n.args[0]) as NodeId);
    if (n.op === 'const') return g.const(n.k === 1);
    throw new Error(`cone minimization: node ${a} is neither a leaf nor a gate of the cone at n${cone.root}`);
  };
  for (const id of cone.gates) {
    const n = source.node(id);
    map.set(id, g.add(n.op, n.args.map(resolve), n.k));
  }
  const root = map.get(cone.root) as NodeId;
  const rows = 1 << L;
  const words = Math.max(1, rows >>> 5);
  const inputs = cone.leaves.map((_, j) => {
    const w = new Int32Array(words);
    for (let r = 0; r < rows; r++) if ((r >>> j) & 1) w[r >>> 5] |= 1 << (r & 31);
    return w;
  });
  const coneProgram: IrProgram = { graph: g, inputs: [], classes: ['0', '1'], head: { kind: 'decisionList', rules: [{ classIndex: 1, when: root }], otherwise: 0 } };
  const [values] = evaluateNodes(coneProgram, inputs, words, [root]);
  const on: string[] = [];
  for (let r = 0; r < rows; r++) {
    if ((values[r >>> 5] >>> (r & 31)) & 1) {
      let cube = '';
      for (let j = 0; j < L; j++) cube += (r >>> j) & 1 ? '1' : '0';
      on.push(cube);
    }
  }
  const outcome = await options.espresso.minimize({ inputs: L, on, dc: leafDontCares(source, cone.leaves, context) }, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  if (outcome.status !== 'ok') {
    context.warnings.push(`cone at n${cone.root} kept un-minimized: Espresso ${outcome.reason}`);
    return null;
  }
  return outcome.cubes;
}

/** Literals of a cube over leaves that are input bits (what `programSize` counts). */
function inputLiterals(g: IrGraph, cube: string, leaves: readonly NodeId[]): number {
  let n = 0;
  for (let j = 0; j < cube.length; j++) if (cube[j] !== '-' && g.node(leaves[j]).op === 'input') n++;
  return n;
}

/** Impossible combinations of the leaves that are input bits, spread over all leaf positions. */
function leafDontCares(g: IrGraph, leaves: readonly NodeId[], context: PassContext): string[] {
  const bits: number[] = [];
  const positions: number[] = [];
  leaves.forEach((leaf, j) => {
    const n = g.node(leaf);
    if (n.op === 'input') {
      bits.push(n.k);
      positions.push(j);
    }
  });
  if (bits.length < 2) return [];
  return context.domain.impossibleCubes(bits).map((cube) => {
    const chars = new Array<string>(leaves.length).fill('-');
    positions.forEach((p, i) => (chars[p] = cube[i]));
    return chars.join('');
  });
}
