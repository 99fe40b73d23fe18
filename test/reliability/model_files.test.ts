/**
 * Malformed model files (issue 7, item 1): every case must end in one line naming the file and
 * the field, exit code 2, no stack trace and no output file — in every command that reads a
 * model: inspect, predict, eval, compile, verify. Each case runs in-process through the
 * function each command runs (the exit code and the printed line come from `reportFailure`,
 * as in the CLI); a handful also run through the real CLI. Sizes that would allocate gigabytes
 * must be refused before anything of that size is allocated (docs/model-format.md, "Limits").
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCompile, runVerify } from '../../src/cli/compile_command';
import { evaluateModelOnData } from '../../src/cli/eval_command';
import { inspectModel } from '../../src/cli/inspect_command';
import { runPredict } from '../../src/cli/predict_command';
import { generateParts, partsCsv } from '../../src/demo/parts';
import { loadModel, MODEL_LIMITS } from '../../src/model/load';
import { ModelError } from '../../src/model/model_error';
import { rawBitEncoders, syntheticModel } from '../../src/model/synthetic';
import { assertOneLineError } from '../helpers/cli';
import { failureOf, runCli } from './support';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- model files are edited as raw JSON
type Raw = Record<string, any>;

interface BadCase {
  readonly name: string;
  /** The file's text. */
  readonly text: string;
  /** What the one line must say (after the file name). */
  readonly says: RegExp;
}

const base = {
  parts: JSON.parse(readFileSync(join(FIXTURES, 'parts.model.json'), 'utf8')) as Raw,
  iris: JSON.parse(readFileSync(join(FIXTURES, 'binary-iris.model.json'), 'utf8')) as Raw,
  /** 3 raw bits → and(3) → bits head: a 9-bit weight matrix, so the last byte has padding bits. */
  tiny: syntheticModel({
    name: 'tiny',
    dbncVersion: 'test',
    arch: { inputs: 3, classes: 3, layers: [{ kind: 'and', width: 3, init: { kind: 'constant', value: 0.5 } }], head: { kind: 'bits', harden: true } },
    weights: [{ rows: 3, cols: 3, bits: Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]) }],
    encoders: rawBitEncoders(3, 3),
  }) as unknown as Raw,
};

function edited(model: Raw, edit: (m: Raw) => void): string {
  const copy = structuredClone(model);
  edit(copy);
  return JSON.stringify(copy, null, 2);
}

const partsText = JSON.stringify(base.parts, null, 2);
/** The iris net's first weighted layer: 59 × 32 bits = 236 bytes, so its base64 ends in one `=`. */
const irisBits = base.iris.weights[1].bits as string;
/** The base64 character whose value is one more than `c`'s (A → B, / → A). */
const nextChar = (c: string): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return alphabet[(alphabet.indexOf(c) + 1) % 64];
};

/**
 * A net over 1,000,000 input bits (one numeric feature with a million thresholds): an `and`
 * layer of `width` neurons, then `or`(2) — with 4-character weight strings however big the shapes.
 */
function hugeNet(width: number): string {
  const inputs = 1_000_000;
  const init = { kind: 'constant', value: 0.5 };
  return JSON.stringify({
    ...base.tiny,
    arch: { inputs, classes: 2, layers: [{ kind: 'and', width, init }, { kind: 'or', width: 2, init }], head: { kind: 'bits', harden: true } },
    encoders: {
      version: 1,
      features: [{ kind: 'numeric', column: 'x', thresholds: Array.from({ length: inputs }, (_, i) => i), missingBit: false }],
      label: { column: 'label', classes: ['a', 'b'] },
    },
    weights: [{ shape: [width, inputs], bits: 'AAAA' }, { shape: [2, width], bits: 'AA==' }],
  });
}

const CASES: BadCase[] = [
  // Not JSON, or not a model.
  { name: 'empty file', text: '', says: /not valid JSON/ },
  { name: 'truncated at 1/3', text: partsText.slice(0, Math.floor(partsText.length / 3)), says: /not valid JSON \((Unexpected end of JSON input|.* at line \d+, column \d+)\)$/ },
  { name: 'truncated mid-number', text: partsText.slice(0, partsText.indexOf('24.8375') + 3), says: /not valid JSON/ },
  { name: 'bad token on line 3', text: '{\n  "format": "dbnc-model",\n  x\n}', says: /not valid JSON \(.* at line 3, column 3\)$/ },
  { name: 'bad literal spanning lines (V8 quotes the text, line breaks and all)', text: '{"format": tru\n\n\n}', says: /not valid JSON \(Unexpected token '\\n'\)$/ },
  { name: 'trailing garbage', text: `${partsText}\n}\n`, says: /not valid JSON \(.* at line \d+, column \d+\)/ },
  { name: 'a byte-order mark, then not JSON', text: '\ufeff\ufeff{}', says: /not valid JSON \(Unexpected token '\\ufeff'\)/ },
  { name: 'a JSON array', text: '[1, 2]', says: /not a dbnc model \(expected a JSON object\)/ },
  { name: 'JSON null', text: 'null', says: /not a dbnc model/ },
  { name: 'another format', text: edited(base.parts, (m) => (m.format = 'onnx')), says: /field format: expected "dbnc-model", found "onnx"/ },
  { name: 'format missing', text: edited(base.parts, (m) => delete m.format), says: /field format: expected "dbnc-model", found nothing/ },
  // Format version.
  { name: 'format version 2', text: edited(base.parts, (m) => (m.formatVersion = 2)), says: /field formatVersion: version 2 is not supported \(this dbnc reads 1\)/ },
  { name: 'format version "1"', text: edited(base.parts, (m) => (m.formatVersion = '1')), says: /field formatVersion: version "1" is not supported/ },
  { name: 'format version 1.5', text: edited(base.parts, (m) => (m.formatVersion = 1.5)), says: /field formatVersion: version 1\.5 is not supported/ },
  { name: 'format version missing', text: edited(base.parts, (m) => delete m.formatVersion), says: /field formatVersion: version nothing is not supported/ },
  { name: 'format version a megabyte string', text: edited(base.parts, (m) => (m.formatVersion = 'v'.repeat(1_000_000))), says: /field formatVersion: version "v+… is not supported/ },
  // Weights against the architecture.
  { name: 'wrong weight shape', text: edited(base.parts, (m) => (m.weights[1].shape = [3, 3])), says: /field weights\[1\]\.shape: \[3, 3\], layer 1 \(and\) needs \[36, 36\]/ },
  { name: 'shape [1e6, 1e6] with a short string', text: edited(base.parts, (m) => (m.weights[1] = { shape: [1e6, 1e6], bits: 'AAAA' })), says: /field weights\[1\]\.shape: \[1000000, 1000000\], layer 1 \(and\) needs \[36, 36\]/ },
  { name: 'fractional shape', text: edited(base.parts, (m) => (m.weights[1].shape = [36, 35.5])), says: /field weights\[1\]\.shape\[1\]: Invalid input: expected int/ },
  { name: 'too few bits', text: edited(base.parts, (m) => (m.weights[1].bits = m.weights[1].bits.slice(0, 100))), says: /field weights\[1\]\.bits holds 75 bytes, 162 expected for 1296 bits/ },
  { name: 'too many bits', text: edited(base.parts, (m) => (m.weights[1].bits += 'AAAA')), says: /field weights\[1\]\.bits holds 165 bytes, 162 expected/ },
  { name: 'not base64', text: edited(base.parts, (m) => (m.weights[1].bits = `!${m.weights[1].bits.slice(1)}`)), says: /field weights\[1\]\.bits is not base64/ },
  { name: 'base64 padding dropped', text: edited(base.iris, (m) => (m.weights[1].bits = irisBits.replace(/=+$/, ''))), says: /field weights\[1\]\.bits is not canonical base64/ },
  {
    name: 'base64 last character altered in its unused bits',
    text: edited(base.iris, (m) => (m.weights[1].bits = `${irisBits.slice(0, -2)}${nextChar(irisBits.at(-2) as string)}=`)),
    says: /field weights\[1\]\.bits is not canonical base64/,
  },
  { name: 'non-zero padding bits', text: edited(base.tiny, (m) => (m.weights[0].bits = Buffer.from([0xff, 0xff]).toString('base64'))), says: /field weights\[0\]\.bits has non-zero padding bits/ },
  { name: 'weights for a weightless layer', text: edited(base.parts, (m) => (m.weights[0] = m.weights[1])), says: /field weights\[0\]: layer 0 \(negConcat\) has no weights; expected null/ },
  { name: 'null weights for a weighted layer', text: edited(base.parts, (m) => (m.weights[1] = null)), says: /field weights\[1\]: layer 1 \(and\) needs weights/ },
  { name: 'one weights entry short', text: edited(base.parts, (m) => m.weights.pop()), says: /field weights: 2 entries for 3 layers/ },
  { name: 'a layer duplicated without its weights', text: edited(base.parts, (m) => m.arch.layers.splice(1, 0, m.arch.layers[1])), says: /field weights: 3 entries for 4 layers/ },
  // Encoders: thresholds (JSON has no NaN; 1e999 reads as Infinity), categories, classes.
  { name: 'threshold 1e999', text: partsText.replace('24.9585', '1e999'), says: /field encoders\.features\[0\]\.thresholds\[1\]: Invalid input: expected number, received Infinity/ },
  { name: 'threshold -1e999', text: partsText.replace('24.8375', '-1e999'), says: /field encoders\.features\[0\]\.thresholds\[0\]: .*Infinity/ },
  { name: 'threshold "NaN"', text: edited(base.parts, (m) => (m.encoders.features[0].thresholds[1] = 'NaN')), says: /field encoders\.features\[0\]\.thresholds\[1\]: Invalid input: expected number, received string/ },
  { name: 'threshold null', text: edited(base.parts, (m) => (m.encoders.features[0].thresholds[1] = null)), says: /field encoders\.features\[0\]\.thresholds\[1\]: Invalid input: expected number, received null/ },
  { name: 'thresholds decreasing', text: edited(base.parts, (m) => m.encoders.features[1].thresholds.reverse()), says: /field encoders\.features\[1\]\.thresholds: thresholds must be strictly increasing/ },
  { name: 'thresholds repeated', text: edited(base.parts, (m) => (m.encoders.features[1].thresholds[1] = m.encoders.features[1].thresholds[0])), says: /field encoders\.features\[1\]\.thresholds: thresholds must be strictly increasing/ },
  { name: 'categories repeated', text: edited(base.parts, (m) => (m.encoders.features[3].categories[1] = 'Acme')), says: /field encoders\.features\[3\]\.categories: categories must be unique/ },
  // predict reads these cells as missing or trims them; the compiled SQL/TS would match the text.
  { name: 'category spelt like a missing value', text: edited(base.parts, (m) => (m.encoders.features[3].categories[0] = 'NA')), says: /field encoders\.features\[3\]\.categories\[0\]: a category cannot be "", "NA", "NULL" or "\?": dbnc predict reads such a cell as missing/ },
  { name: 'category with surrounding whitespace', text: edited(base.parts, (m) => (m.encoders.features[3].categories[0] = ' Acme')), says: /field encoders\.features\[3\]\.categories\[0\]: a category has no leading or trailing whitespace/ },
  { name: 'classes repeated', text: edited(base.parts, (m) => (m.encoders.label.classes[1] = m.encoders.label.classes[0])), says: /field encoders\.label\.classes: classes must be unique/ },
  { name: 'a column encoded twice', text: edited(base.parts, (m) => (m.encoders.features[1].column = m.encoders.features[0].column)), says: /field encoders\.features: each column may be encoded only once/ },
  { name: 'unknown encoder kind', text: edited(base.parts, (m) => (m.encoders.features[5].kind = 'date')), says: /field encoders\.features\[5\]\.kind: Invalid discriminator value/ },
  { name: 'encoders give other bits than arch.inputs', text: edited(base.parts, (m) => m.encoders.features[0].thresholds.pop()), says: /field arch\.inputs: 18, but the encoders produce 17 bits/ },
  { name: 'classes against the label', text: edited(base.parts, (m) => m.encoders.label.classes.pop()), says: /field arch\.classes: 3, but encoders\.label\.classes has 2/ },
  // Architecture: unknown kinds, bad sizes, extra and missing fields.
  { name: 'unknown layer kind', text: edited(base.parts, (m) => (m.arch.layers[1].kind = 'xor')), says: /field arch\.layers\[1\]\.kind: Invalid discriminator value/ },
  { name: 'unknown head kind', text: edited(base.parts, (m) => (m.arch.head.kind = 'softmax')), says: /field arch\.head\.kind: Invalid discriminator value/ },
  { name: 'unknown init kind', text: edited(base.parts, (m) => (m.arch.layers[1].init = { kind: 'normal', mean: 0.5 })), says: /field arch\.layers\[1\]\.init\.kind: Invalid discriminator value/ },
  { name: 'negative width', text: edited(base.parts, (m) => (m.arch.layers[1].width = -36)), says: /field arch\.layers\[1\]\.width: Too small/ },
  { name: 'fractional width', text: edited(base.parts, (m) => (m.arch.layers[1].width = 35.5)), says: /field arch\.layers\[1\]\.width: Invalid input: expected int/ },
  { name: 'width as a string', text: edited(base.parts, (m) => (m.arch.layers[1].width = '36')), says: /field arch\.layers\[1\]\.width: Invalid input: expected number, received string/ },
  { name: 'group size that does not divide', text: edited(base.iris, (m) => (m.arch.layers[3].groupSize = 7)), says: /field arch\.layers\[3\] \(countHot\): 59 input bits do not split into groups of 7/ },
  { name: 'head that does not fit the classes', text: edited(base.parts, (m) => (m.arch.head.kind = 'bitAndNegation')), says: /field arch\.head \(bitAndNegation\): the last layer has 24 bits, which does not fit 3 classes/ },
  { name: 'dropout rate 0.9', text: edited(base.iris, (m) => (m.arch.layers[2].rate = 0.9)), says: /field arch\.layers\[2\]\.rate: Too big/ },
  { name: 'init probability 2', text: edited(base.parts, (m) => (m.arch.layers[1].init.value = 2)), says: /field arch\.layers\[1\]\.init\.value: Too big/ },
  { name: 'extra top-level field', text: edited(base.parts, (m) => (m.createdAt = '2024-01-01')), says: /field createdAt: unknown field/ },
  { name: 'extra arch field', text: edited(base.parts, (m) => (m.arch.depth = 3)), says: /field arch\.depth: unknown field/ },
  { name: 'extra layer field (misspelt)', text: edited(base.parts, (m) => (m.arch.layers[1].widht = 36)), says: /field arch\.layers\[1\]\.widht: unknown field/ },
  { name: 'extra init field', text: edited(base.parts, (m) => (m.arch.layers[1].init.seed = 1)), says: /field arch\.layers\[1\]\.init\.seed: unknown field/ },
  { name: 'extra head field', text: edited(base.parts, (m) => (m.arch.head.temperature = 1)), says: /field arch\.head\.temperature: unknown field/ },
  { name: 'extra feature field', text: edited(base.parts, (m) => (m.encoders.features[0].unit = 'mm')), says: /field encoders\.features\[0\]\.unit: unknown field/ },
  { name: 'extra weights field', text: edited(base.parts, (m) => (m.weights[1].dtype = 'bit')), says: /field weights\[1\]\.dtype: unknown field/ },
  { name: 'a megabyte-long unknown field name', text: edited(base.parts, (m) => (m.arch[`k${'y'.repeat(1_000_000)}`] = 1)), says: /field arch\.kyyy+…$/ },
  { name: 'a field name with a line break', text: edited(base.parts, (m) => (m.arch['two\nlines'] = 1)), says: /field arch\.two\\nlines: unknown field/ },
  { name: 'arch missing', text: edited(base.parts, (m) => delete m.arch), says: /field arch: missing \(expected object\)/ },
  { name: 'head missing', text: edited(base.parts, (m) => delete m.arch.head), says: /field arch\.head: missing/ },
  { name: 'layer width missing', text: edited(base.parts, (m) => delete m.arch.layers[1].width), says: /field arch\.layers\[1\]\.width: missing \(expected number\)/ },
  { name: 'label missing', text: edited(base.parts, (m) => delete m.encoders.label), says: /field encoders\.label: missing/ },
  { name: 'weights missing', text: edited(base.parts, (m) => delete m.weights), says: /field weights: missing \(expected array\)/ },
  { name: 'weight bits missing', text: edited(base.parts, (m) => delete m.weights[2].bits), says: /field weights\[2\]\.bits: missing \(expected string\)/ },
  { name: 'seed missing', text: edited(base.parts, (m) => delete m.provenance.seed), says: /field provenance\.seed: missing/ },
  { name: 'accuracy above 1', text: edited(base.parts, (m) => (m.metrics.train.hardAccuracy = 1.5)), says: /field metrics\.train\.hardAccuracy: Too big/ },
  { name: 'loss 1e999', text: partsText.replace(/"loss": [-0-9.e]+/, '"loss": 1e999'), says: /field history\[0\]\.loss: Invalid input: expected number, received Infinity/ },
  { name: 'bad data hash', text: edited(base.parts, (m) => (m.provenance.dataSha256 = 'abc')), says: /field provenance\.dataSha256/ },
  // Sizes that would allocate gigabytes.
  { name: 'arch.inputs 1e9', text: edited(base.parts, (m) => (m.arch.inputs = 1e9)), says: /field arch\.inputs: Too big: expected number to be <=1000000/ },
  { name: 'arch.inputs 1e999', text: partsText.replace('"inputs": 18', '"inputs": 1e999'), says: /field arch\.inputs: Invalid input: expected number, received Infinity/ },
  { name: 'layer width 2^31', text: edited(base.parts, (m) => (m.arch.layers[1].width = 2 ** 31)), says: /field arch\.layers\[1\]\.width: Too big/ },
  { name: 'classes 1e9', text: edited(base.parts, (m) => (m.arch.classes = 1e9)), says: /field arch\.classes: Too big/ },
  { name: '10^12 weights (a 1e6-wide layer over 1e6 bits)', text: hugeNet(1_000_000), says: /field arch: 1000002000000 weights exceed the limit of 200000000/ },
  { name: '2^25 bits out of one layer (negConcat chain)', text: edited(base.iris, (m) => {
    m.arch.layers.splice(0, 0, ...Array.from({ length: 21 }, () => ({ kind: 'negConcat' })));
    m.weights.splice(0, 0, ...Array.from({ length: 21 }, () => null));
  }), says: /field arch\.layers\[20\] \(negConcat\): 33554432 output bits exceed the limit of 16777216/ },
  { name: '1,001 layers', text: edited(base.iris, (m) => {
    m.arch.layers.splice(2, 0, ...Array.from({ length: 998 }, () => ({ kind: 'dropout', rate: 0 })));
    m.weights.splice(2, 0, ...Array.from({ length: 998 }, () => null));
  }), says: /field arch\.layers: Too big: expected array to have <=1000 items/ },
];

describe('malformed model files: one line naming the field, exit code 2, no output, in every command', () => {
  let dir = '';
  let data = '';
  const files = new Map<string, string>();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dbnc-model-files-'));
    data = join(dir, 'parts.csv');
    writeFileSync(data, partsCsv(generateParts(30, { seed: 4 })));
    CASES.forEach((c, k) => {
      const path = join(dir, `case${k}.model.json`);
      writeFileSync(path, c.text);
      files.set(c.name, path);
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the unmutated bases load (so every failure below is the edit’s), with or without a byte-order mark', () => {
    for (const [name, model] of Object.entries(base)) {
      const path = join(dir, `${name}.ok.model.json`);
      writeFileSync(path, JSON.stringify(model));
      assert.ok(loadModel(path).hardNet, name);
      writeFileSync(path, `\ufeff${JSON.stringify(model)}`);
      assert.deepEqual(loadModel(path).model, model, `${name} after a byte-order mark`);
    }
  });

  const commands: Record<string, (model: string, out: string) => unknown> = {
    inspect: (model) => inspectModel(loadModel(model)),
    predict: (model, out) => runPredict({ model, data, output: out }),
    eval: (model) => evaluateModelOnData(model, data),
    compile: (model, out) =>
      runCompile({ model, target: 'ts', output: out, stats: false, json: false, minimize: false, randomVectors: 16, seed: 1, espressoTimeoutMs: 10_000, satTimeoutMs: 2_000, quiet: true }),
    verify: (model) => runVerify({ model, json: false, minimize: false, randomVectors: 16, seed: 1, espressoTimeoutMs: 10_000, satTimeoutMs: 2_000, quiet: true }),
  };

  for (const c of CASES) {
    it(`${c.name}: ${c.says.source.slice(0, 60)}`, async () => {
      const model = files.get(c.name) as string;
      const out = join(dir, 'never-written.out');
      const messages = new Set<string>();
      for (const [command, run] of Object.entries(commands)) {
        const { error, code, stderr } = await failureOf(() => run(model, out));
        assert.ok(error instanceof ModelError, `${command}: ${(error as Error)?.stack}`);
        const message = (error as Error).message;
        assert.ok(message.startsWith(`${model}: `), `${command}: the message names the file: ${message}`);
        assert.match(message.slice(model.length + 2), c.says, command);
        assert.ok(!message.includes('\n') && message.length <= 600, `${command}: one short line: ${JSON.stringify(message.slice(0, 200))}`);
        assert.equal(code, 2, command);
        assert.equal(stderr, `dbnc: ${message}\n`, command);
        assert.ok(!existsSync(out), `${command}: no output file`);
        messages.add(message);
      }
      assert.equal(messages.size, 1, `every command says the same: ${[...messages].join(' | ')}`);
    });
  }

  it('a missing file, a folder, a device: one line each', async () => {
    for (const [path, says] of [
      [join(dir, 'nope.json'), /: no such file$/],
      [dir, /: cannot read file \(EISDIR\)$/],
      // Not a regular file: read as a stream, up to the size limit.
      ['/dev/null', /: not valid JSON \(Unexpected end of JSON input\)$/],
    ] as const) {
      for (const [command, run] of Object.entries(commands)) {
        const { error, code } = await failureOf(() => run(path, join(dir, 'never-written.out')));
        assert.ok(error instanceof ModelError, command);
        assert.match((error as Error).message, says, command);
        assert.equal(code, 2, command);
      }
    }
  });

  it('refuses huge nets before allocating them', () => {
    // Just under the weight limit, with a 4-character weight string: the length check must fail
    // before the 199,000,000 weights are unpacked (that would take 199 MB).
    const width = Math.floor(MODEL_LIMITS.weights / 1_000_000) - 1;
    const path = join(dir, 'just-under.model.json');
    writeFileSync(path, hugeNet(width));
    const before = process.memoryUsage().arrayBuffers;
    assert.throws(() => loadModel(path), /field weights\[0\]\.bits holds 3 bytes, 24875000 expected for 199000000 bits/);
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.ok(grown < 50_000_000, `allocated ${grown} bytes of array buffers`);
    // Just over the limit: refused from the shapes alone.
    writeFileSync(path, hugeNet(width + 2));
    assert.throws(() => loadModel(path), /field arch: 201000402 weights exceed the limit of 200000000/);
  });

  it('through the real CLI: each command prints one line and exits with 2, writing nothing', { timeout: 180_000 }, async () => {
    const cliDir = join(dir, 'cli');
    mkdirSync(cliDir);
    const pick = (name: string): string => {
      const path = join(cliDir, `${name.replace(/\W+/g, '-')}.model.json`);
      writeFileSync(path, (CASES.find((c) => c.name === name) as BadCase).text);
      return path;
    };
    const out = join(cliDir, 'out');
    const runs: Array<{ args: string[]; says: RegExp }> = [
      { args: ['inspect', pick('truncated at 1/3')], says: /truncated-at-1-3\.model\.json: not valid JSON/ },
      { args: ['predict', pick('shape [1e6, 1e6] with a short string'), data, '-o', out], says: /field weights\[1\]\.shape: \[1000000, 1000000\]/ },
      { args: ['eval', pick('threshold 1e999'), data], says: /field encoders\.features\[0\]\.thresholds\[1\]: .*Infinity/ },
      { args: ['compile', pick('unknown layer kind'), '-t', 'verilog', '-o', `${out}.v`, '--testbench', data], says: /field arch\.layers\[1\]\.kind/ },
      { args: ['verify', pick('arch.inputs 1e9')], says: /field arch\.inputs: Too big/ },
      { args: ['compile', pick('format version 2'), '-t', 'sql'], says: /field formatVersion: version 2 is not supported/ },
    ];
    const results = await Promise.all(runs.map((r) => runCli(r.args)));
    results.forEach((run, k) => {
      assertOneLineError(run, runs[k].says, 2);
      assert.equal(run.stdout, '', runs[k].args[0]);
      assert.ok(!run.stderr.includes('    at '), 'no stack trace');
    });
    assert.deepEqual(readdirSync(cliDir).filter((f) => !f.endsWith('.model.json')), [], 'no output or temporary files');
  });
});
