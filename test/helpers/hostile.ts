/**
 * Hostile names for the reliability tests (issue 7): feature names, category values and class
 * labels that break naive quoting, commenting, escaping or identifier sanitizing in some target —
 * SQL injection, quotes, keywords of SQL, Verilog and JavaScript, Object.prototype members,
 * names that collide once sanitized or case-folded, leading digits, blank-ish and very long
 * names, backslashes, comment breakers, line breaks, and non-ASCII text.
 */
import type { EncoderSpec } from '../../src/data/spec';

export const DROP = '"; DROP TABLE t; --';
export const LONG_NAME = `long_${'x'.repeat(290)}_end`; // 300 characters
export const COMMENT_BREAKERS = ['*/', '-->', '<!--', '/*', '//', '#'] as const;
/** "Trojan Source": a right-to-left override shows the rest of a line reversed. */
export const RLO_NAME = '\u202Egnp.exe';
/** Two categories a reader cannot tell apart unless the zero-width space is made visible. */
export const ZERO_WIDTH_TWINS = ['ok', 'ok\u200B'] as const;

/**
 * Feature (column) names. `A`/`a` and `a b`/`a_b`/`a-b` collide once case-folded or sanitized;
 * `select`, `end`, `module`, `class`, `wire`, `default` are keywords somewhere; `__proto__`,
 * `constructor`, `toString` live on every JavaScript object.
 */
export const HOSTILE_FEATURES: readonly string[] = [
  DROP,
  "O'Brien",
  'select',
  'a b',
  'a_b',
  'a-b',
  'end',
  'module',
  'class',
  'wire',
  'default',
  '__proto__',
  'constructor',
  'toString',
  'A',
  'a',
  '1st',
  ' ',
  LONG_NAME,
  'back\\slash\\',
  'x */ y',
  'x --> y',
  '<b>&amp;</b>',
  'größe',
  '温度',
  '🌡️ temp',
  '`tick`',
  'C1',
  'OTHERWISE',
  'is',
  RLO_NAME,
];

/** Category values: line breaks, quotes, markup, collisions, prototype members, non-ASCII. */
export const HOSTILE_CATEGORIES: readonly string[] = [
  DROP,
  "O'Brien",
  'x\ny',
  'js\u2028line\u2029end',
  'a b',
  'a_b',
  'A',
  'a',
  '*/',
  '-->',
  '__proto__',
  'constructor',
  '</code><script>alert(1)</script>',
  '&lt;',
  'back\\slash',
  '``',
  '温度',
  '🙂',
  'or missing',
  RLO_NAME,
  ...ZERO_WIDTH_TWINS,
  'nb\u00A0space',
];

/** Class labels. */
export const HOSTILE_LABELS: readonly string[] = [DROP, "O'Brien", 'select', '*/ --> <i>', '__proto__', 'a\\b', '🙂', `${RLO_NAME}\u200B`];

/** A model name with every breaker in it (synthetic models). */
export const HOSTILE_MODEL_NAME = `O'Brien "x" */ --> <b>&amp; \\ ; DROP TABLE t; -- 温度`;

/** A file stem for `dbnc train` to name its model after: as hostile as a file name can be (no `/`, so no `*` + `/`). */
export const HOSTILE_FILE_STEM = `O'Brien "x" --> <!-- <b>&amp; \\ ; DROP TABLE t; -- 温度 *`;

/** An RFC 4180 field, always quoted (quotes doubled): the reader keeps every character inside. */
export function csvQuoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export function csvText(columns: readonly string[], rows: readonly (readonly string[])[], lineEnd = '\n'): string {
  return [columns, ...rows].map((row) => row.map(csvQuoted).join(',')).join(lineEnd) + lineEnd;
}

/**
 * Hand-written encoders over hostile names, for synthetic models: numeric, categorical and
 * boolean features (some with an "is missing" bit), `features` names taken in order.
 */
export function hostileEncoders(features: readonly string[], categories: readonly string[], labels: readonly string[]): EncoderSpec {
  return {
    version: 1,
    features: features.map((column, i) => {
      const missingBit = i % 4 === 3;
      switch (i % 3) {
        case 0:
          return { kind: 'numeric' as const, column, thresholds: [-0.5, 1.25], missingBit };
        case 1: {
          // Different, overlapping category subsets per feature, in code-unit order (as fitEncoders sorts).
          const picked = categories.filter((_, k) => (k + Math.floor(i / 3)) % 3 !== 0);
          return { kind: 'categorical' as const, column, categories: [...picked].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), missingBit };
        }
        default:
          return { kind: 'boolean' as const, column, missingBit };
      }
    }),
    label: { column: 'label', classes: [...labels] },
  };
}
