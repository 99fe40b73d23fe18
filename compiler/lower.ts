/**
 * Lowering: a hardened net → IR, layer by layer, as literally as possible. No simplification
 * happens here (masked inputs stay as constants, empty ANDs stay empty) — that is the passes'
 * job, and a literal lowering is what the verifier compares everything else against.
 *
 * Per layer (the hard twins of src/nets/hard_net.ts):
 *   negConcat       [x, ¬x]
 *   and / or        AND / OR of the inputs whose weight is 1 (and() = true, or() = false)
 *   not             (j, i) = w ? x_i : ¬x_i                      (XNOR with the weight)
 *   implies         (j, i) = x_i ∨ ¬w  → x_i, or the constant 1 where w = 0 (a masked input)
 *   majority(k)     atLeast(k − ⌊(k−1)/2⌋, group)
 *   countHot(k)     bit z = exactly(z, ¬group)                   (one-hot of the number of zeros)
 *   dropout         identity
 * Heads: bits → argmax of the bits; groupMax → argmax of OR per bucket; groupSum → argmax of a
 * popcount per bucket; bitAndNegation → argmax(y, ¬y). Ties go to the lowest class index.
 */
import type { BitPredicate } from '../src/data/predicate';
import { bitPredicates } from '../src/data/predicate';
import type { LoadedModel } from '../src/model/load';
import { layerShapes, type ArchSpec } from '../src/nets/arch';
import type { HardLayerWeights } from '../src/nets/hard_net';
import { majorityThreshold } from '../src/ops/scalar';
import { IrGraph, type NodeId } from './ir/graph';
import type { IrHead, IrProgram } from './ir/program';

export interface HardNetDescription {
  readonly arch: ArchSpec;
  readonly weights: ReadonlyArray<HardLayerWeights | null>;
  /** What each input bit means (length arch.inputs). */
  readonly predicates: readonly BitPredicate[];
  /** Class labels (length arch.classes). */
  readonly classes: readonly string[];
}

/** The description of a loaded model file. */
export function describeModel(loaded: LoadedModel): HardNetDescription {
  return {
    arch: loaded.model.arch,
    weights: loaded.hardWeights,
    predicates: bitPredicates(loaded.model.encoders),
    classes: loaded.model.encoders.label.classes,
  };
}

export function lower(net: HardNetDescription): IrProgram {
  const { arch } = net;
  if (net.predicates.length !== arch.inputs) throw new Error(`lower: ${net.predicates.length} predicates for ${arch.inputs} inputs`);
  if (net.classes.length !== arch.classes) throw new Error(`lower: ${net.classes.length} class labels for ${arch.classes} classes`);
  const g = new IrGraph();
  let x: NodeId[] = Array.from({ length: arch.inputs }, (_, i) => g.input(i));
  layerShapes(arch).forEach((shape, index) => {
    const w = net.weights[index];
    const bit = (j: number, i: number): number => {
      if (!w) throw new Error(`lower: layer ${index} (${shape.spec.kind}) has no weights`);
      return w.bits[j * shape.inputs + i];
    };
    const spec = shape.spec;
    switch (spec.kind) {
      case 'negConcat':
        x = [...x, ...x.map((a) => g.not(a))];
        break;
      case 'and':
      case 'or': {
        const next: NodeId[] = [];
        for (let j = 0; j < spec.width; j++) {
          const chosen = x.filter((_, i) => bit(j, i) === 1);
          next.push(spec.kind === 'and' ? g.and(chosen) : g.or(chosen));
        }
        x = next;
        break;
      }
      case 'not':
      case 'implies': {
        const next: NodeId[] = [];
        for (let j = 0; j < spec.width; j++) {
          for (let i = 0; i < x.length; i++) {
            const kept = bit(j, i) === 1;
            if (spec.kind === 'not') next.push(kept ? x[i] : g.not(x[i]));
            else next.push(kept ? x[i] : g.const(true));
          }
        }
        x = next;
        break;
      }
      case 'majority':
      case 'countHot': {
        const size = spec.groupSize;
        const next: NodeId[] = [];
        for (let start = 0; start < x.length; start += size) {
          const group = x.slice(start, start + size);
          if (spec.kind === 'majority') next.push(g.atLeast(majorityThreshold(size), group));
          else {
            const zeros = group.map((a) => g.not(a));
            for (let z = 0; z <= size; z++) next.push(g.exactly(z, zeros));
          }
        }
        x = next;
        break;
      }
      case 'dropout':
        break;
      default: {
        const unreachable: never = spec;
        throw new Error(`lower: unknown layer ${JSON.stringify(unreachable)}`);
      }
    }
  });
  return { graph: g, inputs: net.predicates.map((predicate) => ({ predicate })), classes: [...net.classes], head: lowerHead(g, arch, x) };
}

function lowerHead(g: IrGraph, arch: ArchSpec, last: NodeId[]): IrHead {
  const classes = arch.classes;
  const buckets = (): NodeId[][] => {
    const size = last.length / classes;
    return Array.from({ length: classes }, (_, c) => last.slice(c * size, (c + 1) * size));
  };
  switch (arch.head.kind) {
    case 'bits':
      return { kind: 'argmax', logits: last };
    case 'bitAndNegation':
      return { kind: 'argmax', logits: [last[0], g.not(last[0])] };
    case 'groupMax':
      return { kind: 'argmax', logits: buckets().map((b) => g.or(b)) };
    case 'groupSum':
      return { kind: 'argmax', logits: buckets().map((b) => g.sum(b)) };
    default: {
      const unreachable: never = arch.head;
      throw new Error(`lower: unknown head ${JSON.stringify(unreachable)}`);
    }
  }
}
