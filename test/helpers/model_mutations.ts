/**
 * JSON-level mutations of model files, for the loader fuzz (test/reliability/model_fuzz.test.ts).
 * A mutation is plain data (fast-check generates it, prints it when a case fails, and can
 * replay it): which part of the file it aims at, where inside that part, and what it does —
 * delete or replace a field, bend a number (huge, negative, fractional, `1e999`, a string),
 * truncate the text, flip a base64 character, swap array elements, duplicate a layer, or add a
 * stray field. `applyMutations` turns a model object and mutations into the text of a file.
 */
import fc from 'fast-check';
import type { EncoderSpec } from '../../src/data/spec';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

/** Values a replaced field may get; `INFINITY` becomes the literal `1e999` in the text. */
const INFINITY = '\u0000dbnc-fuzz-1e999\u0000';
const NEG_INFINITY = '\u0000dbnc-fuzz--1e999\u0000';

export const WEIRD_VALUES: readonly Json[] = [
  null, true, false, 0, -1, 0.5, 1.5, 2 ** 31, 2 ** 53, 1e9, 1e300, -1e300, 1e-300,
  INFINITY, NEG_INFINITY, '', '1', 'NaN', 'Infinity', 'A'.repeat(300), 'B'.repeat(100_000), 'line\nbreak', 'quote"*/</script>',
  '__proto__', [], [1, 2], {}, { kind: 'xor' }, [1e6, 1e6],
];

export type Mutation =
  /** Remove the field (or array element) at the chosen path. */
  | { readonly op: 'delete'; readonly section: number; readonly at: number }
  /** Replace the value at the chosen path by one of WEIRD_VALUES. */
  | { readonly op: 'replace'; readonly section: number; readonly at: number; readonly value: number }
  /** Change a number (the chosen path's, or the nearest numeric one after it). */
  | { readonly op: 'number'; readonly section: number; readonly at: number; readonly how: 'huge' | 'negative' | 'fraction' | 'string' | 'infinite' | 'zero' | 'double' }
  /** Add a field nobody asked for (named EXTRA_KEYS[key]) to the chosen object (or the nearest one). */
  | { readonly op: 'extra'; readonly section: number; readonly at: number; readonly key: number }
  /** Swap two elements of the chosen array (or the nearest one). */
  | { readonly op: 'swap'; readonly section: number; readonly at: number; readonly i: number; readonly j: number }
  /** Repeat layer i, with (`paired`) or without its weights entry. */
  | { readonly op: 'duplicateLayer'; readonly layer: number; readonly paired: boolean }
  /** Change one character of a weights entry's base64. */
  | { readonly op: 'flipBase64'; readonly entry: number; readonly at: number; readonly char: number }
  /** Cut the file's text at a fraction of its length. */
  | { readonly op: 'truncate'; readonly at: number }
  /** Overwrite one character of the file's text (at a fraction of its length) with TEXT_CHARS[char]. */
  | { readonly op: 'corruptText'; readonly at: number; readonly char: number };

export const EXTRA_KEYS: readonly string[] = ['fuzzExtra', 'line\nbreak', 'k'.repeat(100_000)];
const TEXT_CHARS = 'x\n}]{[,:"0-.e\\ \u0000\ufeff';

/** A fraction in [0, 1): where in a list something lands. */
const where = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const section = fc.nat({ max: 1000 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), section, at: where }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), section, at: where, value: fc.nat({ max: WEIRD_VALUES.length - 1 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('number' as const),
      section,
      at: where,
      how: fc.constantFrom('huge', 'negative', 'fraction', 'string', 'infinite', 'zero', 'double'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('extra' as const), section, at: where, key: fc.nat({ max: EXTRA_KEYS.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('swap' as const), section, at: where, i: fc.nat({ max: 50 }), j: fc.nat({ max: 50 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLayer' as const), layer: fc.nat({ max: 10 }), paired: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('flipBase64' as const), entry: fc.nat({ max: 10 }), at: where, char: fc.nat({ max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: where }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('corruptText' as const), at: where, char: fc.nat({ max: TEXT_CHARS.length - 1 }) }) },
);

/**
 * How often each top-level field is aimed at: the parts that describe the net (and so can make
 * it huge, inconsistent or strange) more than the metrics and provenance. `null` stands for the
 * top-level fields themselves.
 */
const SECTIONS: ReadonlyArray<string | null> = [
  'arch', 'arch', 'arch', 'encoders', 'encoders', 'encoders', 'weights', 'weights', 'weights',
  'metrics', 'history', 'provenance', 'format', 'formatVersion', 'name', null,
];

/** Every path in `value` (the root excluded), depth first. */
function paths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  const children: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) {
    const path = [...prefix, key];
    out.push(path, ...paths(child, path));
  }
  return out;
}

function get(root: Json, path: Path): Json {
  let node = root;
  for (const key of path) node = (node as Record<string | number, Json>)[key];
  return node;
}

function parentOf(root: Json, path: Path): { parent: Json; key: string | number } {
  return { parent: get(root, path.slice(0, -1)), key: path[path.length - 1] };
}

/**
 * The paths of one section of the model (a top-level field, chosen by `section`), so that the
 * long `history` and `weights` lists do not swallow the mutations aimed at `arch` or `encoders`.
 */
function sectionPaths(root: Json, sectionIndex: number): Path[] {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return paths(root);
  const key = SECTIONS[sectionIndex % SECTIONS.length];
  if (key === null || !(key in root)) return Object.keys(root).map((k) => [k]);
  return [[key], ...paths(root[key], [key])];
}

function pick<T>(items: readonly T[], at: number): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(at * items.length)];
}

/** The first path at or after `at` (cyclically) whose value passes `test`. */
function pickWhere(candidates: readonly Path[], at: number, root: Json, test: (v: Json) => boolean): Path | undefined {
  const start = Math.floor(at * candidates.length);
  for (let k = 0; k < candidates.length; k++) {
    const path = candidates[(start + k) % candidates.length];
    if (test(get(root, path))) return path;
  }
  return undefined;
}

function setAt(root: Json, path: Path, value: Json): void {
  const { parent, key } = parentOf(root, path);
  (parent as Record<string | number, Json>)[key] = value;
}

function bendNumber(x: number, how: Extract<Mutation, { op: 'number' }>['how']): Json {
  switch (how) {
    case 'huge':
      return x >= 0 ? 2 ** 31 + x : -(2 ** 31);
    case 'negative':
      return x === 0 ? -1 : -x;
    case 'fraction':
      return x + 0.5;
    case 'string':
      return String(x);
    case 'infinite':
      return INFINITY;
    case 'zero':
      return 0;
    case 'double':
      return 2 * x;
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!';

/** Applies one mutation in place; text-level ones are returned for the caller. */
function mutate(root: Json, m: Mutation): { truncateAt?: number; corrupt?: { at: number; char: string } } {
  switch (m.op) {
    case 'delete': {
      const path = pick(sectionPaths(root, m.section), m.at);
      if (!path) return {};
      const { parent, key } = parentOf(root, path);
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, Json>)[key];
      return {};
    }
    case 'replace': {
      const path = pick(sectionPaths(root, m.section), m.at);
      if (path) setAt(root, path, structuredClone(WEIRD_VALUES[m.value]));
      return {};
    }
    case 'number': {
      const path = pickWhere(sectionPaths(root, m.section), m.at, root, (v) => typeof v === 'number');
      if (path) setAt(root, path, bendNumber(get(root, path) as number, m.how));
      return {};
    }
    case 'extra': {
      const path = pickWhere(sectionPaths(root, m.section), m.at, root, (v) => v !== null && typeof v === 'object' && !Array.isArray(v));
      const target = path ? get(root, path) : root;
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) target[EXTRA_KEYS[m.key]] = 1;
      return {};
    }
    case 'swap': {
      const path = pickWhere(sectionPaths(root, m.section), m.at, root, (v) => Array.isArray(v) && v.length >= 2);
      if (!path) return {};
      const list = get(root, path) as Json[];
      const [i, j] = [m.i % list.length, m.j % list.length];
      [list[i], list[j]] = [list[j], list[i]];
      return {};
    }
    case 'duplicateLayer': {
      const model = root as { arch?: { layers?: Json[] }; weights?: Json[] };
      const layers = model.arch?.layers;
      if (!Array.isArray(layers) || layers.length === 0) return {};
      const i = m.layer % layers.length;
      layers.splice(i + 1, 0, structuredClone(layers[i]));
      if (m.paired && Array.isArray(model.weights) && i < model.weights.length) model.weights.splice(i + 1, 0, structuredClone(model.weights[i]));
      return {};
    }
    case 'flipBase64': {
      const weights = (root as { weights?: Json[] }).weights;
      const entries = Array.isArray(weights) ? weights.filter((w): w is { bits: string } => w !== null && typeof w === 'object' && typeof (w as { bits?: Json }).bits === 'string') : [];
      if (entries.length === 0) return {};
      const entry = entries[m.entry % entries.length];
      const at = Math.floor(m.at * entry.bits.length);
      entry.bits = entry.bits.slice(0, at) + BASE64[m.char % BASE64.length] + entry.bits.slice(at + 1);
      return {};
    }
    case 'truncate':
      return { truncateAt: m.at };
    case 'corruptText':
      return { corrupt: { at: m.at, char: TEXT_CHARS[m.char] } };
  }
}

/** The model's text after the mutations (applied in order; text-level ones to the final text). */
export function applyMutations(model: unknown, mutations: readonly Mutation[]): string {
  const root = structuredClone(model) as Json;
  let cut: number | undefined;
  const corruptions: { at: number; char: string }[] = [];
  for (const m of mutations) {
    const { truncateAt, corrupt } = mutate(root, m);
    if (truncateAt !== undefined) cut = truncateAt;
    if (corrupt) corruptions.push(corrupt);
  }
  let text = JSON.stringify(root, null, 2)
    .replaceAll(JSON.stringify(INFINITY), '1e999')
    .replaceAll(JSON.stringify(NEG_INFINITY), '-1e999');
  for (const { at, char } of corruptions) {
    const k = Math.floor(at * text.length);
    text = text.slice(0, k) + char + text.slice(k + 1);
  }
  return cut === undefined ? text : text.slice(0, Math.floor(cut * text.length));
}

/**
 * Whether the mutated file is invalid whatever else the mutations did, so that loading it must
 * fail: it was truncated (a JSON object cut short is never valid JSON), or — unless a character
 * of the text was overwritten, which may repair as much as it breaks — it holds an infinite
 * number (no field takes one) or a field no schema has (anywhere but the free-form
 * `provenance.options`).
 */
export function mustBeRefused(model: unknown, mutations: readonly Mutation[]): boolean {
  if (mutations.some((m) => m.op === 'truncate')) return true;
  if (mutations.some((m) => m.op === 'corruptText')) return false;
  const root = structuredClone(model) as Json;
  for (const m of mutations) mutate(root, m);
  const invalid = (value: Json, path: string): boolean => {
    if (value === INFINITY || value === NEG_INFINITY) return true;
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(value).some(([key, child]) => (EXTRA_KEYS.includes(key) && path !== '.provenance.options') || invalid(child, `${path}.${key}`));
  };
  return invalid(root, '');
}

/**
 * The first path at which `output` does not say what `input` says (a field dropped, a value
 * changed), or undefined: what a loader read must be what the file holds. Fields only in
 * `output` (defaults filled in) are allowed.
 */
export function firstDifference(input: unknown, output: unknown, path = ''): string | undefined {
  if (input === null || typeof input !== 'object') return Object.is(input, output) ? undefined : path || '(root)';
  if (output === null || typeof output !== 'object' || Array.isArray(input) !== Array.isArray(output)) return path || '(root)';
  if (Array.isArray(input) && input.length !== (output as unknown[]).length) return `${path}.length`;
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(output, key)) return `${path}.${key}`;
    const diff = firstDifference(value, (output as Record<string, unknown>)[key], `${path}.${key}`);
    if (diff !== undefined) return diff;
  }
  return undefined;
}

/** Minimal CSV quoting for the sample rows below. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * `rows` rows of raw feature values an (unmutated) model accepts, as CSV without the label
 * column: numbers on and around each threshold, every category, true/false.
 */
export function sampleCsv(encoders: EncoderSpec, rows: number, next: () => number): string {
  const lines = [encoders.features.map((f) => csvCell(f.column)).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = encoders.features.map((f) => {
      switch (f.kind) {
        case 'numeric': {
          const t = f.thresholds.length > 0 ? f.thresholds[Math.floor(next() * f.thresholds.length)] : 0;
          return String(t + [-1, 0, 0.001, 1][Math.floor(next() * 4)]);
        }
        case 'categorical':
          return csvCell(f.categories.length > 0 ? f.categories[Math.floor(next() * f.categories.length)] : 'none');
        case 'boolean':
          return next() < 0.5 ? 'true' : 'false';
      }
    });
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
