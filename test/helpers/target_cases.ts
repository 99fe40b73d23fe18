/**
 * The cases every target's end-to-end test runs (issue: targets): a Binary Iris model, a Noisy
 * XOR model, a model trained on CSV data with numeric + categorical + boolean columns, and
 * random nets — each compiled, with the raw data rows and the hard net's predictions on them
 * (what `dbnc predict` prints). Random nets get every possible input as their rows.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileModel, type CompileResult } from '../../compiler/compile';
import type { EspressoService } from '../../compiler/minimize/espresso/service';
import type { ModelIdentity } from '../../targets/types';
import { generateParts, partsCsv } from '../../src/demo/parts';
import { parseCsvText } from '../../src/data/csv';
import { encodeRows } from '../../src/data/encode';
import { readTable } from '../../src/data/read';
import type { Table } from '../../src/data/table';
import { parseModel, type LoadedModel } from '../../src/model/load';
import { rawBitEncoders, syntheticModel } from '../../src/model/synthetic';
import { rng } from './random';
import { randomNet } from './random_nets';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export interface TargetCase {
  readonly name: string;
  readonly loaded: LoadedModel;
  /** The model file's text (SHA-256 in `identity`). */
  readonly modelText: string;
  readonly identity: ModelIdentity;
  readonly compiled: CompileResult;
  /** Raw rows (every feature column; label column when the data have one). */
  readonly table: Table;
  /** Encoded input bits of the rows (rows × inputs). */
  readonly bits: Uint8Array;
  /** The hard net's class index per row (= dbnc predict). */
  readonly expected: Int32Array;
}

async function makeCase(name: string, modelText: string, table: Table, espresso: EspressoService): Promise<TargetCase> {
  const loaded = parseModel(`${name}.model.json`, JSON.parse(modelText));
  const encoded = encodeRows(loaded.model.encoders, table);
  // A generous Espresso budget: under heavy load a time-out would change the artifact's form.
  const compiled = await compileModel(loaded, { espresso, data: { rows: encoded.bits, count: encoded.nRows }, randomVectors: 1000, espressoTimeoutMs: 120_000 });
  return {
    name,
    loaded,
    modelText,
    identity: {
      name: loaded.model.name,
      sha256: createHash('sha256').update(modelText).digest('hex'),
      dbncVersion: loaded.model.dbncVersion,
      encoders: loaded.model.encoders,
    },
    compiled,
    table,
    bits: encoded.bits,
    expected: loaded.hardNet.predict(encoded.bits, encoded.nRows),
  };
}

/** The three trained fixtures with their data. */
export async function fixtureCases(espresso: EspressoService): Promise<TargetCase[]> {
  const fixture = (file: string): string => readFileSync(`${FIXTURES}${file}`, 'utf8');
  return [
    await makeCase('binary-iris', fixture('binary-iris.model.json'), readTable(`${SHARED}BinaryIrisData.txt`), espresso),
    await makeCase('noisy-xor', fixture('noisy-xor.model.json'), readTable(`${SHARED}NoisyXORTestData.txt`), espresso),
    await makeCase('parts', fixture('parts.model.json'), parseCsvText('parts.csv', partsCsv(generateParts(1000, { seed: 1 }))), espresso),
  ];
}

/**
 * `count` random nets over raw bits (≤ 10 inputs), with every possible input as rows. Random
 * weights often make a constant classifier; at most one case in five is allowed to be one.
 */
export async function randomCases(count: number, seed: number, espresso: EspressoService): Promise<TargetCase[]> {
  const next = rng(seed);
  const out: TargetCase[] = [];
  for (let t = 0; out.length < count; t++) {
    const net = randomNet(next, { inputs: 2 + (t % 9) });
    const n = net.arch.inputs;
    const model = syntheticModel({ name: `random-${t}`, dbncVersion: '0.1.0', arch: net.arch, weights: net.weights, encoders: rawBitEncoders(n, net.classes) });
    const rows: string[][] = [];
    for (let m = 0; m < 2 ** n; m++) rows.push(Array.from({ length: n }, (_, i) => ((m >>> i) & 1 ? 'true' : 'false')));
    const table: Table = { path: `random-${t}`, columns: Array.from({ length: n }, (_, i) => `x${i + 1}`), rows };
    const made = await makeCase(`random-${t}`, JSON.stringify(model), table, espresso);
    if (made.compiled.literalsAfter > 0 || out.length % 5 === 0) out.push(made);
  }
  return out;
}
