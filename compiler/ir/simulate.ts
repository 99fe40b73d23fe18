/**
 * Bit-parallel simulation of an IR program: 32 rows per 32-bit word, like the hard net, so
 * exhaustive proofs over 2²⁰ inputs and checks on 10⁴ random vectors take milliseconds to
 * seconds. Inputs are given bit-sliced: one Int32Array of W words per input bit (lane r of word
 * w = row 32·w + r). Nodes are evaluated in topological (id) order a chunk of words at a time,
 * so memory stays at live nodes × CHUNK words whatever the row count.
 */
import { addToCounter, counterAtLeast, counterBits, counterEquals, laneValue } from '../../src/nets/bitslice';
import type { IrGraph, NodeId } from './graph';
import { headRoots, liveNodes, type IrProgram } from './program';

/** Words evaluated together; bounds memory for large nets. */
const CHUNK = 64;

/** Bit-sliced input: per input bit, W words. Bits the program never reads may be absent. */
export type SlicedInputs = ReadonlyArray<Int32Array | undefined>;

/**
 * Evaluates the boolean nodes `targets` on all rows: returns one Int32Array of W words per target
 * (same order). Lanes past the last row hold whatever the inputs' padding lanes give.
 */
export function evaluateNodes(program: IrProgram, inputs: SlicedInputs, words: number, targets: readonly NodeId[]): Int32Array[] {
  const out = targets.map(() => new Int32Array(words));
  forEachChunk(program, inputs, words, (values, slot, first, count) => {
    targets.forEach((id, t) => {
      const s = slot.get(id);
      if (s === undefined) throw new Error(`IR simulation: node ${id} is not live`);
      out[t].set(values.subarray(s * CHUNK, s * CHUNK + count), first);
    });
  });
  return out;
}

/** The class (index) of each of the first `rows` rows. */
export function classify(program: IrProgram, inputs: SlicedInputs, rows: number): Int32Array {
  const words = Math.ceil(rows / 32);
  const result = new Int32Array(rows);
  const head = program.head;
  const g = program.graph;
  forEachChunk(program, inputs, words, (values, slot, first, count) => {
    const word = (id: NodeId, w: number): number => values[(slot.get(id) as number) * CHUNK + w];
    for (let w = 0; w < count; w++) {
      const base = (first + w) * 32;
      const lanes = Math.min(32, rows - base);
      if (lanes <= 0) break;
      if (head.kind === 'decisionList') {
        const ruleWords = head.rules.map((r) => word(r.when, w));
        for (let r = 0; r < lanes; r++) {
          let cls = head.otherwise;
          for (let i = 0; i < ruleWords.length; i++) {
            if ((ruleWords[i] >>> r) & 1) {
              cls = head.rules[i].classIndex;
              break;
            }
          }
          result[base + r] = cls;
        }
      } else {
        const logits = head.logits.map((id) => logitLanes(g, id, values, slot, w));
        for (let r = 0; r < lanes; r++) {
          let best = -Infinity;
          let bestClass = 0;
          for (let c = 0; c < logits.length; c++) {
            if (logits[c][r] > best) {
              best = logits[c][r];
              bestClass = c;
            }
          }
          result[base + r] = bestClass;
        }
      }
    }
  });
  return result;
}

/** Packs row-major 0/1 rows (rows × width) into bit-sliced inputs. */
export function sliceRows(bits: Uint8Array, rows: number, width: number): Int32Array[] {
  const words = Math.ceil(rows / 32);
  const out = Array.from({ length: width }, () => new Int32Array(words));
  for (let r = 0; r < rows; r++) {
    const w = r >>> 5;
    const lane = 1 << (r & 31);
    const base = r * width;
    for (let i = 0; i < width; i++) if (bits[base + i]) out[i][w] |= lane;
  }
  return out;
}

/** The 32 lane values of one logit (a boolean node as 0/1, or a sum node's integer). */
function logitLanes(g: IrGraph, id: NodeId, values: Int32Array, slot: Map<NodeId, number>, w: number): Float64Array {
  const n = g.node(id);
  const lanes = new Float64Array(32);
  if (n.op !== 'sum') {
    const v = values[(slot.get(id) as number) * CHUNK + w];
    for (let r = 0; r < 32; r++) lanes[r] = (v >>> r) & 1;
    return lanes;
  }
  const bits = counterBits(Math.max(1, n.args.length));
  const counter = new Int32Array(bits);
  for (const a of n.args) addToCounter(counter, 0, bits, values[(slot.get(a) as number) * CHUNK + w]);
  for (let r = 0; r < 32; r++) lanes[r] = n.k + laneValue(counter, 0, bits, r);
  return lanes;
}

/**
 * Runs the live boolean nodes over the rows, CHUNK words at a time, and hands each chunk's
 * values (slot-major: node slot s occupies values[s·CHUNK .. s·CHUNK + count)) to `visit`.
 */
function forEachChunk(
  program: IrProgram,
  inputs: SlicedInputs,
  words: number,
  visit: (values: Int32Array, slot: Map<NodeId, number>, firstWord: number, count: number) => void,
): void {
  const g = program.graph;
  const live = liveNodes(program).filter((id) => g.node(id).op !== 'sum');
  const slot = new Map<NodeId, number>();
  live.forEach((id, s) => slot.set(id, s));
  for (const root of headRoots(program.head)) {
    const n = g.node(root);
    if (n.op === 'sum') for (const a of n.args) if (!slot.has(a)) throw new Error(`IR simulation: sum argument ${a} is not live`);
  }
  const values = new Int32Array(live.length * CHUNK);
  for (let first = 0; first < words; first += CHUNK) {
    const count = Math.min(CHUNK, words - first);
    for (let s = 0; s < live.length; s++) {
      const n = g.node(live[s]);
      const o = s * CHUNK;
      const arg = (i: number): number => (slot.get(n.args[i]) as number) * CHUNK;
      switch (n.op) {
        case 'const':
          values.fill(n.k ? -1 : 0, o, o + count);
          break;
        case 'input': {
          const src = inputs[n.k];
          if (src === undefined) throw new Error(`IR simulation: input bit ${n.k} was not given`);
          for (let w = 0; w < count; w++) values[o + w] = src[first + w] | 0;
          break;
        }
        case 'not': {
          const a = arg(0);
          for (let w = 0; w < count; w++) values[o + w] = ~values[a + w];
          break;
        }
        case 'and':
        case 'or':
        case 'xor': {
          const init = n.op === 'and' ? -1 : 0;
          values.fill(init, o, o + count);
          for (let i = 0; i < n.args.length; i++) {
            const a = arg(i);
            if (n.op === 'and') for (let w = 0; w < count; w++) values[o + w] &= values[a + w];
            else if (n.op === 'or') for (let w = 0; w < count; w++) values[o + w] |= values[a + w];
            else for (let w = 0; w < count; w++) values[o + w] ^= values[a + w];
          }
          break;
        }
        case 'atLeast':
        case 'exactly':
          thresholdWords(n.op, n.k, n.args.map((_, i) => arg(i)), values, o, count);
          break;
        default:
          throw new Error(`IR simulation: unexpected ${n.op} node ${live[s]}`);
      }
    }
    visit(values, slot, first, count);
  }
}

/** atLeast / exactly over bit-sliced arguments, by a vertical counter per word. */
function thresholdWords(op: 'atLeast' | 'exactly', k: number, argOffsets: number[], values: Int32Array, o: number, count: number): void {
  const n = argOffsets.length;
  if (op === 'atLeast' && k <= 0) {
    values.fill(-1, o, o + count);
    return;
  }
  if (k < 0 || k > n) {
    values.fill(0, o, o + count);
    return;
  }
  const bits = counterBits(n);
  const counter = new Int32Array(bits);
  for (let w = 0; w < count; w++) {
    counter.fill(0);
    for (const a of argOffsets) addToCounter(counter, 0, bits, values[a + w]);
    values[o + w] = op === 'atLeast' ? counterAtLeast(counter, 0, bits, k) : counterEquals(counter, 0, bits, k);
  }
}
