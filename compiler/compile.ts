/**
 * The compiler pipeline (SPEC §4): hard net ─lower─▶ IR ─simplify─▶ ─minimize─▶ ─verify─▶.
 * Every compile ends with a guarantee, the strongest that holds:
 *   exhaustive  every possible input of the support simulated against the hard net;
 *   sat         a SAT miter of the result against the literal lowering proved UNSAT;
 *   tested      the data rows given plus N random possible inputs agree.
 * The data rows and random vectors are checked in every case. Any disagreement is a compiler
 * bug and throws CompilerBugError — a wrong artifact is never returned.
 */
import type { LoadedModel } from '../src/model/load';
import { seededRng } from '../src/util/rng';
import { InputDomain } from './domain';
import { liveNodes, programSize, structuralSupport, type IrProgram } from './ir/program';
import { describeModel, lower, type HardNetDescription } from './lower';
import { minimizeCones } from './minimize/cones';
import { EspressoService } from './minimize/espresso/service';
import { minimizeSmallSupport, type SmallSupportReport } from './minimize/small_support';
import { SIMPLIFY_PASSES } from './passes';
import { runPipeline, type PassContext, type PassStats } from './passes/pass';
import { checkRows, proveExhaustive, type ClassOracle, type RowVerdict } from './verify/exhaustive';
import { proveEquivalentSat } from './verify/sat';

export type Guarantee =
  | { readonly level: 'exhaustive'; readonly inputs: number }
  | { readonly level: 'sat' }
  /** `checked`: the rows the artifact was compared on (absent where a caller built the value by hand). */
  | { readonly level: 'tested'; readonly reason: string; readonly checked?: CheckedRows };

export interface CompileOptions {
  /** Minimize with Espresso (default true); false keeps the simplified multi-level logic. */
  readonly minimize?: boolean;
  /** Most possible inputs simulated for an exhaustive proof (default 2²²). */
  readonly maxExhaustiveInputs?: number;
  /** Budget per Espresso call (default 60 s: generous, so load on the machine never changes the artifact). */
  readonly espressoTimeoutMs?: number;
  readonly satTimeoutMs?: number;
  /** Random possible inputs checked against the hard net (default 10,000). */
  readonly randomVectors?: number;
  readonly seed?: number;
  /** Encoded data rows (count × inputs 0/1 bytes), checked against the hard net. */
  readonly data?: { readonly rows: Uint8Array; readonly count: number };
  /** A running Espresso service to use (else one is started and stopped here). */
  readonly espresso?: EspressoService;
  /** Stage names as the compile proceeds (for progress output). */
  readonly onStage?: (stage: string) => void;
}

export interface CompileResult {
  readonly program: IrProgram;
  /** The literal lowering of the hard net (what SAT proofs compare against). */
  readonly reference: IrProgram;
  readonly stats: readonly PassStats[];
  readonly nodesBefore: number;
  readonly nodesAfter: number;
  readonly literalsBefore: number;
  readonly literalsAfter: number;
  readonly guarantee: Guarantee;
  /** Rows compared with the hard net besides the proof (see `CheckedRows`). */
  readonly checked: CheckedRows;
  readonly minimization: SmallSupportReport | null;
  readonly warnings: readonly string[];
  readonly ms: number;
}

/**
 * Inputs run through both the compiled program and the lowered net and compared with the hard
 * net: the data rows, and either `randomVectors` random possible inputs or — where there are no
 * more possible inputs than that — every one of them (`everyInput`, and `randomVectors` 0).
 */
export interface CheckedRows {
  readonly dataRows: number;
  readonly randomVectors: number;
  readonly everyInput: number;
}

/** Whether no row at all was compared with the hard net (no data, no random or enumerated inputs). */
export function nothingChecked(checked: CheckedRows): boolean {
  return checked.dataRows + checked.randomVectors + checked.everyInput === 0;
}

/** "50 data rows, 10000 random possible inputs" / "…, all 4096 possible inputs". */
export function describeChecked(checked: CheckedRows, formatCount: (n: number) => string = String): string {
  const inputs =
    checked.everyInput > 0 ? `all ${formatCount(checked.everyInput)} possible inputs` : `${formatCount(checked.randomVectors)} random possible inputs`;
  return `${formatCount(checked.dataRows)} data rows, ${inputs}`;
}

const DEFAULT_ESPRESSO_TIMEOUT_MS = 60_000;

export class CompilerBugError extends Error {
  constructor(message: string) {
    super(`compiler bug: ${message}`);
    this.name = 'CompilerBugError';
  }
}

export async function compileModel(loaded: LoadedModel, options: CompileOptions = {}): Promise<CompileResult> {
  const hard = loaded.hardNet;
  return compileNet(describeModel(loaded), (rows, count) => hard.predict(rows, count), options);
}

/** An exact rule list may be at most this many times the simplified logic's literals (see compileNet)… */
const EXACT_GROWTH_LIMIT = 2;
/** …counting the simplified logic as at least this many literals, so tiny nets always get their rule list. */
const EXACT_GROWTH_FLOOR = 40;

export async function compileNet(net: HardNetDescription, oracle: ClassOracle, options: CompileOptions = {}): Promise<CompileResult> {
  const t0 = performance.now();
  const stage = options.onStage ?? (() => undefined);
  const espresso = options.espresso ?? new EspressoService();
  try {
    stage('lower');
    const reference = lower(net);
    const domain = InputDomain.fromInputs(reference.inputs);
    const context: PassContext = { domain, warnings: [] };
    const before = programSize(reference);

    stage('simplify');
    const simplified = await runPipeline(reference, SIMPLIFY_PASSES, context, { repeat: 3 });
    const stats: PassStats[] = [...simplified.stats];
    let program = simplified.program;
    let minimization: SmallSupportReport | null = null;

    if (options.minimize ?? true) {
      stage('minimize');
      const m0 = performance.now();
      const sizeBefore = programSize(program);
      const timeoutMs = options.espressoTimeoutMs ?? DEFAULT_ESPRESSO_TIMEOUT_MS;
      const small = await minimizeSmallSupport(program, domain, { espresso, maxRows: options.maxExhaustiveInputs, timeoutMs });
      // With a small support the exact rule list is the artifact users want (flat, readable,
      // minimal as a sum of products), even where shared multi-level logic has fewer literals —
      // unless flattening blows it up (a random 16-bit function: 253 → 2,333 literals), where
      // no one reads the list and the multi-level logic, minimized per cone, is the better artifact.
      const exactLiterals = small.status === 'minimized' ? programSize(small.program).literals : 0;
      const exactTooLarge = exactLiterals > EXACT_GROWTH_LIMIT * Math.max(sizeBefore.literals, EXACT_GROWTH_FLOOR);
      if (small.status === 'minimized' && !exactTooLarge) {
        program = small.program;
        minimization = small.report;
      } else {
        context.warnings.push(
          small.status === 'skipped'
            ? `exact minimization skipped: ${small.reason}; minimizing local cones`
            : `the exact rule list has ${exactLiterals} literals, more than ${EXACT_GROWTH_LIMIT}× the simplified logic's ${sizeBefore.literals}; minimizing local cones instead`,
        );
        program = await minimizeCones(program, context, { espresso, timeoutMs });
        program = (await runPipeline(program, SIMPLIFY_PASSES, context)).program;
      }
      const sizeAfter = programSize(program);
      stats.push({
        pass: minimization ? 'espresso-exact' : 'espresso-cones',
        nodesBefore: sizeBefore.nodes,
        nodesAfter: sizeAfter.nodes,
        literalsBefore: sizeBefore.literals,
        literalsAfter: sizeAfter.literals,
        ms: performance.now() - m0,
      });
    }

    stage('verify');
    const checked = verifyRows(program, reference, oracle, domain, options);
    const proved = await prove(program, reference, oracle, domain, options, context.warnings);
    const guarantee: Guarantee = proved.level === 'tested' ? { ...proved, checked } : proved;
    const after = programSize(program);
    return {
      program,
      reference,
      stats,
      nodesBefore: before.nodes,
      nodesAfter: after.nodes,
      literalsBefore: before.literals,
      literalsAfter: after.literals,
      guarantee,
      checked,
      minimization,
      warnings: context.warnings,
      ms: performance.now() - t0,
    };
  } finally {
    if (options.espresso === undefined) await espresso.close();
  }
}

/**
 * Data rows and possible inputs: the compiled program AND the lowering vs the hard net. A domain
 * with no more possible inputs than the random sample would draw is enumerated instead: every
 * input, once, rather than repeats of some and none of others.
 */
function verifyRows(program: IrProgram, reference: IrProgram, oracle: ClassOracle, domain: InputDomain, options: CompileOptions): CheckedRows {
  const n = domain.inputs;
  const vectors = options.randomVectors ?? 10_000;
  const all = domain.possibleCount() <= vectors ? domain.enumerate(allBits(n), vectors) : null;
  const inputs = all ?? { rows: domain.sample(vectors, seededRng(options.seed ?? 1)), count: vectors };
  const sets: { what: string; rows: Uint8Array; count: number }[] = [{ what: all ? 'possible input' : 'random input', ...inputs }];
  if (options.data) sets.unshift({ what: 'data row', rows: options.data.rows, count: options.data.count });
  for (const set of sets) {
    for (const [name, p] of [
      ['compiled program', program],
      ['lowered net', reference],
    ] as const) {
      const verdict = checkRows(p, oracle, set.rows, set.count, n);
      if (verdict.status === 'different') throw new CompilerBugError(`${name} and hard net differ on ${set.what} ${verdict.index + 1}: ${describe(verdict)}`);
    }
  }
  return { dataRows: options.data?.count ?? 0, randomVectors: all ? 0 : vectors, everyInput: all ? all.count : 0 };
}

function allBits(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

async function prove(
  program: IrProgram,
  reference: IrProgram,
  oracle: ClassOracle,
  domain: InputDomain,
  options: CompileOptions,
  warnings: string[],
): Promise<Guarantee> {
  const limit = options.maxExhaustiveInputs ?? 1 << 22;
  const exhaustive = proveExhaustive(program, oracle, domain, structuralSupport(reference), limit);
  if (exhaustive.status === 'equal') return { level: 'exhaustive', inputs: exhaustive.rows };
  if (exhaustive.status === 'different') throw new CompilerBugError(`compiled program and hard net differ: ${describe(exhaustive)}`);
  const counted = cardinalityTerms(program) + cardinalityTerms(reference);
  if (counted > MAX_SAT_CARDINALITY_TERMS) {
    const reason = `${exhaustive.inputs.toExponential(2)} possible inputs are too many to enumerate, and the SAT miter would need adders over ${counted} counted terms (limit ${MAX_SAT_CARDINALITY_TERMS})`;
    warnings.push(reason);
    return { level: 'tested', reason };
  }
  const sat = await proveEquivalentSat(program, reference, domain, { timeoutMs: options.satTimeoutMs });
  if (sat.status === 'equivalent') return { level: 'sat' };
  if (sat.status === 'different') {
    throw new CompilerBugError(`SAT found an input where the compiled program says class ${sat.classA} and the net ${sat.classB}`);
  }
  const reason = `${exhaustive.inputs.toExponential(2)} possible inputs are too many to enumerate and the SAT proof gave up (${sat.reason}: ${sat.message})`;
  warnings.push(reason);
  return { level: 'tested', reason };
}

/**
 * Counted terms (arguments of atLeast / exactly / sum) beyond which a SAT proof is not tried:
 * each becomes adder circuitry. mnist-paper nets whose thresholds survive simplification (about
 * 140,000 terms) exhaust MiniSat's fixed 64 MB heap after ~8 s every time we tried — better to
 * say "tested" at once. Nets that fold to fewer terms still get their SAT attempt.
 */
const MAX_SAT_CARDINALITY_TERMS = 100_000;

function cardinalityTerms(program: IrProgram): number {
  let terms = 0;
  for (const id of liveNodes(program)) {
    const n = program.graph.node(id);
    if (n.op === 'atLeast' || n.op === 'exactly' || n.op === 'sum') terms += n.args.length;
  }
  return terms;
}

function describe(verdict: Extract<RowVerdict, { status: 'different' }>): string {
  return `expected class ${verdict.expected}, got ${verdict.got} (input ${Array.from(verdict.row).join('')})`;
}
