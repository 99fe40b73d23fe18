/**
 * `--target verilog`: a synthesizable, purely combinational Verilog-2005 module (`assign`
 * statements only), plus `verilogTestbench`, a self-checking testbench with golden vectors.
 *
 * Interface (stable for a given encoding, whatever the compiler removed):
 *   inputs   one 1-bit port per input bit of the encoding, in bit order, named after its
 *            predicate (`petal_length_gt_4_95  // petal_length > 4.95`);
 *   outputs  `is_<class>`, one-hot, then `class_index [W-1:0]` (W = bits of classes − 1).
 * Shared conditions of the plan become named wires with a plain-language comment; sums are
 * wires just wide enough for their largest value. The head:
 *   decision list  a priority chain of `?:` — the first rule that holds wins, else `otherwise`;
 *   argmax         0/1 logits are a decision list too (the first logit that is 1 wins, none →
 *                  class 0); integer logits go through a balanced tournament of `>` comparators
 *                  in which the higher-index side wins only when strictly larger, so ties go to
 *                  the LOWEST class index exactly as in the hard net.
 */
import { planProgram, isInteger, type Expr, type Plan, type PlanRule } from './core/plan';
import { describeExpr } from './core/render';
import { formatPredicate, jsonString } from '../src/data/predicate';
import { headerLines, type EmitInput, type Target } from './types';
import { NameAllocator, bitsFor, commentText, verilogPorts, type VerilogPorts } from './verilog/names';
import { integerWidth, literal, renderRhs } from './verilog/syntax';

export { verilogPorts, type VerilogPorts } from './verilog/names';

/** Rules per `?:` chain; longer decision lists are split into chained `pick` wires. */
const CHAIN = 32;
/** Longest plain-language comment before it is cut. Fixed comment text is ASCII (user names may not be). */
const COMMENT = 160;

function comment(text: string): string {
  const safe = commentText(text);
  return safe.length > COMMENT ? `${safe.slice(0, COMMENT - 3)}...` : safe;
}

/** Width of `class_index`: enough for classes − 1, at least 1. */
export function classIndexWidth(classes: number): number {
  return bitsFor(Math.max(1, classes - 1));
}

/** Names of a model's module and ports, as the emitted module (and its testbench) use them. */
export function portsOf(input: EmitInput): VerilogPorts {
  return verilogPorts(input.model.name, input.program.inputs.map((i) => i.predicate), input.program.classes);
}

/** Picks a definition-name prefix whose names (`c1`, `c2`, …) cannot clash with any port. */
function definitionPrefix(ports: VerilogPorts): string {
  const taken = new Set([...ports.inputs, ...ports.onehot, ports.classIndex].map((n) => n.toLowerCase()));
  for (const prefix of ['c', 'cond', 'node', 'w']) {
    if (![...taken].some((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))) return prefix;
  }
  for (let k = 2; ; k++) {
    const prefix = `c${k}_`;
    if (![...taken].some((n) => n.startsWith(prefix))) return prefix;
  }
}

/** True when some input combinations are impossible (the encoders constrain them). */
function constrainedEncoding(input: EmitInput): boolean {
  return input.model.encoders.features.some(
    (f) => f.missingBit || f.kind === 'categorical' || (f.kind === 'numeric' && f.thresholds.length > 1),
  );
}

interface Lines {
  push(...lines: string[]): void;
}

/** A named sum: its largest value and the width of its wire. */
interface SumWire {
  readonly max: number;
  readonly width: number;
}

/** A logit's largest value (≥ 0) and the width it is rendered at (1 for a condition). */
function logitRange(expr: Expr, sums: ReadonlyMap<string, SumWire>): SumWire {
  if (expr.kind === 'ref' && expr.integer) {
    const sum = sums.get(expr.name);
    if (sum === undefined) throw new Error(`verilog: unknown sum ${expr.name}`);
    return sum;
  }
  if (expr.kind === 'sum') {
    if (expr.offset < 0) throw new Error(`verilog: a sum with the negative offset ${expr.offset} is not supported`);
    return { max: expr.offset + expr.args.length, width: integerWidth(expr) };
  }
  return { max: 1, width: 1 };
}

export function emitVerilog(input: EmitInput): string {
  const { program } = input;
  const ports = portsOf(input);
  const prefix = definitionPrefix(ports);
  const plan: Plan = planProgram(program, { prefix });
  const classes = plan.classes;
  const W = classIndexWidth(classes.length);
  const names = new NameAllocator([...ports.inputs, ...ports.onehot, ports.classIndex, ...plan.definitions.map((d) => d.name)]);
  const portOf = (bit: number): string => ports.inputs[bit];
  const used = new Set(plan.usedInputs);
  const out: string[] = [];
  const lines: Lines = { push: (...l) => out.push(...l) };
  const classText = (c: number): string => `${c} = ${jsonString(classes[c])}`;

  for (const line of headerLines(input, 'Verilog')) out.push(`// ${commentText(line)}`);
  out.push(
    '//',
    `// Combinational: ${plan.predicates.length} input bit(s), one port each in bit order (${used.size} read by the logic);`,
    `// outputs ${ports.onehot.join(', ')} (one-hot) and ${ports.classIndex}[${W - 1}:0] (${commentText(classes.map((_, c) => classText(c)).join(', '))}).`,
  );
  if (constrainedEncoding(input)) {
    out.push(
      '// Drive the inputs with encoded rows only (thermometer codes for numbers, exactly one bit per',
      '// categorical feature, an "is missing" bit with its value bits 0): other combinations cannot',
      '// come from the encoders and were treated as don\'t-cares, so the outputs for them are arbitrary.',
    );
  }
  out.push(
    '',
    '`default_nettype none',
    '',
    `module ${ports.module} (`,
  );
  const portLines: { decl: string; note: string }[] = [];
  plan.predicates.forEach((p, bit) => {
    portLines.push({ decl: `input  wire ${ports.inputs[bit]}`, note: `bit ${bit}: ${formatPredicate(p)}${used.has(bit) ? '' : ' (not read)'}` });
  });
  classes.forEach((c, k) => portLines.push({ decl: `output wire ${ports.onehot[k]}`, note: `class ${k}: ${jsonString(c)}` }));
  portLines.push({ decl: `output wire [${W - 1}:0] ${ports.classIndex}`, note: 'the predicted class' });
  const declWidth = Math.max(...portLines.map((l, i) => l.decl.length + (i < portLines.length - 1 ? 1 : 0)));
  portLines.forEach((l, i) => {
    const decl = i < portLines.length - 1 ? `${l.decl},` : l.decl;
    out.push(`  ${decl.padEnd(declWidth)}  // ${comment(l.note)}`);
  });
  out.push(');');

  // Named intermediate conditions and sums.
  const sums = new Map<string, SumWire>();
  if (plan.definitions.length > 0) out.push('', '  // Shared conditions and counts (each computed once).');
  for (const def of plan.definitions) {
    const rhs = renderRhs(def.expr, portOf, '      ');
    out.push(`  // ${def.name}: ${comment(describeExpr(def.expr, plan.predicates))}`);
    if (def.integer) {
      const width = rhs.width;
      sums.set(def.name, { max: def.expr.kind === 'sum' ? def.expr.offset + def.expr.args.length : 2 ** width - 1, width });
      out.push(`  wire [${width - 1}:0] ${def.name};`);
    } else {
      out.push(`  wire ${def.name};`);
    }
    out.push(`  assign ${def.name} = ${rhs.text};`);
  }

  const head = plan.head;
  if (head.kind === 'decisionList') {
    emitDecisionList(lines, head.rules, head.otherwise, 'Decision list: the first rule that holds wins.');
  } else if (head.logits.every((l) => !isInteger(l))) {
    const rules = head.logits.map((condition, classIndex) => ({ classIndex, condition }));
    emitDecisionList(lines, rules, 0, 'Argmax of 0/1 logits: the first class whose logit is 1 wins (ties go to the lowest index); none: class 0.');
  } else {
    emitTournament(lines, head.logits);
  }

  out.push('', '  // One-hot outputs.');
  classes.forEach((_, k) => out.push(`  assign ${ports.onehot[k]} = (${ports.classIndex} == ${literal(k, W)});`));
  out.push('endmodule', '', '`default_nettype wire', '');
  return out.join('\n');

  function emitDecisionList(l: Lines, rules: readonly PlanRule[], otherwise: number, title: string): void {
    l.push('', `  // ${title}`);
    const ruleNames = rules.map((r, i) => {
      const name = names.take(`rule_${i + 1}`);
      l.push(`  // rule ${i + 1} -> class ${comment(classText(r.classIndex))}: ${comment(describeExpr(r.condition, plan.predicates))}`);
      l.push(`  wire ${name};`, `  assign ${name} = ${renderRhs(r.condition, portOf, '      ').text};`);
      return name;
    });
    const chunks: number[][] = [];
    for (let i = 0; i < rules.length; i += CHAIN) chunks.push(Array.from({ length: Math.min(CHAIN, rules.length - i) }, (_, k) => i + k));
    if (chunks.length === 0) chunks.push([]);
    const targets = chunks.map((_, k) => (k === 0 ? ports.classIndex : names.take(`pick_${k + 1}`)));
    if (targets.length > 1) l.push('', `  // The chain continues through ${targets.slice(1).join(', ')} (${CHAIN} rules each).`);
    chunks.forEach((chunk, k) => {
      if (k > 0) l.push(`  wire [${W - 1}:0] ${targets[k]};`);
      const tail = k + 1 < chunks.length ? targets[k + 1] : literal(otherwise, W);
      const tailNote = k + 1 < chunks.length ? 'the rules after these' : `otherwise: class ${comment(classText(otherwise))}`;
      const entries = chunk.map((i) => ({ code: `${ruleNames[i]} ? ${literal(rules[i].classIndex, W)} :`, note: comment(jsonString(classes[rules[i].classIndex])) }));
      entries.push({ code: `${tail};`, note: tailNote });
      const pad = Math.max(...entries.map((e) => e.code.length));
      l.push(`  assign ${targets[k]} =`);
      for (const e of entries) l.push(`    ${e.code.padEnd(pad)}  // ${e.note}`);
    });
  }

  function emitTournament(l: Lines, logits: readonly Expr[]): void {
    const ranges = logits.map((e) => logitRange(e, sums));
    const LW = Math.max(2, bitsFor(Math.max(1, ...ranges.map((r) => r.max))), ...ranges.map((r) => r.width));
    l.push('', `  // Argmax: logits as ${LW}-bit unsigned integers; a balanced tournament of comparators in which`, '  // the higher-index side wins only when strictly larger, so ties go to the LOWEST class index.');
    const logitNames = logits.map((e, c) => {
      const name = names.take(`logit_${c}`);
      l.push(`  // logit ${c} (class ${comment(jsonString(classes[c]))}): ${comment(describeExpr(e, plan.predicates))}`);
      l.push(`  wire [${LW - 1}:0] ${name};`);
      const rhs = renderRhs(e, portOf, '      ').text;
      const operand = rhs.includes('\n') || /\s/.test(rhs) ? `(${rhs})` : rhs;
      // Widened explicitly (a condition inside a concatenation is self-determined: 1 bit).
      const width = ranges[c].width;
      l.push(`  assign ${name} = ${width === LW ? rhs : `{${literal(0, LW - width)}, ${operand}}`};`);
      return name;
    });
    let round = 0;
    /** The winner of classes lo..hi-1: its logit (null at the root, where only the index is read) and index. */
    const best = (lo: number, hi: number, root: boolean): { value: string | null; index: string } => {
      if (hi - lo === 1) return { value: logitNames[lo], index: literal(lo, W) };
      const mid = lo + Math.ceil((hi - lo) / 2);
      const left = best(lo, mid, false);
      const right = best(mid, hi, false);
      round++;
      const take = names.take(`take_${round}`);
      const value = root ? null : names.take(`max_${round}`);
      const index = root ? ports.classIndex : names.take(`arg_${round}`);
      const span = (a: number, b: number): string => (b - a === 1 ? `class ${a}` : `classes ${a}..${b - 1}`);
      l.push(`  // ${span(lo, mid)} vs ${span(mid, hi)}: the higher-index side wins only when strictly larger`, `  wire ${take};`);
      if (value !== null) l.push(`  wire [${LW - 1}:0] ${value};`);
      if (!root) l.push(`  wire [${W - 1}:0] ${index};`);
      l.push(`  assign ${take} = (${right.value} > ${left.value});`);
      if (value !== null) l.push(`  assign ${value} = ${take} ? ${right.value} : ${left.value};`);
      l.push(`  assign ${index} = ${take} ? ${right.index} : ${left.index};`);
      return { value, index };
    };
    best(0, logits.length, true);
  }
}

export const verilogTarget: Target = {
  name: 'verilog',
  description: 'a synthesizable combinational Verilog module (one port per input bit, one-hot and class_index outputs)',
  extension: 'v',
  emit: emitVerilog,
};

/**
 * A self-checking testbench for the emitted module: one golden vector per data row (its input
 * bits → the hard net's class), each applied through a task that compares `class_index` and the
 * one-hot outputs; a mismatch prints `FAIL …` and stops with `$fatal` (non-zero exit status),
 * and after the last vector it prints `PASS n/n`. Needs `input.options.data`.
 */
export function verilogTestbench(input: EmitInput): string {
  const data = input.options?.data;
  if (data === undefined) throw new Error('verilog testbench: needs data rows (options.data) for its golden vectors');
  const ports = portsOf(input);
  const n = ports.inputs.length;
  const classes = input.program.classes.length;
  const W = classIndexWidth(classes);
  const rows = data.predicted.length;
  if (data.bits.length !== rows * n) {
    throw new Error(`verilog testbench: ${data.bits.length} input bits for ${rows} rows of ${n} bits`);
  }
  const tb = `${ports.module}_tb`;
  const out: string[] = [];
  for (const line of headerLines(input, 'Verilog testbench')) out.push(`// ${commentText(line)}`);
  out.push(
    '//',
    `// Golden vectors: ${rows} data row(s), each with the hard net's prediction. Run with e.g.`,
    `//   iverilog -o ${ports.module}.vvp ${ports.module}.v ${tb}.v && vvp -n ${ports.module}.vvp`,
    `// It prints PASS ${rows}/${rows}, or FAIL ... and stops with a non-zero exit status.`,
    '',
    '`default_nettype none',
    '',
    `module ${tb};`,
    `  reg  [${n - 1}:0] tb_in;`,
    `  wire [${W - 1}:0] tb_class_index;`,
    `  wire [${classes - 1}:0] tb_onehot;`,
    `  reg  [${classes - 1}:0] tb_expected_onehot;`,
    '  integer tb_checked;',
    '',
    `  ${ports.module} dut (`,
  );
  const conns = [
    ...ports.inputs.map((p, i) => `.${p}(tb_in[${i}])`),
    ...ports.onehot.map((p, k) => `.${p}(tb_onehot[${k}])`),
    `.${ports.classIndex}(tb_class_index)`,
  ];
  conns.forEach((c, i) => out.push(`    ${c}${i < conns.length - 1 ? ',' : ''}`));
  out.push(
    '  );',
    '',
    '  // Applies one vector (bit 0 = the rightmost digit) and checks both outputs.',
    '  task tb_check;',
    '    input integer row;',
    `    input [${n - 1}:0] bits;`,
    `    input [${W - 1}:0] expected;`,
    '    begin',
    '      tb_in = bits;',
    '      #1;',
    `      tb_expected_onehot = ${classes}'d0;`,
    '      tb_expected_onehot[expected] = 1\'b1;',
    '      if (tb_class_index !== expected || tb_onehot !== tb_expected_onehot) begin',
    '        $display("FAIL row %0d: inputs %b: class_index %0d, one-hot %b; expected %0d", row, bits, tb_class_index, tb_onehot, expected);',
    '        // Yosys runs initial blocks while elaborating; it only parses this testbench.',
    '`ifndef YOSYS',
    '        $fatal(1, "golden vector mismatch");',
    '`endif',
    '      end',
    '      tb_checked = tb_checked + 1;',
    '    end',
    '  endtask',
    '',
    '  initial begin',
    '    tb_checked = 0;',
  );
  for (let r = 0; r < rows; r++) {
    let vector = '';
    for (let i = n - 1; i >= 0; i--) vector += data.bits[r * n + i] ? '1' : '0';
    const expected = data.predicted[r];
    if (!(expected >= 0 && expected < classes)) throw new Error(`verilog testbench: row ${r} predicts class ${expected} of ${classes}`);
    out.push(`    tb_check(${r + 1}, ${n}'b${vector}, ${literal(expected, W)});  // ${comment(jsonString(input.program.classes[expected]))}`);
  }
  out.push(`    $display("PASS %0d/%0d", tb_checked, ${rows});`, '  end', 'endmodule', '', '`default_nettype wire', '');
  return out.join('\n');
}
