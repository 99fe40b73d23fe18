/**
 * The logic side of the TypeScript target: the plan's definitions and head, rendered twice
 * through the shared printer core —
 *   scalar      one row: conditions are the numbers 0/1, combined with `&` `|` `^` (not:
 *               `^ 1`) — no short-circuit branches, whose mispredictions on varying rows cost
 *               more than the logic — and counts are sums of them;
 *   bit-sliced  32 rows per 32-bit word: `&` `|` `^` `~` on words; threshold tests are written
 *               out as unary counters or adder trees (`./counters`: statements hoisted
 *               before the expression that reads them; the runtime's `atLeastW` / `exactlyW`
 *               past INLINE_WORDS words), sums go to the runtime's `countW`, and the argmax
 *               head compares bit-sliced integers (`argmaxW`).
 * Counted arguments often repeat (hash-consing makes equal gates one node, and a node counts
 * once per occurrence), so counts carry multiplicities: `14 * c2` on one row; on words, c2
 * enters the adders at the digits of 14 (`countW([c2], [14])` in the runtime).
 * Only what the head actually reads is emitted (a definition or input bit that the renderer's
 * constant folding dropped would be an unused local under `noUnusedLocals`).
 */
import { isInteger, type Definition, type Expr, type Plan } from '../core/plan';
import { describeExpr, renderExpr, type ExprSyntax } from '../core/render';
import { INLINE_WORDS, thresholdWords } from './counters';
import { lineComment, str } from './text';

/**
 * Where the logic keeps input bits and definitions: locals (`b3` / `w3`, `c17`), or — in a
 * model split into parts (`./parts`) — module-level arrays the parts share.
 */
export interface Storage {
  /** Input bit `bit`: 0/1 on one row, a word in the batch. */
  input(bit: number): string;
  /** Definition `name` (an integer when `integer`: a count on one row, bit-sliced digits in the batch). */
  ref(name: string, integer: boolean): string;
  /** The statement giving definition `name` its value. */
  define(name: string, integer: boolean, value: string): string;
}

const locals = (prefix: string): Storage => ({
  input: (bit) => `${prefix}${bit}`,
  ref: (name) => name,
  define: (name, _integer, value) => `const ${name} = ${value};`,
});

/** `predict`'s locals: `b3`, `c17`. */
const SCALAR_LOCALS: Storage = locals('b');
/** `predictBatch`'s locals: `w3`, `c17`. */
const BATCH_LOCALS: Storage = locals('w');

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
function scalarSyntax(storage: Storage = SCALAR_LOCALS): ExprSyntax {
  return {
    true: '1',
    false: '0',
    input: (bit) => storage.input(bit),
    ref: (name, integer) => storage.ref(name, integer),
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

/**
 * Statements a batch expression needs before it (the threshold tests of `./counters`), and
 * the names of their temporaries (`t1`, `t2`, … — unique within one `predictBatch`).
 */
export interface Hoist {
  readonly statements: string[];
  temp(): string;
}

export function newHoist(): Hoist {
  let n = 0;
  return { statements: [], temp: () => `t${++n}` };
}

/** 32 rows per word: conditions are words (lane i = row i of the block); counts go to `hoist`. */
function batchSyntax(storage: Storage, hoist: Hoist): ExprSyntax {
  return {
    true: '-1',
    false: '0',
    input: (bit) => storage.input(bit),
    ref: (name, integer) => storage.ref(name, integer),
    not: (arg) => `~${arg}`,
    and: (args) => `(${args.join(' & ')})`,
    or: (args) => `(${args.join(' | ')})`,
    xor: (args) => `(${args.join(' ^ ')})`,
    ...counting((terms, constant, op, k) => {
      // A constant c ≥ 0 counts as an all-ones word c times; none occur in atLeast/exactly.
      if (constant < 0) throw new Error('ts target: a negative constant inside a bit-sliced count');
      const all = constant > 0 ? [...terms, { text: '-1', times: constant }] : terms;
      if (all.length > INLINE_WORDS) return `${op === '>=' ? 'atLeastW' : 'exactlyW'}(${wordsAndWeights(all)}, ${k})`;
      const test = thresholdWords(all, op, k, hoist.temp);
      hoist.statements.push(...test.statements);
      return test.result;
    }),
  };
}

/** Head expressions the predict functions evaluate (none when there is only one class). */
export function headExprs(plan: Plan): Expr[] {
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

/** One statement per live definition, with its comment: `predict`'s intermediate conditions. */
export function scalarDefinitions(plan: Plan, live: LiveParts, storage: Storage = SCALAR_LOCALS): string[][] {
  const syntax = scalarSyntax(storage);
  return live.definitions.map((d) => [definitionComment(d, plan), storage.define(d.name, d.integer, scalarValue(d.expr, syntax))]);
}

/** A definition's value on one row: a sum as a weighted count, anything else as 0/1. */
function scalarValue(e: Expr, syntax: ExprSyntax): string {
  return e.kind === 'sum' ? rowCount(sumTerms(e.args, syntax), e.offset) : render(e, syntax);
}

/** `predict`'s head: the rules in order, or the argmax over the logits; returns the label. */
export function scalarHead(plan: Plan, storage: Storage = SCALAR_LOCALS): string[] {
  const syntax = scalarSyntax(storage);
  const lines: string[] = [];
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
  if (plan.classes.length === 1) return ['// One class only.', `return ${label(plan, 0)};`];
  lines.push('// Argmax head: the largest logit wins; ties go to the lowest class index.');
  head.logits.forEach((logit, c) => {
    lines.push(lineComment(`logit ${label(plan, c)}: ${isInteger(logit) ? '' : '1 if '}${describeExpr(logit, plan.predicates)}`));
    const v = isInteger(logit) ? scalarValue(logit, syntax) : render(logit, syntax);
    if (c === 0) {
      lines.push(`let label: Label = ${label(plan, 0)};`, `let top: number = ${v};`);
    } else {
      lines.push(`const l${c} = ${v};`, `if (l${c} > top) {`, `label = ${label(plan, c)};`, `top = l${c};`, '}');
    }
  });
  lines.push('return label;');
  return lines;
}

/** `predict`'s logic after the input bits are read: definitions, then the head. */
export function scalarLogic(plan: Plan, live: LiveParts): string[] {
  const definitions = scalarDefinitions(plan, live);
  const intro = definitions.length > 0 ? ['', '// Intermediate conditions (shared logic, computed once).'] : [];
  return [...intro, ...definitions.flat(), '', ...scalarHead(plan)];
}

/**
 * One statement per live definition, with its comment: `predictBatch`'s intermediate
 * conditions as words; sums bit-sliced (binary digits per lane), their constant left to the head.
 */
export function batchDefinitions(plan: Plan, live: LiveParts, hoist: Hoist, storage: Storage = BATCH_LOCALS): string[][] {
  const syntax = batchSyntax(storage, hoist);
  return live.definitions.map((d) => {
    const value = d.expr.kind === 'sum' ? countCall(d.expr.args, syntax) : render(d.expr, syntax);
    return [definitionComment(d, plan), ...hoist.statements.splice(0), storage.define(d.name, d.integer, value)];
  });
}

/** A sum as bit-sliced digits, by the runtime's vertical counter. */
function countCall(args: readonly Expr[], syntax: ExprSyntax): string {
  return `countW(${wordsAndWeights(sumTerms(args, syntax))})`;
}

/** `[a, b], [3, 1]` — or `[a, b]` when every weight is 1. */
function wordsAndWeights(terms: readonly Term[]): string {
  const words = `[${terms.map((t) => t.text).join(', ')}]`;
  return terms.some((t) => t.times !== 1) ? `${words}, [${terms.map((t) => t.times).join(', ')}]` : words;
}

/**
 * `predictBatch`'s head for one block of 32 rows (`valid` = the lanes that hold rows): the
 * rules or the argmax, its result scattered into `out`.
 */
export function batchHead(plan: Plan, hoist: Hoist, storage: Storage = BATCH_LOCALS): string[] {
  const syntax = batchSyntax(storage, hoist);
  const lines: string[] = [];
  const head = plan.head;
  if (head.kind === 'decisionList') {
    lines.push('// Rules, in order: `open` = the rows no rule has decided yet.', 'let open = valid;');
    const ruleClasses = [...new Set(head.rules.map((r) => r.classIndex))].sort((a, b) => a - b);
    for (const c of ruleClasses) lines.push(`let m${c} = 0; ${lineComment(`rows of class ${label(plan, c)}`)}`);
    head.rules.forEach((r, i) => {
      lines.push(lineComment(`rule ${i + 1}: ${describeExpr(r.condition, plan.predicates)} → ${label(plan, r.classIndex)}`));
      const condition = render(r.condition, syntax);
      lines.push(...hoist.statements.splice(0), `const r${i + 1} = ${condition};`, `m${r.classIndex} |= open & r${i + 1};`, `open &= ~r${i + 1};`);
    });
    for (const c of ruleClasses) lines.push(`scatter(out, base, ${c === head.otherwise ? `m${c} | open` : `m${c}`}, ${label(plan, c)});`);
    if (!ruleClasses.includes(head.otherwise)) lines.push(`scatter(out, base, open, ${label(plan, head.otherwise)}); // otherwise`);
    return lines;
  }
  if (plan.classes.length === 1) return ['// One class only.', `scatter(out, base, valid, ${label(plan, 0)});`];
  // A sum definition's constant is added in the head (bit-sliced digits hold counts ≥ 0 only).
  const sumOffsets = new Map(plan.definitions.flatMap((d) => (d.expr.kind === 'sum' ? [[d.name, d.expr.offset] as const] : [])));
  const logits: string[] = [];
  const logitOffsets: number[] = [];
  for (const logit of head.logits) {
    if (logit.kind === 'ref' && logit.integer) {
      logits.push(storage.ref(logit.name, true));
      logitOffsets.push(sumOffsets.get(logit.name) ?? 0);
    } else if (logit.kind === 'sum') {
      logits.push(countCall(logit.args, syntax));
      logitOffsets.push(logit.offset);
    } else {
      logits.push(`[${render(logit, syntax)}]`);
      logitOffsets.push(0);
    }
  }
  lines.push(
    '// Argmax head, bit-sliced: the largest logit wins; ties go to the lowest class index.',
    ...hoist.statements.splice(0),
    `const wins = argmaxW([${logits.join(', ')}], [${logitOffsets.join(', ')}]);`,
  );
  plan.classes.forEach((_, c) => lines.push(`scatter(out, base, valid & (wins[${c}] ?? 0), ${label(plan, c)});`));
  return lines;
}

/**
 * `predictBatch`'s logic for one block of 32 rows, after the input words are packed (`valid`
 * = the lanes that hold rows): definitions as word expressions, then the head, whose result is
 * scattered into `out`.
 */
export function batchLogic(plan: Plan, live: LiveParts): string[] {
  const hoist = newHoist();
  const definitions = batchDefinitions(plan, live, hoist);
  const intro = definitions.length > 0 ? ['', '// Intermediate conditions, 32 rows per word.'] : [];
  return [...intro, ...definitions.flat(), '', ...batchHead(plan, hoist)];
}
