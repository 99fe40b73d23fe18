/**
 * The logic side of the TypeScript target: the plan's definitions and head, rendered twice
 * through the shared printer core —
 *   scalar      one row: conditions are the numbers 0/1, combined with `&` `|` `^` (not:
 *               `^ 1`) — no short-circuit branches, whose mispredictions on varying rows cost
 *               more than the logic — and counts are sums of them;
 *   bit-sliced  32 rows per 32-bit word: `&` `|` `^` `~` on words; counts go to the runtime's
 *               vertical counters (`atLeastW`, `exactlyW`, `countW`), and the argmax head
 *               compares bit-sliced integers (`argmaxW`).
 * Counted arguments often repeat (hash-consing makes equal gates one node, and a node counts
 * once per occurrence), so counts are printed with multiplicities: `14 * c2` on one row,
 * `countW([c2], [14])` on words.
 * Only what the head actually reads is emitted (a definition or input bit that the renderer's
 * constant folding dropped would be an unused local under `noUnusedLocals`).
 */
import { isInteger, type Definition, type Expr, type Plan } from '../core/plan';
import { describeExpr, renderExpr, type ExprSyntax } from '../core/render';
import { lineComment, str } from './text';

/** What the emitted code reads: live input bits and live definitions (in plan order). */
export interface LiveParts {
  readonly bits: ReadonlySet<number>;
  readonly definitions: readonly Definition[];
}

/** A counted term and how often it occurs. */
interface Term {
  readonly text: string;
  readonly times: number;
}

type Compare = (terms: readonly Term[], constant: number, op: '>=' | '=', k: number) => string;

/**
 * Counting for `renderExpr`: `toInt`, `int` and `add` build a bag of terms, kept here and
 * named by an opaque key (never part of the output); `compare` turns the bag into code,
 * with repeated terms grouped.
 */
function counting(compare: Compare): Pick<ExprSyntax, 'toInt' | 'int' | 'add' | 'compare'> {
  const bags: { items: string[]; constant: number }[] = [];
  const key = (items: string[], constant: number): string => `\u0001${bags.push({ items, constant }) - 1}\u0001`;
  const bag = (k: string): { items: string[]; constant: number } => {
    const found = /^\u0001(\d+)\u0001$/.exec(k);
    if (found === null) throw new Error(`ts target: not a count: ${k}`);
    return bags[Number(found[1])];
  };
  return {
    toInt: (condition) => key([condition], 0),
    int: (value) => key([], value),
    add: (keys) => {
      const parts = keys.map(bag);
      return key(
        parts.flatMap((p) => p.items),
        parts.reduce((s, p) => s + p.constant, 0),
      );
    },
    compare: (k, op, threshold) => {
      const b = bag(k);
      return compare(group(b.items), b.constant, op, threshold);
    },
  };
}

/** Equal texts counted once each with their multiplicity, in first-occurrence order. */
function group(items: readonly string[]): Term[] {
  const times = new Map<string, number>();
  for (const t of items) times.set(t, (times.get(t) ?? 0) + 1);
  return [...times].map(([text, n]) => ({ text, times: n }));
}

/** A weighted count on one row: `14 * c2 + b3 + 2` (terms are 0/1). */
function rowCount(terms: readonly Term[], constant: number): string {
  const parts = terms.map((t) => (t.times === 1 ? t.text : `${t.times} * ${t.text}`));
  if (constant !== 0 || parts.length === 0) parts.push(constant < 0 ? `(${constant})` : String(constant));
  return parts.length === 1 ? parts[0] : `(${parts.join(' + ')})`;
}

/** One row: conditions are 0 or 1 (numbers), counts are their sums. */
function scalarSyntax(): ExprSyntax {
  return {
    true: '1',
    false: '0',
    input: (bit) => `b${bit}`,
    ref: (name) => name,
    not: (arg) => `(${arg} ^ 1)`,
    and: (args) => `(${args.join(' & ')})`,
    or: (args) => `(${args.join(' | ')})`,
    xor: (args) => `(${args.join(' ^ ')})`,
    ...counting((terms, constant, op, k) => {
      if (terms.length === 1 && constant === 0) {
        // One term t times: the count is 0 or t.
        const [{ text, times }] = terms;
        if (op === '>=') return k <= 0 ? '1' : k <= times ? text : '0';
        return k === 0 ? `(${text} ^ 1)` : k === times ? text : '0';
      }
      return `+(${rowCount(terms, constant)} ${op === '>=' ? '>=' : '==='} ${k})`;
    }),
  };
}

/** 32 rows per word: conditions are words (lane i = row i of the block). */
function batchSyntax(): ExprSyntax {
  return {
    true: '-1',
    false: '0',
    input: (bit) => `w${bit}`,
    ref: (name) => name,
    not: (arg) => `~${arg}`,
    and: (args) => `(${args.join(' & ')})`,
    or: (args) => `(${args.join(' | ')})`,
    xor: (args) => `(${args.join(' ^ ')})`,
    ...counting((terms, constant, op, k) => {
      // A constant c ≥ 0 counts as an all-ones word c times; none occur in atLeast/exactly.
      if (constant < 0) throw new Error('ts target: a negative constant inside a bit-sliced count');
      const all = constant > 0 ? [...terms, { text: '-1', times: constant }] : terms;
      const weights = all.some((t) => t.times !== 1) ? `, [${all.map((t) => t.times).join(', ')}]` : '';
      return `${op === '>=' ? 'atLeastW' : 'exactlyW'}([${all.map((t) => t.text).join(', ')}], ${k}${weights})`;
    }),
  };
}

/** `[a, b], [3, 1]` — or `[a, b]` when every weight is 1. */
function wordsAndWeights(terms: readonly Term[]): string {
  const words = `[${terms.map((t) => t.text).join(', ')}]`;
  return terms.some((t) => t.times !== 1) ? `${words}, [${terms.map((t) => t.times).join(', ')}]` : words;
}

/** Head expressions the predict functions evaluate (none when there is only one class). */
function headExprs(plan: Plan): Expr[] {
  if (plan.head.kind === 'decisionList') return plan.head.rules.map((r) => r.condition);
  return plan.classes.length > 1 ? [...plan.head.logits] : [];
}

/** Renders `expr`; a sum (only heads read sums) as a weighted count of its arguments. */
function render(expr: Expr, syntax: ExprSyntax): string {
  const text = renderExpr(expr, syntax);
  if (text.includes('\u0001')) throw new Error('ts target: a count was rendered outside a comparison');
  return text;
}

function sumTerms(args: readonly Expr[], syntax: ExprSyntax): Term[] {
  return group(args.map((a) => render(a, syntax)));
}

export function liveParts(plan: Plan): LiveParts {
  const bits = new Set<number>();
  const refs = new Set<string>();
  const base = scalarSyntax();
  const syntax: ExprSyntax = {
    ...base,
    input: (bit) => {
      bits.add(bit);
      return base.input(bit);
    },
    ref: (name, integer) => {
      refs.add(name);
      return base.ref(name, integer);
    },
  };
  const visit = (e: Expr): void => {
    if (e.kind === 'sum') for (const a of e.args) render(a, syntax);
    else render(e, syntax);
  };
  for (const e of headExprs(plan)) visit(e);
  const live: Definition[] = [];
  for (let i = plan.definitions.length - 1; i >= 0; i--) {
    const d = plan.definitions[i];
    if (!refs.has(d.name)) continue;
    visit(d.expr);
    live.push(d);
  }
  return { bits, definitions: live.reverse() };
}

function definitionComment(d: Definition, plan: Plan): string {
  return lineComment(`${d.name}: ${describeExpr(d.expr, plan.predicates)}`);
}

const label = (plan: Plan, c: number): string => str(plan.classes[c]);

/** `predict`'s logic after the input bits are read: definitions, then the head. */
export function scalarLogic(plan: Plan, live: LiveParts): string[] {
  const syntax = scalarSyntax();
  const value = (e: Expr): string => (e.kind === 'sum' ? rowCount(sumTerms(e.args, syntax), e.offset) : render(e, syntax));
  const lines: string[] = [];
  if (live.definitions.length > 0) lines.push('', '// Intermediate conditions (shared logic, computed once).');
  for (const d of live.definitions) lines.push(definitionComment(d, plan), `const ${d.name} = ${value(d.expr)};`);
  lines.push('');
  const head = plan.head;
  if (head.kind === 'decisionList') {
    lines.push('// Rules, in order: the first that holds decides.');
    head.rules.forEach((r, i) => {
      lines.push(lineComment(`rule ${i + 1}: ${describeExpr(r.condition, plan.predicates)} → ${label(plan, r.classIndex)}`));
      lines.push(`if (${render(r.condition, syntax)}) return ${label(plan, r.classIndex)};`);
    });
    lines.push('// otherwise', `return ${label(plan, head.otherwise)};`);
    return lines;
  }
  if (plan.classes.length === 1) return [...lines, '// One class only.', `return ${label(plan, 0)};`];
  lines.push('// Argmax head: the largest logit wins; ties go to the lowest class index.');
  head.logits.forEach((logit, c) => {
    lines.push(lineComment(`logit ${label(plan, c)}: ${isInteger(logit) ? '' : '1 if '}${describeExpr(logit, plan.predicates)}`));
    const v = isInteger(logit) ? value(logit) : render(logit, syntax);
    if (c === 0) {
      lines.push(`let label: Label = ${label(plan, 0)};`, `let top: number = ${v};`);
    } else {
      lines.push(`const l${c} = ${v};`, `if (l${c} > top) {`, `label = ${label(plan, c)};`, `top = l${c};`, '}');
    }
  });
  lines.push('return label;');
  return lines;
}

/**
 * `predictBatch`'s logic for one block of 32 rows, after the input words are packed (`valid`
 * = the lanes that hold rows): definitions as word expressions, then the head, whose result is
 * scattered into `out`.
 */
export function batchLogic(plan: Plan, live: LiveParts): string[] {
  const syntax = batchSyntax();
  const countCall = (args: readonly Expr[]): string => `countW(${wordsAndWeights(sumTerms(args, syntax))})`;
  const lines: string[] = [];
  const offsets = new Map<string, number>();
  if (live.definitions.length > 0) lines.push('', '// Intermediate conditions, 32 rows per word.');
  for (const d of live.definitions) {
    lines.push(definitionComment(d, plan));
    if (d.expr.kind === 'sum') {
      // Sums: bit-sliced (binary digits per lane); their constant goes to the head.
      offsets.set(d.name, d.expr.offset);
      lines.push(`const ${d.name} = ${countCall(d.expr.args)};`);
    } else {
      lines.push(`const ${d.name} = ${render(d.expr, syntax)};`);
    }
  }
  lines.push('');
  const head = plan.head;
  if (head.kind === 'decisionList') {
    lines.push('// Rules, in order: `open` = the rows no rule has decided yet.', 'let open = valid;');
    const ruleClasses = [...new Set(head.rules.map((r) => r.classIndex))].sort((a, b) => a - b);
    for (const c of ruleClasses) lines.push(`let m${c} = 0; ${lineComment(`rows of class ${label(plan, c)}`)}`);
    head.rules.forEach((r, i) => {
      lines.push(lineComment(`rule ${i + 1}: ${describeExpr(r.condition, plan.predicates)} → ${label(plan, r.classIndex)}`));
      lines.push(`const r${i + 1} = ${render(r.condition, syntax)};`, `m${r.classIndex} |= open & r${i + 1};`, `open &= ~r${i + 1};`);
    });
    for (const c of ruleClasses) lines.push(`scatter(out, base, ${c === head.otherwise ? `m${c} | open` : `m${c}`}, ${label(plan, c)});`);
    if (!ruleClasses.includes(head.otherwise)) lines.push(`scatter(out, base, open, ${label(plan, head.otherwise)}); // otherwise`);
    return lines;
  }
  if (plan.classes.length === 1) return [...lines, '// One class only.', `scatter(out, base, valid, ${label(plan, 0)});`];
  const logits: string[] = [];
  const logitOffsets: number[] = [];
  for (const logit of head.logits) {
    if (logit.kind === 'ref' && logit.integer) {
      logits.push(logit.name);
      logitOffsets.push(offsets.get(logit.name) ?? 0);
    } else if (logit.kind === 'sum') {
      logits.push(countCall(logit.args));
      logitOffsets.push(logit.offset);
    } else {
      logits.push(`[${render(logit, syntax)}]`);
      logitOffsets.push(0);
    }
  }
  lines.push(
    '// Argmax head, bit-sliced: the largest logit wins; ties go to the lowest class index.',
    `const wins = argmaxW([${logits.join(', ')}], [${logitOffsets.join(', ')}]);`,
  );
  plan.classes.forEach((_, c) => lines.push(`scatter(out, base, valid & (wins[${c}] ?? 0), ${label(plan, c)});`));
  return lines;
}
