/**
 * The HARD net evaluator (SPEC §2.3–2.5): a hardened ∂B net run on 0/1 bits, with no
 * TensorFlow.js anywhere in its import graph (the compiler uses it). Evaluation is bit-sliced:
 * rows are processed 32 at a time, each bit position being one 32-bit word whose lane r is row
 * r's bit, so the logic layers (∧, ∨, ¬, ⇒, [x, ¬x]) cost one word operation per 32 rows.
 * Majority, count-hot and group sums use bit-sliced vertical counters (ripple half adders)
 * compared against constants, still 32 rows per word operation.
 *
 * Semantics are those of the layers' hard twins (src/layers/*.ts, `hard`), chained:
 * negConcat → [x, ¬x]; and → AND of the inputs whose weight is 1 (empty = 1); or → OR of those
 * (empty = 0); not → (j, i) = x_i XNOR w[j, i]; implies → (j, i) = x_i ∨ ¬w[j, i] (both j-major);
 * majority(k) → Σ ≥ k − ⌊(k−1)/2⌋ per group; countHot(k) → one-hot of the number of zeros per
 * group (k + 1 bits); dropout → identity. Heads: bits, groupMax, groupSum, bitAndNegation;
 * prediction = argmax of the logits, ties to the lowest class index.
 */
import { majorityThreshold } from '../ops/scalar';
import { layerShapes, type ArchSpec, type LayerShape } from './arch';
import {
  LANES,
  addToCounter,
  counterAtLeast,
  counterBits,
  counterEquals,
  laneValue,
  packRows,
  unpackRows,
} from './bitslice';

/** A hardened weight matrix: row-major 0/1, rows = neurons, cols = layer inputs. */
export interface HardLayerWeights {
  readonly rows: number;
  readonly cols: number;
  readonly bits: Uint8Array;
}

/** One compiled layer: reads `inputs` words, writes `outputs` words (both bit-sliced). */
interface Step {
  readonly outputs: number;
  run(x: Int32Array, out: Int32Array): void;
}

/** The compiled head: per-class vertical counters of `bits` bits each. */
interface Head {
  readonly bits: number;
  logits(last: Int32Array, counters: Int32Array): void;
}

export class HardNet {
  readonly arch: ArchSpec;
  readonly shapes: readonly LayerShape[];
  /** Width of the last layer's output. */
  readonly outputWidth: number;
  private readonly steps: Step[];
  private readonly head: Head;

  constructor(arch: ArchSpec, weights: ReadonlyArray<HardLayerWeights | null>) {
    this.arch = arch;
    this.shapes = layerShapes(arch);
    if (weights.length !== arch.layers.length) {
      throw new Error(`hard net: ${weights.length} weight entries for ${arch.layers.length} layers`);
    }
    this.steps = [];
    this.shapes.forEach((shape, index) => {
      const step = compileLayer(shape, weights[index], `layers[${index}] (${shape.spec.kind})`);
      if (step !== null) this.steps.push(step);
    });
    this.outputWidth = this.shapes.length > 0 ? this.shapes[this.shapes.length - 1].outputs : arch.inputs;
    this.head = compileHead(arch, this.outputWidth);
  }

  /** Predicted class index per row; `inputs` is rows × arch.inputs 0/1 bytes, row-major. */
  predict(inputs: Uint8Array, rows: number): Int32Array {
    const classes = this.arch.classes;
    const hb = this.head.bits;
    const counters = new Int32Array(classes * hb);
    const out = new Int32Array(rows);
    this.evaluate(inputs, rows, (last, first, count) => {
      counters.fill(0);
      this.head.logits(last, counters);
      for (let r = 0; r < count; r++) {
        let best = -1;
        let bestClass = 0;
        for (let c = 0; c < classes; c++) {
          const v = hb === 1 ? (counters[c] >>> r) & 1 : laneValue(counters, c * hb, hb, r);
          if (v > best) {
            best = v;
            bestClass = c;
          }
        }
        out[first + r] = bestClass;
      }
    });
    return out;
  }

  /** The last layer's output bits per row (rows × lastWidth), for tests and the compiler. */
  outputBits(inputs: Uint8Array, rows: number): Uint8Array {
    const width = this.outputWidth;
    const out = new Uint8Array(rows * width);
    this.evaluate(inputs, rows, (last, first, count) => unpackRows(last, width, first, count, out));
    return out;
  }

  /** Runs every 32-row slice through the layers and hands the last layer's words to `sink`. */
  private evaluate(
    inputs: Uint8Array,
    rows: number,
    sink: (last: Int32Array, first: number, count: number) => void,
  ): void {
    const m = this.arch.inputs;
    if (!Number.isInteger(rows) || rows < 0) throw new Error(`hard net: rows must be a non-negative integer, got ${rows}`);
    if (inputs.length !== rows * m) {
      throw new Error(`hard net: expected ${rows} × ${m} = ${rows * m} input bits, got ${inputs.length}`);
    }
    const input = new Int32Array(m);
    const buffers = this.steps.map((s) => new Int32Array(s.outputs));
    for (let first = 0; first < rows; first += LANES) {
      const count = Math.min(LANES, rows - first);
      if (packRows(inputs, m, first, count, input) > 1) {
        throw new Error(`hard net: inputs must be 0/1 bytes (rows ${first}..${first + count - 1})`);
      }
      let x = input;
      for (let s = 0; s < this.steps.length; s++) {
        this.steps[s].run(x, buffers[s]);
        x = buffers[s];
      }
      sink(x, first, count);
    }
  }
}

function checkWeights(shape: LayerShape, w: HardLayerWeights | null | undefined, where: string): Uint8Array | null {
  if (shape.weights === null) {
    if (w !== null && w !== undefined) throw new Error(`${where}: takes no weights, got a ${w.rows}×${w.cols} matrix`);
    return null;
  }
  const [n, m] = shape.weights;
  if (w === null || w === undefined) throw new Error(`${where}: missing its ${n}×${m} weight matrix`);
  if (w.rows !== n || w.cols !== m) throw new Error(`${where}: weights must be ${n}×${m}, got ${w.rows}×${w.cols}`);
  if (w.bits.length !== n * m) {
    throw new Error(`${where}: weights of ${n}×${m} need ${n * m} bits, got ${w.bits.length}`);
  }
  for (let k = 0; k < w.bits.length; k++) {
    if (w.bits[k] > 1) throw new Error(`${where}: weight bits must be 0/1, got ${w.bits[k]} at index ${k}`);
  }
  return w.bits;
}

/** Per neuron, the input indices whose weight is 1, as CSR (offsets n + 1, indices). */
function selected(bits: Uint8Array, n: number, m: number): { offsets: Int32Array; indices: Int32Array } {
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let k = 0; k < bits.length; k++) total += bits[k];
  const indices = new Int32Array(total);
  let at = 0;
  for (let j = 0; j < n; j++) {
    offsets[j] = at;
    for (let i = 0; i < m; i++) if (bits[j * m + i]) indices[at++] = i;
  }
  offsets[n] = at;
  return { offsets, indices };
}

/** Per (j, i), a word mask: 0 where w[j, i] = 1, all ones where w[j, i] = 0. */
function zeroWeightMasks(bits: Uint8Array): Int32Array {
  return Int32Array.from(bits, (b) => (b ? 0 : -1));
}

function compileLayer(shape: LayerShape, w: HardLayerWeights | null | undefined, where: string): Step | null {
  const bits = checkWeights(shape, w, where);
  const spec = shape.spec;
  const m = shape.inputs;
  const outputs = shape.outputs;
  switch (spec.kind) {
    case 'negConcat':
      return {
        outputs,
        run(x, out) {
          for (let i = 0; i < m; i++) {
            out[i] = x[i];
            out[m + i] = ~x[i];
          }
        },
      };
    case 'and':
    case 'or': {
      const n = spec.width;
      const { offsets, indices } = selected(bits as Uint8Array, n, m);
      if (spec.kind === 'and') {
        return {
          outputs,
          run(x, out) {
            for (let j = 0; j < n; j++) {
              let acc = -1;
              for (let k = offsets[j], end = offsets[j + 1]; k < end; k++) acc &= x[indices[k]];
              out[j] = acc;
            }
          },
        };
      }
      return {
        outputs,
        run(x, out) {
          for (let j = 0; j < n; j++) {
            let acc = 0;
            for (let k = offsets[j], end = offsets[j + 1]; k < end; k++) acc |= x[indices[k]];
            out[j] = acc;
          }
        },
      };
    }
    case 'not': {
      // x XNOR w = x if w else ¬x = x ^ (w ? 0 : ~0).
      const n = spec.width;
      const flip = zeroWeightMasks(bits as Uint8Array);
      return {
        outputs,
        run(x, out) {
          for (let j = 0, k = 0; j < n; j++) for (let i = 0; i < m; i++, k++) out[k] = x[i] ^ flip[k];
        },
      };
    }
    case 'implies': {
      // x ∨ ¬w = x | (w ? 0 : ~0).
      const n = spec.width;
      const force = zeroWeightMasks(bits as Uint8Array);
      return {
        outputs,
        run(x, out) {
          for (let j = 0, k = 0; j < n; j++) for (let i = 0; i < m; i++, k++) out[k] = x[i] | force[k];
        },
      };
    }
    case 'majority': {
      const size = spec.groupSize;
      const groups = m / size;
      const cb = counterBits(size);
      const need = majorityThreshold(size);
      const counter = new Int32Array(cb);
      return {
        outputs,
        run(x, out) {
          for (let g = 0; g < groups; g++) {
            counter.fill(0);
            for (let t = 0, base = g * size; t < size; t++) addToCounter(counter, 0, cb, x[base + t]);
            out[g] = counterAtLeast(counter, 0, cb, need);
          }
        },
      };
    }
    case 'countHot': {
      const size = spec.groupSize;
      const groups = m / size;
      const cb = counterBits(size);
      const counter = new Int32Array(cb);
      return {
        outputs,
        run(x, out) {
          for (let g = 0; g < groups; g++) {
            counter.fill(0);
            // Count the ZERO bits of the group.
            for (let t = 0, base = g * size; t < size; t++) addToCounter(counter, 0, cb, ~x[base + t]);
            const o = g * (size + 1);
            for (let z = 0; z <= size; z++) out[o + z] = counterEquals(counter, 0, cb, z);
          }
        },
      };
    }
    case 'dropout':
      return null;
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown layer ${JSON.stringify(unreachable)}`);
    }
  }
}

function compileHead(arch: ArchSpec, last: number): Head {
  const classes = arch.classes;
  const head = arch.head;
  switch (head.kind) {
    case 'bits':
      return {
        bits: 1,
        logits(x, c) {
          for (let k = 0; k < classes; k++) c[k] = x[k];
        },
      };
    case 'bitAndNegation':
      return {
        bits: 1,
        logits(x, c) {
          c[0] = x[0];
          c[1] = ~x[0];
        },
      };
    case 'groupMax': {
      const size = last / classes;
      return {
        bits: 1,
        logits(x, c) {
          for (let k = 0; k < classes; k++) {
            let acc = 0;
            for (let t = 0, base = k * size; t < size; t++) acc |= x[base + t];
            c[k] = acc;
          }
        },
      };
    }
    case 'groupSum': {
      const size = last / classes;
      const hb = counterBits(size);
      return {
        bits: hb,
        logits(x, c) {
          for (let k = 0; k < classes; k++) {
            for (let t = 0, base = k * size; t < size; t++) addToCounter(c, k * hb, hb, x[base + t]);
          }
        },
      };
    }
    default: {
      const unreachable: never = head;
      throw new Error(`unknown head ${JSON.stringify(unreachable)}`);
    }
  }
}
