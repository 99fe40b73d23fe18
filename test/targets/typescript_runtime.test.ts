/**
 * Bit-sliced counting in the emitted TypeScript, lane by lane against plain counting on random
 * words: the runtime's `countW` / `atLeastW` / `exactlyW` / `argmaxW` (compiled from their
 * emitted text) and the inline threshold tests of `targets/typescript/counters` (their
 * statements run as written) — word counts 0–70, weights, all-zero and all-one words,
 * complemented words, and every threshold on both sides of each fast path.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { thresholdWords, type CountedWord } from '../../targets/typescript/counters';
import { helpersFor } from '../../targets/typescript/runtime';
import { rowMember } from '../../targets/typescript/features';
import { seededRng } from '../../src/util/rng';

interface Runtime {
  countW(words: readonly number[], weights?: readonly number[]): number[];
  atLeastW(words: readonly number[], k: number, weights?: readonly number[]): number;
  exactlyW(words: readonly number[], k: number, weights?: readonly number[]): number;
  argmaxW(logits: readonly (readonly number[])[], offsets: readonly number[]): number[];
}

const transpile = (source: string): string => ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;

function loadRuntime(): Runtime {
  const source = helpersFor('countW([]); atLeastW([], 0); exactlyW([], 0); argmaxW([], []);').join('\n');
  return new Function(`${transpile(source)}\nreturn { countW, atLeastW, exactlyW, argmaxW };`)() as Runtime;
}

/** The inline test's statements and result as a function of the words `x0 … xn-1`. */
function inlineTest(words: readonly CountedWord[], op: '>=' | '=', k: number): (values: readonly number[]) => number {
  let n = 0;
  const test = thresholdWords(words, op, k, () => `t${++n}`);
  const names = words.map((_, i) => `x${i}`);
  const body = `${test.statements.join('\n')}\nreturn ${test.result};`;
  // The statements are plain JavaScript already (no type syntax).
  const run = new Function(...names, body) as (...values: number[]) => number;
  return (values) => run(...values);
}

const runtime = loadRuntime();
const next = seededRng(2026);
const randomWord = (): number => {
  const r = next();
  if (r < 0.1) return 0;
  if (r < 0.2) return -1;
  return (Math.floor(next() * 2 ** 16) << 16) | Math.floor(next() * 2 ** 16);
};

/** Per lane, the weighted number of set words. */
function laneCounts(words: readonly number[], weights: readonly number[]): number[] {
  return Array.from({ length: 32 }, (_, lane) => words.reduce((s, w, i) => s + ((w >>> lane) & 1) * (weights[i] ?? 1), 0));
}

/** Per lane, the integer held by bit-sliced digits. */
function laneValues(digits: readonly number[]): number[] {
  return Array.from({ length: 32 }, (_, lane) => digits.reduce((s, d, j) => s + ((d >>> lane) & 1) * 2 ** j, 0));
}

const mask = (lanes: readonly boolean[]): number => lanes.reduce((m, on, lane) => (on ? m | (1 << lane) : m), 0);

/** Random words, and weights: none, all 2, or mixed 1–20. */
function randomCase(n: number, kind: 'none' | 'same' | 'mixed'): { words: number[]; weights: number[] } {
  const words = Array.from({ length: n }, randomWord);
  const weights = kind === 'none' ? [] : words.map(() => (kind === 'same' ? 2 : 1 + Math.floor(next() * 20)));
  return { words, weights };
}

describe('TypeScript target: runtime helpers', () => {
  test('a helper is emitted for a call in code, never for its name in a string or a comment', () => {
    // A label "argmaxW(1)" or a column "countW(2)" used to pull in helpers nobody calls
    // (an unused function fails noUnusedLocals).
    assert.deepEqual(helpersFor('const LABELS = ["argmaxW(1)", \'countW(2)\'];\n// scatter(out)\n/* muxW(a) */\nconst s = "a\\"b greaterW(";'), []);
    const used = helpersFor('const w = argmaxW(logits, offsets);');
    assert.ok(used.some((h) => h.includes('function argmaxW(')));
  });

  test('a categorical feature with no category seen in training admits no string in the Row type', () => {
    // Every string would throw "unseen category"; the type says so instead of `string`.
    const member = rowMember({ kind: 'categorical', column: 'note', categories: [], missingBit: true });
    assert.match(member, /\nnote\?: never \| null \| undefined;$/);
    assert.match(rowMember({ kind: 'categorical', column: 'c', categories: ['a', 'b'], missingBit: false }), /\nc: "a" \| "b";$/);
  });
});

describe('TypeScript target: bit-sliced counting', () => {
  test('runtime countW equals per-lane counting, unweighted, one weight and mixed weights', () => {
    for (let n = 0; n <= 70; n++) {
      for (const kind of ['none', 'same', 'mixed'] as const) {
        const { words, weights } = randomCase(n, kind);
        const digits = kind === 'none' ? runtime.countW(words) : runtime.countW(words, weights);
        assert.deepEqual(laneValues(digits), laneCounts(words, weights), `n=${n} weights=${kind}`);
      }
    }
  });

  test('runtime atLeastW and exactlyW at every threshold from -1 to the total + 2', () => {
    for (let n = 0; n <= 40; n += 3) {
      for (const kind of ['none', 'mixed'] as const) {
        const { words, weights } = randomCase(n, kind);
        const counts = laneCounts(words, weights);
        const top = counts.reduce((a, b) => Math.max(a, b), n);
        for (let k = -1; k <= top + 2; k++) {
          assert.equal(runtime.atLeastW(words, k, weights) | 0, mask(counts.map((c) => c >= k)), `atLeast n=${n} k=${k}`);
          assert.equal(runtime.exactlyW(words, k, weights) | 0, mask(counts.map((c) => c === k)), `exactly n=${n} k=${k}`);
        }
      }
    }
  });

  test('inline threshold tests (unary counters, complemented, adder trees) at every threshold', () => {
    let cases = 0;
    for (let n = 1; n <= 24; n++) {
      for (const kind of ['none', 'mixed'] as const) {
        const { words, weights } = randomCase(n, kind === 'mixed' ? 'mixed' : 'none');
        // Some words complemented in the text (`~x3`), as the emitted code writes NOT.
        const flipped = words.map(() => next() < 0.3);
        const counted: CountedWord[] = words.map((_, i) => ({ text: `${flipped[i] ? '~' : ''}x${i}`, times: kind === 'mixed' ? weights[i] : 1 }));
        const effective = words.map((w, i) => (flipped[i] ? ~w : w));
        const counts = laneCounts(effective, kind === 'mixed' ? weights : []);
        const total = counted.reduce((s, w) => s + w.times, 0);
        for (let k = -1; k <= total + 1; k++) {
          for (const op of ['>=', '='] as const) {
            const run = inlineTest(counted, op, k);
            const expected = mask(counts.map((c) => (op === '>=' ? c >= k : c === k)));
            assert.equal(run(words) | 0, expected, `n=${n} ${op} ${k} weights=${kind}`);
            cases++;
          }
        }
      }
    }
    assert.ok(cases > 2000);
  });

  test('argmaxW: the largest logit plus its offset wins, ties go to the lowest class', () => {
    for (let trial = 0; trial < 300; trial++) {
      const classes = 1 + Math.floor(next() * 6);
      const sums = Array.from({ length: classes }, () => Array.from({ length: Math.floor(next() * 12) }, randomWord));
      const offsets = sums.map(() => Math.floor(next() * 9) - 4);
      if (trial % 3 === 0) offsets.fill(0);
      const wins = runtime.argmaxW(
        sums.map((words) => runtime.countW(words)),
        offsets,
      );
      const values = sums.map((words, c) => laneCounts(words, []).map((v) => v + offsets[c]));
      for (let lane = 0; lane < 32; lane++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (values[c][lane] > values[best][lane]) best = c;
        for (let c = 0; c < classes; c++) assert.equal(((wins[c] ?? 0) >>> lane) & 1, c === best ? 1 : 0, `trial ${trial} lane ${lane} class ${c}`);
      }
    }
  });
});
