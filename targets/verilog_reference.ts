/**
 * An independent witness for the Verilog target: the hard net rendered directly from its
 * architecture and 1-bit weights, layer by layer, with no IR, no simplification, no minimization
 * and no shared printer code. Its ports are those of the emitted module (given by the caller),
 * so a formal equivalence check (Yosys `miter` + `sat`) can compare the two.
 *
 * Semantics (those of src/nets/hard_net.ts): negConcat → [x, ¬x]; and → AND of the inputs whose
 * weight is 1 (none = 1); or → OR of those (none = 0); not → x_i XNOR w[j, i]; implies →
 * x_i ∨ ¬w[j, i] (both j-major); majority(k) → Σ ≥ k − ⌊(k−1)/2⌋ per group; countHot(k) → one-hot
 * of the number of ZEROS per group (k + 1 bits); dropout → identity. Heads: bits, bitAndNegation
 * [y, ¬y], groupMax (OR per bucket), groupSum (count per bucket). Class c wins when its logit is
 * larger than every lower-index logit and at least every higher-index one (ties → lowest index).
 * Counts are explicitly sized: every 0/1 term is zero-extended (by concatenation) to a width
 * that holds the largest possible count before it is added.
 */
import { layerShapes, type ArchSpec } from '../src/nets/arch';
import type { HardLayerWeights } from '../src/nets/hard_net';

export interface ReferencePorts {
  /** One per input bit, in bit order. */
  readonly inputs: readonly string[];
  /** One-hot outputs, one per class. */
  readonly onehot: readonly string[];
  readonly classIndex: string;
}

export interface ReferenceNet {
  readonly arch: ArchSpec;
  readonly hardWeights: ReadonlyArray<HardLayerWeights | null>;
}

function widthOf(n: number): number {
  let bits = 1;
  while (2 ** bits <= n) bits++;
  return bits;
}

export function referenceVerilog(loaded: ReferenceNet, moduleName: string, portNames: ReferencePorts): string {
  const { arch, hardWeights } = loaded;
  const shapes = layerShapes(arch);
  if (portNames.inputs.length !== arch.inputs) throw new Error(`reference: ${portNames.inputs.length} input names for ${arch.inputs} inputs`);
  if (portNames.onehot.length !== arch.classes) throw new Error(`reference: ${portNames.onehot.length} one-hot names for ${arch.classes} classes`);
  const all = [...portNames.inputs, ...portNames.onehot, portNames.classIndex];
  let p = 'ref__';
  while (all.some((n) => n.startsWith(p))) p += '_';
  const W = widthOf(Math.max(1, arch.classes - 1));
  /** A 0/1 term zero-extended to `width` bits. */
  const ext = (bit: string, width: number): string => `{${width - 1}'d0, ${bit}}`;
  /** The number of true terms, `width` bits wide (width > bits of terms.length). */
  const count = (bits: readonly string[], width: number): string => (bits.length === 0 ? `${width}'d0` : bits.map((b) => ext(b, width)).join(' + '));

  const v: string[] = [];
  v.push('`default_nettype none', `module ${moduleName} (`);
  const decls = [
    ...portNames.inputs.map((n) => `  input wire ${n}`),
    ...portNames.onehot.map((n) => `  output wire ${n}`),
    `  output wire [${W - 1}:0] ${portNames.classIndex}`,
  ];
  v.push(decls.join(',\n'), ');');

  // Layer 0: the input bits as a vector, bit i = input port i.
  let x = `${p}l0`;
  let width = arch.inputs;
  v.push(`  wire [${width - 1}:0] ${x};`);
  portNames.inputs.forEach((n, i) => v.push(`  assign ${x}[${i}] = ${n};`));

  shapes.forEach((shape, index) => {
    const spec = shape.spec;
    const y = `${p}l${index + 1}`;
    const m = shape.inputs;
    const w = hardWeights[index];
    const weight = (j: number, i: number): number => {
      if (!w) throw new Error(`reference: layer ${index} (${spec.kind}) has no weights`);
      return w.bits[j * m + i];
    };
    v.push(`  // layer ${index + 1}: ${spec.kind}`, `  wire [${shape.outputs - 1}:0] ${y};`);
    switch (spec.kind) {
      case 'negConcat':
        for (let i = 0; i < m; i++) v.push(`  assign ${y}[${i}] = ${x}[${i}];`, `  assign ${y}[${m + i}] = ~${x}[${i}];`);
        break;
      case 'and':
      case 'or':
        for (let j = 0; j < spec.width; j++) {
          const picked: string[] = [];
          for (let i = 0; i < m; i++) if (weight(j, i)) picked.push(`${x}[${i}]`);
          const empty = spec.kind === 'and' ? "1'b1" : "1'b0";
          v.push(`  assign ${y}[${j}] = ${picked.length === 0 ? empty : picked.join(spec.kind === 'and' ? ' & ' : ' | ')};`);
        }
        break;
      case 'not':
        for (let j = 0; j < spec.width; j++) {
          for (let i = 0; i < m; i++) v.push(`  assign ${y}[${j * m + i}] = ${weight(j, i) ? `${x}[${i}]` : `~${x}[${i}]`};`);
        }
        break;
      case 'implies':
        for (let j = 0; j < spec.width; j++) {
          for (let i = 0; i < m; i++) v.push(`  assign ${y}[${j * m + i}] = ${weight(j, i) ? `${x}[${i}]` : "1'b1"};`);
        }
        break;
      case 'majority': {
        const k = spec.groupSize;
        const need = k - Math.floor((k - 1) / 2);
        const cw = widthOf(k) + 1;
        for (let g = 0; g < m / k; g++) {
          const bits = Array.from({ length: k }, (_, t) => `${x}[${g * k + t}]`);
          v.push(`  assign ${y}[${g}] = (${count(bits, cw)}) >= ${cw}'d${need};`);
        }
        break;
      }
      case 'countHot': {
        const k = spec.groupSize;
        const cw = widthOf(k) + 1;
        for (let g = 0; g < m / k; g++) {
          const zeros = `${p}zeros${index + 1}_${g}`;
          const bits = Array.from({ length: k }, (_, t) => `~${x}[${g * k + t}]`);
          v.push(`  wire [${cw - 1}:0] ${zeros};`, `  assign ${zeros} = ${count(bits, cw)};`);
          for (let z = 0; z <= k; z++) v.push(`  assign ${y}[${g * (k + 1) + z}] = ${zeros} == ${cw}'d${z};`);
        }
        break;
      }
      case 'dropout':
        v.push(`  assign ${y} = ${x};`);
        break;
    }
    x = y;
    width = shape.outputs;
  });

  // Head: one logit per class, all `lw` bits wide.
  const C = arch.classes;
  const logit = (c: number): string => `${p}logit${c}`;
  const head = arch.head;
  const bucket = width / C;
  const lw = widthOf(Math.max(1, Math.ceil(bucket))) + 1;
  for (let c = 0; c < C; c++) {
    let value: string;
    switch (head.kind) {
      case 'bits':
        value = ext(`${x}[${c}]`, lw);
        break;
      case 'bitAndNegation':
        value = ext(c === 0 ? `${x}[0]` : `~${x}[0]`, lw);
        break;
      case 'groupMax':
        value = ext(`|${x}[${c * bucket + bucket - 1}:${c * bucket}]`, lw);
        break;
      case 'groupSum':
        value = count(Array.from({ length: bucket }, (_, t) => `${x}[${c * bucket + t}]`), lw);
        break;
    }
    v.push(`  wire [${lw - 1}:0] ${logit(c)};`, `  assign ${logit(c)} = ${value};`);
  }
  const win = (c: number): string => `${p}win${c}`;
  for (let c = 0; c < C; c++) {
    const terms: string[] = [];
    for (let j = 0; j < C; j++) if (j !== c) terms.push(`(${logit(c)} ${j < c ? '>' : '>='} ${logit(j)})`);
    v.push(`  wire ${win(c)};`, `  assign ${win(c)} = ${terms.join(' & ')};`, `  assign ${portNames.onehot[c]} = ${win(c)};`);
  }
  const index = Array.from({ length: C }, (_, c) => `({${W}{${win(c)}}} & ${W}'d${c})`);
  v.push(`  assign ${portNames.classIndex} = ${index.join(' | ')};`, 'endmodule', '`default_nettype wire', '');
  return v.join('\n');
}
