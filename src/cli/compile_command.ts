/**
 * `dbnc compile <model.json> --target T [-o FILE] [--stats [--json]] [--data rows.csv]` and
 * `dbnc verify <model.json> [--data rows.csv] [--json]`: run the compiler pipeline (lower →
 * simplify → minimize → verify), then emit the artifact (compile) or report the guarantee
 * (verify). The artifact is written atomically and only after verification: a compiler bug
 * (compiled logic ≠ hard net) exits with code 3 and writes nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CompilerBugError, compileModel, describeChecked, nothingChecked, type CompileResult } from '../../compiler/compile';
import { TARGET_NAMES, TARGETS, type TargetName } from '../../targets';
import { describeGuarantee, type EmitData, type EmitInput, type ModelIdentity, type TargetOptions } from '../../targets/types';
import { encodeRows } from '../data/encode';
import { readTable } from '../data/read';
import { loadModel, type LoadedModel } from '../model/load';
import { writeFilesAtomic, type OutputFile } from '../util/atomic_write';
import { CliError } from './errors';
import { checkOutputPath } from './outputs';
import { seedValue, wholeNumber } from './numbers';
import { isOneOf } from '../util/one_of';

export interface CompileSettings {
  readonly model: string;
  readonly data?: string;
  readonly minimize: boolean;
  readonly randomVectors: number;
  readonly seed: number;
  readonly espressoTimeoutMs: number;
  readonly satTimeoutMs: number;
  readonly quiet: boolean;
}

export interface CompileArgs extends CompileSettings {
  readonly target: string;
  readonly output?: string;
  readonly stats: boolean;
  readonly json: boolean;
  /** Target options: SQL dialect/table/expression-only, rule sheet format. */
  readonly dialect?: TargetOptions['dialect'];
  readonly table?: string;
  readonly expressionOnly?: boolean;
  readonly format?: TargetOptions['format'];
  /** Verilog: also write a self-checking testbench with these rows' golden vectors. */
  readonly testbench?: string;
}

/** The --stats --json object. */
export interface CompileStatsJson {
  readonly literalsBefore: number;
  readonly literalsAfter: number;
  readonly nodesBefore: number;
  readonly nodesAfter: number;
  readonly guarantee: CompileResult['guarantee']['level'];
  readonly guaranteeDetail: string;
  readonly ms: number;
  readonly checked: CompileResult['checked'];
  readonly support: { readonly structural: number; readonly functional: number } | null;
  /** Decision-list entries: one per class that has rules (each an OR of cubes). */
  readonly rules: number | null;
  /** Cubes over all entries: the numbered IF … THEN lines of the rule sheet. */
  readonly cubes: number | null;
  /** The class of the final OTHERWISE. */
  readonly defaultClass: string | null;
  readonly passes: CompileResult['stats'];
  readonly warnings: readonly string[];
}

/** Rows of a data file, encoded for the model, with the hard net's predictions (and labels, if present). */
export function loadEmitData(loaded: LoadedModel, path: string): EmitData {
  const table = readTable(path);
  const labelColumn = loaded.model.encoders.label.column;
  const encoded = encodeRows(loaded.model.encoders, table, table.columns.includes(labelColumn) ? labelColumn : undefined);
  return { table, bits: encoded.bits, predicted: loaded.hardNet.predict(encoded.bits, encoded.nRows), labels: encoded.labels };
}

/** Most random inputs `--random-vectors` takes: they are held in memory at one byte per input bit. */
const MAX_RANDOM_VECTORS = 1_000_000;

/** Loads the model (and data), runs the pipeline; compiler bugs become exit code 3. */
export async function compileFromFiles(
  settings: CompileSettings,
): Promise<{ loaded: LoadedModel; result: CompileResult; identity: ModelIdentity; emitData?: EmitData }> {
  // Settings first: a bad number fails before the model and the data are read.
  wholeNumber('--random-vectors', settings.randomVectors, 0);
  if (settings.randomVectors > MAX_RANDOM_VECTORS) {
    throw new CliError(`--random-vectors ${settings.randomVectors}: at most ${MAX_RANDOM_VECTORS.toLocaleString('en-US')} (each is a whole input row held in memory; an mnist-size net's million take 784 MB)`);
  }
  seedValue('--seed', settings.seed);
  wholeNumber('--espresso-timeout', settings.espressoTimeoutMs, 1);
  wholeNumber('--sat-timeout', settings.satTimeoutMs, 1);
  const loaded = loadModel(settings.model);
  const emitData = settings.data === undefined ? undefined : loadEmitData(loaded, settings.data);
  const data = emitData === undefined ? undefined : { rows: emitData.bits, count: emitData.predicted.length };
  const stage = settings.quiet ? undefined : (name: string) => process.stderr.write(`dbnc: ${name}…\n`);
  try {
    const result = await compileModel(loaded, {
      minimize: settings.minimize,
      randomVectors: settings.randomVectors,
      seed: settings.seed,
      espressoTimeoutMs: settings.espressoTimeoutMs,
      satTimeoutMs: settings.satTimeoutMs,
      data,
      onStage: stage,
    });
    if (result.guarantee.level === 'tested' && nothingChecked(result.checked)) {
      // A "tested" artifact that was compared with the hard net on no row at all would be an empty claim.
      throw new CliError(
        `${settings.model}: nothing verified the artifact: it could not be proved (${result.guarantee.reason}), and --random-vectors 0 without --data compares it with the hard net on no row; give --data FILE or --random-vectors N`,
      );
    }
    const identity: ModelIdentity = {
      name: loaded.model.name,
      sha256: createHash('sha256').update(readFileSync(settings.model)).digest('hex'),
      dbncVersion: loaded.model.dbncVersion,
      encoders: loaded.model.encoders,
    };
    return { loaded, result, identity, emitData };
  } catch (error) {
    if (error instanceof CompilerBugError) throw new CliError(error.message, 3);
    throw error;
  }
}

export function statsJson(result: CompileResult): CompileStatsJson {
  return {
    literalsBefore: result.literalsBefore,
    literalsAfter: result.literalsAfter,
    nodesBefore: result.nodesBefore,
    nodesAfter: result.nodesAfter,
    guarantee: result.guarantee.level,
    guaranteeDetail: describeGuarantee(result.guarantee),
    ms: Math.round(result.ms),
    checked: result.checked,
    support: result.minimization ? { structural: result.minimization.structuralSupport, functional: result.minimization.functionalSupport.length } : null,
    rules: result.program.head.kind === 'decisionList' ? result.program.head.rules.length : null,
    cubes: result.minimization ? result.minimization.cubes : null,
    defaultClass: result.minimization ? result.program.classes[result.minimization.defaultClass] : null,
    passes: result.stats.map((s) => ({ ...s, ms: Math.round(s.ms * 10) / 10 })),
    warnings: result.warnings,
  };
}

/** The human-readable --stats table. */
export function statsText(result: CompileResult): string {
  const rows = result.stats.map((s) => [s.pass, `${s.nodesBefore} → ${s.nodesAfter}`, `${s.literalsBefore} → ${s.literalsAfter}`, s.ms.toFixed(1)]);
  const table = [['pass', 'nodes', 'literals', 'ms'], ...rows];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const lines = table.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '));
  const m = result.minimization;
  lines.push('');
  lines.push(`literals: ${result.literalsBefore} → ${result.literalsAfter}; nodes: ${result.nodesBefore} → ${result.nodesAfter}; ${Math.round(result.ms)} ms`);
  if (m) lines.push(`support: the net reads ${m.structuralSupport} input bits, its function depends on ${m.functionalSupport.length} (the rules read no others); ${m.cubes} cubes; default class ${JSON.stringify(result.program.classes[m.defaultClass])}`);
  lines.push(`checked against the hard net: ${describeChecked(result.checked)}`);
  lines.push(`guarantee: ${describeGuarantee(result.guarantee)}`);
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

export async function runCompile(args: CompileArgs): Promise<number> {
  if (!isTargetName(args.target)) throw new CliError(`--target ${args.target}: unknown target (known: ${TARGET_NAMES.join(', ')})`);
  const target = TARGETS[args.target];
  // An option of another target would be silently ignored: refuse it, as --testbench always was.
  const otherTarget: [string, boolean, TargetName][] = [
    ['--dialect', args.dialect !== undefined, 'sql'],
    ['--table', args.table !== undefined, 'sql'],
    ['--expression-only', args.expressionOnly === true, 'sql'],
    ['--format', args.format !== undefined, 'rules'],
  ];
  for (const [flag, given, needs] of otherTarget) {
    if (given && args.target !== needs) throw new CliError(`${flag}: applies to --target ${needs} only (this is --target ${args.target})`);
  }
  if (args.testbench !== undefined && (args.target !== 'verilog' || args.output === undefined)) {
    throw new CliError('--testbench: needs --target verilog and -o FILE (the testbench is written beside it)');
  }
  if (args.output === '') throw new CliError('-o: needs a file name');
  if (args.testbench === '') throw new CliError('--testbench: needs a file name (the data rows to take golden vectors from)');
  if (args.table === '') throw new CliError('--table: needs a table name');
  if (args.stats && args.json && args.output === undefined) {
    // Both would go to standard output, and the artifact would be dropped.
    throw new CliError('--stats --json: the statistics go to standard output, so the artifact needs -o FILE');
  }
  if (args.output !== undefined) checkOutputs(args, args.output);
  const { loaded, result, identity, emitData } = await compileFromFiles({ ...args, quiet: args.quiet || args.json });
  const options: TargetOptions = {
    dialect: args.dialect,
    table: args.table,
    expressionOnly: args.expressionOnly,
    format: args.format,
    data: emitData,
  };
  const input: EmitInput = { program: result.program, model: identity, guarantee: result.guarantee, options };
  const text = await target.emit(input);
  const files: OutputFile[] = [];
  if (args.output !== undefined) files.push({ path: args.output, text });
  if (args.testbench !== undefined && args.output !== undefined) {
    const { verilogTestbench } = await import('../../targets/verilog');
    const bench = verilogTestbench({ ...input, options: { ...options, data: loadEmitData(loaded, args.testbench) } });
    files.push({ path: testbenchPath(args.output), text: bench });
  }
  // The artifact and its testbench land together or not at all (OutputFileError names the file).
  writeFilesAtomic(files);
  if (args.stats && args.json) process.stdout.write(`${JSON.stringify(statsJson(result))}\n`);
  else {
    if (args.output === undefined) process.stdout.write(text);
    if (args.stats) process.stderr.write(statsText(result));
    else if (!args.quiet) process.stderr.write(`dbnc: ${describeGuarantee(result.guarantee)}\n`);
  }
  if (!args.stats && !args.quiet && !args.json) for (const w of result.warnings) process.stderr.write(`dbnc: warning: ${w}\n`);
  return 0;
}

/**
 * Refuses, before compiling, an -o (or the testbench beside it) that would overwrite an input —
 * the model, the --data rows or the --testbench rows, however the path is spelt — or that
 * cannot be written.
 */
function checkOutputs(args: CompileArgs, output: string): void {
  const inputs = [
    { path: args.model, what: 'the model file' },
    ...(args.data !== undefined ? [{ path: args.data, what: 'the data file' }] : []),
    ...(args.testbench !== undefined ? [{ path: args.testbench, what: 'the --testbench data file' }] : []),
  ];
  const outputs = [`-o ${output}`, ...(args.testbench !== undefined ? [`--testbench: ${testbenchPath(output)}`] : [])];
  const paths = [output, ...(args.testbench !== undefined ? [testbenchPath(output)] : [])];
  paths.forEach((path, i) => checkOutputPath(outputs[i], path, inputs));
}

/** `parts.v` → `parts_tb.v`. */
export function testbenchPath(output: string): string {
  return /\.s?v$/.test(output) ? output.replace(/(\.s?v)$/, '_tb$1') : `${output}_tb.v`;
}

export async function runVerify(settings: CompileSettings & { readonly json: boolean }): Promise<number> {
  const { result } = await compileFromFiles({ ...settings, quiet: settings.quiet || settings.json });
  if (settings.json) process.stdout.write(`${JSON.stringify(statsJson(result))}\n`);
  else process.stdout.write(statsText(result));
  return 0;
}

function isTargetName(name: string): name is TargetName {
  return isOneOf(TARGET_NAMES, name);
}
