/**
 * The small runtime the emitted TypeScript module carries (it has no dependencies): the value
 * checks of the cold path (`normalize`) and the bit-sliced arithmetic of `predictBatch`:
 * sums and the argmax head, and threshold tests too wide to write out. Each helper is emitted only when the generated code calls it (`helpersFor`).
 *
 * Bit-sliced integers: 32 rows are 32 lanes of a 32-bit word; an integer per lane is an array
 * of words, one per binary digit, least significant first. Sums are counted here (`countW`,
 * for the argmax head); threshold tests ("at least k of …") are written out inline by
 * `./counters` unless they are very wide (`atLeastW`, `exactlyW`).
 */

const MISSING = JSON.stringify('missing value (this feature has no "is missing" bit)');

interface Helper {
  readonly text: string;
}

const HELPERS: Readonly<Record<string, Helper>> = {
  fail: {
    text: `
/** A value the model cannot encode: throws an Error naming the feature (as dbnc predict does). */
function fail(feature: string, problem: string): never {
  throw new Error("feature " + quote(feature) + ": " + problem);
}`,
  },
  quote: {
    text: `
/** Characters a reader cannot see or that reorder text: written as \\uXXXX in messages. */
const INVISIBLE = new RegExp("(?! )[\\\\p{Cc}\\\\p{Cf}\\\\p{Zl}\\\\p{Zp}\\\\p{Zs}]", "gu");

/** A text for an error message: JSON-quoted, every character visible, cut after 60 characters. */
function quote(text: string): string {
  const cut = text.length > 60 ? text.slice(0, 60) : text;
  const quoted = JSON.stringify(cut).replace(INVISIBLE, (c) => c.split("").map((u) => "\\\\u" + ("000" + u.charCodeAt(0).toString(16).toUpperCase()).slice(-4)).join(""));
  return text.length > 60 ? quoted + " (cut; " + text.length + " characters)" : quoted;
}`,
  },
  show: {
    text: `
/** A value, for an error message. */
function show(value: unknown): string {
  if (typeof value === "string") return quote(value);
  if (typeof value === "bigint") return String(value) + "n (a bigint)";
  return typeof value === "object" && value !== null ? "an object" : String(value);
}`,
  },
  checkNumber: {
    text: `
/** A numeric value: a finite number is required. */
function checkNumber(value: unknown, feature: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return fail(feature, value == null ? ${MISSING} : show(value) + " is not a finite number");
}`,
  },
  checkOptionalNumber: {
    text: `
/** A numeric value of a feature with an "is missing" bit: null/undefined is missing. */
function checkOptionalNumber(value: unknown, feature: string): number | null {
  return value == null ? null : checkNumber(value, feature);
}`,
  },
  checkBoolean: {
    text: `
/** A boolean value: true or false is required. */
function checkBoolean(value: unknown, feature: string): boolean {
  if (value === true || value === false) return value;
  return fail(feature, value == null ? ${MISSING} : show(value) + " is not a boolean");
}`,
  },
  checkOptionalBoolean: {
    text: `
/** A boolean value of a feature with an "is missing" bit: null/undefined is missing. */
function checkOptionalBoolean(value: unknown, feature: string): boolean | null {
  return value == null ? null : checkBoolean(value, feature);
}`,
  },
  checkCategory: {
    text: `
/** A categorical value: one of the categories, after trimming (as the encoder trims cells). */
function checkCategory<T extends string>(value: unknown, feature: string, categories: readonly T[]): T {
  const text = typeof value === "string" ? value.trim() : value;
  const found = categories.find((c) => c === text);
  if (found !== undefined) return found;
  return fail(
    feature,
    value == null
      ? ${MISSING}
      : typeof value === "string"
        ? "unseen category " + quote(String(text)) + " (not in the training data)"
        : show(value) + " is not a string",
  );
}`,
  },
  checkOptionalCategory: {
    text: `
/** A categorical value of a feature with an "is missing" bit: null/undefined is missing. */
function checkOptionalCategory<T extends string>(value: unknown, feature: string, categories: readonly T[]): T | null {
  return value == null ? null : checkCategory(value, feature, categories);
}`,
  },
  scatter: {
    text: `
/** Writes \`label\` to the rows of a block (starting at row \`base\`) whose lanes are set. */
function scatter(out: Label[], base: number, lanes: number, label: Label): void {
  while (lanes !== 0) {
    const low = lanes & -lanes;
    out[base + 31 - Math.clz32(low)] = label;
    lanes ^= low;
  }
}`,
  },
  countW: {
    text: `
/** Scratch digits of \`countW\` (one count at a time; results are copied out). */
const COUNT_DIGITS = new Int32Array(64);

/**
 * Vertical counter: per lane, the weighted number of words that have the lane set (weight 1
 * unless given), as binary digits (one word per digit, least significant first). Words of one
 * weight are counted together — four at a time through three carry-save adders into the ones
 * and twos digits (Harley–Seal), so only the fours carry ripples upward — and the count is
 * added in at the digits where the weight has a 1.
 */
function countW(words: readonly number[], weights: readonly number[] = []): number[] {
  if (weights.length === 0) return countOnesW(words);
  const first = weights[0] ?? 1;
  // One weight (common: every term counted twice): count once, then multiply.
  if (weights.every((w) => w === first)) return timesW(countOnesW(words), first);
  const byWeight = new Map<number, number[]>();
  words.forEach((word, i) => {
    const weight = weights[i] ?? 1;
    const group = byWeight.get(weight);
    if (group === undefined) byWeight.set(weight, [word]);
    else group.push(word);
  });
  let total: number[] = [];
  for (const [weight, group] of byWeight) total = addShiftedW(total, timesW(countOnesW(group), weight), 0);
  return total;
}

/** A bit-sliced integer times the constant weight ≥ 0 (shifted adds at the weight's digits). */
function timesW(count: readonly number[], weight: number): number[] {
  let total: number[] = [];
  for (let at = 0, w = weight; w > 0; at++, w = (w - (w % 2)) / 2) {
    if (w % 2 === 1) total = addShiftedW(total, count, at);
  }
  return total;
}

/** countW of unweighted words. */
function countOnesW(words: readonly number[]): number[] {
  const digits = COUNT_DIGITS;
  let ones = 0;
  let twos = 0;
  let length = 2;
  // The last group may be short: missing words count as 0.
  for (let i = 0; i < words.length; i += 4) {
    const a = words[i]!;
    const b = words[i + 1] ?? 0;
    const c = words[i + 2] ?? 0;
    const d = words[i + 3] ?? 0;
    let half = a ^ b;
    const twosAB = (a & b) | (ones & half);
    ones ^= half;
    half = c ^ d;
    const twosCD = (c & d) | (ones & half);
    ones ^= half;
    half = twosAB ^ twosCD;
    let carry = (twosAB & twosCD) | (twos & half);
    twos ^= half;
    for (let j = 2; carry !== 0; j++) {
      if (j === length) {
        digits[length++] = carry;
        break;
      }
      const digit = digits[j]!;
      digits[j] = digit ^ carry;
      carry &= digit;
    }
  }
  digits[0] = ones;
  digits[1] = twos;
  while (length > 0 && digits[length - 1] === 0) length--;
  const out = new Array<number>(length);
  for (let j = 0; j < length; j++) out[j] = digits[j]!;
  return out;
}

/** Bit-sliced integers a + b · 2^shift (ripple-carry). */
function addShiftedW(a: readonly number[], b: readonly number[], shift: number): number[] {
  const out: number[] = [];
  let carry = 0;
  for (let j = 0; j < Math.max(a.length, b.length + shift) || carry !== 0; j++) {
    const x = a[j] ?? 0;
    const y = j >= shift ? (b[j - shift] ?? 0) : 0;
    out.push(x ^ y ^ carry);
    carry = (x & y) | (carry & (x ^ y));
  }
  return out;
}`,
  },
  compareW: {
    text: `
/** Per lane, a bit-sliced integer compared with the constant k ≥ 0: [greater lanes, equal lanes]. */
function compareW(digits: readonly number[], k: number): [number, number] {
  let greater = 0;
  let equal = -1;
  for (let j = Math.max(digits.length, 32 - Math.clz32(k)) - 1; j >= 0; j--) {
    const digit = digits[j] ?? 0;
    if ((k >>> j) & 1) {
      equal &= digit;
    } else {
      greater |= equal & digit;
      equal &= ~digit;
    }
  }
  return [greater, equal];
}`,
  },
  atLeastW: {
    text: `
/** Lanes where at least k of the words are set (each counted \`weights[i]\` times, default 1). */
function atLeastW(words: readonly number[], k: number, weights: readonly number[] = []): number {
  if (k <= 0) return -1;
  const [greater, equal] = compareW(countW(words, weights), k);
  return greater | equal;
}`,
  },
  exactlyW: {
    text: `
/** Lanes where exactly k of the words are set (each counted \`weights[i]\` times, default 1). */
function exactlyW(words: readonly number[], k: number, weights: readonly number[] = []): number {
  if (k < 0) return 0;
  return compareW(countW(words, weights), k)[1];
}`,
  },
  addW: {
    text: `
/** A bit-sliced integer plus the constant k ≥ 0 (ripple-carry). */
function addW(digits: readonly number[], k: number): number[] {
  const out: number[] = [];
  let carry = 0;
  for (let j = 0; j < digits.length || k > 0 || carry !== 0; j++) {
    const a = digits[j] ?? 0;
    const b = k % 2 === 1 ? -1 : 0;
    k = (k - (k % 2)) / 2;
    out.push(a ^ b ^ carry);
    carry = (a & b) | (carry & (a ^ b));
  }
  return out;
}`,
  },
  greaterW: {
    text: `
/** Lanes where bit-sliced integer a > b (most significant digit first). */
function greaterW(a: readonly number[], b: readonly number[]): number {
  let greater = 0;
  let equal = -1;
  for (let j = Math.max(a.length, b.length) - 1; j >= 0; j--) {
    const x = a[j] ?? 0;
    const y = b[j] ?? 0;
    greater |= equal & x & ~y;
    equal &= ~(x ^ y);
  }
  return greater;
}`,
  },
  muxW: {
    text: `
/** Per lane, a where \`select\` is set, else b. */
function muxW(select: number, a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let j = 0; j < Math.max(a.length, b.length); j++) {
    out.push((select & (a[j] ?? 0)) | (~select & (b[j] ?? 0)));
  }
  return out;
}`,
  },
  argmaxW: {
    text: `
/**
 * The argmax head on 32 lanes: logits are bit-sliced counts plus a constant offset each; the
 * largest wins and ties go to the lowest class. One mask of winning lanes per class.
 */
function argmaxW(logits: readonly (readonly number[])[], offsets: readonly number[]): number[] {
  // Shift every logit by the same amount so all are ≥ 0 (the order is unchanged).
  const shift = Math.max(0, ...offsets.map((o) => -o));
  const values = logits.map((digits, c) => {
    const add = (offsets[c] ?? 0) + shift;
    return add === 0 ? digits : addW(digits, add);
  });
  const wins = values.map((_, c): number => (c === 0 ? -1 : 0));
  let best = values[0] ?? [];
  for (let c = 1; c < values.length; c++) {
    const value = values[c] ?? [];
    const greater = greaterW(value, best);
    if (greater === 0) continue;
    for (let d = 0; d < c; d++) wins[d] = (wins[d] ?? 0) & ~greater;
    wins[c] = greater;
    best = muxW(greater, value, best);
  }
  return wins;
}`,
  },
};

/** The helpers `code` calls, transitively, in a fixed order. */
/**
 * Code without its comments and string literals: a label, category or name such as
 * "argmaxW(1)" must not look like a call (an unused helper fails `noUnusedLocals`).
 */
function codeOnly(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('/') ? ' ' : '""'));
}

export function helpersFor(code: string): string[] {
  const names = Object.keys(HELPERS);
  const needed = new Set<string>();
  const scan = (raw: string): void => {
    const text = codeOnly(raw);
    for (const name of names) {
      if (needed.has(name) || !new RegExp(`\\b${name}\\(`).test(text)) continue;
      needed.add(name);
      scan(HELPERS[name].text.replace(new RegExp(`function ${name}\\(`), ''));
    }
  };
  scan(code);
  return names.filter((n) => needed.has(n)).map((n) => HELPERS[n].text.trim());
}
