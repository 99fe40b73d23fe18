/**
 * Large models, split into parts. V8 optimizes no function whose bytecode exceeds ~60 KB (its
 * `max-optimized-bytecode-size`): a `predict` or `predictBatch` past that runs in the baseline
 * tier for good — on an mnist-paper-size net (784 features, ~3,400 intermediate conditions)
 * `predict` ran 35× slower that way. So past `splitAt` characters of code, the row reading and
 * the intermediate conditions move into functions of at most `partSize` characters each:
 *   readRowN(row) / packRowsN(rows, base, end)  a range of features: values checked, input
 *                                               bits (words) stored, validity returned;
 *   conditionsN() / conditionsWordsN()          a range of definitions, in plan order;
 * and `predict` / `predictBatch` call them in order, then run the head as usual. Definitions
 * keep their names (`const c17 = …`) inside their part; one read by a later part or the head is
 * also stored in a module-level array (`VALUES[17] = c17`; `LANES` and `DIGITS` in the batch),
 * as are the input bits (`BITS[3]`, `WORDS[3]`). The scalar and batch arrays are separate, so a
 * batch that falls back to `predict` for a block keeps its own words. Comments are unchanged.
 */
import { formatPredicate } from '../../src/data/predicate';
import type { Definition, Expr, Plan } from '../core/plan';
import type { FeatureCode, RowModel } from './features';
import { batchDefinitions, batchHead, headExprs, newHoist, scalarDefinitions, scalarHead, type LiveParts, type Storage } from './logic';
import { comment, lineComment, str } from './text';

/** Where functions are split: past `splitAt` characters of code (comment lines excluded), into parts of at most `partSize`. */
export interface Layout {
  readonly splitAt: number;
  readonly partSize: number;
}

/** V8's bytecode is roughly half the source size: parts of 16k characters stay well under its 60 KB. */
export const DEFAULT_LAYOUT: Layout = { splitAt: 30_000, partSize: 16_000 };

/** Characters of code in `lines`, comment lines excluded. */
export function codeSize(lines: readonly string[]): number {
  let size = 0;
  for (const line of lines) {
    const text = line.trimStart();
    if (!text.startsWith('//') && !text.startsWith('/*') && !text.startsWith('*')) size += text.length;
  }
  return size;
}

/** Consecutive items grouped into parts of at most `partSize` characters (a bigger item is a part alone). */
function split<T>(items: readonly T[], size: (item: T) => number, partSize: number): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const n = size(item);
    if (current.length > 0 && used + n > partSize) {
      parts.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += n;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Definition name → its number (`c17` → 17, as planned: the n-th definition is named with n). */
function definitionNumbers(plan: Plan): Map<string, number> {
  return new Map(plan.definitions.map((d, i) => [d.name, i + 1]));
}

/** Names of the definitions `expr` reads. */
function refsOf(expr: Expr, into: Set<string>): Set<string> {
  switch (expr.kind) {
    case 'ref':
      into.add(expr.name);
      break;
    case 'not':
      refsOf(expr.arg, into);
      break;
    case 'const':
    case 'input':
      break;
    default:
      for (const a of expr.args) refsOf(a, into);
  }
  return into;
}

/** The arrays a split function keeps values in: input bits, conditions, counts. */
interface Arrays {
  readonly bits: string;
  readonly values: string;
  readonly integers: string;
}

/**
 * The intermediate conditions in parts. Each definition is a local of its part (`const c17 =
 * …`, read by name there); one read by a later part or by the head is also stored in the
 * arrays (`VALUES[17] = c17;`) and read from there (`VALUES[17]!`). Parts are sized on a first
 * rendering with every value in the arrays.
 */
function conditionParts(
  plan: Plan,
  live: LiveParts,
  arrays: Arrays,
  partSize: number,
  render: (definitions: LiveParts, storage: Storage) => string[][],
): { parts: string[][][]; head: Storage; stored: readonly Definition[] } {
  const numbers = definitionNumbers(plan);
  const at = (name: string): number => {
    const n = numbers.get(name);
    if (n === undefined) throw new Error(`ts target: no definition named ${name}`);
    return n;
  };
  const array = (integer: boolean): string => (integer ? arrays.integers : arrays.values);
  const input = (bit: number): string => `${arrays.bits}[${bit}]!`;
  const inArrays: Storage = {
    input,
    ref: (name, integer) => `${array(integer)}[${at(name)}]!`,
    define: (name, integer, value) => `${array(integer)}[${at(name)}] = ${value};`,
  };
  const sized = render(live, inArrays).map((lines, i) => ({ definition: live.definitions[i], size: codeSize(lines) }));
  const groups = split(sized, (x) => x.size, partSize).map((g) => g.map((x) => x.definition));
  const partOf = new Map<string, number>();
  groups.forEach((g, i) => g.forEach((d) => partOf.set(d.name, i)));
  const storedNames = new Set<string>();
  for (const d of live.definitions) for (const name of refsOf(d.expr, new Set())) if (partOf.get(name) !== partOf.get(d.name)) storedNames.add(name);
  for (const e of headExprs(plan)) refsOf(e, storedNames);
  const parts = groups.map((g, part) =>
    render({ bits: live.bits, definitions: g }, {
      input,
      ref: (name, integer) => (partOf.get(name) === part ? name : inArrays.ref(name, integer)),
      define: (name, integer, value) => `const ${name} = ${value};${storedNames.has(name) ? ` ${array(integer)}[${at(name)}] = ${name};` : ''}`,
    }),
  );
  return { parts, head: inArrays, stored: live.definitions.filter((d) => storedNames.has(d.name)) };
}

/** A feature's reads and its `ok &= …` line. */
export function readLines(f: FeatureCode): string[] {
  return [...f.reads, `ok &= ${f.valid}; ${lineComment(`${f.encoder.column} (${f.encoder.kind})`)}`];
}

/** Per feature (by index), the live input bits it sets. */
function liveBitsByFeature(rows: RowModel, live: LiveParts): Map<number, number[]> {
  const byFeature = new Map<number, number[]>();
  for (const bit of [...live.bits].sort((a, b) => a - b)) {
    const f = rows.featureOf[bit];
    byFeature.set(f, [...(byFeature.get(f) ?? []), bit]);
  }
  return byFeature;
}

/** Features grouped into parts by the size of their reading code. */
function featureParts(rows: RowModel, live: LiveParts, partSize: number): { features: FeatureCode[]; bits: number[] }[] {
  const byFeature = liveBitsByFeature(rows, live);
  const sized = rows.features.map((f) => {
    const bits = byFeature.get(f.index) ?? [];
    return { f, bits, size: codeSize(readLines(f)) + bits.reduce((s, b) => s + rows.bits[b].length + 20, 0) };
  });
  return split(sized, (x) => x.size, partSize).map((part) => ({ features: part.map((x) => x.f), bits: part.flatMap((x) => x.bits) }));
}

/** The module-level arrays a split function uses (only those: an unused one fails `noUnusedLocals`). */
function arrayDeclarations(what: string, arrays: readonly [name: string, type: string, doc: string, used: boolean][]): string[] {
  const used = arrays.filter((a) => a[3]);
  if (used.length === 0) return [];
  return [
    `// ${what} is split into parts small enough for V8 to optimize; they pass values in these arrays.`,
    ...used.map(([name, type, doc]) => `const ${name} = ${type}; ${lineComment(doc)}`),
    '',
  ];
}

/** `predict` in parts: read parts, condition parts, then the head. */
export function partedScalar(plan: Plan, rows: RowModel, live: LiveParts, layout: Layout): string[] {
  const reads = rows.features.length > 0 ? featureParts(rows, live, layout.partSize) : [];
  const arrays = { bits: 'BITS', values: 'VALUES', integers: 'VALUES' };
  const { parts: conditions, head, stored } = conditionParts(plan, live, arrays, layout.partSize, (subset, storage) => scalarDefinitions(plan, subset, storage));
  const lines = [
    '/** The compiled model on one row. */',
    'export function predict(row: Row): Label {',
  ];
  if (reads.length > 0) {
    lines.push(
      '// Every value, read once; `ok` = all of them can be encoded as they are.',
      `const ok = ${reads.map((_, i) => `readRow${i + 1}(row)`).join(' & ')};`,
      '// Otherwise: check the values one by one (an Error names the feature), trim categories, retry.',
      'if (ok === 0) return predict(normalize(row));',
    );
  } else {
    lines.push('void row;');
  }
  if (conditions.length > 0) lines.push('', '// Intermediate conditions (shared logic, computed once).', ...conditions.map((_, i) => `conditions${i + 1}();`));
  lines.push('', ...scalarHead(plan, head), '}');
  reads.forEach((part, i) => {
    lines.push('', comment(`Part of \`predict\`: reads ${featureRange(part.features)}.`, ''), `function readRow${i + 1}(row: Row): number {`, 'let ok = 1;');
    for (const f of part.features) lines.push(...readLines(f));
    for (const b of part.bits) lines.push(`BITS[${b}] = ${rows.bits[b]}; ${lineComment(formatPredicate(plan.predicates[b]))}`);
    lines.push('return ok;', '}');
  });
  conditions.forEach((part, i) => {
    lines.push('', `/** Part of \`predict\`: intermediate conditions ${definitionRange(part)}. */`, `function conditions${i + 1}(): void {`, ...part.flat(), '}');
  });
  const declarations = arrayDeclarations('`predict`', [
    ['BITS', `new Int32Array(${plan.predicates.length})`, 'the input bits, as 0/1', live.bits.size > 0],
    ['VALUES', `new Int32Array(${plan.definitions.length + 1})`, 'VALUES[n] = intermediate condition cn (0/1, or a count) read by a later part', stored.length > 0],
  ]);
  return [...declarations, ...lines];
}

/** `predictBatch` in parts: pack parts, condition parts, then the head. */
export function partedBatch(plan: Plan, rows: RowModel, live: LiveParts, doc: readonly string[], layout: Layout): string[] {
  const reads = rows.features.length > 0 ? featureParts(rows, live, layout.partSize) : [];
  const hoist = newHoist();
  const arrays = { bits: 'WORDS', values: 'LANES', integers: 'DIGITS' };
  const { parts: conditions, head, stored } = conditionParts(plan, live, arrays, layout.partSize, (subset, storage) => batchDefinitions(plan, subset, hoist, storage));
  const lines = [
    ...doc,
    'export function predictBatch(rows: readonly Row[]): Label[] {',
    'const out = new Array<Label>(rows.length);',
    'for (let base = 0; base < rows.length; base += 32) {',
    'const end = Math.min(base + 32, rows.length);',
  ];
  if (reads.length > 0) {
    lines.push(
      `const ok = ${reads.map((_, i) => `packRows${i + 1}(rows, base, end)`).join(' & ')};`,
      'if (ok === 0) {',
      '// A value the fast path cannot take as is: these rows go through predict (which checks and trims).',
      'for (let i = base; i < end; i++) out[i] = predict(rows[i]!);',
      'continue;',
      '}',
    );
  }
  lines.push('const valid = end - base === 32 ? -1 : (1 << (end - base)) - 1;');
  if (conditions.length > 0) lines.push('', '// Intermediate conditions, 32 rows per word.', ...conditions.map((_, i) => `conditionsWords${i + 1}();`));
  lines.push('', ...batchHead(plan, hoist, head), '}', 'return out;', '}');
  reads.forEach((part, i) => {
    lines.push('', comment(`Part of \`predictBatch\`: packs ${featureRange(part.features)} of rows [base, end) into WORDS.`, ''));
    lines.push(`function packRows${i + 1}(rows: readonly Row[], base: number, end: number): number {`);
    for (const b of part.bits) lines.push(`let w${b} = 0; ${lineComment(formatPredicate(plan.predicates[b]))}`);
    lines.push('let ok = 1;', 'for (let i = base; i < end; i++) {', 'const row = rows[i]!;');
    if (part.bits.length > 0) lines.push('const j = i - base; // the lane of this row');
    for (const f of part.features) lines.push(...readLines(f));
    for (const b of part.bits) lines.push(`w${b} |= ${rows.bits[b]} << j;`);
    lines.push('}', ...part.bits.map((b) => `WORDS[${b}] = w${b};`), 'return ok;', '}');
  });
  conditions.forEach((part, i) => {
    lines.push('', `/** Part of \`predictBatch\`: intermediate conditions ${definitionRange(part)}. */`, `function conditionsWords${i + 1}(): void {`, ...part.flat(), '}');
  });
  const declarations = arrayDeclarations('`predictBatch`', [
    ['WORDS', `new Int32Array(${plan.predicates.length})`, 'the input bits of a block of 32 rows, one word each', live.bits.size > 0],
    ['LANES', `new Int32Array(${plan.definitions.length + 1})`, 'LANES[n] = intermediate condition cn, one word, read by a later part', stored.some((d) => !d.integer)],
    ['DIGITS', 'new Array<number[]>()', 'DIGITS[n] = count cn, bit-sliced (one word per binary digit)', stored.some((d) => d.integer)],
  ]);
  return [...declarations, ...lines];
}

function featureRange(features: readonly FeatureCode[]): string {
  const first = features[0].encoder.column;
  const last = features[features.length - 1].encoder.column;
  return features.length === 1 ? `feature ${str(first)}` : `features ${str(first)} … ${str(last)} (${features.length})`;
}

/** `c12 … c40`, from the definitions' comment lines (`// c12: …`). */
function definitionRange(part: readonly string[][]): string {
  const name = (d: readonly string[]): string => /^\/\/ ([^:]+):/.exec(d[0])?.[1] ?? '?';
  return part.length === 1 ? name(part[0]) : `${name(part[0])} … ${name(part[part.length - 1])}`;
}
