/**
 * `--target rules`: the rule sheet must be complete and exact. A mechanical reader parses the
 * Markdown sheet's text back into a procedure and applies it to the raw rows; it must give the
 * hard net's prediction (= dbnc predict) on every row — for the trained fixtures, for random
 * nets (minimized decision lists, and unminimized argmax heads with sums and checklists), and
 * for hand-built programs with thresholds, missing values and hostile names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compileModel, type Guarantee } from '../../compiler/compile';
import { IrGraph } from '../../compiler/ir/graph';
import type { IrProgram } from '../../compiler/ir/program';
import { classify, sliceRows } from '../../compiler/ir/simulate';
import { EspressoService } from '../../compiler/minimize/espresso/service';
import { encodeRows } from '../../src/data/encode';
import { bitPredicates } from '../../src/data/predicate';
import type { EncoderSpec } from '../../src/data/spec';
import type { Table } from '../../src/data/table';
import { rulesExtension, rulesTarget } from '../../targets/rules';
import { describeGuarantee, type EmitData, type EmitInput, type ModelIdentity } from '../../targets/types';
import { rng } from '../helpers/random';
import { applyRuleSheet, markdownInlineText, readRuleSheet, tokenize, type ReadSheet } from '../helpers/rule_sheet_reader';
import { fixtureCases, randomCases, type TargetCase } from '../helpers/target_cases';

const espresso = new EspressoService();
after(() => espresso.close());

let fixtures: TargetCase[] = [];
let randoms: TargetCase[] = [];
before(async () => {
  fixtures = await fixtureCases(espresso);
  randoms = await randomCases(50, 20240611, espresso);
});

const emit = async (input: EmitInput): Promise<string> => rulesTarget.emit(input);
const caseInput = (c: TargetCase, options: EmitInput['options'] = {}, program: IrProgram = c.compiled.program, guarantee: Guarantee = c.compiled.guarantee): EmitInput => ({
  program,
  model: c.identity,
  guarantee,
  options,
});

/** Reads the sheet back and checks it against the expected class of every row. */
function assertSheetExact(markdown: string, table: Table, expected: ArrayLike<number>, classes: readonly string[], what: string): void {
  const applied = applyRuleSheet(readRuleSheet(markdown), table);
  for (let r = 0; r < table.rows.length; r++) {
    if (applied.classes[r] !== classes[expected[r]])
      assert.fail(`${what}: row ${r + 1} (${table.rows[r].join(', ')}): sheet says ${applied.classes[r]}, model ${classes[expected[r]]}\n${markdown}`);
  }
}

const fixture = (name: string): TargetCase => {
  const c = fixtures.find((f) => f.name === name);
  assert.ok(c, name);
  return c;
};
const labelsOf = (c: TargetCase): Int32Array => encodeRows(c.identity.encoders, c.table, c.identity.encoders.label.column).labels as Int32Array;

describe('rules target: the sheet read back gives dbnc predict', () => {
  test('the three trained fixtures (decision lists), every data row', async () => {
    assert.equal(fixtures.length, 3);
    for (const c of fixtures) {
      const md = await emit(caseInput(c));
      assert.equal(c.compiled.program.head.kind, 'decisionList');
      assertSheetExact(md, c.table, c.expected, c.compiled.program.classes, c.name);
      // Provenance and the procedure's wording.
      assert.ok(md.includes(c.identity.sha256), 'sha256');
      assert.ok(md.includes(`\`${c.identity.name}\``), 'model name');
      assert.ok(md.includes(`dbnc \`${c.identity.dbncVersion}\``), 'dbnc version');
      assert.ok(md.includes(describeGuarantee(c.compiled.guarantee)), 'guarantee');
      assert.ok(md.includes('Apply the rules in order; the first rule that matches decides (first match wins).'));
      assert.match(md, /\nOTHERWISE `[^`]+`\n/);
    }
    const parts = await emit(caseInput(fixture('parts')));
    assert.match(parts, /`diameter_mm > [\d.]+`/);
    assert.match(parts, /`diameter_mm ≤ [\d.]+`/);
    assert.match(parts, /`supplier is "[A-Za-z]+"`/);
    assert.match(parts, /`burr is (true|false)`/);
  });

  test('≥ 50 random nets, minimized (decision lists), every possible input', async () => {
    assert.ok(randoms.length >= 50);
    for (const c of randoms) assertSheetExact(await emit(caseInput(c)), c.table, c.expected, c.compiled.program.classes, c.name);
  });

  test('the same nets and fixtures unminimized: argmax heads (sums, checklists, shared conditions)', async () => {
    let scoring = 0;
    let named = 0;
    let counts = 0;
    for (const c of [...randoms, fixture('binary-iris'), fixture('parts')]) {
      const raw = await compileModel(c.loaded, { espresso, minimize: false, randomVectors: 200, data: { rows: c.bits, count: c.table.rows.length } });
      const md = await emit(caseInput(c, {}, raw.program, raw.guarantee));
      if (raw.program.head.kind === 'argmax') {
        scoring++;
        assert.ok(md.includes('The class with the highest score wins; on a tie, the class listed first (among those tied) wins.'));
      }
      if (md.includes('## Named conditions')) named++;
      if (/\n- \*\*Count K1\*\*: the number of these \d+ that hold/.test(md) && /K1 is (exactly|at least) \d+/.test(md)) counts++;
      assertSheetExact(md, c.table, c.expected, raw.program.classes, `${c.name} (unminimized)`);
    }
    assert.ok(scoring >= 40, `argmax sheets: ${scoring}`);
    assert.ok(named >= 5, `sheets with named conditions: ${named}`);
    assert.ok(counts >= 2, `sheets with shared counts: ${counts}`);
  });
});

/**
 * The sheet's per-rule (or per-class) notes equal a direct computation: the deciding rule of each
 * raw row as the reader applies the sheet, and the row's label cell.
 */
function assertStatsDirect(sheet: ReadSheet, table: Table, labelColumnName: string): void {
  const applied = applyRuleSheet(sheet, table);
  const labelColumn = table.columns.indexOf(labelColumnName);
  const direct = (slot: number, cls: string): string => {
    let support = 0;
    let correct = 0;
    table.rows.forEach((row, r) => {
      if (applied.decidedBy[r] !== slot) return;
      support++;
      if (row[labelColumn].trim() === cls) correct++;
    });
    return support === 0 ? '— support 0, precision n/a' : `— support ${support}, precision ${((100 * correct) / support).toFixed(1)}% (${correct}/${support})`;
  };
  if (sheet.head.kind === 'rules') {
    sheet.head.rules.forEach((rule, i) => assert.equal(rule.note, direct(i, rule.cls), `rule ${i + 1}`));
    assert.equal(sheet.head.otherwise.note, direct(-1, sheet.head.otherwise.cls), 'OTHERWISE');
  } else {
    sheet.head.scores.forEach((score, c) => assert.equal(score.note, direct(c, score.cls), `class ${score.cls}`));
  }
}

describe('rules target: support and precision with --data', () => {
  test('parts (labels given): per rule and OTHERWISE, equal to a direct computation', async () => {
    const c = fixture('parts');
    const labels = labelsOf(c);
    const data: EmitData = { table: c.table, bits: c.bits, predicted: c.expected, labels };
    const md = await emit(caseInput(c, { data }));
    const sheet = readRuleSheet(md);
    assert.equal(sheet.head.kind, 'rules');
    if (sheet.head.kind !== 'rules') return;
    assertStatsDirect(sheet, c.table, c.identity.encoders.label.column);
    const total = [...sheet.head.rules.map((r) => r.note), sheet.head.otherwise.note].reduce((n, note) => n + Number(/support (\d+)/.exec(note)?.[1]), 0);
    assert.equal(total, c.table.rows.length);
    assert.ok(md.includes('Measured on 1000 rows of `parts.csv`'));
    assert.ok(md.includes('whose true label (column `verdict`)'));
    assert.ok(!md.includes('Warning'));
  });

  test('without labels, precision is agreement with the prediction (100% for an exact sheet)', async () => {
    const c = fixture('binary-iris');
    const md = await emit(caseInput(c, { data: { table: c.table, bits: c.bits, predicted: c.expected } }));
    const sheet = readRuleSheet(md);
    assert.ok(md.includes('the model predicts as that class'));
    if (sheet.head.kind !== 'rules') assert.fail('decision list expected');
    for (const note of [...sheet.head.rules.map((r) => r.note), sheet.head.otherwise.note]) assert.match(note, /^— support (0, precision n\/a|(\d+), precision 100\.0% \((\d+)\/\2\))$/);
  });
});

// ---------------------------------------------------------------- hand-built programs

const HOSTILE = '<script>alert(1)</script>';

/** Features: a numeric with a missing bit, a categorical with a missing bit, a boolean, a numeric. */
function handEncoders(hostile: boolean): EncoderSpec {
  return {
    version: 1,
    features: [
      { kind: 'numeric', column: hostile ? 'petal length (cm)' : 'petal_length', thresholds: [2.45, 4.95], missingBit: true },
      {
        kind: 'categorical',
        column: hostile ? HOSTILE : 'color',
        categories: hostile ? ['a&b "q" ' + HOSTILE, 'red', 'we`ird'] : ['blue', 'green', 'red'],
        missingBit: true,
      },
      { kind: 'boolean', column: hostile ? 'shiny `x`' : 'shiny', missingBit: false },
      { kind: 'numeric', column: 'age', thresholds: [-3.5, 30], missingBit: false },
    ],
    label: { column: hostile ? 'verdict "v"' : 'species', classes: hostile ? ['<b>ok</b>', 'scrap & "rework"', 'plain'] : ['setosa', 'versicolor', 'virginica'] },
  };
}
// Bits: 0 p>2.45, 1 p>4.95, 2 p missing, 3/4/5 categories, 6 category missing, 7 shiny, 8 age>-3.5, 9 age>30.

function handIdentity(encoders: EncoderSpec, hostile: boolean): ModelIdentity {
  return { name: hostile ? `evil "model" & ${HOSTILE}` : 'hand-built', sha256: 'ab'.repeat(32), dbncVersion: '0.1.0', encoders };
}

function handDecisionList(encoders: EncoderSpec): IrProgram {
  const g = new IrGraph();
  const i = (bit: number) => g.input(bit);
  const shared = g.and([i(8), g.not(i(9))]);
  const rules = [
    { classIndex: 0, when: g.atLeast(2, [i(1), i(3), i(7), g.not(i(9))]) },
    { classIndex: 1, when: g.or([g.and([g.not(i(0)), i(6)]), g.and([i(5), g.or([i(8), g.not(i(2))])])]) },
    { classIndex: 2, when: g.exactly(1, [i(4), i(7), g.xor([i(0), i(9)])]) },
    { classIndex: 0, when: g.or([shared, g.and([i(2), g.not(g.and([i(3), i(7)]))])]) },
    { classIndex: 1, when: g.and([shared, g.not(i(6)), g.not(i(4))]) },
  ];
  return { graph: g, inputs: bitPredicates(encoders).map((predicate) => ({ predicate })), classes: encoders.label.classes, head: { kind: 'decisionList', rules, otherwise: 2 } };
}

function handArgmax(encoders: EncoderSpec): IrProgram {
  const g = new IrGraph();
  const i = (bit: number) => g.input(bit);
  const x = g.and([i(8), g.not(i(9))]);
  const logits = [
    g.sum([i(1), i(3), x, g.not(g.and([i(0), i(7)]))], 1),
    g.sum([i(2), i(2), i(4), x]),
    g.or([i(7), g.atLeast(2, [i(0), i(5), i(9)])]),
  ];
  return { graph: g, inputs: bitPredicates(encoders).map((predicate) => ({ predicate })), classes: encoders.label.classes, head: { kind: 'argmax', logits } };
}

/** Rows covering odd but valid cells: padded numbers, exponents, missing tokens, case. */
function handTable(encoders: EncoderSpec, rows: number, seed: number): Table {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const [petal, category, shiny, age] = encoders.features;
  const cats = category.kind === 'categorical' ? category.categories : [];
  const columns = [age.column, encoders.label.column, shiny.column, category.column, petal.column]; // reordered on purpose
  const out: string[][] = [];
  for (let r = 0; r < rows; r++) {
    out.push([
      pick(['-4', '-3.5', ' 0 ', '30', '30.0001', '.5', '1e2']),
      pick(encoders.label.classes),
      pick(['true', 'YES', '0', 'no', 'False', '1', ' yes ']),
      pick([...cats, ` ${cats[1]} `, '', 'NA', '?']),
      pick(['1', '2.45', '3', ' 4.95 ', '5.5', '', 'NULL', '+2.5e0', '4.950001']),
    ]);
  }
  return { path: 'hand.csv', columns, rows: out };
}

function simulate(program: IrProgram, encoders: EncoderSpec, table: Table): Int32Array {
  const encoded = encodeRows(encoders, table);
  return classify(program, sliceRows(encoded.bits, encoded.nRows, encoded.nBits), encoded.nRows);
}

const TESTED: Guarantee = { level: 'tested', reason: 'hand-built program' };

describe('rules target: hand-built programs', () => {
  test('a decision list with an atLeast node renders a checklist, and the reader applies it exactly', async () => {
    const encoders = handEncoders(false);
    const program = handDecisionList(encoders);
    const table = handTable(encoders, 2000, 7);
    const md = await emit({ program, model: handIdentity(encoders, false), guarantee: TESTED });
    assert.ok(md.includes('1. IF at least 2 of these 4 hold: `petal_length > 4.95`, `color is "blue"`, `shiny is true`, `age ≤ 30` THEN `setosa`'), md);
    assert.ok(md.includes('IF exactly 1 of these 3 hold: '), md);
    assert.ok(md.includes('an odd number of these 2 hold: `petal_length > 2.45`, `age > 30`'), md);
    // The OR of rule 2 is split into one rule per product, for the same class.
    assert.ok(md.includes('2. IF `petal_length ≤ 2.45 or missing` AND `color is missing` THEN `versicolor`'), md);
    assert.match(md, /\n3\. IF `color is "red"` AND C\d+ THEN `versicolor`\n/);
    assert.ok(md.includes('`petal_length ≤ 4.95 or missing`') || md.includes('`petal_length is not missing`'));
    assert.match(md, /- \*\*Condition C\d+\*\*: `age > -3\.5` AND `age ≤ 30` — used in rule 5, rule 7\n/); // shared, defined once
    assert.match(md, /NOT C\d+/);
    assert.ok(md.includes('`f is missing` holds when the cell is empty, NA, NULL or ?'));
    assertSheetExact(md, table, simulate(program, encoders, table), program.classes, 'hand-built decision list');
  });

  test('an argmax program renders a scoring procedure, and the reader applies it exactly', async () => {
    const encoders = handEncoders(false);
    const program = handArgmax(encoders);
    const table = handTable(encoders, 2000, 8);
    const md = await emit({ program, model: handIdentity(encoders, false), guarantee: TESTED });
    assert.ok(md.includes('## Scoring'));
    assert.match(md, /1\. `setosa`: score = 1 \+ the number of these 4 that hold: /);
    assert.ok(md.includes('2. `versicolor`: score = the number of these 4 that hold (an item marked ×n counts n times): `petal_length is missing` ×2, `color is "green"`, C1'), md);
    assert.match(md, /3\. `virginica`: score = 1 if this holds, else 0: `shiny is true` OR C\d+/);
    assertSheetExact(md, table, simulate(program, encoders, table), program.classes, 'hand-built argmax');
  });

  test('hostile names: the Markdown still reads back exactly', async () => {
    const encoders = handEncoders(true);
    for (const program of [handDecisionList(encoders), handArgmax(encoders)]) {
      const table = handTable(encoders, 1500, 9);
      const md = await emit({ program, model: handIdentity(encoders, true), guarantee: TESTED });
      assert.ok(md.includes('`"petal length (cm)" > 4.95`'));
      assertSheetExact(md, table, simulate(program, encoders, table), program.classes, 'hostile names');
    }
  });
});

// ---------------------------------------------------------------- HTML

/** Tags balance (void elements aside), and the page has the expected skeleton. */
function assertWellFormed(html: string): void {
  const voids = new Set(['meta', 'br', 'hr', 'img', 'link', 'input', 'wbr']);
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>/g)) {
    const name = m[2].toLowerCase();
    if (voids.has(name)) continue;
    if (m[1] === '') stack.push(name);
    else assert.equal(stack.pop(), name, `unbalanced </${name}>`);
  }
  assert.deepEqual(stack, [], 'unclosed tags');
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.ok(html.includes('<meta charset="utf-8">'));
  assert.ok(!/<script/i.test(html), 'no script elements');
  assert.ok(!/<link|src=|@import|url\(/i.test(html), 'self-contained');
  // Every & starts an entity: nothing user-provided is left unescaped.
  assert.ok(!/&(?!(amp|lt|gt|quot|#39);)/.test(html), 'stray &');
  const outside = html.replace(/<style>[^<]*<\/style>/, '').replace(/<[^<>]*>/g, '');
  assert.ok(!/[<>]/.test(outside), 'stray < or > in text');
}

const unescape = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string);
const htmlText = (s: string): string => unescape(s.replace(/<[^<>]*>/g, ''));

/** The decision lines (rules + OTHERWISE, or scores) of each format, as plain text. */
function htmlProcedure(html: string): string[] {
  const list = /<ol class="(rules|scores)">\n([\s\S]*?)\n<\/ol>/.exec(html);
  const items = list ? [...list[2].matchAll(/<li[^>]*>(.*)<\/li>/g)].map((m) => htmlText(m[1])) : [];
  const otherwise = /<p class="otherwise">(.*)<\/p>/.exec(html);
  return otherwise ? [...items, htmlText(otherwise[1])] : items;
}
function markdownProcedure(md: string): string[] {
  const section = md.slice(md.search(/\n## (Decision rules|Scoring)\n/));
  return section
    .split('\n')
    .filter((l) => /^\d+\. (IF |`)/.test(l) || l.startsWith('OTHERWISE '))
    .map((l) => markdownInlineText(l.replace(/^\d+\. /, '')));
}
function markdownConditions(md: string): string[] {
  return md
    .split('\n')
    .filter((l) => /^- \*\*(Condition C|Count K)\d+\*\*: /.test(l))
    .map((l) => markdownInlineText(l.slice(2)));
}
function htmlConditions(html: string): string[] {
  const list = /<ul class="conditions">\n([\s\S]*?)\n<\/ul>/.exec(html);
  return list ? [...list[1].matchAll(/<li[^>]*>(.*)<\/li>/g)].map((m) => htmlText(m[1])) : [];
}

describe('rules target: HTML', () => {
  test('extension and skeleton; the same rules as the Markdown (parts, with data)', async () => {
    assert.equal(rulesTarget.name, 'rules');
    assert.equal(rulesTarget.extension, 'md');
    assert.equal(rulesExtension({ format: 'html' }), 'html');
    assert.equal(rulesExtension({}), 'md');
    const c = fixture('parts');
    const data: EmitData = { table: c.table, bits: c.bits, predicted: c.expected, labels: labelsOf(c) };
    const md = await emit(caseInput(c, { data }));
    const html = await emit(caseInput(c, { data, format: 'html' }));
    assertWellFormed(html);
    assert.ok(html.includes('<title>Rule sheet for parts</title>'));
    const rules = markdownProcedure(md);
    assert.ok(rules.length > 5);
    assert.deepEqual(htmlProcedure(html), rules);
    // dir="ltr" isolates each name: right-to-left text in one cannot reorder the rule around it.
    assert.ok(html.includes('<code dir="ltr">supplier is &quot;Cole&quot;</code>'));
  });

  test('hostile strings are escaped everywhere, and the rules match the Markdown', async () => {
    const encoders = handEncoders(true);
    for (const program of [handDecisionList(encoders), handArgmax(encoders)]) {
      const table = handTable(encoders, 300, 10);
      const encoded = encodeRows(encoders, table, encoders.label.column);
      const data: EmitData = { table, bits: encoded.bits, predicted: simulate(program, encoders, table), labels: encoded.labels };
      const input = { program, model: handIdentity(encoders, true), guarantee: TESTED };
      const md = await emit({ ...input, options: { data } });
      const html = await emit({ ...input, options: { data, format: 'html' } });
      assertWellFormed(html);
      assert.ok(!html.includes(HOSTILE) && !html.includes('<b>'));
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(html.includes('&lt;b&gt;ok&lt;/b&gt;'));
      assert.ok(html.includes(`<title>Rule sheet for evil &quot;model&quot; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</title>`));
      assert.deepEqual(htmlProcedure(html), markdownProcedure(md));
      assert.deepEqual(htmlConditions(html), markdownConditions(md));
      assert.ok(!md.includes('Warning'));
      assertStatsDirect(readRuleSheet(md), table, encoders.label.column);
      assert.ok(markdownConditions(md).length > 0);
      // In the Markdown, hostile strings only occur inside code spans.
      for (const line of md.split('\n')) {
        const outside = tokenize(line).filter((t) => t.t === 'word').map((t) => t.v).join(' ');
        assert.ok(!/<|&/.test(outside), line);
      }
    }
  });
});
