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
  // A categorical feature read through some of its bits is enumerated with all of them: they
  // add no possible inputs (one bit is set) and let the rules name the category.
  const support = [...new Set(structuralSupport(program).flatMap((b) => domain.exactlyOneOf(b) ?? [b]))].sort((a, b) => a - b);
  const projected = domain.projectedCount(support);
  if (projected > maxRows) return { status: 'skipped', reason: `${support.length} support bits give ${projected} possible inputs (> ${maxRows})` };
  const table = domain.enumerate(support, maxRows);
  if (table === null) return { status: 'skipped', reason: 'too many possible inputs' };
  const n = domain.inputs;
  const classes = classify(program, sliceRows(table.rows, table.count, n), table.count);
  const vars = functionalSupport(table.rows, table.count, n, support, classes, domain);
  if (vars.length > maxVars) return { status: 'skipped', reason: `the function depends on ${vars.length} bits (> ${maxVars})` };

  const byKey = projectClasses(table.rows, table.count, n, vars, classes);
  if (byKey === null) throw new Error('small-support minimization: the reduced support does not determine the class');
  const minterms: string[][] = program.classes.map(() => []);
  byKey.forEach((cls, key) => minterms[cls].push(mintermCube(key, vars.length)));
  const impossible = domain.impossibleCubes(vars);
  const present = minterms.map((m, c) => (m.length > 0 ? c : -1)).filter((c) => c >= 0);
  const oneHot = exactlyOneGroups(domain, vars);

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
      rules.push({ classIndex, cubes: outcome.cubes.map((c) => namePositiveCategories(c, oneHot)) });
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

/**
 * Positions (in `vars`) of every exactly-one group (a categorical feature with all its bits,
 * missing bit included) that lies wholly inside `vars`.
 */
function exactlyOneGroups(domain: InputDomain, vars: readonly number[]): number[][] {
  const position = new Map(vars.map((b, j) => [b, j]));
  const seen = new Set<string>();
  const groups: number[][] = [];
  for (const bit of vars) {
    const members = domain.exactlyOneOf(bit);
    if (members === null || !members.every((m) => position.has(m))) continue;
    const key = members.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    groups.push(members.map((m) => position.get(m) as number));
  }
  return groups;
}

/**
 * Espresso expands cubes as far as the don't-cares allow, so "supplier is not Borg and not
 * Cole" comes back where the reader wants "supplier is Acme". When exactly one bit of a group
 * is always set, "all but one member are 0" equals "that member is 1" on every possible input:
 * rewrite it so (one literal instead of k − 1).
 */
function namePositiveCategories(cube: string, groups: readonly number[][]): string {
  let out = cube;
  for (const group of groups) {
    const free = group.filter((p) => out[p] === '-');
    if (free.length !== 1 || !group.every((p) => p === free[0] || out[p] === '0')) continue;
    const chars = out.split('');
    for (const p of group) chars[p] = p === free[0] ? '1' : '-';
    out = chars.join('');
  }
  return out;
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
 * Drops support bits while the class stays a function of the remaining bits on the possible
 * inputs (well-defined projection), so Espresso sees only what matters. A categorical feature's
 * bits go or stay together: any one of them is implied by the others, and keeping the whole
 * group lets the rules name a category ("supplier is Acme") instead of excluding the others.
 */
function functionalSupport(rows: Uint8Array, count: number, n: number, support: readonly number[], classes: Int32Array, domain: InputDomain): number[] {
  const units: number[][] = [];
  const placed = new Set<number>();
  for (const bit of support) {
    if (placed.has(bit)) continue;
    const group = domain.exactlyOneOf(bit);
    const unit = group === null ? [bit] : group.filter((b) => support.includes(b));
    for (const b of unit) placed.add(b);
    units.push(unit);
  }
  let vars = [...support];
  for (const unit of units) {
    const without = vars.filter((b) => !unit.includes(b));
    if (projectClasses(rows, count, n, without, classes) !== null) vars = without;
  }
  return vars;
}
