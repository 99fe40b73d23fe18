/**
 * Issue 7, item 3: hostile names in features, categories and class labels, end to end in every
 * target. Models: a net trained by the real `dbnc train` on a CSV whose header, cells, labels and
 * file name are hostile, and random nets over hand-written encoders with every hostile name of
 * test/helpers/hostile.ts. For each: the TypeScript module type-checks under `tsc --strict` and
 * its predict/predictBatch equal the hard net on every row; the Verilog passes Yosys'
 * `hierarchy -check; proc; check -assert` and evaluates rows to the hard net's class; the SQL
 * runs in SQLite, DuckDB and PostgreSQL on a table named `"; DROP TABLE t; --`, gives the hard
 * net's label on every row and leaves that table and a sentinel table intact; the Markdown rule
 * sheet reads back to the same classes, the HTML sheet escapes every user string and says the
 * same as the Markdown; the IR dump reads back unambiguously; no name ends a header comment.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Exit, runYosys } from '@yowasp/yosys';
import ts from 'typescript';
import { compileModel, type CompileResult } from '../../compiler/compile';
import { EspressoService } from '../../compiler/minimize/espresso/service';
import { encodeRows } from '../../src/data/encode';
import { bitPredicates, type BitPredicate } from '../../src/data/predicate';
import { readTable } from '../../src/data/read';
import { isMissing, parseBoolean, parseNumber } from '../../src/data/schema';
import type { EncoderSpec } from '../../src/data/spec';
import type { Table } from '../../src/data/table';
import { loadModel, parseModel, type LoadedModel } from '../../src/model/load';
import { syntheticModel } from '../../src/model/synthetic';
import { TARGETS } from '../../targets';
import { sqlTarget } from '../../targets/sql';
import { headerLines, type EmitInput, type ModelIdentity } from '../../targets/types';
import { portsOf } from '../../targets/verilog';
import { dbnc } from '../helpers/cli';
import {
  COMMENT_BREAKERS,
  csvText,
  DROP,
  HOSTILE_CATEGORIES,
  HOSTILE_FEATURES,
  HOSTILE_FILE_STEM,
  HOSTILE_LABELS,
  HOSTILE_MODEL_NAME,
  hostileEncoders,
  LONG_NAME,
  RLO_NAME,
  ZERO_WIDTH_TWINS,
} from '../helpers/hostile';
import { rng } from '../helpers/random';
import { randomNet } from '../helpers/random_nets';
import { applyRuleSheet, markdownInlineText, readRuleSheet } from '../helpers/rule_sheet_reader';
import { typedRow } from '../helpers/typed_rows';
import { STRICT_TSCONFIG } from '../helpers/strict_tsconfig';
import { duckdbEngine, ident, postgresEngine, sqliteEngine, type Cell, type Engine } from '../helpers/sql_engines';

const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const ROWS = 160;

// ─── cases ──────────────────────────────────────────────────────────────────────────────────

interface HostileCase {
  readonly name: string;
  readonly loaded: LoadedModel;
  readonly identity: ModelIdentity;
  readonly compiled: CompileResult;
  /** Raw rows: every feature column, cells as a CSV would hold them. */
  readonly table: Table;
  readonly bits: Uint8Array;
  /** The hard net's class index per row. */
  readonly expected: Int32Array;
}

const espresso = new EspressoService();
const dir = mkdtempSync(join(tmpdir(), 'dbnc-hostile-'));
after(async () => {
  await espresso.close();
  rmSync(dir, { recursive: true, force: true });
});

async function makeCase(name: string, loaded: LoadedModel, modelName: string, table: Table): Promise<HostileCase> {
  const encoded = encodeRows(loaded.model.encoders, table);
  const compiled = await compileModel(loaded, { espresso, data: { rows: encoded.bits, count: encoded.nRows }, randomVectors: 300, espressoTimeoutMs: 120_000 });
  return {
    name,
    loaded,
    identity: { name: modelName, sha256: 'f'.repeat(64), dbncVersion: loaded.model.dbncVersion, encoders: loaded.model.encoders },
    compiled,
    table,
    bits: encoded.bits,
    expected: loaded.hardNet.predict(encoded.bits, encoded.nRows),
  };
}

/** Random raw rows an encoder accepts: numbers below, on and above each threshold, every category, missing cells where allowed. */
function randomRows(encoders: EncoderSpec, count: number, seed: number): Table {
  const next = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const rows = Array.from({ length: count }, () =>
    encoders.features.map((f) => {
      if (f.missingBit && next() < 0.15) return pick(['', 'NA', 'NULL', '?']);
      if (f.kind === 'numeric') return String(pick([-3, ...f.thresholds, 0, 1, 2.5]));
      if (f.kind === 'categorical') return pick(f.categories);
      return pick(['true', 'false', 'yes', 'no', '1', '0']);
    }),
  );
  return { path: 'hostile rows', columns: encoders.features.map((f) => f.column), rows };
}

/** A random net over hand-written encoders whose every name is hostile. */
async function syntheticCase(name: string, features: readonly string[], labels: readonly string[], seed: number): Promise<HostileCase> {
  const encoders = hostileEncoders(features, HOSTILE_CATEGORIES, labels);
  const inputs = bitPredicates(encoders).length;
  // Random nets are often (nearly) constant: take the first seed whose net gives several classes
  // on the rows and whose compiled logic reads at least 6 bits.
  for (let s = seed; s < seed + 60; s++) {
    const net = randomNet(rng(s), { inputs, classes: labels.length });
    const model = syntheticModel({ name: HOSTILE_MODEL_NAME, dbncVersion: '0.1.0', arch: net.arch, weights: net.weights, encoders });
    const loaded = parseModel(`${name}.model.json`, JSON.parse(JSON.stringify(model)));
    const table = randomRows(encoders, ROWS, s);
    const encoded = encodeRows(encoders, table);
    if (new Set(loaded.hardNet.predict(encoded.bits, encoded.nRows)).size < 2) continue;
    const c = await makeCase(name, loaded, HOSTILE_MODEL_NAME, table);
    if (usedBits(c).length >= 6) return c;
  }
  throw new Error(`${name}: no informative random net`);
}

function usedBits(c: HostileCase): number[] {
  const text = TARGETS.ir.emit({ program: c.compiled.program, model: c.identity, guarantee: c.compiled.guarantee }) as string;
  return [...new Set([...text.split('\nnodes:')[1].matchAll(/!?i(\d+)/g)].map((m) => Number(m[1])))];
}

/** The hostile CSV `dbnc train` learns from: a label that depends on a few hostile columns. */
function trainingCsv(): { text: string; columns: string[] } {
  const next = rng(77);
  const cats = ["O'Brien", 'x\ny', DROP, '</code><script>alert(1)</script>', '__proto__', 'a b', 'a_b', '温度', '*/', '-->'];
  const columns = [DROP, "O'Brien", 'select', 'a b', 'a_b', '__proto__', 'constructor', ' ', LONG_NAME, 'back\\slash\\', 'x */ y', 'x --> y', '<b>&amp;</b>', 'größe', '温度', '🌡️ temp', '1st', 'end', 'class'];
  const labels = [DROP, '*/ --> <i>', "O'Brien"];
  const rows: string[][] = [];
  for (let r = 0; r < 120; r++) {
    const cat = cats[Math.floor(next() * cats.length)];
    const flag = next() < 0.5;
    const x = Math.round(next() * 100) / 10;
    const label = flag ? labels[0] : x > 5 ? labels[1] : labels[2];
    rows.push([
      String(x),
      cat,
      flag ? 'yes' : 'no',
      cats[r % cats.length],
      String(r % 7),
      r % 3 === 0 ? 'true' : 'false',
      cats[(r * 7) % cats.length],
      next() < 0.1 ? '' : String(Math.round(next() * 50)), // missing cells: --missing bit
      next() < 0.5 ? '1' : '0',
      next() < 0.5 ? 'true' : 'false',
      cats[(r * 3) % 4],
      String(r % 5),
      cats[(r * 5) % 3],
      String(x * 2),
      cats[r % 2],
      flag ? 'true' : 'false',
      String(r % 11),
      next() < 0.5 ? 'yes' : 'no',
      label,
    ]);
  }
  return { text: csvText([...columns.slice(0, -1), 'class'], rows, '\r\n'), columns };
}

let cases: HostileCase[] = [];
let trained: HostileCase;
let trainRun: ReturnType<typeof dbnc>;

before(async () => {
  const csvPath = join(dir, `${HOSTILE_FILE_STEM}.csv`);
  const modelPath = join(dir, 'hostile.model.json');
  writeFileSync(csvPath, `\ufeff${trainingCsv().text}`);
  trainRun = dbnc('train', csvPath, '--label', 'class', '--epochs', '8', '--missing', 'bit', '--seed', '3', '--quiet', '-o', modelPath);
  assert.equal(trainRun.code, 0, trainRun.stderr);
  const loaded = loadModel(modelPath);
  trained = await makeCase('trained', loaded, loaded.model.name, readTable(csvPath));
  // Three synthetic models; `a` is kept apart from `A` (SQLite and DuckDB fold case: see the clash test).
  const f = HOSTILE_FEATURES;
  cases = [
    trained,
    await syntheticCase('synthetic-1', f.slice(0, 12), HOSTILE_LABELS.slice(0, 4), 11),
    await syntheticCase('synthetic-2', f.slice(12, 24).filter((n) => n !== 'a'), HOSTILE_LABELS.slice(3, 7), 21),
    await syntheticCase('synthetic-3', [...f.slice(24), 'a', 'b'], [HOSTILE_LABELS[6], HOSTILE_LABELS[0], 'end', HOSTILE_LABELS[7]], 31),
  ];
});

function emitInput(c: HostileCase, options: EmitInput['options'] = {}): EmitInput {
  return { program: c.compiled.program, model: c.identity, guarantee: c.compiled.guarantee, options };
}

function labelsOf(c: HostileCase): string[] {
  return Array.from(c.expected, (k) => c.loaded.model.encoders.label.classes[k]);
}

// ─── the cases themselves ───────────────────────────────────────────────────────────────────

describe('hostile names: the models', () => {
  test('dbnc train takes the hostile CSV and keeps every name as written', () => {
    const m = trained.loaded.model;
    assert.equal(m.name, HOSTILE_FILE_STEM, 'the model is named after the file');
    const { columns } = trainingCsv();
    assert.deepEqual(m.encoders.features.map((f) => f.column), columns.slice(0, -1));
    assert.deepEqual([...m.encoders.label.classes].sort(), [DROP, '*/ --> <i>', "O'Brien"].sort());
    const obrien = m.encoders.features.find((f) => f.column === "O'Brien");
    assert.ok(obrien?.kind === 'categorical' && obrien.categories.includes('x\ny') && obrien.categories.includes('</code><script>alert(1)</script>'));
    assert.ok(m.encoders.features.find((f) => f.column === ' ')?.missingBit, 'the blank-named column got its "is missing" bit');
  });

  test('every hostile feature name, category and label is in some compiled model', () => {
    const features = new Set(cases.flatMap((c) => c.loaded.model.encoders.features.map((f) => f.column)));
    for (const name of HOSTILE_FEATURES) assert.ok(features.has(name), name);
    const categories = new Set(cases.flatMap((c) => c.loaded.model.encoders.features.flatMap((f) => (f.kind === 'categorical' ? f.categories : []))));
    for (const name of HOSTILE_CATEGORIES) assert.ok(categories.has(name), JSON.stringify(name));
    const labels = new Set(cases.flatMap((c) => c.loaded.model.encoders.label.classes));
    for (const name of HOSTILE_LABELS) assert.ok(labels.has(name), name);
    for (const c of cases.slice(1)) assert.ok(usedBits(c).length >= 6, `${c.name} reads several input bits`);
  });
});

// ─── TypeScript ─────────────────────────────────────────────────────────────────────────────

interface TsModule {
  predict(row: Record<string, unknown>): string;
  predictBatch(rows: readonly Record<string, unknown>[]): string[];
  LABELS: readonly string[];
}

describe('hostile names: TypeScript', () => {
  const texts = new Map<string, string>();
  const modules = new Map<string, TsModule>();
  let tsc = { code: -1, output: '' };

  before(async () => {
    const tsDir = join(dir, 'ts');
    await promisify(execFile)('mkdir', ['-p', tsDir]);
    for (const c of cases) {
      const text = await TARGETS.ts.emit(emitInput(c));
      texts.set(c.name, text);
      writeFileSync(join(tsDir, `${c.name}.ts`), text);
    }
    writeFileSync(join(tsDir, 'tsconfig.json'), JSON.stringify(STRICT_TSCONFIG));
    tsc = await promisify(execFile)(process.execPath, [TSC, '-p', join(tsDir, 'tsconfig.json')], { maxBuffer: 16 << 20 }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
    );
    for (const c of cases) {
      const js = ts.transpileModule(texts.get(c.name) as string, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const path = join(tsDir, `${c.name}.mjs`);
      writeFileSync(path, js);
      modules.set(c.name, (await import(pathToFileURL(path).href)) as TsModule);
    }
  });

  test('every module type-checks under tsc --strict', () => {
    assert.equal(tsc.code, 0, tsc.output.slice(0, 4000));
  });

  test('predict and predictBatch equal the hard net on every row; LABELS are the labels', () => {
    for (const c of cases) {
      const mod = modules.get(c.name) as TsModule;
      const rows = c.table.rows.map((cells) => typedRow(c.loaded.model.encoders, c.table, cells));
      const want = labelsOf(c);
      assert.deepEqual(rows.map((r) => mod.predict(r)), want, `${c.name}: predict`);
      assert.deepEqual(mod.predictBatch(rows), want, `${c.name}: predictBatch`);
      assert.deepEqual([...mod.LABELS], c.loaded.model.encoders.label.classes);
    }
  });

  test('features named like Object.prototype members: absent means missing, never the inherited value', () => {
    const c = cases[1];
    const mod = modules.get(c.name) as TsModule;
    const proto = c.loaded.model.encoders.features.find((f) => f.column === '__proto__');
    assert.ok(proto?.missingBit, '__proto__ has an "is missing" bit in synthetic-1');
    let checked = 0;
    for (const cells of c.table.rows.slice(0, 40)) {
      const row = typedRow(c.loaded.model.encoders, c.table, cells);
      const without = Object.fromEntries(Object.entries(row).filter(([k]) => k !== '__proto__'));
      assert.ok(!Object.hasOwn(without, '__proto__'));
      const withNull = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === '__proto__' ? null : v]));
      assert.equal(mod.predict(without), mod.predict(withNull));
      assert.deepEqual(mod.predictBatch([without, row]), [mod.predict(withNull), mod.predict(row)]);
      checked++;
    }
    assert.equal(checked, 40);
    // A required feature named `constructor` that is absent is a missing value, named as such.
    const c2 = cases[2];
    const ctor = c2.loaded.model.encoders.features.find((f) => f.column === 'constructor');
    assert.ok(ctor !== undefined && !ctor.missingBit);
    const row = typedRow(c2.loaded.model.encoders, c2.table, c2.table.rows[0]);
    const without = Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'constructor'));
    assert.throws(() => (modules.get(c2.name) as TsModule).predict(without), /feature "constructor": missing value/);
  });

  test('the header is line comments only and the Row interface has every name', () => {
    for (const c of cases) {
      const text = texts.get(c.name) as string;
      const header = headerLines(emitInput(c), 'TypeScript');
      assert.ok(text.startsWith(header.map((l) => `// ${l}`).join('\n')), c.name);
      const source = ts.createSourceFile('m.ts', text, ts.ScriptTarget.ES2022, true);
      const row = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Row');
      assert.ok(row);
      const names = row.members.map((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : '?'));
      assert.deepEqual(names, c.loaded.model.encoders.features.map((f) => f.column));
      // The first statement follows the header: nothing in it was cut out of a comment.
      assert.ok(ts.getLeadingCommentRanges(text, 0)?.length ?? 0 >= header.length);
    }
  });
});

// ─── Verilog ────────────────────────────────────────────────────────────────────────────────

async function yosys(commands: readonly string[], files: Record<string, string>): Promise<{ ok: boolean; log: string }> {
  const decoder = new TextDecoder();
  let log = '';
  const sink = (bytes: Uint8Array | null): void => {
    if (bytes) log += decoder.decode(bytes, { stream: true });
  };
  try {
    await runYosys(['-p', commands.join('; ')], files, { stdout: sink, stderr: sink });
    return { ok: true, log };
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    return { ok: false, log };
  }
}

describe('hostile names: Verilog', () => {
  test('parses in Yosys, passes hierarchy -check; proc; check -assert, and evaluates rows to the hard net\'s class', async () => {
    const files: Record<string, string> = {};
    const commands: string[] = [];
    const expected: string[] = [];
    for (const c of cases) {
      const input = emitInput(c);
      const text = await TARGETS.verilog.emit(input);
      const ports = portsOf(input);
      // `a b`, `a_b`, `a-b` (and `A`, `a`) sanitize alike: the ports must still be distinct, even case-folded.
      const names = [...ports.inputs, ...ports.onehot, ports.classIndex].map((n) => n.toLowerCase());
      assert.equal(new Set(names).size, names.length, `${c.name}: distinct ports`);
      const file = `${c.name}.v`;
      files[file] = text;
      assert.ok(text.split('\n').slice(0, 5).every((l) => l.startsWith('// ')), `${c.name}: header`);
      commands.push('design -reset', `read_verilog ${file}`, `hierarchy -check -top ${ports.module}`, 'proc', 'check -assert');
      const n = ports.inputs.length;
      for (const r of [0, 1, 2, 3, 5, 8, 13, 21]) {
        const sets = ports.inputs.map((p, i) => `-set ${p} ${c.bits[r * n + i]}`).join(' ');
        commands.push(`log === row ${c.name} ${r}`, `eval ${sets} -show ${ports.classIndex} ${ports.module}`);
        expected.push(`${c.name} ${r} ${c.expected[r]}`);
      }
    }
    const run = await yosys(commands, files);
    assert.ok(run.ok, run.log.slice(-3000));
    const got: string[] = [];
    let row = '';
    for (const line of run.log.split('\n')) {
      const marker = /^=== row (.*)$/.exec(line);
      if (marker) row = marker[1];
      const result = /^Eval result: \\class_index = \d+'([01]+)\.$/.exec(line);
      if (result && row) got.push(`${row} ${parseInt(result[1], 2)}`);
    }
    assert.deepEqual(got, expected);
  });
});

// ─── SQL ────────────────────────────────────────────────────────────────────────────────────

const SENTINEL = 't';

describe('hostile names: SQL', () => {
  let engines: Engine[] = [];
  before(async () => {
    const pg = new PGlite();
    await pg.waitReady;
    engines = [sqliteEngine(), await duckdbEngine(), postgresEngine(pg)];
  });
  after(async () => {
    await Promise.all(engines.map((e) => e.close()));
  });

  test(`runs on a table named ${DROP} in SQLite, DuckDB and PostgreSQL: the hard net's label on every row, both tables intact`, async () => {
    let runs = 0;
    for (const engine of engines) {
      for (const c of cases) {
        const features = c.loaded.model.encoders.features;
        const kinds = features.map((f) => f.kind);
        const rows: Cell[][] = c.table.rows.map((row) =>
          features.map((f, i) => {
            const cell = row[c.table.columns.indexOf(f.column)] ?? '';
            if (isMissing(cell)) return null;
            if (kinds[i] === 'numeric') return parseNumber(cell) as number;
            if (kinds[i] === 'boolean') return engine.bool(parseBoolean(cell) as boolean);
            return cell.trim();
          }),
        );
        await engine.exec(`DROP TABLE IF EXISTS ${ident(DROP)}`);
        await engine.exec(`DROP TABLE IF EXISTS ${ident(SENTINEL)}`);
        await engine.exec(`CREATE TABLE ${ident(SENTINEL)} (${ident('keep me')} INTEGER)`);
        await engine.exec(`INSERT INTO ${ident(SENTINEL)} VALUES (42)`);
        await engine.exec(`CREATE TABLE ${ident(DROP)} (${features.map((f, i) => `${ident(f.column)} ${engine.types[kinds[i]]}`).join(', ')})`);
        await engine.insert(DROP, features.map((f) => ({ name: f.column, kind: f.kind })), rows);
        const want = labelsOf(c);
        for (const dialect of engine.dialects) {
          const sql = await sqlTarget.emit(emitInput(c, { dialect, table: DROP }));
          assert.ok(sql.split('\n').slice(0, 5).every((l) => l.startsWith('-- ')), `${c.name} ${dialect}: header`);
          let result: { columns: string[]; rows: Cell[][] };
          try {
            result = await engine.query(sql);
          } catch (error) {
            throw new Error(`${c.name} in ${engine.name} (${dialect}): ${(error as Error).message}\n${sql.slice(0, 3000)}`);
          }
          // PostgreSQL stores a name's first 63 bytes (it created the table's columns so, too).
          const stored = (name: string): string => (engine.name === 'postgres' ? firstBytes(name, 63) : name);
          assert.deepEqual(result.columns, [...features.map((f) => stored(f.column)), 'prediction'], `${c.name} in ${engine.name} (${dialect})`);
          // No ORDER BY in the query: compare as multisets of (row, prediction).
          const key = (cells: readonly Cell[]): string => JSON.stringify(cells);
          const got = result.rows.map(key).sort();
          const expected = rows.map((row, r) => key([...row, want[r]])).sort();
          assert.deepEqual(got, expected, `${c.name} in ${engine.name} (${dialect})`);
          runs++;
        }
        const count = await engine.query(`SELECT COUNT(*) FROM ${ident(DROP)}`);
        assert.equal(Number(count.rows[0][0]), rows.length, 'the data table is intact');
        const sentinel = await engine.query(`SELECT * FROM ${ident(SENTINEL)}`);
        assert.deepEqual(sentinel.rows.map((r) => Number(r[0])), [42], 'the sentinel table is intact');
      }
    }
    assert.equal(runs, cases.length * 5);
  });

  test('names one engine cannot tell apart are a compile error naming both, never a query that fails or misleads', async () => {
    const c = cases[2]; // has the feature "A"
    const base = c.loaded.model.encoders;
    const rename = (from: string, to: string): HostileCase => {
      const encoders: EncoderSpec = { ...base, features: base.features.map((f) => (f.column === from ? { ...f, column: to } : f)) };
      return { ...c, identity: { ...c.identity, encoders }, compiled: { ...c.compiled, program: renameProgram(c.compiled.program, from, to) } };
    };
    // "A" beside "a": one column to SQLite and DuckDB, two to PostgreSQL.
    const folded = rename('constructor', 'a');
    for (const dialect of ['sqlite', 'duckdb'] as const) {
      await assert.rejects(async () => sqlTarget.emit(emitInput(folded, { dialect })), /the feature columns "(a" and "A|A" and "a)" are one column to the engine \((SQLite|DuckDB) ignores letter case in names\)/);
    }
    await sqlTarget.emit(emitInput(folded, { dialect: 'postgres' }));
    // Two names alike in their first 63 bytes: one column to PostgreSQL.
    const long = rename('constructor', `${LONG_NAME.slice(0, 70)}_other`);
    await assert.rejects(async () => sqlTarget.emit(emitInput(long, { dialect: 'postgres' })), /PostgreSQL keeps only the first 63 bytes/);
    await sqlTarget.emit(emitInput(long, { dialect: 'sqlite' }));
    // A feature named like the output column.
    for (const name of ['prediction', 'Prediction']) {
      const named = rename('constructor', name);
      await assert.rejects(async () => sqlTarget.emit(emitInput(named, { dialect: 'duckdb' })), /the name of the column the query adds, "prediction"/);
    }
  });
});

/** The longest prefix of `text` of at most `n` UTF-8 bytes that ends on a character boundary. */
function firstBytes(text: string, n: number): string {
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > n) break;
    out += ch;
  }
  return out;
}

/** The same program with one feature's predicates renamed (the IR carries the feature names). */
function renameProgram(program: CompileResult['program'], from: string, to: string): CompileResult['program'] {
  const rename = (p: BitPredicate): BitPredicate => (p.feature === from ? { ...p, feature: to } : p);
  return { ...program, inputs: program.inputs.map((i) => ({ ...i, predicate: rename(i.predicate) })) };
}

// ─── rule sheets ────────────────────────────────────────────────────────────────────────────

const TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'h1', 'h2', 'p', 'ul', 'ol', 'li', 'code', 'strong', 'span', 'a']);
const ATTRIBUTES = new Set(['lang', 'charset', 'name', 'content', 'class', 'id', 'href', 'value', 'dir']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * A strict reading of the HTML sheet: every `<` opens or closes a known tag with known
 * attributes whose values hold no markup, tags nest properly, and every `&` starts one of the
 * five entities the renderer writes. Returns the text of each block element (tags dropped,
 * entities decoded), in order.
 */
function parseHtmlSheet(html: string): string[] {
  const body = html.replace(/<style>[^<]*<\/style>/, '<style></style>');
  const stack: string[] = [];
  const blocks: string[] = [];
  let text = '';
  let at = 0;
  const decode = (s: string): string => {
    assert.ok(!/[<>"]/.test(s), `raw markup character in text: ${s}`);
    assert.ok(!/&(?!(amp|lt|gt|quot|#39);)/.test(s), `stray & in: ${s}`);
    return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e]);
  };
  for (const m of body.matchAll(/<(\/?)([a-zA-Z0-9!]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>/g)) {
    text += decode(body.slice(at, m.index));
    at = (m.index ?? 0) + m[0].length;
    const [, close, tag, attributes] = m;
    if (tag === '!DOCTYPE') continue;
    assert.ok(TAGS.has(tag), `unknown tag <${tag}>`);
    for (const a of attributes.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) {
      assert.ok(ATTRIBUTES.has(a[1]), `unknown attribute ${a[1]}`);
      decode(a[2] ?? '');
    }
    if (tag === 'meta') continue;
    if (close) {
      assert.equal(stack.pop(), tag, `</${tag}> closes another element`);
      if (['h1', 'h2', 'p', 'li', 'title'].includes(tag)) {
        blocks.push(text);
        text = '';
      }
    } else {
      if (['h1', 'h2', 'p', 'li', 'title'].includes(tag)) text = '';
      stack.push(tag);
    }
  }
  text += decode(body.slice(at));
  assert.deepEqual(stack, [], 'every element is closed');
  assert.equal(text.trim(), '');
  return blocks;
}

/** The Markdown sheet's blocks as plain text (headings, paragraphs, list items). */
function markdownBlocks(md: string): string[] {
  return md
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => markdownInlineText(l.replace(/^(#+ |- |\d+\. )/, '')));
}

describe('hostile names: rule sheets', () => {
  test('the Markdown sheet reads back to the hard net\'s class on every row', async () => {
    for (const c of cases) {
      const data = { table: { ...c.table, path: join(dir, `${HOSTILE_FILE_STEM}.csv`) }, bits: c.bits, predicted: c.expected };
      const md = (await TARGETS.rules.emit(emitInput(c, { data }))) as string;
      const applied = applyRuleSheet(readRuleSheet(md), c.table);
      assert.deepEqual(applied.classes, labelsOf(c), c.name);
      assert.ok(!md.includes('Warning'), `${c.name}: the sheet agrees with the recorded predictions`);
    }
  });

  test('the HTML sheet escapes every user string and says exactly what the Markdown says', async () => {
    for (const c of cases) {
      const data = { table: { ...c.table, path: join(dir, `${HOSTILE_FILE_STEM}.csv`) }, bits: c.bits, predicted: c.expected };
      const md = (await TARGETS.rules.emit(emitInput(c, { data }))) as string;
      const html = (await TARGETS.rules.emit(emitInput(c, { data, format: 'html' }))) as string;
      for (const raw of ['<script', '<b>', '<i>', '<!--', '-->', "O'Brien"]) assert.ok(!html.includes(raw), `${c.name}: raw ${raw} in the HTML`);
      const blocks = parseHtmlSheet(html);
      assert.equal(blocks[0], `Rule sheet for ${c.identity.name}`, 'the <title>');
      assert.deepEqual(blocks.slice(1), markdownBlocks(md), c.name);
    }
  });
});

// ─── IR dump ────────────────────────────────────────────────────────────────────────────────

/** A predicate as the dump writes it, read back: bare or JSON-quoted feature, then the test. */
function readPredicate(text: string): BitPredicate {
  let feature: string;
  let rest: string;
  if (text.startsWith('"')) {
    let j = 1;
    while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    feature = JSON.parse(text.slice(0, j + 1)) as string;
    rest = text.slice(j + 1);
  } else {
    feature = text.slice(0, text.indexOf(' '));
    rest = text.slice(feature.length);
  }
  let m: RegExpExecArray | null;
  if ((m = /^ > (\S+)$/.exec(rest))) return { feature, op: '>', value: Number(m[1]) };
  if ((m = /^ = (".*")$/.exec(rest))) return { feature, op: '=', value: JSON.parse(m[1]) as string };
  if (rest === ' is true') return { feature, op: 'is true' };
  if (rest === ' is missing') return { feature, op: 'is missing' };
  throw new Error(`not a predicate: ${text}`);
}

describe('hostile names: IR dump', () => {
  test('one header comment line each, and every input predicate and class reads back exactly', () => {
    for (const c of cases) {
      const dump = TARGETS.ir.emit(emitInput(c)) as string;
      const lines = dump.split('\n');
      const header = headerLines(emitInput(c), 'IR');
      assert.deepEqual(lines.slice(0, header.length), header.map((l) => `# ${l}`));
      assert.equal(JSON.parse(/from model (".*")$/.exec(lines[0])?.[1] ?? 'null'), c.identity.name);
      const inputs = lines.slice(lines.indexOf('inputs:') + 1, lines.indexOf('nodes:'));
      const want = c.compiled.program.inputs.map((i) => i.predicate);
      assert.deepEqual(inputs.map((l, i) => readPredicate(l.slice(`  i${i}  `.length))), want, c.name);
      const heads = lines.slice(lines.indexOf('head:') + 1).filter((l) => l !== '');
      for (const l of heads) {
        const quoted = /(?:then|otherwise|logit) (".*?[^\\]")(?: |$)/.exec(l);
        if (quoted) assert.ok(c.loaded.model.encoders.label.classes.includes(JSON.parse(quoted[1]) as string), l);
      }
    }
  });
});

// ─── invisible and text-reordering characters ───────────────────────────────────────────────

/** What a reader cannot see or what reorders the text after it (src/util/visible_text.ts), line feeds aside. */
const RAW_INVISIBLE = /(?![ \n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/u;

describe('hostile names: invisible and text-reordering characters', () => {
  test('inspect, train and the report show such names escaped, told apart from a literal backslash-u', () => {
    // Class "ok"+U+200B and class "ok\u200B" (a backslash, u, 2, 0, 0, B); a feature named with U+202E.
    const rows = Array.from({ length: 60 }, (_, r) => [r % 2 ? 'x' : 'y', r % 2 ? 'ok\u200B' : 'ok\\u200B']);
    const csv = join(dir, 'invisible.csv');
    writeFileSync(csv, csvText([RLO_NAME, 'class'], rows));
    const model = join(dir, 'invisible.model.json');
    const train = dbnc('train', csv, '--label', 'class', '--epochs', '30', '-o', model);
    assert.equal(train.code, 0, train.stderr);
    const inspect = dbnc('inspect', model);
    const report = join(dir, 'invisible.html');
    assert.equal(dbnc('report', model, '--data', csv, '-o', report, '--quiet').code, 0);
    const page = readFileSync(report, 'utf8');
    for (const [name, text] of [['train', train.stdout], ['inspect', inspect.stdout], ['report', page]] as const) {
      const found = RAW_INVISIBLE.exec(text);
      assert.equal(found, null, `${name}: raw U+${found?.[0].codePointAt(0)?.toString(16)}`);
    }
    // JSON-quoted where not one plain word: the literal backslash doubled, the invisible one escaped.
    assert.match(inspect.stdout, /classes {6}"ok\\\\u200B", "ok\\u200B" /);
    // On the page the escaped one is quoted, the literal one is not.
    assert.ok(page.includes('<code dir="ltr">&quot;ok\\u200B&quot;</code>') && page.includes('<code dir="ltr">ok\\u200B</code>'));
  });

  test('no artifact shows a reader a raw bidi override, zero-width or look-alike space', async () => {
    const c = cases[3];
    const model = JSON.stringify(c.identity);
    for (const raw of [RLO_NAME, ...ZERO_WIDTH_TWINS.slice(1), 'nb\u00A0space']) assert.ok(model.includes(raw), `the case holds ${JSON.stringify(raw)}`);
    const texts: [string, string][] = [
      ['ts', (await TARGETS.ts.emit(emitInput(c))) as string],
      ['verilog', (await TARGETS.verilog.emit(emitInput(c))) as string],
      ['ir', TARGETS.ir.emit(emitInput(c)) as string],
      ['rules md', (await TARGETS.rules.emit(emitInput(c))) as string],
      ['rules html', (await TARGETS.rules.emit(emitInput(c, { format: 'html' }))) as string],
      // SQL identifiers have no escapes in SQLite or DuckDB (docs/sql.md): code lines are checked
      // without them (comment lines whole).
      ...(['sqlite', 'postgres', 'duckdb'] as const).map((dialect): [string, string] => [
        dialect,
        (sqlTarget.emit(emitInput(c, { dialect })) as string)
          .split('\n')
          .map((line) => (line.trimStart().startsWith('--') ? line : line.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, (token) => (token.startsWith('"') ? '""' : token))))
          .join('\n'),
      ]),
    ];
    for (const [name, text] of texts) {
      const found = RAW_INVISIBLE.exec(text);
      assert.equal(found, null, `${name}: raw U+${found?.[0].codePointAt(0)?.toString(16)} near ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 40), (found?.index ?? 0) + 20))}`);
    }
    // The zero-width twins stay two different names on the sheet: "ok" and "ok\u200B".
    const md = texts[3][1];
    assert.ok(md.includes('"ok"') && md.includes('"ok\\u200B"'));
  });
});

// ─── comment breakers ───────────────────────────────────────────────────────────────────────

describe('hostile names: comment breakers', () => {
  test('no name ends a header comment: every header line stays a comment line in every target', async () => {
    const c = cases[1];
    assert.ok(COMMENT_BREAKERS.some((b) => HOSTILE_MODEL_NAME.includes(b)));
    const prefixes = { ts: '// ', verilog: '// ', sql: '-- ', ir: '# ' } as const;
    for (const [target, prefix] of Object.entries(prefixes) as [keyof typeof prefixes, string][]) {
      const text = (await TARGETS[target].emit(emitInput(c))) as string;
      const header = text.split('\n').slice(0, 5);
      assert.ok(header.every((l) => l.startsWith(prefix)), `${target}: ${header.join(' | ')}`);
      assert.ok(header[0].includes('*/') && header[0].includes('-->'), `${target}: the breakers are in the header, harmlessly`);
    }
    // The CLI writes the same artifact: a real compile of the trained model, with hostile --table.
    const out = join(dir, 'cli.sql');
    const run = dbnc('compile', join(dir, 'hostile.model.json'), '-t', 'sql', '--dialect', 'sqlite', '--table', DROP, '--quiet', '-o', out);
    assert.equal(run.code, 0, run.stderr);
    const sql = readFileSync(out, 'utf8');
    assert.ok(sql.includes(`FROM ${ident(DROP)}`));
    assert.deepEqual(sql.split('\n').slice(2, 4), headerLines(emitInput(trained), 'SQL').slice(2, 4).map((l) => `-- ${l}`), 'classes and features');
  });
});
