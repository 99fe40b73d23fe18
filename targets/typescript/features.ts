/**
 * The row side of the TypeScript target: the `Row` interface (one property per feature column
 * of the model's encoders) and how a row's values become the input bits, exactly as the encoder
 * sets them:
 *   numeric      `x > t`, the threshold printed so it reads back as the same double;
 *   categorical  `v === "c"` per category;
 *   boolean      `v === true`;
 *   is missing   `v == null` (null/undefined; only features with an "is missing" bit — their
 *                value bits are then 0, as the encoder leaves them).
 *
 * Hot path without calls or data-dependent branches: each value is read once, compared (a
 * comparison materializes as 0/1, `+(…)`), and its validity is ANDed into `ok`. V8 inlines
 * only so many calls per function and mispredicts branches on values that vary from row to
 * row; either costs more than the model's logic. When `ok` is 0 — a value of the wrong type, a
 * missing required value, an unseen or untrimmed category — the cold path `normalize` checks
 * the values one by one (throwing an Error that names the feature, as `dbnc predict` does) and
 * trims categories (as the encoder trims cells).
 */
import { formatPredicate, type BitPredicate } from '../../src/data/predicate';
import type { EncoderSpec, FeatureEncoder } from '../../src/data/spec';
import { comment, str } from './text';

export interface FeatureCode {
  readonly index: number;
  readonly encoder: FeatureEncoder;
  /** Statements reading the value of `row` (declaring `v<index>`, and `x<index>` for numbers). */
  readonly reads: readonly string[];
  /** 1 when the value can be encoded as is, else 0. */
  readonly valid: string;
  /** The `normalize` member: the value checked, with a helper that throws naming the feature. */
  readonly normalized: string;
}

export interface RowModel {
  readonly features: readonly FeatureCode[];
  /** Per input bit: the bit as a 0/1 expression over the feature's value variables. */
  readonly bits: readonly string[];
  /** The feature (index into `features`) of every input bit. */
  readonly featureOf: readonly number[];
  /** Module-level declarations the reads use (category lookup tables). */
  readonly declarations: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key of an interface: bare when it is an identifier, else a string literal. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : str(name);
}

/**
 * A property key in an object literal. `__proto__` is written as a computed key: `{ __proto__:
 * v }` and `{ "__proto__": v }` set the object's prototype instead of creating the property.
 */
export function objectLiteralKey(name: string): string {
  return name === '__proto__' ? `[${str(name)}]` : propertyKey(name);
}

/** Names every object inherits (`constructor`, `toString`, `__proto__`, …): a plain read finds them on a row that lacks them. */
const INHERITED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Property read on `object` (an identifier). A feature named like an inherited member is read
 * as an own property only, so a row without it reads `undefined` (missing), not Object.prototype's.
 */
export function propertyAccess(object: string, name: string): string {
  const read = IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${str(name)}]`;
  return INHERITED.has(name) ? `(Object.prototype.hasOwnProperty.call(${object}, ${str(name)}) ? ${object}[${str(name)}] : undefined)` : read;
}

/** Categorical features with more categories than this look their value up in a Map. */
const COMPARE_CATEGORIES = 12;

export function rowModel(encoders: EncoderSpec, predicates: readonly BitPredicate[]): RowModel {
  const byColumn = new Map(encoders.features.map((f, i) => [f.column, i]));
  const declarations: string[] = [];
  const features = encoders.features.map((encoder, index) => featureCode(encoder, index, declarations));
  const featureOf: number[] = [];
  const bits = predicates.map((predicate, bit) => {
    const index = byColumn.get(predicate.feature);
    if (index === undefined) throw new Error(`ts target: input bit ${bit} (${formatPredicate(predicate)}) is on no feature of the model's encoders`);
    featureOf.push(index);
    return bitExpr(encoders.features[index], index, predicate, bit);
  });
  return { features, bits, featureOf, declarations };
}

/** The table of a categorical feature with many categories. */
const tableName = (index: number): string => `CATEGORIES${index}`;

function featureCode(encoder: FeatureEncoder, index: number, declarations: string[]): FeatureCode {
  const access = propertyAccess('row', encoder.column);
  const name = str(encoder.column);
  const v = `v${index}`;
  const missing = encoder.missingBit ? ` | +(${v} == null)` : '';
  const optional = encoder.missingBit ? 'Optional' : '';
  switch (encoder.kind) {
    case 'numeric': {
      const x = `x${index}`;
      return {
        index,
        encoder,
        // Not a number → NaN: never coerced, every `>` false, and invalid (NaN - NaN ≠ 0).
        reads: [`const ${v} = ${access};`, `const ${x} = typeof ${v} === "number" ? ${v} : NaN;`],
        valid: encoder.missingBit ? `(+(${x} - ${x} === 0)${missing})` : `+(${x} - ${x} === 0)`,
        normalized: `check${optional}Number(${access}, ${name})`,
      };
    }
    case 'boolean':
      return {
        index,
        encoder,
        reads: [`const ${v} = ${access};`],
        valid: `(+(${v} === true) | +(${v} === false)${missing})`,
        normalized: `check${optional}Boolean(${access}, ${name})`,
      };
    case 'categorical': {
      const list = `[${encoder.categories.map(str).join(', ')}]`;
      const normalized = `check${optional}Category(${access}, ${name}, ${list} as const)`;
      if (encoder.categories.length > COMPARE_CATEGORIES) {
        const table = tableName(index);
        declarations.push(
          comment(`The categories of ${str(encoder.column)}, by index.`, ''),
          `const ${table}: ReadonlyMap<unknown, number> = new Map<unknown, number>(${list}.map((c, i) => [c, i] as const));`,
        );
        return {
          index,
          encoder,
          reads: [`const ${v} = ${access};`, `const k${index} = ${table}.get(${v}) ?? -1;`],
          valid: `(+(k${index} >= 0)${missing})`,
          normalized,
        };
      }
      const hits = encoder.categories.map((c) => `+(${v} === ${str(c)})`);
      return {
        index,
        encoder,
        reads: [`const ${v} = ${access};`],
        valid: hits.length === 0 && !encoder.missingBit ? '0' : `(${[...hits, ...(encoder.missingBit ? [`+(${v} == null)`] : [])].join(' | ')})`,
        normalized,
      };
    }
  }
}

function bitExpr(encoder: FeatureEncoder, index: number, predicate: BitPredicate, bit: number): string {
  const mismatch = (): never => {
    throw new Error(`ts target: input bit ${bit} (${formatPredicate(predicate)}) does not match the ${encoder.kind} encoder of ${str(encoder.column)}`);
  };
  const v = `v${index}`;
  switch (predicate.op) {
    case 'is missing':
      return encoder.missingBit ? `+(${v} == null)` : mismatch();
    case '>':
      return encoder.kind === 'numeric' ? `+(x${index} > ${numberLiteral(predicate.value)})` : mismatch();
    case '=': {
      if (encoder.kind !== 'categorical') return mismatch();
      const at = encoder.categories.indexOf(predicate.value);
      if (at < 0) return mismatch();
      return encoder.categories.length > COMPARE_CATEGORIES ? `+(k${index} === ${at})` : `+(${v} === ${str(predicate.value)})`;
    }
    case 'is true':
      return encoder.kind === 'boolean' ? `+(${v} === true)` : mismatch();
  }
}

/** A finite number as a literal that reads back as the same double. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`ts target: threshold ${value} is not finite`);
  return String(value);
}

/** The `Row` member of a feature, with a comment saying what the model reads of it. */
export function rowMember(encoder: FeatureEncoder): string {
  const type =
    encoder.kind === 'numeric'
      ? 'number'
      : encoder.kind === 'boolean'
        ? 'boolean'
        : encoder.categories.length > 0
          ? encoder.categories.map(str).join(' | ')
          : // No category was seen in training: every string throws, so the type admits none.
            'never';
  const what =
    encoder.kind === 'numeric'
      ? `numeric; compared as \`${encoder.column} > t\` for t in ${encoder.thresholds.map(String).join(', ') || '(no thresholds)'}`
      : encoder.kind === 'boolean'
        ? 'boolean'
        : encoder.categories.length > 0
          ? 'categorical; another value throws (unseen category)'
          : 'categorical, but no category was seen in training: any value throws (unseen category)';
  const missing = encoder.missingBit ? '; may be missing (null/undefined): it then takes the "is missing" branch' : '; required';
  const key = propertyKey(encoder.column);
  return `${comment(what + missing, '')}\n${encoder.missingBit ? `${key}?: ${type} | null | undefined` : `${key}: ${type}`};`;
}

/** `normalize(row)`: the cold path's checked copy of a row. */
export function normalizeFunction(features: readonly FeatureCode[]): string {
  return [
    comment('The row checked value by value — an Error names the first feature the model cannot encode — with categories trimmed (as the encoder trims cells).', ''),
    'function normalize(row: Row): Row {',
    'return {',
    ...features.map((f) => `${objectLiteralKey(f.encoder.column)}: ${f.normalized},`),
    '};',
    '}',
  ].join('\n');
}
