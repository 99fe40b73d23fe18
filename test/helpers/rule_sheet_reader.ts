/**
 * A mechanical reader of Markdown rule sheets (`--target rules`): parses the sheet's TEXT back
 * into a decision procedure and applies it to raw table rows — the proof that a sheet is
 * complete and exact. It knows nothing of the IR or of the emitter's code; only the wording the
 * sheet itself explains ("Reading a condition") and the cell vocabulary of src/data/schema.ts
 * (plain decimal numbers, true/yes/1 and false/no/0, missing tokens).
 *
 * Grammar read (outside code spans; atoms are code spans):
 *   named condition   - **Condition C3**: <line> [— notes]
 *   named count       - **Count K1**: the number of these N that hold[ (…)]: item, … [— notes]
 *   rule              N. IF <line> THEN `class` [— notes]
 *   otherwise         OTHERWISE `class` [— notes]
 *   score             N. `class`: score = <score> [— notes]
 *   line    item (AND item)* | item (OR item)*
 *         | at least K of these N hold[ (…)]: item, item, …
 *         | exactly K of these N hold[ (…)]: item, …
 *         | an odd number of these N hold[ (…)]: item, …
 *         | Kn is at least K | Kn is exactly K
 *   score   INT | [INT +] the number of these N that hold[ (…)]: item, … | [INT +] Kn
 *         | 1 if this holds, else 0: <line>
 *   item    `atom` | Cn | NOT Cn | always | never   (in a counted list optionally ×n: n times)
 */
import { isMissing, parseBoolean, parseNumber } from '../../src/data/schema';
import type { Table } from '../../src/data/table';

export type AtomTest = 'gt' | 'le' | 'is' | 'isNot' | 'true' | 'false' | 'missing' | 'notMissing';

export interface Atom {
  readonly feature: string;
  readonly test: AtomTest;
  readonly value?: number | string;
  /** The condition also holds on a missing cell (`… or missing`). */
  readonly orMissing: boolean;
}

export type ReadItem =
  | { readonly kind: 'atom'; readonly atom: Atom }
  | { readonly kind: 'ref'; readonly name: string; readonly negated: boolean }
  | { readonly kind: 'const'; readonly value: boolean };

export interface ReadLine {
  readonly op: 'and' | 'or' | 'xor' | 'atLeast' | 'exactly';
  readonly k: number;
  readonly items: readonly ReadItem[];
  /** A named count compared with k (then `items` is empty). */
  readonly count?: string;
}

export type ReadScore =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'count'; readonly offset: number; readonly items: readonly ReadItem[] }
  | { readonly kind: 'namedCount'; readonly offset: number; readonly count: string }
  | { readonly kind: 'indicator'; readonly line: ReadLine };

export interface ReadRule {
  readonly line: ReadLine;
  readonly cls: string;
  /** The rest of the line after the class (statistics), trimmed. */
  readonly note: string;
}

export interface ReadSheet {
  readonly conditions: ReadonlyMap<string, ReadLine>;
  readonly counts: ReadonlyMap<string, readonly ReadItem[]>;
  readonly head:
    | { readonly kind: 'rules'; readonly rules: readonly ReadRule[]; readonly otherwise: { readonly cls: string; readonly note: string } }
    | { readonly kind: 'scores'; readonly scores: readonly { readonly cls: string; readonly score: ReadScore; readonly note: string }[] };
}

// ------------------------------------------------------------------ inline tokens

type Token = { readonly t: 'code' | 'word'; readonly v: string; readonly at: number };

/** Words, `,` and `:` as their own tokens, and CommonMark code spans (content unpadded). */
export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '`') {
      let n = 0;
      while (s[i + n] === '`') n++;
      const close = closingFence(s, i + n, n);
      out.push({ t: 'code', v: unpad(s.slice(i + n, close)), at: i });
      i = close + n;
    } else if (c === ',' || c === ':') {
      out.push({ t: 'word', v: c, at: i });
      i++;
    } else {
      let j = i;
      while (j < s.length && !/[\s`,:]/.test(s[j])) j++;
      out.push({ t: 'word', v: s.slice(i, j), at: i });
      i = j;
    }
  }
  return out;
}

/** A Markdown inline line as plain text: code spans as their content, `**x**` as x. */
export function markdownInlineText(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === '`') {
      let n = 0;
      while (s[i + n] === '`') n++;
      const close = closingFence(s, i + n, n);
      out += unpad(s.slice(i + n, close));
      i = close + n;
    } else if (s.startsWith('**', i)) {
      i += 2;
    } else {
      out += s[i++];
    }
  }
  return out;
}

/** CommonMark: one space is stripped from both ends of a code span when both ends have one. */
function unpad(content: string): string {
  return content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '' ? content.slice(1, -1) : content;
}

/** The closing fence of a code span: the next run of exactly `n` backticks. */
function closingFence(s: string, from: number, n: number): number {
  let j = from;
  while (j < s.length) {
    if (s[j] !== '`') {
      j++;
      continue;
    }
    let m = 0;
    while (s[j + m] === '`') m++;
    if (m === n) return j;
    j += m;
  }
  throw new Error(`unclosed code span in: ${s}`);
}

/** A JSON string literal at the start of `s`: its value and length. */
function jsonStringPrefix(s: string): { value: string; length: number } {
  if (s[0] !== '"') throw new Error(`expected a quoted name in: ${s}`);
  let j = 1;
  while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
  if (j >= s.length) throw new Error(`unterminated quoted name in: ${s}`);
  return { value: JSON.parse(s.slice(0, j + 1)) as string, length: j + 1 };
}

/** A name as the sheet writes it: bare, or a JSON string. */
export function readName(s: string): string {
  if (!s.startsWith('"')) return s;
  const { value, length } = jsonStringPrefix(s);
  if (length !== s.length) throw new Error(`trailing text after the name ${s}`);
  return value;
}

export function parseAtom(text: string): Atom {
  let feature: string;
  let rest: string;
  if (text.startsWith('"')) {
    const q = jsonStringPrefix(text);
    feature = q.value;
    rest = text.slice(q.length);
  } else {
    const space = text.indexOf(' ');
    if (space < 0) throw new Error(`not a condition: ${text}`);
    feature = text.slice(0, space);
    rest = text.slice(space);
  }
  if (!rest.startsWith(' ')) throw new Error(`not a condition: ${text}`);
  rest = rest.slice(1);
  const orMissing = rest.endsWith(' or missing');
  const body = orMissing ? rest.slice(0, -' or missing'.length) : rest;
  const number = (s: string): number => {
    const x = Number(s);
    if (s.trim() === '' || !Number.isFinite(x)) throw new Error(`not a number: ${s} in ${text}`);
    return x;
  };
  let m: RegExpMatchArray | null;
  if ((m = body.match(/^> (\S+)$/)) && !orMissing) return { feature, test: 'gt', value: number(m[1]), orMissing };
  if ((m = body.match(/^≤ (\S+)$/))) return { feature, test: 'le', value: number(m[1]), orMissing };
  if (body === 'is missing' && !orMissing) return { feature, test: 'missing', orMissing };
  if (body === 'is not missing' && !orMissing) return { feature, test: 'notMissing', orMissing };
  if (body === 'is true' && !orMissing) return { feature, test: 'true', orMissing };
  if (body === 'is false') return { feature, test: 'false', orMissing };
  if (body.startsWith('is not "')) return { feature, test: 'isNot', value: readName(body.slice('is not '.length)), orMissing };
  if (body.startsWith('is "') && !orMissing) return { feature, test: 'is', value: readName(body.slice('is '.length)), orMissing };
  throw new Error(`not a condition: ${text}`);
}

// ------------------------------------------------------------------ lines

class Cursor {
  i = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly source: string,
  ) {}
  peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }
  word(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === 'word' && t.v === v;
  }
  expect(v: string): void {
    if (!this.word(v)) throw new Error(`expected "${v}" at token ${this.i} of: ${this.source}`);
    this.i++;
  }
  int(): number {
    const t = this.peek();
    if (t === undefined || t.t !== 'word' || !/^-?\d+$/.test(t.v)) throw new Error(`expected an integer at token ${this.i} of: ${this.source}`);
    this.i++;
    return Number(t.v);
  }
  code(): string {
    const t = this.peek();
    if (t === undefined || t.t !== 'code') throw new Error(`expected a code span at token ${this.i} of: ${this.source}`);
    this.i++;
    return t.v;
  }
  /** End of the parsable part: end of line, THEN, or the notes after an em dash. */
  atEnd(): boolean {
    const t = this.peek();
    return t === undefined || (t.t === 'word' && (t.v === 'THEN' || t.v === '—'));
  }
  /** The raw text from the current token on. */
  rest(): string {
    const t = this.peek();
    return t === undefined ? '' : this.source.slice(t.at).trim();
  }
}

function parseItem(c: Cursor): ReadItem {
  const t = c.peek();
  if (t === undefined) throw new Error(`expected a condition at the end of: ${c.source}`);
  if (t.t === 'code') {
    c.i++;
    return { kind: 'atom', atom: parseAtom(t.v) };
  }
  if (t.v === 'always' || t.v === 'never') {
    c.i++;
    return { kind: 'const', value: t.v === 'always' };
  }
  let negated = false;
  if (t.v === 'NOT') {
    negated = true;
    c.i++;
  }
  const name = c.peek();
  if (name === undefined || name.t !== 'word' || !/^C\d+$/.test(name.v)) throw new Error(`expected a condition name at token ${c.i} of: ${c.source}`);
  c.i++;
  return { kind: 'ref', name: name.v, negated };
}

/** `these N hold[ (…)]:` then N items separated by commas. */
function parseChecklist(c: Cursor, tail: readonly string[]): ReadItem[] {
  c.expect('of');
  c.expect('these');
  const n = c.int();
  for (const w of tail) c.expect(w);
  while (!c.word(':')) {
    if (c.peek() === undefined) throw new Error(`expected ":" in: ${c.source}`);
    c.i++; // a parenthetical remark
  }
  c.expect(':');
  const items: ReadItem[] = [];
  for (;;) {
    const it = parseItem(c);
    items.push(it);
    const times = c.peek();
    if (times?.t === 'word' && /^×\d+$/.test(times.v)) {
      c.i++;
      for (let t = 1; t < Number(times.v.slice(1)); t++) items.push(it);
    }
    if (!c.word(',')) break;
    c.i++;
  }
  if (items.length !== n) throw new Error(`"of these ${n}" lists ${items.length} items in: ${c.source}`);
  return items;
}

function parseLine(c: Cursor): ReadLine {
  const first = c.peek();
  if (first?.t === 'word' && /^K\d+$/.test(first.v) && c.peek(1)?.v === 'is') {
    c.i += 2;
    const op = c.word('exactly') ? 'exactly' : 'atLeast';
    if (op === 'exactly') c.expect('exactly');
    else {
      c.expect('at');
      c.expect('least');
    }
    return { op, k: c.int(), items: [], count: first.v };
  }
  if (c.word('at') && c.peek(1)?.v === 'least') {
    c.i += 2;
    const k = c.int();
    return { op: 'atLeast', k, items: parseChecklist(c, ['hold']) };
  }
  if (c.word('exactly')) {
    c.i++;
    const k = c.int();
    return { op: 'exactly', k, items: parseChecklist(c, ['hold']) };
  }
  if (c.word('an') && c.peek(1)?.v === 'odd') {
    c.i += 2;
    c.expect('number');
    return { op: 'xor', k: 0, items: parseChecklist(c, ['hold']) };
  }
  const items = [parseItem(c)];
  let op: 'and' | 'or' = 'and';
  while (!c.atEnd()) {
    const join = c.peek()?.v;
    if (join !== 'AND' && join !== 'OR') throw new Error(`expected AND or OR at token ${c.i} of: ${c.source}`);
    if (items.length > 1 && join.toLowerCase() !== op) throw new Error(`AND and OR mixed in: ${c.source}`);
    op = join === 'AND' ? 'and' : 'or';
    c.i++;
    items.push(parseItem(c));
  }
  return { op, k: 0, items };
}

function parseScore(c: Cursor): ReadScore {
  if (c.word('1') && c.peek(1)?.v === 'if') {
    for (const w of ['1', 'if', 'this', 'holds', ',', 'else', '0', ':']) c.expect(w);
    return { kind: 'indicator', line: parseLine(c) };
  }
  let offset = 0;
  const named = (): string | undefined => {
    const t = c.peek();
    return t?.t === 'word' && /^K\d+$/.test(t.v) ? t.v : undefined;
  };
  if (!c.word('the') && named() === undefined) {
    offset = c.int();
    if (c.atEnd()) return { kind: 'constant', value: offset };
    c.expect('+');
  }
  const count = named();
  if (count !== undefined) {
    c.i++;
    return { kind: 'namedCount', offset, count };
  }
  c.expect('the');
  c.expect('number');
  return { kind: 'count', offset, items: parseChecklist(c, ['that', 'hold']) };
}

// ------------------------------------------------------------------ the sheet

export function readRuleSheet(markdown: string): ReadSheet {
  const conditions = new Map<string, ReadLine>();
  const counts = new Map<string, readonly ReadItem[]>();
  const rules: ReadRule[] = [];
  const scores: { cls: string; score: ReadScore; note: string }[] = [];
  let otherwise: { cls: string; note: string } | undefined;
  let section = '';
  let headKind: 'rules' | 'scores' | undefined;
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      if (section === 'Decision rules' || section === 'Scoring') {
        if (headKind !== undefined) throw new Error('two decision procedures in one sheet');
        headKind = section === 'Decision rules' ? 'rules' : 'scores';
      }
      continue;
    }
    if (section === 'Named conditions') {
      const m = line.match(/^- \*\*(Condition|Count) ([CK]\d+)\*\*: (.*)$/);
      if (!m) continue;
      const [, kind, name, body] = m;
      if (conditions.has(name) || counts.has(name)) throw new Error(`${name} defined twice`);
      const c = new Cursor(tokenize(body), body);
      if (kind === 'Condition' && name.startsWith('C')) conditions.set(name, parseLine(c));
      else if (kind === 'Count' && name.startsWith('K')) {
        c.expect('the');
        c.expect('number');
        counts.set(name, parseChecklist(c, ['that', 'hold']));
      } else throw new Error(`bad definition: ${line}`);
      if (!c.atEnd() || c.word('THEN')) throw new Error(`trailing text in ${name}: ${c.rest()}`);
    } else if (section === 'Decision rules') {
      const m = line.match(/^(\d+)\. (IF .*)$/);
      if (m) {
        if (Number(m[1]) !== rules.length + 1) throw new Error(`rule ${m[1]} out of order`);
        const c = new Cursor(tokenize(m[2]), m[2]);
        c.expect('IF');
        const when = parseLine(c);
        c.expect('THEN');
        rules.push({ line: when, cls: readName(c.code()), note: c.rest() });
      } else if (line.startsWith('OTHERWISE ')) {
        const c = new Cursor(tokenize(line), line);
        c.expect('OTHERWISE');
        otherwise = { cls: readName(c.code()), note: c.rest() };
      }
    } else if (section === 'Scoring') {
      const m = line.match(/^(\d+)\. (`.*)$/);
      if (!m) continue;
      if (Number(m[1]) !== scores.length + 1) throw new Error(`score ${m[1]} out of order`);
      const c = new Cursor(tokenize(m[2]), m[2]);
      const cls = readName(c.code());
      for (const w of [':', 'score', '=']) c.expect(w);
      const score = parseScore(c);
      if (!c.atEnd() || c.word('THEN')) throw new Error(`trailing text in score of ${cls}: ${c.rest()}`);
      scores.push({ cls, score, note: c.rest() });
    }
  }
  if (headKind === 'rules') {
    if (otherwise === undefined) throw new Error('the rule list has no OTHERWISE');
    return { conditions, counts, head: { kind: 'rules', rules, otherwise } };
  }
  if (headKind === 'scores') {
    if (scores.length === 0) throw new Error('no scores');
    return { conditions, counts, head: { kind: 'scores', scores } };
  }
  throw new Error('no "## Decision rules" or "## Scoring" section');
}

export interface Applied {
  /** The class name per row. */
  readonly classes: string[];
  /** Per row: the index of the deciding rule (-1 = OTHERWISE), or of the winning class. */
  readonly decidedBy: Int32Array;
}

/** Applies a read sheet to the raw rows of a table. */
export function applyRuleSheet(sheet: ReadSheet, table: Table): Applied {
  const column = (feature: string): number => {
    const i = table.columns.indexOf(feature);
    if (i < 0) throw new Error(`the sheet tests the feature ${JSON.stringify(feature)}, which the table does not have`);
    return i;
  };
  const classes: string[] = [];
  const decidedBy = new Int32Array(table.rows.length);
  table.rows.forEach((row, r) => {
    const memo = new Map<string, boolean | null>();
    const atom = (a: Atom): boolean => {
      const cell = row[column(a.feature)];
      if (isMissing(cell)) {
        if (a.test === 'missing') return true;
        if (a.test === 'notMissing') return false;
        if (a.test === 'gt' || a.test === 'is' || a.test === 'true') return false;
        if (a.orMissing) return true;
        throw new Error(`row ${r + 1}: ${a.feature} is missing, and the sheet does not say what that means for ${a.test}`);
      }
      switch (a.test) {
        case 'missing':
          return false;
        case 'notMissing':
          return true;
        case 'gt':
        case 'le': {
          const x = parseNumber(cell);
          if (x === undefined) throw new Error(`row ${r + 1}: ${JSON.stringify(cell)} is not a number`);
          return a.test === 'gt' ? x > (a.value as number) : x <= (a.value as number);
        }
        case 'is':
          return cell.trim() === a.value;
        case 'isNot':
          return cell.trim() !== a.value;
        case 'true':
        case 'false': {
          const b = parseBoolean(cell);
          if (b === undefined) throw new Error(`row ${r + 1}: ${JSON.stringify(cell)} is not a boolean`);
          return b === (a.test === 'true');
        }
      }
    };
    const item = (it: ReadItem): boolean => {
      switch (it.kind) {
        case 'const':
          return it.value;
        case 'atom':
          return atom(it.atom);
        case 'ref': {
          let v = memo.get(it.name);
          if (v === null) throw new Error(`condition ${it.name} refers to itself`);
          if (v === undefined) {
            const def = sheet.conditions.get(it.name);
            if (def === undefined) throw new Error(`condition ${it.name} is not defined`);
            memo.set(it.name, null);
            v = line(def);
            memo.set(it.name, v);
          }
          return v !== it.negated;
        }
      }
    };
    const countMemo = new Map<string, number>();
    const countOf = (name: string): number => {
      let n = countMemo.get(name);
      if (n === undefined) {
        const items = sheet.counts.get(name);
        if (items === undefined) throw new Error(`count ${name} is not defined`);
        n = items.filter(item).length;
        countMemo.set(name, n);
      }
      return n;
    };
    const line = (l: ReadLine): boolean => {
      if (l.count !== undefined) return l.op === 'atLeast' ? countOf(l.count) >= l.k : countOf(l.count) === l.k;
      const values = l.items.map(item);
      const n = values.filter(Boolean).length;
      switch (l.op) {
        case 'and':
          return n === values.length;
        case 'or':
          return n > 0;
        case 'xor':
          return n % 2 === 1;
        case 'atLeast':
          return n >= l.k;
        case 'exactly':
          return n === l.k;
      }
    };
    const head = sheet.head;
    if (head.kind === 'rules') {
      const i = head.rules.findIndex((rule) => line(rule.line));
      decidedBy[r] = i;
      classes.push(i < 0 ? head.otherwise.cls : head.rules[i].cls);
    } else {
      let best = -Infinity;
      let winner = -1;
      head.scores.forEach((s, c) => {
        const value =
          s.score.kind === 'constant'
            ? s.score.value
            : s.score.kind === 'indicator'
              ? Number(line(s.score.line))
              : s.score.kind === 'namedCount'
                ? s.score.offset + countOf(s.score.count)
                : s.score.offset + s.score.items.filter(item).length;
        if (value > best) {
          best = value;
          winner = c;
        }
      });
      decidedBy[r] = winner;
      classes.push(head.scores[winner].cls);
    }
  });
  return { classes, decidedBy };
}
