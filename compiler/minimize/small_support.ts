/**
 * Minimization, small-support regime (SPEC §4): when the classifier reads few input bits, its
 * exact function is enumerated (bit-parallel simulation over every POSSIBLE input of its
 * structural support), reduced to the bits it really depends on, and rewritten as an ordered
 * rule list — one sum of products per class, minimized by Espresso, first match wins, then a
 * default class. Don't-cares handed to Espresso: input combinations the encoders cannot produce
 * (`x > 5 ∧ ¬(x > 3)`, two categories at once) and, for each rule, the inputs that earlier
 * rules already decide. Every class is tried as the default; the shortest list wins.
 */
import type { InputDomain } from '../domain';
import { IrGraph, type NodeId } from '../ir/graph';
import { structuralSupport, type DecisionRule, type IrProgram } from '../ir/program';
import { classify, sliceRows } from '../ir/simulate';
import { cubeLiterals, sumOfProducts } from './cover';
import type { EspressoService } from './espresso/service';

export interface SmallSupportOptions {
  readonly espresso: EspressoService;
  /** Most distinct possible inputs to enumerate (default 2²²). */
  readonly maxRows?: number;
  /** Most bits of the reduced support handed to Espresso (default 20). */
  readonly maxVars?: number;
  readonly timeoutMs?: number;
}

export interface SmallSupportReport {
  /** Bits the program reads structurally. */
  readonly structuralSupport: number;
  /** Bits the function depends on (what Espresso saw). */
  readonly functionalSupport: readonly number[];
  /** Possible inputs enumerated. */
  readonly rows: number;
  readonly defaultClass: number;
  readonly cubes: number;
  readonly literals: number;
}

export type SmallSupportResult =
  | { readonly status: 'minimized'; readonly program: IrProgram; readonly report: SmallSupportReport }
  | { readonly status: 'skipped'; readonly reason: string };

export async function minimizeSmallSupport(program: IrProgram, domain: InputDomain, options: SmallSupportOptions): Promise<SmallSupportResult> {
  const maxRows = options.maxRows ?? 1 << 22;
  const maxVars = options.maxVars ?? 20;
  const support = structuralSupport(program);
  const projected = domain.projectedCount(support);
  if (projected > maxRows) return { status: 'skipped', reason: `${support.length} support bits give ${projected} possible inputs (> ${maxRows})` };
  const table = domain.enumerate(support, maxRows);
  if (table === null) return { status: 'skipped', reason: 'too many possible inputs' };
  const n = domain.inputs;
  const classes = classify(program, sliceRows(table.rows, table.count, n), table.count);
  const vars = functionalSupport(table.rows, table.count, n, support, classes);
  if (vars.length > maxVars) return { status: 'skipped', reason: `the function depends on ${vars.length} bits (> ${maxVars})` };

  const byKey = projectClasses(table.rows, table.count, n, vars, classes);
  if (byKey === null) throw new Error('small-support minimization: the reduced support does not determine the class');
  const minterms: string[][] = program.classes.map(() => []);
  byKey.forEach((cls, key) => minterms[cls].push(mintermCube(key, vars.length)));
  const impossible = domain.impossibleCubes(vars);
  const present = minterms.map((m, c) => (m.length > 0 ? c : -1)).filter((c) => c >= 0);

  let best: { rules: { classIndex: number; cubes: string[] }[]; otherwise: number; literals: number; cubes: number } | null = null;
  for (const otherwise of present) {
    const order = present.filter((c) => c !== otherwise);
    const rules: { classIndex: number; cubes: string[] }[] = [];
    const earlier: string[] = [];
    for (const classIndex of order) {
      const outcome = await options.espresso.minimize(
        { inputs: vars.length, on: minterms[classIndex], dc: [...impossible, ...earlier] },
        options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
      );
      if (outcome.status !== 'ok') return { status: 'skipped', reason: `Espresso: ${outcome.reason} (${outcome.message})` };
      rules.push({ classIndex, cubes: outcome.cubes });
      earlier.push(...minterms[classIndex]);
    }
    const literals = rules.reduce((sum, r) => sum + r.cubes.reduce((s, c) => s + cubeLiterals(c), 0), 0);
    const cubes = rules.reduce((sum, r) => sum + r.cubes.length, 0);
    if (best === null || literals < best.literals || (literals === best.literals && cubes < best.cubes)) best = { rules, otherwise, literals, cubes };
  }
  if (best === null) return { status: 'skipped', reason: 'no possible input' };

  const g = new IrGraph();
  const inputNode = vars.map((bit) => g.input(bit));
  const decision: DecisionRule[] = best.rules
    .filter((r) => r.cubes.length > 0)
    .map((r) => ({ classIndex: r.classIndex, when: sumOfProducts(g, r.cubes, inputNode) }));
  return {
    status: 'minimized',
    program: { graph: g, inputs: program.inputs, classes: program.classes, head: { kind: 'decisionList', rules: decision, otherwise: best.otherwise } },
    report: {
      structuralSupport: support.length,
      functionalSupport: vars,
      rows: table.count,
      defaultClass: best.otherwise,
      cubes: best.cubes,
      literals: best.literals,
    },
  };
}

/** The minterm of a key over m variables as a cube (char j = bit j of the key). */
function mintermCube(key: number, m: number): string {
  let s = '';
  for (let j = 0; j < m; j++) s += (key >>> j) & 1 ? '1' : '0';
  return s;
}

/** Per row, the key over `vars` (bit j = the row's value of input vars[j]). */
function keys(rows: Uint8Array, count: number, n: number, vars: readonly number[]): Int32Array {
  const out = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    let key = 0;
    for (let j = 0; j < vars.length; j++) key |= rows[r * n + vars[j]] << j;
    out[r] = key;
  }
  return out;
}

/** key → class over `vars`, or null when two rows with one key disagree (the class needs more bits). */
function projectClasses(rows: Uint8Array, count: number, n: number, vars: readonly number[], classes: Int32Array): Map<number, number> | null {
  const k = keys(rows, count, n, vars);
  const out = new Map<number, number>();
  for (let r = 0; r < count; r++) {
    const seen = out.get(k[r]);
    if (seen === undefined) out.set(k[r], classes[r]);
    else if (seen !== classes[r]) return null;
  }
  return out;
}

/**
 * Drops support bits one at a time while the class stays a function of the remaining bits on
 * the possible inputs (well-defined projection), so Espresso sees only what matters.
 */
function functionalSupport(rows: Uint8Array, count: number, n: number, support: readonly number[], classes: Int32Array): number[] {
  let vars = [...support];
  for (const bit of support) {
    const without = vars.filter((b) => b !== bit);
    if (projectClasses(rows, count, n, without, classes) !== null) vars = without;
  }
  return vars;
}
