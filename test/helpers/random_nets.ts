/**
 * Random small hardened nets for compiler and target tests: every layer kind and every head
 * appear, widths stay small (≤ 64 bits between layers), weights are seeded random bits.
 */
import type { BitPredicate } from '../../src/data/predicate';
import { layerShapes, type ArchSpec, type LayerSpec } from '../../src/nets/arch';
import type { HardLayerWeights } from '../../src/nets/hard_net';
import type { HardNetDescription } from '../../compiler/lower';

const INIT = { kind: 'constant', value: 0.5 } as const;

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)];
}

function int(lo: number, hi: number, next: () => number): number {
  return lo + Math.floor(next() * (hi - lo + 1));
}

function divisors(n: number, max: number): number[] {
  const out: number[] = [];
  for (let d = 2; d <= Math.min(n, max); d++) if (n % d === 0) out.push(d);
  return out;
}

/** A random architecture over `inputs` bits; `kinds` forces layer kinds to appear (in order). */
export function randomArch(inputs: number, classes: number, next: () => number, kinds?: readonly LayerSpec['kind'][]): ArchSpec {
  const layers: LayerSpec[] = [];
  let width = inputs;
  const push = (spec: LayerSpec): void => {
    layers.push(spec);
    width = layerShapes({ inputs, classes: 1, layers, head: { kind: 'groupSum', harden: true } } as ArchSpec).at(-1)?.outputs ?? width;
  };
  const plan = kinds ?? Array.from({ length: int(1, 3, next) }, () => pick(['negConcat', 'and', 'or', 'not', 'implies', 'majority', 'countHot', 'dropout'] as const, next));
  for (const kind of plan) {
    switch (kind) {
      case 'negConcat':
        if (width <= 32) push({ kind });
        break;
      case 'and':
      case 'or':
        push({ kind, width: int(1, 8, next), init: INIT });
        break;
      case 'not':
      case 'implies': {
        const w = Math.max(1, Math.min(int(1, 3, next), Math.floor(48 / width)));
        push(kind === 'not' ? { kind, width: w, init: INIT } : { kind, width: w, init: INIT, packed: next() < 0.5 });
        break;
      }
      case 'majority':
      case 'countHot': {
        const sizes = divisors(width, kind === 'countHot' ? 6 : 12);
        if (sizes.length > 0 && (kind === 'majority' || width <= 24)) push({ kind, groupSize: pick(sizes, next) });
        break;
      }
      case 'dropout':
        push({ kind, rate: 0.1 });
        break;
    }
  }
  const head = pick(['bits', 'groupMax', 'groupSum', 'bitAndNegation'] as const, next);
  if (head === 'bitAndNegation') {
    if (classes !== 2) return randomArch(inputs, classes, next, kinds);
    push({ kind: next() < 0.5 ? 'and' : 'or', width: 1, init: INIT });
    return { inputs, classes, layers, head: { kind: head, harden: false } };
  }
  if (head === 'bits') push({ kind: next() < 0.5 ? 'and' : 'or', width: classes, init: INIT });
  else if (width % classes !== 0 || width > 24) push({ kind: next() < 0.5 ? 'and' : 'or', width: classes * int(1, 3, next), init: INIT });
  return { inputs, classes, layers, head: { kind: head, harden: true } };
}

/** Random 0/1 weights for every weighted layer (density per layer drawn from [0.1, 0.6]). */
export function randomWeights(arch: ArchSpec, next: () => number): (HardLayerWeights | null)[] {
  return layerShapes(arch).map((s) => {
    if (s.weights === null) return null;
    const [rows, cols] = s.weights;
    const p = 0.1 + 0.5 * next();
    return { rows, cols, bits: Uint8Array.from({ length: rows * cols }, () => (next() < p ? 1 : 0)) };
  });
}

/** Raw-bit predicates x1 … xn (as for bit-matrix data). */
export function rawPredicates(inputs: number): BitPredicate[] {
  return Array.from({ length: inputs }, (_, i) => ({ feature: `x${i + 1}`, op: 'is true' as const }));
}

/** A random net over raw bits, ready to lower. */
export function randomNet(next: () => number, options: { inputs?: number; classes?: number; kinds?: readonly LayerSpec['kind'][] } = {}): HardNetDescription {
  const inputs = options.inputs ?? int(2, 12, next);
  const classes = options.classes ?? int(2, 4, next);
  const arch = randomArch(inputs, classes, next, options.kinds);
  return {
    arch,
    weights: randomWeights(arch, next),
    predicates: rawPredicates(inputs),
    classes: Array.from({ length: classes }, (_, c) => `c${c}`),
  };
}
