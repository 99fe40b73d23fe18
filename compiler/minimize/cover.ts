/** Covers (lists of cubes over '0' | '1' | '-', char j ↔ leaf j) and their IR form. */
import type { IrGraph, NodeId } from '../ir/graph';

/** Literals of a cube: its non-'-' characters. */
export function cubeLiterals(cube: string): number {
  let n = 0;
  for (const ch of cube) if (ch !== '-') n++;
  return n;
}

/** A cover as OR of ANDs over the given leaf nodes (char j ↔ leaf j). */
export function sumOfProducts(g: IrGraph, cubes: readonly string[], leaves: readonly NodeId[]): NodeId {
  if (cubes.length === 0) return g.const(false);
  const products = cubes.map((cube) => {
    const lits: NodeId[] = [];
    for (let j = 0; j < cube.length; j++) {
      if (cube[j] === '1') lits.push(leaves[j]);
      else if (cube[j] === '0') lits.push(g.not(leaves[j]));
    }
    return lits.length === 0 ? g.const(true) : lits.length === 1 ? lits[0] : g.and(lits);
  });
  return products.length === 1 ? products[0] : g.or(products);
}
