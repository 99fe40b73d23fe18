/**
 * `--target ts`: a dependency-free TypeScript module with
 *   `Row`                 the model's feature columns, typed (numeric → number, categorical → the
 *                         union of its categories, boolean → boolean; `| null | undefined` where
 *                         the feature has an "is missing" bit);
 *   `Label`, `LABELS`     the class labels;
 *   `predict(row)`        one row: reads the predicate bits, evaluates the compiled logic;
 *   `predictBatch(rows)`  bit-sliced: 32 rows per 32-bit word through the same logic.
 * Both behave as `dbnc predict` on the same values: identical float comparisons, an Error naming
 * the feature for an unseen category, a missing required value or a value of the wrong type.
 * The module is formatted with prettier and type-checks under `--strict`, `noUnusedLocals`,
 * `noUnusedParameters`, `noImplicitReturns` and `noUncheckedIndexedAccess`.
 */
import { planProgram, type Plan } from './core/plan';
import { formatPredicate } from '../src/data/predicate';
import { normalizeFunction, rowMember, rowModel, type RowModel } from './typescript/features';
import { batchLogic, liveParts, scalarLogic, type LiveParts } from './typescript/logic';
import { codeSize, DEFAULT_LAYOUT, partedBatch, partedScalar, readLines, type Layout } from './typescript/parts';
import { helpersFor } from './typescript/runtime';
import { comment, lineComment, str } from './typescript/text';
import { headerLines, type EmitInput, type Target } from './types';

export const tsTarget: Target = {
  name: 'ts',
  description: 'a TypeScript module: typed Row, predict(row) and bit-sliced predictBatch(rows), no dependencies',
  extension: 'ts',
  emit: (input) => emitTypeScript(input),
};

/** `layout`: where big functions are split into parts (tests force small parts). */
export async function emitTypeScript(input: EmitInput, layout: Layout = DEFAULT_LAYOUT): Promise<string> {
  // Loaded on first use: prettier is large, and only this target needs it.
  const { format } = await import('prettier');
  return format(renderModule(input, layout), { parser: 'typescript' });
}

/** The module's text before formatting. */
export function renderModule(input: EmitInput, layout: Layout = DEFAULT_LAYOUT): string {
  const { program, model } = input;
  const encoders = model.encoders;
  const plan = planProgram(program);
  const rows = rowModel(encoders, plan.predicates);
  const live = liveParts(plan);

  const header = headerLines(input, 'TypeScript').map((l) => lineComment(l, Infinity));
  const rowDoc = [
    `One input row of model ${str(model.name)}: a property per feature column, as typed values (not CSV text).`,
    'Numeric values are compared with each threshold exactly as the encoder does (`x > t`); categorical',
    'values must be one of the known categories (another value throws an Error naming the feature);',
    'features marked optional have an "is missing" bit: null or undefined is a missing value and takes',
    'the "is missing" branch. A required value that is missing or of the wrong type throws.',
  ];
  const scalar = scalarBody(plan, rows, live, layout);
  const batch = batchBody(plan, rows, live, layout);
  const normalize = rows.features.length > 0 ? [normalizeFunction(rows.features)] : [];
  const helpers = [...normalize, ...helpersFor([...scalar, ...batch, ...normalize].join('\n'))];

  return [
    ...header,
    '',
    '/**',
    ...rowDoc.map((l) => ` * ${l.replace(/\*\//g, '*\\/')}`),
    ' */',
    'export interface Row {',
    ...encoders.features.map((f) => rowMember(f)),
    '}',
    '',
    comment('The class labels, in class-number order.', ''),
    `export type Label = ${plan.classes.map(str).join(' | ')};`,
    `export const LABELS: readonly Label[] = [${plan.classes.map(str).join(', ')}];`,
    '',
    ...(rows.declarations.length > 0 ? [...rows.declarations, ''] : []),
    ...scalar,
    '',
    ...batch,
    '',
    '// Helpers.',
    '',
    helpers.join('\n\n'),
    '',
  ].join('\n');
}

/** The reads of every feature (each value read once) and `ok &= …` its validity. */
function allReadLines(rows: RowModel): string[] {
  return rows.features.flatMap(readLines);
}

/** `predict`: one function, or — past `layout.splitAt` characters of code — split into parts (`./typescript/parts`). */
function scalarBody(plan: Plan, rows: RowModel, live: LiveParts, layout: Layout): string[] {
  const whole = wholeScalarBody(plan, rows, live);
  return codeSize(whole) > layout.splitAt ? partedScalar(plan, rows, live, layout) : whole;
}

/** `predictBatch`: one function, or split into parts like `predict`. */
function batchBody(plan: Plan, rows: RowModel, live: LiveParts, layout: Layout): string[] {
  const whole = wholeBatchBody(plan, rows, live);
  return codeSize(whole) > layout.splitAt ? partedBatch(plan, rows, live, BATCH_DOC, layout) : whole;
}

const BATCH_DOC = [
  '/**',
  ' * The compiled model on many rows, bit-sliced: each block of 32 rows is packed into one 32-bit',
  ' * word per predicate bit (row i of the block = bit i), the logic runs on whole words, and the',
  ' * classes are unpacked. Same results as `predict` on each row.',
  ' */',
];

function wholeScalarBody(plan: Plan, rows: RowModel, live: LiveParts): string[] {
  const lines = ['/** The compiled model on one row. */', 'export function predict(row: Row): Label {'];
  if (rows.features.length > 0) {
    lines.push(
      '// Every value, read once; `ok` = all of them can be encoded as they are.',
      'let ok = 1;',
      ...allReadLines(rows),
      '// Otherwise: check the values one by one (an Error names the feature), trim categories, retry.',
      'if (ok === 0) return predict(normalize(row));',
    );
  } else {
    lines.push('void row;');
  }
  const bits = [...live.bits].sort((a, b) => a - b);
  if (bits.length > 0) lines.push('', '// The predicate bits the logic reads, as 0/1.');
  for (const bit of bits) lines.push(`const b${bit} = ${rows.bits[bit]}; ${lineComment(formatPredicate(plan.predicates[bit]))}`);
  lines.push(...scalarLogic(plan, live), '}');
  return lines;
}

function wholeBatchBody(plan: Plan, rows: RowModel, live: LiveParts): string[] {
  const bits = [...live.bits].sort((a, b) => a - b);
  const lines = [
    ...BATCH_DOC,
    'export function predictBatch(rows: readonly Row[]): Label[] {',
    'const out = new Array<Label>(rows.length);',
    'for (let base = 0; base < rows.length; base += 32) {',
    'const end = Math.min(base + 32, rows.length);',
  ];
  for (const b of bits) lines.push(`let w${b} = 0; ${lineComment(formatPredicate(plan.predicates[b]))}`);
  if (rows.features.length > 0) {
    lines.push('let ok = 1;', 'for (let i = base; i < end; i++) {', 'const row = rows[i]!;');
    if (bits.length > 0) lines.push('const j = i - base; // the lane of this row');
    lines.push(...allReadLines(rows));
    // Packed without branches: an `if` per bit would mispredict on varying rows.
    for (const b of bits) lines.push(`w${b} |= ${rows.bits[b]} << j;`);
    lines.push(
      '}',
      'if (ok === 0) {',
      '// A value the fast path cannot take as is: these rows go through predict (which checks and trims).',
      'for (let i = base; i < end; i++) out[i] = predict(rows[i]!);',
      'continue;',
      '}',
    );
  }
  lines.push('const valid = end - base === 32 ? -1 : (1 << (end - base)) - 1;', ...batchLogic(plan, live), '}', 'return out;', '}');
  return lines;
}
