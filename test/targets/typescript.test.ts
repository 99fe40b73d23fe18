/**
 * `--target ts` end to end, with the real toolchain: every emitted module (fixtures, random
 * nets, models with "is missing" bits; the compiled program, the literal lowering and the
 * unminimized logic) is type-checked by ONE real `tsc --strict` run, transpiled, loaded into
 * Node, and its `predict` and `predictBatch` compared with the hard net row by row.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { format } from 'prettier';
import ts from 'typescript';
import { compileModel, type Guarantee } from '../../compiler/compile';
import { InputDomain } from '../../compiler/domain';
import type { IrProgram } from '../../compiler/ir/program';
import { EspressoService } from '../../compiler/minimize/espresso/service';
import { featureBits } from '../../src/data/predicate';
import type { EncoderSpec } from '../../src/data/spec';
import { parseModel, type LoadedModel } from '../../src/model/load';
import { syntheticModel } from '../../src/model/synthetic';
import { emitTypeScript, tsTarget } from '../../targets/typescript';
import { STRICT_TSCONFIG } from '../helpers/strict_tsconfig';
import { headerLines, type ModelIdentity } from '../../targets/types';
import { rng } from '../helpers/random';
import { randomNet } from '../helpers/random_nets';
import { fixtureCases, randomCases, type TargetCase } from '../helpers/target_cases';
import { typedRow } from '../helpers/typed_rows';

const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const RANDOM_CASES = 50;
/** Random cases whose unminimized (simplified multi-level) logic is emitted too. */
const UNMINIMIZED_CASES = 15;
const MISSING_CASES = 4;

type Value = number | string | boolean | null;
type Row = Record<string, Value>;

interface Loaded {
  predict(row: Row): string;
  predictBatch(rows: readonly Row[]): string[];
  LABELS: readonly string[];
}

/** One model with its rows and the hard net's answers. */
interface ModelCase {
  readonly name: string;
  readonly loaded: LoadedModel;
  readonly identity: ModelIdentity;
  readonly guarantee: Guarantee;
  readonly programs: ReadonlyArray<{ readonly kind: string; readonly program: IrProgram }>;
  readonly rows: readonly Row[];
  readonly expected: Int32Array;
  /** Every possible input of the support (fixtures and missing-bit models), with the net's answers. */
  readonly domain?: { readonly rows: readonly Row[]; readonly expected: Int32Array };
  readonly fixture: boolean;
}

interface Emitted {
  readonly model: ModelCase;
  readonly kind: string;
  readonly file: string;
  readonly text: string;
  module?: Loaded;
}

/**
 * Input bits → a typed row that encodes to them. Numeric values sit exactly ON the next
 * threshold (`x > t` false there), so the float comparison is tested at its boundary.
 */
function rowFromBits(encoders: EncoderSpec, bits: Uint8Array, offset: number): Row {
  const row: Row = {};
  let at = offset;
  for (const f of encoders.features) {
    const width = featureBits(f).length;
    const value = bits.subarray(at, at + (f.missingBit ? width - 1 : width));
    at += width;
    if (f.missingBit && bits[at - 1]) {
      row[f.column] = null;
    } else if (f.kind === 'numeric') {
      const level = value.reduce((s, b) => s + b, 0);
      const t = f.thresholds;
      row[f.column] = t.length === 0 ? 0 : level < t.length ? t[level] : t[t.length - 1] + 1;
    } else if (f.kind === 'categorical') {
      row[f.column] = f.categories[value.indexOf(1)];
    } else {
      row[f.column] = value[0] === 1;
    }
  }
  return row;
}

function identityOf(loaded: LoadedModel, text: string): ModelIdentity {
  const m = loaded.model;
  return { name: m.name, sha256: createHash('sha256').update(text).digest('hex'), dbncVersion: m.dbncVersion, encoders: m.encoders };
}

/** Every possible input (deduplicated on all bits) of a model with ≤ 2¹⁶ of them. */
function domainRows(loaded: LoadedModel, program: IrProgram): { rows: Row[]; expected: Int32Array } {
  const n = program.inputs.length;
  const enumeration = InputDomain.fromInputs(program.inputs).enumerate(
    Array.from({ length: n }, (_, i) => i),
    1 << 16,
  );
  assert.ok(enumeration !== null, 'the fixture has at most 2^16 possible inputs');
  const rows = Array.from({ length: enumeration.count }, (_, r) => rowFromBits(loaded.model.encoders, enumeration.rows, r * n));
  return { rows, expected: loaded.hardNet.predict(enumeration.rows, enumeration.count) };
}

async function fromTargetCase(c: TargetCase, espresso: EspressoService, unminimized: boolean, fixture: boolean): Promise<ModelCase> {
  const programs = [
    { kind: 'compiled', program: c.compiled.program },
    { kind: 'lowered', program: c.compiled.reference },
  ];
  if (unminimized) {
    const simplified = await compileModel(c.loaded, { espresso, minimize: false, randomVectors: 200 });
    programs.push({ kind: 'unminimized', program: simplified.program });
  }
  const encoders = c.loaded.model.encoders;
  return {
    name: c.name,
    loaded: c.loaded,
    identity: c.identity,
    guarantee: c.compiled.guarantee,
    programs,
    rows: c.table.rows.map((cells) => typedRow(encoders, c.table, cells)),
    expected: c.expected,
    domain: fixture ? domainRows(c.loaded, c.compiled.program) : undefined,
    fixture,
  };
}

/**
 * Random nets over encoders with "is missing" bits on numeric, categorical and boolean
 * features, a column name that is no identifier, a negative threshold and labels that need
 * escaping; rows = every possible input.
 */
async function missingCase(seed: number, espresso: EspressoService): Promise<ModelCase> {
  const next = rng(seed);
  const features: EncoderSpec['features'] = [
    { kind: 'numeric', column: 'age', thresholds: [30, 45.5], missingBit: true },
    { kind: 'categorical', column: 'color', categories: ['blue', 'red'], missingBit: true },
    { kind: 'boolean', column: 'smoker', missingBit: true },
    { kind: 'categorical', column: 'size', categories: ['L', 'M', 'S'], missingBit: false },
    { kind: 'numeric', column: 'petal length (cm)', thresholds: [-1.5, 0.1], missingBit: false },
  ];
  const inputs = features.reduce((s, f) => s + featureBits(f).length, 0);
  const net = randomNet(next, { inputs, classes: 3 });
  const classes = ['no', 'yes "quoted"', "it's\nodd"];
  const encoders: EncoderSpec = { version: 1, features, label: { column: 'label', classes } };
  const model = syntheticModel({ name: `missing-${seed}`, dbncVersion: '0.1.0', arch: net.arch, weights: net.weights, encoders });
  const text = JSON.stringify(model);
  const loaded = parseModel(`missing-${seed}.model.json`, JSON.parse(text));
  const domain = InputDomain.fromPredicates(featureBitsOf(encoders));
  const all = domain.enumerate(
    Array.from({ length: inputs }, (_, i) => i),
    1 << 16,
  );
  assert.ok(all !== null);
  const compiled = await compileModel(loaded, { espresso, data: { rows: all.rows, count: all.count }, randomVectors: 200 });
  const unminimized = await compileModel(loaded, { espresso, minimize: false, randomVectors: 200 });
  const rows = Array.from({ length: all.count }, (_, r) => rowFromBits(encoders, all.rows, r * inputs));
  const expected = loaded.hardNet.predict(all.rows, all.count);
  return {
    name: `missing-${seed}`,
    loaded,
    identity: identityOf(loaded, text),
    guarantee: compiled.guarantee,
    programs: [
      { kind: 'compiled', program: compiled.program },
      { kind: 'lowered', program: compiled.reference },
      { kind: 'unminimized', program: unminimized.program },
    ],
    rows,
    expected,
    domain: { rows, expected },
    fixture: false,
  };
}

function featureBitsOf(encoders: EncoderSpec) {
  return encoders.features.flatMap(featureBits);
}

/** A file exercising the types of the parts model's `Row` (checked in the same tsc run). */
const PARTS_USAGE = `
import { LABELS, predict, predictBatch, type Label, type Row } from './parts-compiled';
const row: Row = { diameter_mm: 25, roughness_um: 1.5, weight_g: 98, supplier: 'Acme', line: 'L1', burr: true };
const label: Label = predict(row);
const labels: Label[] = predictBatch([row, { ...row, supplier: 'Cole' }]);
// @ts-expect-error: an unknown category is a type error
const unseen: Row = { ...row, supplier: 'Zeta' };
// @ts-expect-error: a required feature may not be missing
const missing: Row = { ...row, burr: null };
// @ts-expect-error: a label outside the union
const wrong: Label = 'maybe';
export const used = [label, labels, unseen, missing, wrong, LABELS];
`;

const MISSING_USAGE = `
import { predict, type Row } from './missing-1-compiled';
const row: Row = { age: null, color: undefined, size: 'M', 'petal length (cm)': -2 };
export const used = predict(row);
`;

function findInterface(source: ts.SourceFile, name: string): ts.InterfaceDeclaration | undefined {
  return source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
}

function findTypeAlias(source: ts.SourceFile, name: string): ts.TypeAliasDeclaration | undefined {
  return source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === name);
}

function exported(node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration): boolean {
  return node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

function firstDifference(actual: readonly string[], expected: Int32Array, classes: readonly string[]): string | null {
  if (actual.length !== expected.length) return `${actual.length} answers for ${expected.length} rows`;
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== classes[expected[i]]) return `row ${i}: ${JSON.stringify(actual[i])}, the hard net says ${JSON.stringify(classes[expected[i]])}`;
  }
  return null;
}

describe('TypeScript target', () => {
  const espresso = new EspressoService();
  const dir = mkdtempSync(join(tmpdir(), 'dbnc-ts-target-'));
  const emitted: Emitted[] = [];
  let models: ModelCase[] = [];
  let tsc: { code: number; output: string } = { code: -1, output: '' };

  before(async () => {
    const fixtures = await fixtureCases(espresso);
    const random = await randomCases(RANDOM_CASES, 2024, espresso);
    models = [
      ...(await Promise.all(fixtures.map((c) => fromTargetCase(c, espresso, true, true)))),
      ...(await Promise.all(random.map((c, i) => fromTargetCase(c, espresso, i < UNMINIMIZED_CASES, false)))),
    ];
    for (let s = 1; s <= MISSING_CASES; s++) models.push(await missingCase(s, espresso));
    for (const model of models) {
      for (const { kind, program } of model.programs) {
        const text = await tsTarget.emit({ program, model: model.identity, guarantee: model.guarantee });
        const file = `${model.name}-${kind}`;
        writeFileSync(join(dir, `${file}.ts`), text);
        emitted.push({ model, kind, file, text });
      }
    }
    // The same compiled programs split into parts, as big models are (forced here with tiny parts).
    for (const model of models.filter((m) => m.fixture || !m.name.startsWith('random-') || Number(m.name.slice(7)) % 5 === 0)) {
      for (const { kind, program } of model.programs) {
        if (!model.fixture && kind !== 'compiled') continue;
        const text = await emitTypeScript({ program, model: model.identity, guarantee: model.guarantee }, { splitAt: 0, partSize: 300 });
        const file = `${model.name}-${kind}-split`;
        writeFileSync(join(dir, `${file}.ts`), text);
        emitted.push({ model, kind: `${kind}, split`, file, text });
      }
    }
    writeFileSync(join(dir, 'usage-parts.ts'), PARTS_USAGE);
    writeFileSync(join(dir, 'usage-missing.ts'), MISSING_USAGE);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG, null, 2));
    // One real tsc run for all files.
    tsc = await promisify(execFile)(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { maxBuffer: 64 << 20 }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
    );
    for (const e of emitted) {
      const js = ts.transpileModule(e.text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const path = join(dir, `${e.file}.mjs`);
      writeFileSync(path, js);
      e.module = (await import(pathToFileURL(path).href)) as Loaded;
    }
  });

  after(async () => {
    await espresso.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('covers the fixtures, ≥ 50 random nets and every head and node kind', () => {
    assert.equal(models.filter((m) => m.fixture).length, 3);
    assert.ok(models.filter((m) => m.name.startsWith('random-')).length >= RANDOM_CASES);
    const all = emitted.map((e) => e.text).join('\n');
    for (const call of ['countW(', 'argmaxW(', 'open &= ~r1', 'checkOptionalNumber(', 'checkOptionalBoolean(', 'checkOptionalCategory(', '== null)']) {
      assert.ok(all.includes(call), `some emitted module uses ${call}`);
    }
    // Inline threshold tests: unary counters, on complemented words too, and adder trees.
    assert.match(all, /\bt\d+ \|= t\d+ & [\w[\]!]+;/, 'a unary counter');
    assert.match(all, /\bt\d+ \|= t\d+ & ~[\w[\]!]+;/, 'a unary counter on complemented words');
    assert.match(all, /const t\d+ = t\d+ \^ [\w[\]!]+;\s*const t\d+ = \([\w[\]!]+ & [\w[\]!]+\) \| \(t\d+ & [\w[\]!]+\);/, 'a full adder');
    // Models split into parts (the un-minimized fixture variants are big enough).
    for (const part of ['function readRow1(', 'function conditions1(', 'function packRows1(', 'function conditionsWords1(']) {
      assert.ok(all.includes(part), `some emitted module has ${part}`);
    }
  });

  test('every emitted module type-checks in one tsc --strict run (noUnusedLocals, noImplicitReturns, …)', () => {
    assert.equal(tsc.code, 0, `tsc failed:\n${tsc.output.slice(0, 6000)}`);
  });

  test('predict and predictBatch equal the hard net on every row', () => {
    for (const e of emitted) {
      const m = e.model;
      const mod = e.module as Loaded;
      const classes = m.loaded.model.encoders.label.classes;
      const what = `${e.file}`;
      assert.equal(firstDifference(m.rows.map((r) => mod.predict(r)), m.expected, classes), null, `${what}: predict`);
      assert.equal(firstDifference(mod.predictBatch(m.rows), m.expected, classes), null, `${what}: predictBatch`);
    }
  });

  test('on every possible input of the support (fixtures and models with "is missing" bits)', () => {
    let checked = 0;
    for (const e of emitted) {
      const d = e.model.domain;
      if (d === undefined) continue;
      const mod = e.module as Loaded;
      const classes = e.model.loaded.model.encoders.label.classes;
      assert.equal(firstDifference(d.rows.map((r) => mod.predict(r)), d.expected, classes), null, `${e.file}: predict`);
      assert.equal(firstDifference(mod.predictBatch(d.rows), d.expected, classes), null, `${e.file}: predictBatch`);
      checked += d.rows.length;
    }
    assert.ok(checked > 65536, `${checked} possible inputs checked`);
  });

  test('predictBatch handles empty input and partial blocks', () => {
    const e = emitted.find((x) => x.file === 'parts-compiled') as Emitted;
    const mod = e.module as Loaded;
    assert.deepEqual(mod.predictBatch([]), []);
    for (const n of [1, 31, 32, 33, 64, 65]) {
      const rows = e.model.rows.slice(0, n);
      assert.deepEqual(mod.predictBatch(rows), rows.map((r) => mod.predict(r)), `${n} rows`);
    }
  });

  test('the header, the Row interface, the Label union and LABELS', () => {
    for (const e of emitted) {
      const m = e.model;
      const header = headerLines({ program: m.programs[0].program, model: m.identity, guarantee: m.guarantee }, 'TypeScript');
      assert.ok(e.text.startsWith(`${header.map((l) => `// ${l.replace(/\n/g, '\\n')}`).join('\n')}\n`), `${e.file}: header`);
      const source = ts.createSourceFile(`${e.file}.ts`, e.text, ts.ScriptTarget.ES2022, true);
      const row = findInterface(source, 'Row');
      assert.ok(row !== undefined && exported(row), `${e.file}: export interface Row`);
      const features = m.loaded.model.encoders.features;
      const members = row.members.map((p) => {
        assert.ok(ts.isPropertySignature(p) && p.type !== undefined);
        const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : '?';
        return { name, optional: p.questionToken !== undefined, type: p.type.getText(source) };
      });
      assert.deepEqual(members.map((p) => p.name), features.map((f) => f.column), `${e.file}: Row keys`);
      features.forEach((f, i) => {
        const base = f.kind === 'numeric' ? 'number' : f.kind === 'boolean' ? 'boolean' : f.categories.map((c) => JSON.stringify(c)).join(' | ');
        assert.equal(members[i].type, f.missingBit ? `${base} | null | undefined` : base, `${e.file}: type of ${f.column}`);
        assert.equal(members[i].optional, f.missingBit);
      });
      const label = findTypeAlias(source, 'Label');
      assert.ok(label !== undefined && exported(label), `${e.file}: export type Label`);
      const union = ts.isUnionTypeNode(label.type) ? label.type.types : [label.type];
      const literals = union.map((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : '?'));
      assert.deepEqual(literals, m.loaded.model.encoders.label.classes, `${e.file}: Label`);
      assert.deepEqual([...(e.module as Loaded).LABELS], m.loaded.model.encoders.label.classes);
    }
  });

  test('values the model cannot encode throw an Error naming the feature', () => {
    const e = emitted.find((x) => x.file === 'parts-compiled') as Emitted;
    const mod = e.module as Loaded;
    const row = e.model.rows[0];
    const bad: Array<[Row, RegExp]> = [
      [{ ...row, supplier: 'Zeta' }, /feature "supplier": unseen category "Zeta"/],
      [{ ...row, line: 7 }, /feature "line": 7 is not a string/],
      [{ ...row, diameter_mm: Number.NaN }, /feature "diameter_mm": NaN is not a finite number/],
      [{ ...row, diameter_mm: Number.POSITIVE_INFINITY }, /feature "diameter_mm": Infinity is not a finite number/],
      [{ ...row, roughness_um: '1.5' }, /feature "roughness_um": "1.5" is not a finite number/],
      [{ ...row, burr: null }, /feature "burr": missing value/],
      [{ ...row, weight_g: null }, /feature "weight_g": missing value/],
      // Messages show every character (a zero-width space made "Acme" look unseen), cut long
      // values, and name a bigint as one (String(25n) is "25").
      [{ ...row, supplier: 'Acme\u200B' }, /feature "supplier": unseen category "Acme\\u200B" \(not in the training data\)$/],
      [{ ...row, supplier: 'x'.repeat(100_000) }, /feature "supplier": unseen category "x{60}" \(cut; 100000 characters\) \(not in the training data\)$/],
      [{ ...row, diameter_mm: 25n as unknown as number }, /feature "diameter_mm": 25n \(a bigint\) is not a finite number/],
    ];
    for (const [value, message] of bad) {
      assert.throws(() => mod.predict(value), message);
      assert.throws(() => mod.predictBatch([row, row, value]), message);
    }
    // The encoder trims cells: a padded category is that category (the cold path trims).
    const padded = { ...row, supplier: ` ${String(row.supplier)} ` };
    assert.equal(mod.predict(padded), mod.predict(row));
    const block = e.model.rows.slice(0, 40);
    assert.deepEqual(mod.predictBatch([...block.slice(0, 5), padded, ...block.slice(5)]), [...block.slice(0, 5), row, ...block.slice(5)].map((r) => mod.predict(r)));
    // Features the rules do not read are still checked (as dbnc predict encodes every column).
    const iris = emitted.find((x) => x.file === 'binary-iris-compiled') as Emitted;
    const irisRow = iris.model.rows[0];
    for (const column of Object.keys(irisRow)) {
      assert.throws(() => (iris.module as Loaded).predict({ ...irisRow, [column]: 'yes' }), new RegExp(`feature "${column}"`));
    }
  });

  test('a missing value takes the "is missing" branch; a present one may not be missing', () => {
    const e = emitted.find((x) => x.file === 'missing-1-compiled') as Emitted;
    const mod = e.module as Loaded;
    const base = e.model.rows.find((r) => r.age !== null && r.color !== null && r.smoker !== null) as Row;
    const { smoker: _dropped, ...withoutSmoker } = base;
    assert.equal(mod.predict(withoutSmoker), mod.predict({ ...base, smoker: null }), 'undefined = null = missing');
    assert.deepEqual(mod.predictBatch([withoutSmoker, base]), [mod.predict({ ...base, smoker: null }), mod.predict(base)]);
    assert.throws(() => mod.predict({ ...base, size: null }), /feature "size": missing value/);
  });

  test('the output is prettier-formatted (formatting it again changes nothing)', async () => {
    for (const e of emitted.filter((x) => x.kind !== 'lowered' && (x.model.fixture || x.model.name.startsWith('missing-') || x.model.name === 'random-0'))) {
      assert.equal(await format(e.text, { parser: 'typescript' }), e.text, `${e.file}`);
    }
  });
});
