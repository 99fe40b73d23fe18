/** Hand-made nets and predicate sets shared by the compiler and CLI tests. */
import type { HardNetDescription } from '../../compiler/lower';
import type { BitPredicate } from '../../src/data/predicate';
import type { ArchSpec } from '../../src/nets/arch';
import { rawPredicates } from './random_nets';

/** x1 XOR x2 over 12 raw bits: [x, ¬x] → two ANDs → one OR, read as [y, ¬y]. */
export function xorNet(): HardNetDescription {
  const arch: ArchSpec = {
    inputs: 12,
    classes: 2,
    layers: [
      { kind: 'negConcat' },
      { kind: 'and', width: 2, init: { kind: 'constant', value: 0.3 } },
      { kind: 'or', width: 1, init: { kind: 'constant', value: 0.3 } },
    ],
    head: { kind: 'bitAndNegation', harden: false },
  };
  const and = new Uint8Array(2 * 24);
  and[0] = 1; // x1
  and[12 + 1] = 1; // ¬x2
  and[24 + 12] = 1; // ¬x1
  and[24 + 1] = 1; // x2
  return {
    arch,
    weights: [null, { rows: 2, cols: 24, bits: and }, { rows: 1, cols: 2, bits: Uint8Array.from([1, 1]) }],
    predicates: rawPredicates(12),
    classes: ['0', '1'],
  };
}

/** Predicates of a small tabular data set: two numeric features, a categorical one with a missing bit, a boolean. */
export const TABULAR: BitPredicate[] = [
  { feature: 'len', op: '>', value: 1.5 },
  { feature: 'len', op: '>', value: 3 },
  { feature: 'len', op: '>', value: 4.5 },
  { feature: 'width', op: '>', value: 0.2 },
  { feature: 'width', op: '>', value: 0.8 },
  { feature: 'color', op: '=', value: 'blue' },
  { feature: 'color', op: '=', value: 'red' },
  { feature: 'color', op: '=', value: 'green' },
  { feature: 'color', op: 'is missing' },
  { feature: 'shiny', op: 'is true' },
];

