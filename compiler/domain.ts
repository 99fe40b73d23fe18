/**
 * The input domain: which combinations of input bits the encoders can produce. A numeric
 * feature is a thermometer code (`x > 5` implies `x > 3`), a categorical feature is one-hot
 * (unseen categories are rejected at encoding time, so exactly one bit is set — counting the
 * "is missing" bit when there is one), and an "is missing" bit forces the feature's value bits
 * to 0. Everything else is impossible: those combinations are don't-cares for minimization and
 * are skipped by exhaustive proofs ("equivalent on every possible input").
 *
 * Raw bits (bit-matrix data, `x3 is true` without a missing bit) are unconstrained.
 */
import type { BitPredicate } from '../src/data/predicate';
import type { IrInput } from './ir/program';

export type GroupKind = 'numeric' | 'categorical' | 'boolean';

export interface FeatureGroup {
  readonly feature: string;
  readonly kind: GroupKind;
  /** Value bits; for numeric features in ascending threshold order. */
  readonly bits: readonly number[];
  /** The "is missing" bit, if any. */
  readonly missing: number | null;
}

/** One state of a group: a value per member bit (members = bits then missing). */
type GroupState = Uint8Array;

export interface Enumeration {
  /** count × inputs row-major 0/1 bytes: possible inputs, one per distinct projection on the support. */
  readonly rows: Uint8Array;
  readonly count: number;
}

export class InputDomain {
  readonly inputs: number;
  readonly groups: readonly FeatureGroup[];
  /** Group index of every input bit. */
  private readonly groupOf: Int32Array;

  constructor(inputs: number, groups: readonly FeatureGroup[]) {
    this.inputs = inputs;
    this.groups = groups;
    this.groupOf = new Int32Array(inputs).fill(-1);
    groups.forEach((g, gi) => {
      for (const b of members(g)) {
        if (this.groupOf[b] !== -1) throw new Error(`domain: input bit ${b} is in two feature groups`);
        this.groupOf[b] = gi;
      }
    });
    const orphan = this.groupOf.indexOf(-1);
    if (orphan !== -1) throw new Error(`domain: input bit ${orphan} belongs to no feature`);
  }

  /** The domain the encoders' predicates imply. */
  static fromInputs(inputs: readonly IrInput[]): InputDomain {
    return InputDomain.fromPredicates(inputs.map((i) => i.predicate));
  }

  static fromPredicates(predicates: readonly BitPredicate[]): InputDomain {
    const byFeature = new Map<string, { kind?: GroupKind; bits: { bit: number; value: number }[]; missing: number | null }>();
    predicates.forEach((p, bit) => {
      let entry = byFeature.get(p.feature);
      if (!entry) {
        entry = { bits: [], missing: null };
        byFeature.set(p.feature, entry);
      }
      if (p.op === 'is missing') {
        entry.missing = bit;
        return;
      }
      const kind: GroupKind = p.op === '>' ? 'numeric' : p.op === '=' ? 'categorical' : 'boolean';
      if (entry.kind !== undefined && entry.kind !== kind) throw new Error(`domain: feature ${JSON.stringify(p.feature)} mixes predicate kinds`);
      entry.kind = kind;
      entry.bits.push({ bit, value: p.op === '>' ? p.value : 0 });
    });
    const groups: FeatureGroup[] = [];
    for (const [feature, entry] of byFeature) {
      const kind = entry.kind ?? 'boolean';
      if (kind === 'boolean' && entry.bits.length > 1) throw new Error(`domain: boolean feature ${JSON.stringify(feature)} has several bits`);
      const bits = kind === 'numeric' ? [...entry.bits].sort((a, b) => a.value - b.value) : entry.bits;
      groups.push({ feature, kind, bits: bits.map((b) => b.bit), missing: entry.missing });
    }
    return new InputDomain(predicates.length, groups);
  }

  /** An unconstrained domain over n raw bits. */
  static unconstrained(n: number): InputDomain {
    return new InputDomain(
      n,
      Array.from({ length: n }, (_, i) => ({ feature: `#${i}`, kind: 'boolean' as const, bits: [i], missing: null })),
    );
  }

  /** True when the encoders can produce this row of input bits. */
  isPossible(row: ArrayLike<number>): boolean {
    return this.groups.every((g) => {
      const values = members(g).map((b) => row[b]);
      return groupStates(g).some((s) => s.every((v, i) => v === values[i]));
    });
  }

  /** Number of possible inputs (may exceed 2⁵³ for big nets: returned as a float). */
  possibleCount(): number {
    return this.groups.reduce((p, g) => p * groupStates(g).length, 1);
  }

  /** Number of distinct possible projections onto `support`. */
  projectedCount(support: readonly number[]): number {
    const inSupport = supportMask(this.inputs, support);
    return this.groups.reduce((p, g) => p * projectedStates(g, inSupport).length, 1);
  }

  /**
   * Every possible input, deduplicated by its projection onto `support` (bits outside the
   * support take a fixed possible completion). Null when there would be more than `limit` rows.
   */
  enumerate(support: readonly number[], limit: number): Enumeration | null {
    const inSupport = supportMask(this.inputs, support);
    const choices = this.groups.map((g) => ({ group: g, members: members(g), states: projectedStates(g, inSupport) }));
    const count = choices.reduce((p, c) => p * c.states.length, 1);
    if (count > limit) return null;
    const n = this.inputs;
    const rows = new Uint8Array(count * n);
    // Mixed-radix counter over the groups' states; the first group varies fastest.
    const digit = new Int32Array(choices.length);
    for (let r = 0; r < count; r++) {
      const base = r * n;
      for (let c = 0; c < choices.length; c++) {
        const state = choices[c].states[digit[c]];
        const m = choices[c].members;
        for (let i = 0; i < m.length; i++) rows[base + m[i]] = state[i];
      }
      for (let c = 0; c < choices.length; c++) {
        if (++digit[c] < choices[c].states.length) break;
        digit[c] = 0;
      }
    }
    return { rows, count };
  }

  /** `count` possible inputs drawn uniformly per feature group (count × inputs row-major bytes). */
  sample(count: number, next: () => number): Uint8Array {
    const n = this.inputs;
    const rows = new Uint8Array(count * n);
    const choices = this.groups.map((g) => ({ members: members(g), states: groupStates(g) }));
    for (let r = 0; r < count; r++) {
      for (const { members: m, states } of choices) {
        const state = states[Math.min(states.length - 1, Math.floor(next() * states.length))];
        for (let i = 0; i < m.length; i++) rows[r * n + m[i]] = state[i];
      }
    }
    return rows;
  }

  /**
   * Cubes over `vars` (character j ↔ input bit vars[j]; '0', '1', '-') that cover exactly the
   * projections onto `vars` that no possible input has — the encoding's don't-cares.
   */
  impossibleCubes(vars: readonly number[]): string[] {
    const position = new Map(vars.map((b, j) => [b, j]));
    const cube = (fixed: ReadonlyArray<[number, '0' | '1']>): string => {
      const chars = new Array<string>(vars.length).fill('-');
      for (const [bit, v] of fixed) chars[position.get(bit) as number] = v;
      return chars.join('');
    };
    const out: string[] = [];
    for (const g of this.groups) {
      const value = g.bits.filter((b) => position.has(b));
      const missing = g.missing !== null && position.has(g.missing) ? g.missing : null;
      if (g.kind === 'numeric') {
        // Thermometer: a higher threshold passed but a lower one not.
        for (let i = 0; i < value.length; i++) for (let j = i + 1; j < value.length; j++) out.push(cube([[value[i], '0'], [value[j], '1']]));
      }
      if (g.kind === 'categorical') {
        const hot = missing === null ? value : [...value, missing];
        for (let i = 0; i < hot.length; i++) for (let j = i + 1; j < hot.length; j++) out.push(cube([[hot[i], '1'], [hot[j], '1']]));
        if (hot.length === members(g).length && hot.length > 0) out.push(cube(hot.map((b) => [b, '0'] as [number, '0'])));
      } else if (missing !== null) {
        for (const b of value) out.push(cube([[missing, '1'], [b, '1']]));
      }
    }
    return out;
  }

  /**
   * Implications between input literals that hold on every possible input, for predicate
   * reasoning: `implies(a, b)` is true when bit a = 1 forces bit b = 1 (a higher threshold of
   * the same feature), and `excludes(a, b)` when a and b are never both 1 (two categories, or a
   * value bit and its feature's "is missing" bit).
   */
  implies(a: number, b: number): boolean {
    if (a === b) return true;
    const g = this.groupOf[a];
    if (g !== this.groupOf[b]) return false;
    const group = this.groups[g];
    if (group.kind !== 'numeric') return false;
    const ia = group.bits.indexOf(a);
    const ib = group.bits.indexOf(b);
    return ia >= 0 && ib >= 0 && ia > ib;
  }

  excludes(a: number, b: number): boolean {
    if (a === b) return false;
    const g = this.groupOf[a];
    if (g !== this.groupOf[b]) return false;
    const group = this.groups[g];
    if (group.missing === a || group.missing === b) return true;
    return group.kind === 'categorical';
  }

  /** Bits of which exactly one is 1 on every possible input (a categorical group with its missing bit), or null. */
  exactlyOneOf(bit: number): readonly number[] | null {
    const group = this.groups[this.groupOf[bit]];
    return group.kind === 'categorical' ? members(group) : null;
  }
}

function members(g: FeatureGroup): number[] {
  return g.missing === null ? [...g.bits] : [...g.bits, g.missing];
}

/** Every state a group's members can take, in a fixed order (value states first, missing last). */
function groupStates(g: FeatureGroup): GroupState[] {
  const m = members(g).length;
  const v = g.bits.length;
  const states: GroupState[] = [];
  if (g.kind === 'numeric') {
    for (let level = 0; level <= v; level++) states.push(Uint8Array.from({ length: m }, (_, i) => (i < level ? 1 : 0)));
  } else if (g.kind === 'categorical') {
    for (let c = 0; c < v; c++) states.push(Uint8Array.from({ length: m }, (_, i) => (i === c ? 1 : 0)));
  } else {
    for (let value = 0; value <= 1; value++) states.push(Uint8Array.from({ length: m }, (_, i) => (i < v ? value : 0)));
  }
  if (g.missing !== null) states.push(Uint8Array.from({ length: m }, (_, i) => (i === m - 1 ? 1 : 0)));
  return states;
}

/** The group's states with distinct values on the support bits (first representative kept). */
function projectedStates(g: FeatureGroup, inSupport: Uint8Array): GroupState[] {
  const m = members(g);
  const seen = new Set<string>();
  return groupStates(g).filter((s) => {
    const key = m.map((b, i) => (inSupport[b] ? s[i] : 'x')).join('');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function supportMask(n: number, support: readonly number[]): Uint8Array {
  const mask = new Uint8Array(n);
  for (const b of support) mask[b] = 1;
  return mask;
}
