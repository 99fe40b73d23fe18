import type { LayerAttrsMap, LayerName } from '../../src/kernels/names';

/** Shapes and attributes each layer is tested with: m inputs, n neurons (0 = no weights). */
export interface LayerCase<N extends LayerName = LayerName> {
  readonly layer: N;
  readonly m: number;
  readonly n: number;
  readonly attrs: LayerAttrsMap[N];
}

const none = {} as Record<string, never>;

export const LAYER_CASES: readonly LayerCase[] = [
  { layer: 'notLayer', m: 7, n: 5, attrs: none },
  { layer: 'impliesLayer', m: 7, n: 5, attrs: { packed: true } },
  { layer: 'impliesLayer', m: 6, n: 4, attrs: { packed: false } },
  { layer: 'andLayer', m: 9, n: 6, attrs: none },
  { layer: 'andLayer', m: 1, n: 3, attrs: none },
  { layer: 'orLayer', m: 9, n: 6, attrs: none },
  { layer: 'orLayer', m: 1, n: 3, attrs: none },
  { layer: 'majorityLayer', m: 15, n: 0, attrs: { groupSize: 5, packed: true } },
  { layer: 'majorityLayer', m: 16, n: 0, attrs: { groupSize: 4, packed: true } },
  { layer: 'majorityLayer', m: 32, n: 0, attrs: { groupSize: 16, packed: true } },
  { layer: 'majorityLayer', m: 128, n: 0, attrs: { groupSize: 64, packed: true } },
  { layer: 'majorityLayer', m: 15, n: 0, attrs: { groupSize: 5, packed: false } },
  { layer: 'majorityLayer', m: 64, n: 0, attrs: { groupSize: 16, packed: false } },
  { layer: 'countHotLayer', m: 12, n: 0, attrs: { groupSize: 6 } },
  { layer: 'countHotLayer', m: 5, n: 0, attrs: { groupSize: 1 } },
  { layer: 'countHotLayer', m: 40, n: 0, attrs: { groupSize: 40 } },
  { layer: 'negConcatLayer', m: 6, n: 0, attrs: none },
  { layer: 'hardenLayer', m: 6, n: 0, attrs: none },
  { layer: 'dropoutLayer', m: 6, n: 0, attrs: none },
];

export function describeCase(c: LayerCase): string {
  const attrs = Object.entries(c.attrs)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return `${c.layer}(m=${c.m}${c.n ? `,n=${c.n}` : ''}${attrs ? `,${attrs}` : ''})`;
}
