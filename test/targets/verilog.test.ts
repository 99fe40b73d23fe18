/**
 * The Verilog target against real tools: Yosys (WebAssembly) parses and checks every emitted
 * module, proves it formally equivalent to an independent, un-minimized rendering of the hard
 * net (targets/verilog_reference.ts) over every input the encoders can produce, evaluates a few
 * data rows, and must catch deliberately wrong modules. Testbenches run under Icarus Verilog
 * when it is on PATH.
 *
 * Yosys starts slowly (its WebAssembly is compiled on first use, then ~2 s per start), so the
 * work is batched: one script per group of designs, `design -reset` between designs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Exit, runYosys } from '@yowasp/yosys';
import { compileModel } from '../../compiler/compile';
import { IrGraph, type NodeId } from '../../compiler/ir/graph';
import type { IrHead, IrProgram } from '../../compiler/ir/program';
import { classify, evaluateNodes, sliceRows } from '../../compiler/ir/simulate';
import { EspressoService } from '../../compiler/minimize/espresso/service';
import { featureBits } from '../../src/data/predicate';
import type { EncoderSpec } from '../../src/data/spec';
import { layerShapes, type ArchSpec } from '../../src/nets/arch';
import type { HardLayerWeights } from '../../src/nets/hard_net';
import { parseModel, type LoadedModel } from '../../src/model/load';
import { rawBitEncoders, syntheticModel } from '../../src/model/synthetic';
import { classIndexWidth, portsOf, verilogTarget, verilogTestbench } from '../../targets/verilog';
import { VERILOG_KEYWORDS, bitsFor, sanitizeIdentifier, verilogPorts, type VerilogPorts } from '../../targets/verilog/names';
import { referenceVerilog } from '../../targets/verilog_reference';
import type { EmitData, EmitInput } from '../../targets/types';
import { fixtureCases, randomCases, type TargetCase } from '../helpers/target_cases';
import { rng } from '../helpers/random';
import { randomNet, randomWeights } from '../helpers/random_nets';

// ─── Yosys ────────────────────────────────────────────────────────────────────────────────

interface YosysRun {
  readonly ok: boolean;
  readonly log: string;
  readonly ms: number;
}

const timings: string[] = [];

/** Runs one Yosys script over a virtual file system; a non-zero exit is `ok: false`, not a throw. */
async function yosys(label: string, commands: readonly string[], files: Record<string, string>): Promise<YosysRun> {
  const decoder = new TextDecoder();
  let log = '';
  const sink = (bytes: Uint8Array | null): void => {
    if (bytes) log += decoder.decode(bytes, { stream: true });
  };
  const t0 = performance.now();
  let ok = true;
  try {
    await runYosys(['-p', commands.join('; ')], files, { stdout: sink, stderr: sink });
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    ok = false;
  }
  const ms = performance.now() - t0;
  timings.push(`${label}: ${(ms / 1000).toFixed(1)} s`);
  return { ok, log, ms };
}

/** The case that was running when a script stopped, and Yosys' error lines, for messages. */
function failure(run: YosysRun): string {
  const cases = [...run.log.matchAll(/^=== case (.*)$/gm)];
  const errors = run.log.split('\n').filter((l) => /ERROR|Warning|FAIL/.test(l));
  const tail = run.log.slice(-3000);
  return `in case ${cases.at(-1)?.[1] ?? '?'}:\n${errors.slice(-20).join('\n')}\n--- log tail ---\n${tail}`;
}

// ─── Designs ──────────────────────────────────────────────────────────────────────────────

interface Design {
  readonly name: string;
  /** The encoders (they say which inputs are possible). */
  readonly encoders: EncoderSpec;
  readonly input: EmitInput;
  readonly ports: VerilogPorts;
  readonly verilog: string;
  readonly reference: string;
  /** Encoded rows and the hard net's predictions. */
  readonly bits: Uint8Array;
  readonly expected: Int32Array;
}

const EQUIV_TOP = 'equiv__top';
/** Most golden vectors in a testbench handed to Yosys. */
const YOSYS_TB_ROWS = 300;

function referenceName(ports: VerilogPorts): string {
  return `${ports.module}__ref`;
}

async function design(c: TargetCase): Promise<Design> {
  const input: EmitInput = {
    program: c.compiled.program,
    model: c.identity,
    guarantee: c.compiled.guarantee,
    options: { data: { table: c.table, bits: c.bits, predicted: c.expected } },
  };
  const ports = portsOf(input);
  const verilog = await verilogTarget.emit(input);
  const reference = referenceVerilog({ arch: c.loaded.model.arch, hardWeights: c.loaded.hardWeights }, referenceName(ports), ports);
  return { name: c.name, encoders: c.loaded.model.encoders, input, ports, verilog, reference, bits: c.bits, expected: c.expected };
}

/**
 * Conditions (Verilog, over `x[bit]`) that hold exactly on the inputs the encoders can produce:
 * thermometer codes for numeric features, exactly one hot bit for categorical ones (counting the
 * "is missing" bit), and "is missing" excluding the value bits. Written from the encoders, not
 * from the compiler's own domain code.
 */
function possibleInputs(encoders: EncoderSpec): string[] {
  const terms: string[] = [];
  let at = 0;
  for (const f of encoders.features) {
    const n = featureBits(f).length;
    const bits = Array.from({ length: n }, (_, i) => `x[${at + i}]`);
    at += n;
    const missing = f.missingBit ? bits.pop() : undefined;
    if (f.kind === 'numeric') for (let i = 0; i + 1 < bits.length; i++) terms.push(`(~${bits[i + 1]} | ${bits[i]})`);
    if (f.kind === 'categorical') {
      const hot = missing === undefined ? bits : [...bits, missing];
      if (hot.length > 0) terms.push(`(${hot.join(' | ')})`);
      for (let i = 0; i < hot.length; i++) for (let j = i + 1; j < hot.length; j++) terms.push(`~(${hot[i]} & ${hot[j]})`);
    } else if (missing !== undefined) {
      for (const b of bits) terms.push(`~(${missing} & ${b})`);
    }
  }
  return terms;
}

/** A miter: the reference and the emitted module side by side, `trigger` = a possible input on which they differ. */
function equivWrapper(d: Design, emittedModule = d.ports.module): string {
  const { ports } = d;
  const n = ports.inputs.length;
  const C = ports.onehot.length;
  const W = classIndexWidth(C);
  const connect = (side: string): string =>
    [
      ...ports.inputs.map((p, i) => `.${p}(x[${i}])`),
      ...ports.onehot.map((p, k) => `.${p}(${side}_onehot[${k}])`),
      `.${ports.classIndex}(${side}_class_index)`,
    ].join(', ');
  const terms = possibleInputs(d.encoders);
  return [
    '`default_nettype none',
    `module ${EQUIV_TOP} (input wire [${n - 1}:0] x, output wire trigger);`,
    `  wire [${W - 1}:0] gold_class_index, gate_class_index;`,
    `  wire [${C - 1}:0] gold_onehot, gate_onehot;`,
    `  ${referenceName(ports)} gold (${connect('gold')});`,
    `  ${emittedModule} gate (${connect('gate')});`,
    '  wire possible;',
    `  assign possible = ${terms.length === 0 ? "1'b1" : terms.join(' & ')};`,
    '  assign trigger = possible & ((gold_class_index != gate_class_index) | (gold_onehot != gate_onehot));',
    'endmodule',
    '',
  ].join('\n');
}

function fileName(d: Design, suffix: string): string {
  return `${d.name.replace(/[^A-Za-z0-9_-]/g, '_')}${suffix}`;
}

/** Parse + lint of the emitted module alone. */
function checkCommands(d: Design, file: string): string[] {
  return [`log === case ${d.name} (check)`, 'design -reset', `read_verilog ${file}`, `hierarchy -check -top ${d.ports.module}`, 'proc', 'check -assert'];
}

/** The equivalence proof: `sat -verify` stops the script (non-zero exit) when the proof fails. */
function proofCommands(d: Design, files: { emitted: string; reference: string; wrapper: string }, verify = true): string[] {
  return [
    `log === case ${d.name} (equivalence)`,
    'design -reset',
    `read_verilog ${files.emitted}`,
    `read_verilog ${files.reference}`,
    `read_verilog ${files.wrapper}`,
    `hierarchy -check -top ${EQUIV_TOP}`,
    // -norom: a truth-table witness's case statement stays logic (SAT cannot read ROM cells).
    'proc -norom',
    'flatten',
    'opt_clean',
    `sat ${verify ? '-verify ' : ''}-prove trigger 0 -show-ports ${EQUIV_TOP}`,
  ];
}

/** Check + proof of every design in one Yosys run. */
async function checkAndProve(label: string, designs: readonly Design[]): Promise<YosysRun> {
  const files: Record<string, string> = {};
  const commands: string[] = [];
  for (const d of designs) {
    const emitted = fileName(d, '.v');
    const reference = fileName(d, '.ref.v');
    const wrapper = fileName(d, '.eq.v');
    files[emitted] = d.verilog;
    files[reference] = d.reference;
    files[wrapper] = equivWrapper(d);
    commands.push(...checkCommands(d, emitted), ...proofCommands(d, { emitted, reference, wrapper }));
  }
  commands.push('log === all done');
  return yosys(label, commands, files);
}

/** Per-case proof results of a script run without `-verify` (true = proved equivalent). */
function proofResults(log: string): Map<string, boolean> {
  const results = new Map<string, boolean>();
  let current: string | null = null;
  for (const line of log.split('\n')) {
    const marker = /^=== case (.*) \(equivalence\)$/.exec(line);
    if (marker) current = marker[1];
    else if (current !== null && line.includes('SAT proof finished - no model found: SUCCESS!')) results.set(current, true);
    else if (current !== null && line.includes('SAT proof finished - model found: FAIL!')) results.set(current, false);
  }
  return results;
}

function assertAllProved(run: YosysRun, designs: readonly Design[]): void {
  assert.ok(run.ok, `Yosys stopped ${failure(run)}`);
  assert.match(run.log, /^=== all done$/m);
  const results = proofResults(run.log);
  for (const d of designs) assert.equal(results.get(d.name), true, `${d.name}: no successful equivalence proof in the log`);
}

// ─── Cases ────────────────────────────────────────────────────────────────────────────────

const espresso = new EspressoService();
after(() => espresso.close());
after(() => {
  if (timings.length > 0) console.log(`# Yosys runs:\n#   ${timings.join('\n#   ')}`);
});

/** A model file's JSON around hard weights, loaded as `dbnc` would load it. */
function loadSynthetic(name: string, arch: ArchSpec, weights: ReadonlyArray<HardLayerWeights | null>, encoders: EncoderSpec): { loaded: LoadedModel; text: string } {
  const text = JSON.stringify(syntheticModel({ name, dbncVersion: '0.1.0', arch, weights, encoders }));
  return { loaded: parseModel(`${name}.model.json`, JSON.parse(text)), text };
}

/** Compiles a loaded model (minimized or not) into a TargetCase-like design. */
async function compiledDesign(name: string, loaded: LoadedModel, text: string, rows: Uint8Array, count: number, minimize: boolean): Promise<Design> {
  const compiled = await compileModel(loaded, { espresso, minimize, data: count > 0 ? { rows, count } : undefined, randomVectors: 500 });
  const c: TargetCase = {
    name,
    loaded,
    modelText: text,
    identity: { name: loaded.model.name, sha256: '0'.repeat(64), dbncVersion: loaded.model.dbncVersion, encoders: loaded.model.encoders },
    compiled,
    table: { path: name, columns: [], rows: [] },
    bits: rows,
    expected: loaded.hardNet.predict(rows, count),
  };
  return design(c);
}

/** Every input over n raw bits (bit i of row m = bit i of m). */
function allRows(n: number): Uint8Array {
  const rows = new Uint8Array(2 ** n * n);
  for (let m = 0; m < 2 ** n; m++) for (let i = 0; i < n; i++) rows[m * n + i] = (m >>> i) & 1;
  return rows;
}

let fixtures: Design[] = [];
let randoms: Design[] = [];
let argmaxes: Design[] = [];
const prepTimes: string[] = [];

before(async () => {
  let t0 = performance.now();
  const fixtureList = await fixtureCases(espresso);
  fixtures = await Promise.all(fixtureList.map(design));
  prepTimes.push(`fixtures compiled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  randoms = await Promise.all((await randomCases(52, 2024, espresso)).map(design));
  prepTimes.push(`52 random cases compiled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Unminimized compiles keep the argmax head: integer sums, tournaments, atLeast/exactly.
  t0 = performance.now();
  const next = rng(99);
  for (let t = 0; argmaxes.filter((d) => d.verilog.includes('// Argmax: logits')).length < 12 && t < 200; t++) {
    const net = randomNet(next, { inputs: 2 + (t % 7) });
    const n = net.arch.inputs;
    const { loaded, text } = loadSynthetic(`argmax-${t}`, net.arch, net.weights, rawBitEncoders(n, net.classes));
    argmaxes.push(await compiledDesign(`argmax-${t}`, loaded, text, allRows(n), 2 ** n, false));
  }
  for (const f of fixtureList) {
    argmaxes.push(await compiledDesign(`${f.name}-unminimized`, f.loaded, f.modelText, f.bits, f.expected.length, false));
  }
  prepTimes.push(`${argmaxes.length} unminimized cases compiled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});
after(() => console.log(`# ${prepTimes.join('; ')}`));

/**
 * A truth-table witness for a hand-built program: `class_index` looked up from the input vector
 * in a `case` statement holding the IR simulator's class for every possible input.
 */
function truthTable(moduleName: string, ports: VerilogPorts, classes: Int32Array): string {
  const n = ports.inputs.length;
  const W = classIndexWidth(ports.onehot.length);
  const v: string[] = ['`default_nettype none', `module ${moduleName} (`];
  v.push([...ports.inputs.map((p) => `  input wire ${p}`), ...ports.onehot.map((p) => `  output wire ${p}`), `  output wire [${W - 1}:0] ${ports.classIndex}`].join(',\n'), ');');
  v.push(`  wire [${n - 1}:0] v = {${[...ports.inputs].reverse().join(', ')}};`, `  reg [${W - 1}:0] c;`, '  always @* begin', '    case (v)');
  classes.forEach((cls, m) => v.push(`      ${n}'d${m}: c = ${W}'d${cls};`));
  v.push(`      default: c = ${W}'d0;`, '    endcase', '  end', `  assign ${ports.classIndex} = c;`);
  ports.onehot.forEach((p, k) => v.push(`  assign ${p} = (c == ${W}'d${k});`));
  v.push('endmodule', '');
  return v.join('\n');
}

/** Per row of a decision-list design, the index of the rule that decides it (-1: otherwise). */
function decidingRules(d: Design): number[] {
  const program = d.input.program;
  if (program.head.kind !== 'decisionList') throw new Error(`${d.name}: not a decision list`);
  const n = program.inputs.length;
  const rows = d.expected.length;
  const fired = evaluateNodes(program, sliceRows(d.bits, rows, n), Math.ceil(rows / 32), program.head.rules.map((r) => r.when));
  return Array.from({ length: rows }, (_, row) => fired.findIndex((w) => (w[row >>> 5] >>> (row & 31)) & 1));
}

/**
 * Programs the compiler seldom produces, built by hand over 7 raw bits: every node kind (xor,
 * atLeast/exactly with repeated arguments and out-of-range k, constants, sums with offsets),
 * a 70-rule decision list (the `?:` chain is split), argmax over mixed 0/1 and integer logits
 * (with ties), and argmax over 0/1 logits only.
 */
function handBuiltDesigns(): Design[] {
  const n = 7;
  const next = rng(31);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const build = (): { g: IrGraph; pool: NodeId[] } => {
    const g = new IrGraph();
    const pool: NodeId[] = Array.from({ length: n }, (_, i) => g.input(i));
    pool.push(g.const(true), g.const(false));
    for (let t = 0; t < 60; t++) {
      const args = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(pool));
      const kind = pick(['not', 'and', 'or', 'xor', 'atLeast', 'exactly'] as const);
      const k = Math.floor(next() * (args.length + 2)) - 1;
      const id =
        kind === 'not' ? g.not(args[0]) : kind === 'atLeast' ? g.atLeast(k, args) : kind === 'exactly' ? g.exactly(k, args) : g[kind](args);
      pool.push(id);
    }
    return { g, pool };
  };
  const make = (name: string, classCount: number, head: (g: IrGraph, pool: NodeId[]) => IrHead): Design => {
    const { g, pool } = build();
    const encoders = rawBitEncoders(n, Array.from({ length: classCount }, (_, c) => `k${c}`));
    const program: IrProgram = {
      graph: g,
      inputs: Array.from({ length: n }, (_, i) => ({ predicate: { feature: `x${i + 1}`, op: 'is true' as const } })),
      classes: encoders.label.classes,
      head: head(g, pool),
    };
    const rows = allRows(n);
    const expected = classify(program, sliceRows(rows, 2 ** n, n), 2 ** n);
    const input: EmitInput = {
      program,
      model: { name, sha256: '0'.repeat(64), dbncVersion: '0.1.0', encoders },
      guarantee: { level: 'tested', reason: 'hand-built program' },
    };
    const ports = portsOf(input);
    return { name, encoders, input, ports, verilog: verilogTarget.emit(input) as string, reference: truthTable(referenceName(ports), ports, expected), bits: rows, expected };
  };
  return [
    // Rules are narrow (cubes of 4 literals, one of them sometimes a random node), so rows reach
    // the second and third `?:` chains and the otherwise class.
    make('hand-decision-list', 4, (g, pool) => {
      const literal = (): NodeId => (next() < 0.5 ? pool[Math.floor(next() * n)] : g.not(pool[Math.floor(next() * n)]));
      const rules = Array.from({ length: 70 }, (_, i) => ({
        classIndex: i % 4,
        when: g.and([literal(), literal(), literal(), i % 2 ? pick(pool.slice(n + 2)) : literal()]),
      }));
      return { kind: 'decisionList', rules, otherwise: 2 };
    }),
    make('hand-argmax-mixed', 5, (g, pool) => ({
      kind: 'argmax',
      // Classes 0 and 1 tie and win on some rows; class 4 has an offset, class 1 a repeated argument.
      logits: [
        g.sum([pool[10], pool[11], pool[12]]),
        g.sum([pool[3], pool[3], pool[20]]),
        pick(pool.slice(n)),
        g.const(false),
        g.sum([pool[50], pool[1]], 1),
      ],
    })),
    make('hand-argmax-bits', 3, (g, pool) => ({ kind: 'argmax', logits: [pool[40], g.const(true), pool[41]] })),
    // A NOT over a one-argument AND of a NOT (a shared literal buffer, as --no-minimize keeps it):
    // printed `~~x` once, which Icarus rejects.
    make('hand-double-negation', 2, (g) => ({ kind: 'argmax', logits: [g.not(g.and([g.not(g.input(0))])), g.input(1)] })),
  ];
}

// ─── Tests ────────────────────────────────────────────────────────────────────────────────

describe('verilog names', () => {
  test('sanitized identifiers are legal, never keywords, and keep the predicate readable', () => {
    assert.equal(sanitizeIdentifier('petal_length > 4.95'), 'petal_length_4_95');
    assert.equal(sanitizeIdentifier('module'), 'module_');
    assert.equal(sanitizeIdentifier('Wire'), 'Wire_');
    assert.equal(sanitizeIdentifier("O'Brien"), 'O_Brien');
    assert.equal(sanitizeIdentifier('"; DROP TABLE t; --'), 'DROP_TABLE_t');
    assert.equal(sanitizeIdentifier('3d'), 'n_3d');
    assert.equal(sanitizeIdentifier('größe'), 'gro_e');
    assert.equal(sanitizeIdentifier('***'), 'x');
    for (const k of VERILOG_KEYWORDS) assert.match(sanitizeIdentifier(k), /^[A-Za-z][A-Za-z0-9_]*$/);
    for (const k of VERILOG_KEYWORDS) assert.ok(!VERILOG_KEYWORDS.has(sanitizeIdentifier(k)), k);
    assert.deepEqual([0, 1, 2, 3, 4, 255, 256].map(bitsFor), [1, 1, 2, 2, 3, 8, 9]);
  });

  test('ports: one per input bit in bit order, spelled from the predicate, unique', () => {
    const ports = verilogPorts(
      'end',
      [
        { feature: 'petal_length', op: '>', value: 4.95 },
        { feature: 't', op: '>', value: -1.5 },
        { feature: 'color', op: '=', value: 'red' },
        { feature: 'x3', op: 'is true' },
        { feature: 'age', op: 'is missing' },
        { feature: 'a-b', op: 'is true' },
        { feature: 'a b', op: 'is true' },
        { feature: 'class_index', op: 'is true' },
        { feature: 'is_A', op: 'is true' },
      ],
      ['a', 'A', 'end'],
    );
    assert.equal(ports.module, 'end_');
    assert.deepEqual(ports.inputs, ['petal_length_gt_4_95', 't_gt_neg1_5', 'color_eq_red', 'x3', 'age_missing', 'a_b', 'a_b_2', 'class_index_2', 'is_A_3']);
    assert.deepEqual(ports.onehot, ['is_a', 'is_A_2', 'is_end']);
    assert.equal(ports.classIndex, 'class_index');
  });
});

describe('verilog target (Yosys)', () => {
  test('fixtures: the emitted module passes check -assert and equals the un-minimized hard net', async () => {
    assert.equal(fixtures.length, 3);
    const run = await checkAndProve('fixtures: check + equivalence', fixtures);
    assertAllProved(run, fixtures);
    for (const d of fixtures) {
      assert.match(d.verilog, /^`default_nettype none$/m);
      // Code (comments stripped): assign statements and wire declarations only.
      const code = d.verilog.replace(/\/\/.*$/gm, '');
      assert.doesNotMatch(code, /\b(always|always_comb|initial|reg|function|task|generate)\b/);
      assert.equal(code.match(/\bmodule\b/g)?.length, 1);
      assert.equal(d.ports.inputs.length, d.input.program.inputs.length);
    }
    const parts = fixtures.find((d) => d.name === 'parts') as Design;
    assert.match(parts.verilog, /input {2}wire diameter_mm_gt_24_8375, +\/\/ bit 0: diameter_mm > 24\.8375\n/);
    assert.match(parts.verilog, /input {2}wire supplier_eq_Acme, +\/\/ bit 12: supplier = "Acme"/);
    assert.match(parts.verilog, /input {2}wire burr, +\/\/ bit 17: burr is true\n/);
    assert.match(parts.verilog, /output wire \[1:0\] class_index/);
  });

  test(`random nets: parse, check -assert and formal equivalence (${52} cases, one Yosys run)`, async () => {
    assert.ok(randoms.length >= 50);
    const run = await checkAndProve('random: check + equivalence', randoms);
    assertAllProved(run, randoms);
  });

  test('unminimized nets (argmax heads: sums, tournaments, atLeast/exactly) are equivalent too', async () => {
    const tournaments = argmaxes.filter((d) => d.verilog.includes('// Argmax: logits'));
    assert.ok(tournaments.length >= 12, `only ${tournaments.length} integer-argmax designs`);
    assert.ok(argmaxes.some((d) => / >= \d+'d\d+\)/.test(d.verilog)), 'no atLeast/exactly comparison was exercised');
    const run = await checkAndProve('unminimized: check + equivalence', argmaxes);
    assertAllProved(run, argmaxes);
  });

  test('hand-built programs (all node kinds, 70-rule chains, mixed argmax) equal their truth tables', async () => {
    const designs = handBuiltDesigns();
    const chain = designs[0];
    assert.match(chain.verilog, /wire \[1:0\] pick_3;/);
    // Which rule decides each row: rows must reach past rule 32 and past rule 64.
    const deciding = decidingRules(chain);
    assert.ok(deciding.some((i) => i >= 32 && i < 64), 'no row decided in the second chain');
    assert.ok(deciding.some((i) => i >= 64), 'no row decided in the third chain');
    assert.ok(deciding.some((i) => i === -1), 'no row falls through to otherwise');
    assert.match(designs[1].verilog, /\/\/ Argmax: logits/);
    assert.match(designs[2].verilog, /Argmax of 0\/1 logits/);
    // Not vacuous: several classes occur, and the mixed argmax has ties between integer logits.
    for (const d of designs) assert.ok(new Set(d.expected).size >= 2, `${d.name}: a constant classifier`);
    const run = await checkAndProve('hand-built: check + equivalence', designs);
    assertAllProved(run, designs);
  });

  test('data rows evaluated by Yosys give the hard net\'s classes', async () => {
    const files: Record<string, string> = {};
    const commands: string[] = [];
    const expected: string[] = [];
    const picked = [...fixtures, ...argmaxes.slice(0, 4)];
    for (const d of picked) {
      const file = fileName(d, '.v');
      files[file] = d.verilog;
      commands.push('design -reset', `read_verilog ${file}`, 'proc');
      const n = d.ports.inputs.length;
      const rows = d.expected.length;
      for (const r of [0, 1, Math.floor(rows / 2), rows - 1]) {
        const sets = d.ports.inputs.map((p, i) => `-set ${p} ${d.bits[r * n + i]}`).join(' ');
        const show = [d.ports.classIndex, ...d.ports.onehot].map((p) => `-show ${p}`).join(' ');
        commands.push(`log === row ${d.name} ${r}`, `eval ${sets} ${show} ${d.ports.module}`);
        expected.push(`${d.name} ${r} ${d.expected[r]}`);
      }
    }
    const run = await yosys('eval rows', commands, files);
    assert.ok(run.ok, failure(run));
    const seen: string[] = [];
    let row: string | null = null;
    let values = new Map<string, string>();
    const flush = (): void => {
      if (row === null) return;
      const d = picked.find((x) => row?.startsWith(`${x.name} `)) as Design;
      const ci = parseInt(values.get(d.ports.classIndex) ?? 'NaN', 2);
      const onehot = d.ports.onehot.map((p) => values.get(p)).join('');
      assert.equal(onehot, d.ports.onehot.map((_, k) => (k === ci ? '1' : '0')).join(''), `${row}: one-hot ${onehot}, class_index ${ci}`);
      seen.push(`${row} ${ci}`);
    };
    for (const line of run.log.split('\n')) {
      const marker = /^=== row (.*)$/.exec(line);
      if (marker) {
        flush();
        row = marker[1];
        values = new Map();
        continue;
      }
      const result = /^Eval result: \\(\S+) = \d+'([01]+)\.$/.exec(line);
      if (row !== null && result !== null) values.set(result[1], result[2]);
    }
    flush();
    assert.deepEqual(seen, expected);
  });

  test('deliberately wrong modules fail the equivalence proof', async () => {
    const mutants: { design: Design; verilog: string; what: string }[] = [];
    const mutate = (d: Design, what: string, from: RegExp, to: (m: string) => string): void => {
      assert.match(d.verilog, from, `${d.name}: nothing to mutate for "${what}"`);
      mutants.push({ design: d, verilog: d.verilog.replace(from, to), what });
    };
    const C = (d: Design): number => d.ports.onehot.length;
    for (const d of fixtures) {
      // The first rule's class, the otherwise class, a one-hot output, one literal (Noisy XOR's
      // reference has a 512-input majority, so its proofs are the slow ones: one mutant there).
      mutate(d, 'first rule class', /rule_1 \? \d+'d\d+/, (m) => m.replace(/'d(\d+)$/, (_, k) => `'d${(Number(k) + 1) % C(d)}`));
      if (d.name === 'noisy-xor') continue;
      mutate(d, 'otherwise class', /(\n {4})(\d+)'d(\d+); +\/\/ otherwise/, (m) => m.replace(/'d(\d+)/, (_, k) => `'d${(Number(k) + 1) % C(d)}`));
      mutate(d, 'one-hot output', /(assign is_\w+ = \(class_index == )(\d+)'d0\)/, (m) => m.replace(/'d0\)/, "'d1)"));
      mutate(d, 'negated literal', /assign rule_1 = ([^;]*?)~/, (m) => m.slice(0, -1));
    }
    // Ties must go to the lowest class index: `>` → `>=` in the first comparator of a tournament.
    const tie = argmaxes.find((d) => d.name === 'parts-unminimized') as Design;
    mutate(tie, 'tie to the higher index', /assign take_1 = \((\w+) > (\w+)\);/, (m) => m.replace(' > ', ' >= '));
    // A rule deep in the third `?:` chain of the hand-built decision list; a tie in its argmax.
    const [chain, mixed] = handBuiltDesigns();
    const last = Math.max(...decidingRules(chain));
    assert.ok(last >= 64);
    mutate(chain, `rule ${last + 1} class`, new RegExp(`rule_${last + 1} \\? 2'd(\\d)`), (m) => m.replace(/'d(\d)$/, (_, k) => `'d${(Number(k) + 1) % 4}`));
    mutate(mixed, 'tie to the higher index (mixed logits)', /assign take_1 = \((\w+) > (\w+)\);/, (m) => m.replace(' > ', ' >= '));
    const files: Record<string, string> = {};
    const commands: string[] = [];
    mutants.forEach((m, i) => {
      const d = { ...m.design, name: `mutant-${i}` };
      const emitted = `mutant-${i}.v`;
      const reference = `mutant-${i}.ref.v`;
      const wrapper = `mutant-${i}.eq.v`;
      files[emitted] = m.verilog;
      files[reference] = d.reference;
      files[wrapper] = equivWrapper(d);
      commands.push(...proofCommands(d, { emitted, reference, wrapper }, false));
    });
    // A control: the unmutated tie case still proves (so FAIL above is the mutation's doing).
    files['control.v'] = tie.verilog;
    files['control.ref.v'] = tie.reference;
    files['control.eq.v'] = equivWrapper(tie);
    commands.push(...proofCommands({ ...tie, name: 'control' }, { emitted: 'control.v', reference: 'control.ref.v', wrapper: 'control.eq.v' }, false));
    const run = await yosys('mutants (no -verify, results parsed)', commands, files);
    assert.ok(run.ok, failure(run));
    const results = proofResults(run.log);
    mutants.forEach((m, i) => assert.equal(results.get(`mutant-${i}`), false, `${m.design.name}: mutation "${m.what}" was not caught`));
    assert.equal(results.get('control'), true);

    // And with -verify, as the real checks run, a wrong module stops Yosys with an error.
    const one = mutants[0];
    const d = { ...one.design, name: 'mutant-verify' };
    const verify = await yosys(
      'mutant with -verify',
      proofCommands(d, { emitted: 'm.v', reference: 'r.v', wrapper: 'e.v' }),
      { 'm.v': one.verilog, 'r.v': d.reference, 'e.v': equivWrapper(d) },
    );
    assert.equal(verify.ok, false);
    assert.match(verify.log, /ERROR: Called with -verify and proof did fail!/);
  });

  test('names: keywords, spaces, quotes and SQL-ish categories compile and pass check -assert', async () => {
    const encoders: EncoderSpec = {
      version: 1,
      features: [
        { kind: 'numeric', column: 'module', thresholds: [-1.5, 0, 2.25], missingBit: true },
        { kind: 'categorical', column: 'wire', categories: ['"; DROP TABLE t; --', 'a-b', 'a_b', 'line\nbreak */'], missingBit: false },
        { kind: 'boolean', column: 'a b', missingBit: false },
        { kind: 'boolean', column: "O'Brien", missingBit: true },
        { kind: 'boolean', column: 'class_index', missingBit: false },
        { kind: 'boolean', column: 'c1', missingBit: false },
        { kind: 'boolean', column: 'is_end', missingBit: false },
      ],
      label: { column: 'label', classes: ['end', 'begin', 'a b'] },
    };
    const inputs = encoders.features.reduce((s, f) => s + featureBits(f).length, 0);
    const arch: ArchSpec = {
      inputs,
      classes: 3,
      layers: [
        { kind: 'negConcat' },
        { kind: 'and', width: 12, init: { kind: 'constant', value: 0.5 } },
        { kind: 'or', width: 6, init: { kind: 'constant', value: 0.5 } },
      ],
      head: { kind: 'groupSum', harden: true },
    };
    layerShapes(arch);
    const next = rng(5);
    const weights = randomWeights(arch, next);
    const { loaded, text } = loadSynthetic('module', arch, weights, encoders);
    // Rows: possible inputs drawn per feature (thermometer / one-hot / missing), 64 of them.
    const rows = new Uint8Array(64 * inputs);
    for (let r = 0; r < 64; r++) {
      let at = 0;
      for (const f of encoders.features) {
        const bits = featureBits(f);
        const missing = f.missingBit && next() < 0.2;
        if (f.kind === 'numeric') {
          const level = Math.floor(next() * (f.thresholds.length + 1));
          for (let i = 0; i < f.thresholds.length; i++) rows[r * inputs + at + i] = !missing && i < level ? 1 : 0;
        } else if (f.kind === 'categorical') {
          rows[r * inputs + at + Math.floor(next() * f.categories.length)] = 1;
        } else {
          rows[r * inputs + at] = !missing && next() < 0.5 ? 1 : 0;
        }
        if (f.missingBit) rows[r * inputs + at + bits.length - 1] = missing ? 1 : 0;
        at += bits.length;
      }
    }
    const minimized = await compiledDesign('names', loaded, text, rows, 64, true);
    const unminimized = await compiledDesign('names-unminimized', loaded, text, rows, 64, false);
    const p = minimized.ports;
    assert.equal(p.module, 'module_');
    assert.deepEqual(p.inputs, [
      'module_gt_neg1_5',
      'module_gt_0',
      'module_gt_2_25',
      'module_missing',
      'wire_eq_DROP_TABLE_t',
      'wire_eq_a_b',
      'wire_eq_a_b_2',
      'wire_eq_line_break',
      'a_b',
      'O_Brien',
      'O_Brien_missing',
      'class_index_2',
      'c1',
      'is_end_2',
    ]);
    assert.deepEqual(p.onehot, ['is_end', 'is_begin', 'is_a_b']);
    for (const d of [minimized, unminimized]) {
      // The newline in a category stays inside its comment; definitions avoid the `c1` port.
      assert.match(d.verilog, /\/\/ bit 7: wire = "line\\nbreak \*\/"/);
      assert.doesNotMatch(d.verilog, /wire c1;/);
      assert.doesNotMatch(d.verilog, /^break/m);
    }
    const designs = [minimized, unminimized];
    const run = await checkAndProve('names: check + equivalence', designs);
    assertAllProved(run, designs);
  });
});

describe('verilog testbench', () => {
  const iverilog = spawnSync('iverilog', ['-V'], { encoding: 'utf8' });
  const haveIverilog = iverilog.status === 0 || /Icarus Verilog/.test(`${iverilog.stdout}${iverilog.stderr}`);

  test('generated for the fixtures and parsed by Yosys against the module', async () => {
    const files: Record<string, string> = {};
    const commands: string[] = [];
    for (const d of fixtures) {
      const tb = verilogTestbench(d.input);
      assert.match(tb, new RegExp(`\\$display\\("PASS %0d/%0d", tb_checked, ${d.expected.length}\\);`));
      assert.equal((tb.match(/^ {4}tb_check\(/gm) ?? []).length, d.expected.length);
      // Yosys elaborates the initial block (super-linearly: 5,000 Noisy XOR rows take over a
      // minute), so it parses a testbench of the same shape over the first rows only.
      const data = d.input.options?.data as EmitData;
      const rows = Math.min(YOSYS_TB_ROWS, data.predicted.length);
      const n = d.ports.inputs.length;
      const head = { ...data, bits: data.bits.subarray(0, rows * n), predicted: data.predicted.subarray(0, rows) };
      const short = verilogTestbench({ ...d.input, options: { data: head } });
      files[fileName(d, '.v')] = d.verilog;
      files[fileName(d, '_tb.v')] = short;
      // Yosys defines YOSYS, so it parses everything but the simulator-only $fatal.
      commands.push(`log === case ${d.name} (testbench)`, 'design -reset', `read_verilog ${fileName(d, '.v')}`, `read_verilog ${fileName(d, '_tb.v')}`, `hierarchy -check -top ${d.ports.module}_tb`);
    }
    const run = await yosys('testbenches: parse', commands, files);
    assert.ok(run.ok, failure(run));
  });

  test('without data rows it says what it needs', () => {
    const d = fixtures[0];
    assert.throws(() => verilogTestbench({ ...d.input, options: {} }), /needs data rows/);
  });

  test('Icarus Verilog runs the testbenches: PASS n/n, and FAIL with a non-zero status on a wrong module', (t) => {
    if (!haveIverilog) {
      t.skip('iverilog is not on PATH: install it (apt-get install iverilog) to run the testbenches');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'dbnc-verilog-'));
    try {
      const run = (name: string, model: string, tb: string): { status: number | null; out: string } => {
        writeFileSync(join(dir, `${name}.v`), model);
        writeFileSync(join(dir, `${name}_tb.v`), tb);
        const compile = spawnSync('iverilog', ['-g2005', '-Wall', '-o', join(dir, `${name}.vvp`), join(dir, `${name}.v`), join(dir, `${name}_tb.v`)], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(compile.status, 0, `iverilog failed on ${name}:\n${compile.stderr}`);
        const sim = spawnSync('vvp', ['-n', join(dir, `${name}.vvp`)], { encoding: 'utf8', timeout: 120_000 });
        return { status: sim.status, out: `${sim.stdout}${sim.stderr}` };
      };
      for (const d of [...fixtures, ...argmaxes.filter((a) => a.name.endsWith('-unminimized'))]) {
        const n = d.expected.length;
        const result = run(d.name, d.verilog, verilogTestbench(d.input));
        assert.equal(result.status, 0, `${d.name}:\n${result.out.slice(-2000)}`);
        assert.match(result.out, new RegExp(`^PASS ${n}/${n}$`, 'm'), d.name);
        // iverilog -Wall has nothing to say about the module itself.
        // Not `-o /dev/null`: iverilog marks its output executable, and as root that chmods /dev/null to 0755.
        const lint = spawnSync('iverilog', ['-g2005', '-Wall', '-o', join(dir, `${d.name}.lint.vvp`), join(dir, `${d.name}.v`)], { encoding: 'utf8' });
        assert.equal(`${lint.stdout}${lint.stderr}`.trim(), '', `${d.name}: iverilog -Wall warnings`);
      }
      // Every other module this file builds parses in Icarus too (Yosys reads some text Icarus
      // rejects, e.g. `~~x`, which a one-argument AND under a NOT used to print).
      for (const d of [...randoms, ...argmaxes, ...handBuiltDesigns()]) {
        const file = join(dir, `${d.name}.parse.v`);
        writeFileSync(file, d.verilog);
        const parse = spawnSync('iverilog', ['-g2005', '-o', `${file}.vvp`, file], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(parse.status, 0, `iverilog rejects ${d.name}:\n${parse.stderr}`);
      }
      // A wrong module (the first rule's class changed) must fail its testbench.
      const d = fixtures[0];
      const C = d.ports.onehot.length;
      const wrong = d.verilog.replace(/rule_1 \? (\d+)'d(\d+)/, (_, w, k) => `rule_1 ? ${w}'d${(Number(k) + 1) % C}`);
      assert.notEqual(wrong, d.verilog);
      const result = run('wrong', wrong, verilogTestbench(d.input));
      assert.notEqual(result.status, 0);
      assert.match(result.out, /^FAIL row \d+/m);
      assert.doesNotMatch(result.out, /^PASS/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
