/**
 * The rule sheet's decision procedure, built from the shared Plan: a flat, hand-checkable form
 * in which every line is ONE operation over simple items.
 *
 *   item   a literal (an input bit or its opposite), a named condition `C3` or `NOT C3`, or a
 *          constant (`always` / `never`)
 *   line   items joined by AND, items joined by OR, or a checklist: at least / exactly k of the
 *          listed items hold, or an odd number of them hold
 *
 * Anything more deeply nested is hoisted into a named condition of its own, so nobody has to
 * match parentheses by hand. Plan definitions (shared logic) keep their sharing: each becomes one
 * named condition. Decision-list rules whose condition is an OR are split into one rule per
 * disjunct, for the same class, in order — first-match semantics make that exact. A list that
 * several checklists or scores count over is defined once as a named count (`K1 is at least 3`).
 * Names are C1, C2, … and K1, K2, … in listing order, and a definition only refers to
 * definitions listed before it.
 */
import type { Expr, Plan } from '../core/plan';

export type Item =
  | { readonly kind: 'literal'; readonly bit: number; readonly negated: boolean }
  | { readonly kind: 'ref'; readonly name: string; readonly negated: boolean }
  | { readonly kind: 'const'; readonly value: boolean };

export type Line =
  | { readonly kind: 'and' | 'or' | 'xor'; readonly items: readonly Item[] }
  /** `count`: the named count whose items these are (the line then reads `K1 is at least k`). */
  | { readonly kind: 'atLeast' | 'exactly'; readonly k: number; readonly items: readonly Item[]; readonly count?: string };

export interface NamedCondition {
  readonly kind: 'condition';
  readonly name: string;
  readonly line: Line;
}

/** The number of the listed items that hold, named because several lines count over it. */
export interface NamedCount {
  readonly kind: 'count';
  readonly name: string;
  readonly items: readonly Item[];
}

export type SheetDefinition = NamedCondition | NamedCount;

export interface SheetRule {
  readonly classIndex: number;
  readonly line: Line;
}

/** A class's score under an argmax head. */
export type Score =
  | { readonly kind: 'count'; readonly offset: number; readonly items: readonly Item[]; readonly count?: string }
  | { readonly kind: 'indicator'; readonly line: Line }
  | { readonly kind: 'constant'; readonly value: number };

export type ProcedureHead =
  | { readonly kind: 'rules'; readonly rules: readonly SheetRule[]; readonly otherwise: number }
  | { readonly kind: 'scores'; readonly scores: readonly Score[] };

export interface Procedure {
  /** Named conditions and counts, in listing (= dependency) order. */
  readonly definitions: readonly SheetDefinition[];
  readonly head: ProcedureHead;
}

export function buildProcedure(plan: Plan): Procedure {
  const conditions: { name: string; line: Line }[] = [];
  const nameOf = new Map<string, string>(); // plan definition name → sheet name
  const sums = new Map<string, Expr>(); // integer plan definitions, inlined into scores
  const define = (line: Line): string => {
    const name = `C${conditions.length + 1}`;
    conditions.push({ name, line });
    return name;
  };

  const toItem = (e: Expr): Item => {
    switch (e.kind) {
      case 'const':
        return { kind: 'const', value: e.value };
      case 'input':
        return { kind: 'literal', bit: e.bit, negated: false };
      case 'ref':
        return { kind: 'ref', name: refName(e), negated: false };
      case 'not':
        return negate(toItem(e.arg));
      case 'and':
      case 'or':
        if (e.args.length === 0) return { kind: 'const', value: e.kind === 'and' };
        if (e.args.length === 1) return toItem(e.args[0]);
        return { kind: 'ref', name: define(lineOf(e)), negated: false };
      case 'xor':
      case 'atLeast':
      case 'exactly':
        return { kind: 'ref', name: define(lineOf(e)), negated: false };
      case 'sum':
        throw new Error('rules: an integer sum cannot be a condition');
    }
  };
  const refName = (e: Extract<Expr, { kind: 'ref' }>): string => {
    if (e.integer) throw new Error(`rules: the integer ${e.name} cannot be a condition`);
    const name = nameOf.get(e.name);
    if (name === undefined) throw new Error(`rules: condition ${e.name} is used before it is defined`);
    return name;
  };
  /** Same-kind AND/OR children are merged into the parent (associativity). */
  const flatten = (kind: 'and' | 'or', args: readonly Expr[]): Expr[] =>
    args.flatMap((a) => (a.kind === kind ? flatten(kind, a.args) : [a]));
  const lineOf = (e: Expr): Line => {
    switch (e.kind) {
      case 'and':
      case 'or':
        return normalize({ kind: e.kind, items: flatten(e.kind, e.args).map(toItem) });
      case 'xor':
        return normalize({ kind: 'xor', items: e.args.map(toItem) });
      case 'atLeast':
      case 'exactly':
        return normalize({ kind: e.kind, k: e.k, items: e.args.map(toItem) });
      default:
        return { kind: 'and', items: [toItem(e)] };
    }
  };

  for (const d of plan.definitions) {
    if (d.integer) sums.set(d.name, d.expr);
    else nameOf.set(d.name, define(lineOf(d.expr)));
  }

  let head: ProcedureHead;
  if (plan.head.kind === 'decisionList') {
    const rules: SheetRule[] = [];
    let otherwise = plan.head.otherwise;
    outer: for (const rule of plan.head.rules) {
      const disjuncts = rule.condition.kind === 'or' ? flatten('or', rule.condition.args) : [rule.condition];
      for (const d of disjuncts) {
        const line = ruleLine(lineOf(d));
        if (line === false) continue;
        if (line === true) {
          // A rule that always matches ends the list: it is the OTHERWISE.
          otherwise = rule.classIndex;
          break outer;
        }
        rules.push({ classIndex: rule.classIndex, line });
      }
    }
    head = { kind: 'rules', rules, otherwise };
  } else {
    const scores = plan.head.logits.map((logit): Score => {
      const sum = logit.kind === 'sum' ? logit : logit.kind === 'ref' && logit.integer ? sums.get(logit.name) : undefined;
      if (logit.kind === 'ref' && logit.integer && sum === undefined) throw new Error(`rules: no sum ${logit.name}`);
      if (sum !== undefined && sum.kind === 'sum') {
        if (sum.args.length === 0) return { kind: 'constant', value: sum.offset };
        return { kind: 'count', offset: sum.offset, items: sortItems(sum.args.map(toItem)) };
      }
      if (logit.kind === 'const') return { kind: 'constant', value: logit.value ? 1 : 0 };
      return { kind: 'indicator', line: lineOf(logit) };
    });
    head = { kind: 'scores', scores };
  }
  return shareCounts(conditions, head);
}

/**
 * Lists counted over by two or more checklists or scores become named counts, each listed just
 * before its first user (its items only refer to conditions listed before that user).
 */
function shareCounts(conditions: readonly { name: string; line: Line }[], head: ProcedureHead): Procedure {
  const keyOf = (items: readonly Item[]): string => items.map((it) => JSON.stringify(it)).join('|');
  const uses = new Map<string, number>();
  const note = (items: readonly Item[]): void => {
    if (items.length < 2) return;
    const key = keyOf(items);
    uses.set(key, (uses.get(key) ?? 0) + 1);
  };
  const noteLine = (l: Line): void => {
    if (l.kind === 'atLeast' || l.kind === 'exactly') note(l.items);
  };
  for (const c of conditions) noteLine(c.line);
  if (head.kind === 'rules') for (const r of head.rules) noteLine(r.line);
  else
    for (const s of head.scores) {
      if (s.kind === 'count') note(s.items);
      if (s.kind === 'indicator') noteLine(s.line);
    }

  const definitions: SheetDefinition[] = [];
  const countName = new Map<string, string>();
  let counts = 0;
  const counted = (items: readonly Item[]): string | undefined => {
    if (items.length < 2) return undefined;
    const key = keyOf(items);
    if ((uses.get(key) ?? 0) < 2) return undefined;
    let name = countName.get(key);
    if (name === undefined) {
      name = `K${++counts}`;
      countName.set(key, name);
      definitions.push({ kind: 'count', name, items });
    }
    return name;
  };
  const withCount = (l: Line): Line => {
    if (l.kind !== 'atLeast' && l.kind !== 'exactly') return l;
    const count = counted(l.items);
    return count === undefined ? l : { ...l, count };
  };
  for (const c of conditions) {
    const line = withCount(c.line);
    definitions.push({ kind: 'condition', name: c.name, line });
  }
  const shared: ProcedureHead =
    head.kind === 'rules'
      ? { ...head, rules: head.rules.map((r) => ({ ...r, line: withCount(r.line) })) }
      : {
          kind: 'scores',
          scores: head.scores.map((s): Score => {
            if (s.kind === 'indicator') return { kind: 'indicator', line: withCount(s.line) };
            if (s.kind !== 'count') return s;
            const count = counted(s.items);
            return count === undefined ? s : { ...s, count };
          }),
        };
  return { definitions, head: shared };
}

/**
 * Items in reading order: literals by input bit (so one feature's conditions stand together,
 * thresholds ascending; a bit before its opposite), then named conditions, then constants.
 * Every line is commutative (AND, OR, counts), so the order carries no meaning.
 */
function sortItems(items: readonly Item[]): Item[] {
  const key = (it: Item): number =>
    it.kind === 'literal' ? it.bit * 2 + (it.negated ? 1 : 0) : it.kind === 'ref' ? 2 ** 40 + Number(it.name.slice(1)) * 2 + (it.negated ? 1 : 0) : 2 ** 50;
  return [...items].sort((a, b) => key(a) - key(b));
}

function negate(item: Item): Item {
  return item.kind === 'const' ? { kind: 'const', value: !item.value } : { ...item, negated: !item.negated };
}

/** Lines never have an empty item list: an empty AND is `always`, an empty OR or parity `never`. */
function normalize(unsorted: Line): Line {
  let items = sortItems(unsorted.items);
  // AND and OR are idempotent: a repeated item says nothing more (checklists keep repeats).
  if (unsorted.kind === 'and' || unsorted.kind === 'or') items = items.filter((it, i) => i === 0 || JSON.stringify(it) !== JSON.stringify(items[i - 1]));
  const line = { ...unsorted, items };
  if (line.items.length > 0) return line;
  switch (line.kind) {
    case 'and':
      return { kind: 'and', items: [{ kind: 'const', value: true }] };
    case 'or':
    case 'xor':
      return { kind: 'and', items: [{ kind: 'const', value: false }] };
    case 'atLeast':
      return { kind: 'and', items: [{ kind: 'const', value: line.k <= 0 }] };
    case 'exactly':
      return { kind: 'and', items: [{ kind: 'const', value: line.k === 0 }] };
  }
}

/** A rule's line with constants folded out of an AND: true (always), false (never) or the line. */
function ruleLine(line: Line): Line | boolean {
  if (line.kind !== 'and') return line;
  if (line.items.some((i) => i.kind === 'const' && !i.value)) return false;
  const items = line.items.filter((i) => i.kind !== 'const');
  return items.length === 0 ? true : { kind: 'and', items };
}

/** Evaluates the procedure on one row of input bits (for support and precision). */
export function procedureEvaluator(procedure: Procedure): (bits: Uint8Array, offset: number) => { rule: number; classIndex: number } {
  const conditions = procedure.definitions.filter((d): d is NamedCondition => d.kind === 'condition');
  const index = new Map(conditions.map((c, i) => [c.name, i]));
  const memo = new Int8Array(conditions.length);
  let bits: Uint8Array = new Uint8Array(0);
  let offset = 0;
  const item = (it: Item): boolean => {
    switch (it.kind) {
      case 'const':
        return it.value;
      case 'literal':
        return (bits[offset + it.bit] === 1) !== it.negated;
      case 'ref':
        return condition(index.get(it.name) as number) !== it.negated;
    }
  };
  const condition = (i: number): boolean => {
    if (memo[i] === 0) memo[i] = line(conditions[i].line) ? 1 : 2;
    return memo[i] === 1;
  };
  const line = (l: Line): boolean => {
    switch (l.kind) {
      case 'and':
        return l.items.every(item);
      case 'or':
        return l.items.some(item);
      case 'xor':
        return l.items.filter(item).length % 2 === 1;
      case 'atLeast':
        return l.items.filter(item).length >= l.k;
      case 'exactly':
        return l.items.filter(item).length === l.k;
    }
  };
  const head = procedure.head;
  return (rowBits, rowOffset) => {
    bits = rowBits;
    offset = rowOffset;
    memo.fill(0);
    if (head.kind === 'rules') {
      const r = head.rules.findIndex((rule) => line(rule.line));
      return r < 0 ? { rule: -1, classIndex: head.otherwise } : { rule: r, classIndex: head.rules[r].classIndex };
    }
    let best = -Infinity;
    let bestClass = 0;
    head.scores.forEach((s, c) => {
      const value =
        s.kind === 'constant' ? s.value : s.kind === 'indicator' ? (line(s.line) ? 1 : 0) : s.offset + s.items.filter(item).length;
      if (value > best) {
        best = value;
        bestClass = c;
      }
    });
    return { rule: bestClass, classIndex: bestClass };
  };
}
