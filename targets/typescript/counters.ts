/**
 * Bit-sliced threshold tests — "at least k" / "exactly k" of some words, each counted a given
 * number of times — as straight-line statements: no calls, no arrays, so V8 keeps every word in
 * a register. (A helper taking an array literal costs an allocation and a call per test, more
 * than the 32 rows' worth of logic it replaces; on an mnist-paper-size net, ~1,200 such tests
 * per block of 32 rows made `predictBatch` no faster than `predict`.)
 *   thresholds near either end   unary counters: `a2 |= a1 & x; a1 |= x;` per word, `aj` =
 *                                the lanes where at least j words are set so far (≤ 3 of them);
 *                                near the top, the same on the complemented words;
 *   anything else                a carry-save adder tree (full adders `^`, `&`, `|`) reduces the
 *                                words to binary digits per lane, then one comparison with k.
 */

export interface CountedWord {
  /** The word, as an expression. */
  readonly text: string;
  /** How many times it counts (≥ 1). */
  readonly times: number;
}

export interface Threshold {
  /** Statements computing the result (they declare temporaries from `temp`). */
  readonly statements: string[];
  /** The lanes where the test holds: an expression over the temporaries, or a constant. */
  readonly result: string;
}

/**
 * Widest test written out (distinct words): wider ones would make one definition too big for
 * V8 to optimize the function holding it; they call the runtime instead.
 */
export const INLINE_WORDS = 64;

/** Most unary counters kept (each costs two operations per word). */
const UNARY = 3;

/** A word that is already a name or an array read (no need for a temporary). */
const SIMPLE = /^~?[A-Za-z_$][\w$]*(\[\d+\]!?)?$/;

/**
 * Lanes where the weighted number of set words is `>= k` or `=== k`; `temp()` names a fresh
 * temporary each time it is called.
 */
export function thresholdWords(words: readonly CountedWord[], op: '>=' | '=', k: number, temp: () => string): Threshold {
  const total = words.reduce((s, w) => s + w.times, 0);
  if (op === '>=' && k <= 0) return { statements: [], result: '-1' };
  if (k > total || k < 0) return { statements: [], result: '0' };
  const statements: string[] = [];
  const bound = words.map((w) => ({ text: bindTo(w.text, temp, statements), times: w.times }));
  const needed = (j: number): number => j + (op === '=' ? 1 : 0);
  if (needed(k) <= UNARY) return unary(bound, op, k, false, temp, statements);
  if (needed(total - k) <= UNARY) return unary(bound, op, total - k, true, temp, statements);
  return adderTree(bound, op, k, temp, statements);
}

/**
 * Unary counters over the words (`clear`: over their complements, testing that number of clear
 * words instead: at least k set ⇔ fewer than total − k + 1 clear; exactly k set ⇔ exactly
 * total − k clear).
 */
function unary(words: readonly CountedWord[], op: '>=' | '=', k: number, clear: boolean, temp: () => string, statements: string[]): Threshold {
  // at least k set: unary up to k (set) or up to total − k + 1 (clear, then negated)
  const target = clear && op === '>=' ? k + 1 : k;
  const levels = op === '=' ? target + 1 : target;
  if (levels === 0) return { statements, result: '-1' };
  const at = Array.from({ length: levels }, () => temp());
  statements.push(`let ${at.map((a) => `${a} = 0`).join(', ')};`);
  for (const w of words) {
    const x = clear ? (w.text.startsWith('~') ? w.text.slice(1) : `~${w.text}`) : w.text;
    // Counting a word more than `levels` times changes nothing.
    for (let r = 0; r < Math.min(w.times, levels); r++) {
      for (let j = levels - 1; j >= 1; j--) statements.push(`${at[j]} |= ${at[j - 1]} & ${x};`);
      statements.push(`${at[0]} |= ${x};`);
    }
  }
  // at[j] = lanes with at least j + 1 counted words.
  const atLeast = (j: number): string => (j <= 0 ? '-1' : at[j - 1]);
  let result: string;
  if (op === '>=') result = clear ? `~${atLeast(target)}` : atLeast(target);
  else result = target === 0 ? `~${at[0]}` : `(${atLeast(target)} & ~${at[target]})`;
  return { statements, result };
}

/** `text`, or a temporary holding it when it is more than a name or an array read. */
function bindTo(text: string, temp: () => string, statements: string[]): string {
  if (SIMPLE.test(text)) return text;
  const name = temp();
  statements.push(`const ${name} = ${text};`);
  return name;
}

/** A carry-save adder tree to binary digits, then the comparison with k. */
function adderTree(words: readonly CountedWord[], op: '>=' | '=', k: number, temp: () => string, statements: string[]): Threshold {
  const digits = adderDigits(words, temp, statements);
  // Most significant digit first: `equal` = lanes equal to k on the digits so far, `greater` = above it.
  let equal = '-1';
  let greater = '0';
  const bitOf = (j: number): number => Math.floor(k / 2 ** j) % 2;
  for (let j = Math.max(digits.length, bitLength(k)) - 1; j >= 0; j--) {
    const digit = digits[j] ?? '0';
    if (bitOf(j) === 1) {
      equal = and(equal, digit, temp, statements);
    } else {
      if (op === '>=') greater = or(greater, and(equal, digit, temp, statements), temp, statements);
      equal = and(equal, `~${digit}`, temp, statements);
    }
  }
  return { statements, result: op === '>=' ? `(${greater} | ${equal})` : equal };
}

/** Full and half adders, column by column, down to one word per binary digit. */
function adderDigits(words: readonly CountedWord[], temp: () => string, statements: string[]): string[] {
  // columns[j]: words of weight 2^j still to be added.
  const columns: string[][] = [];
  const put = (j: number, text: string): void => {
    while (columns.length <= j) columns.push([]);
    columns[j].push(text);
  };
  for (const w of words) {
    let times = w.times;
    for (let j = 0; times > 0; j++, times = Math.floor(times / 2)) if (times % 2 === 1) put(j, w.text);
  }
  const digits: string[] = [];
  for (let j = 0; j < columns.length; j++) {
    const column = columns[j];
    while (column.length >= 2) {
      const a = column.shift()!;
      const b = column.shift()!;
      const sum = temp();
      const carry = temp();
      if (column.length >= 1) {
        const c = column.shift()!;
        const half = temp();
        statements.push(`const ${half} = ${a} ^ ${b};`, `const ${sum} = ${half} ^ ${c};`, `const ${carry} = (${a} & ${b}) | (${half} & ${c});`);
      } else {
        statements.push(`const ${sum} = ${a} ^ ${b};`, `const ${carry} = ${a} & ${b};`);
      }
      column.push(sum);
      put(j + 1, carry);
    }
    digits.push(column[0] ?? '0');
  }
  return digits;
}

function bitLength(k: number): number {
  let n = 0;
  while (2 ** n <= k) n++;
  return n;
}

/** `a & b` into a temporary, folding the all-ones word. */
function and(a: string, b: string, temp: () => string, statements: string[]): string {
  if (a === '-1') return b;
  if (b === '-1') return a;
  const name = temp();
  statements.push(`const ${name} = ${a} & ${b};`);
  return name;
}

/** `a | b` into a temporary, folding the empty word. */
function or(a: string, b: string, temp: () => string, statements: string[]): string {
  if (a === '0') return b;
  if (b === '0') return a;
  const name = temp();
  statements.push(`const ${name} = ${a} | ${b};`);
  return name;
}
