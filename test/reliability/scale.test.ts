/**
 * Issue 7.7: `dbnc predict` streams a 1,000,000-row CSV in bounded memory, and `dbnc compile` of
 * an mnist-paper-size model stays under 1 GB. Peak memory is the CLI process's own VmHWM, read
 * from /proc while it runs (test/helpers/peak_rss.ts).
 */
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { encodeRows } from '../../src/data/encode';
import { readTable } from '../../src/data/read';
import { generateParts, partsCsv } from '../../src/demo/parts';
import { loadModel } from '../../src/model/load';
import { rawBitEncoders, syntheticModel } from '../../src/model/synthetic';
import { layerShapes } from '../../src/nets/arch';
import { PRESETS } from '../../src/nets/presets';
import { seededRng } from '../../src/util/rng';
import { dbncWithPeakRss } from '../helpers/peak_rss';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARTS_MODEL = join(ROOT, 'test/fixtures/parts.model.json');
const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'dbnc-scale-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `rows` generated parts rows in blocks, so this process never holds them all. */
function writePartsCsv(path: string, rows: number): void {
  const block = 100_000;
  writeFileSync(path, '');
  for (let start = 0, seed = 1; start < rows; start += block, seed++) {
    const text = partsCsv(generateParts(Math.min(block, rows - start), { seed }));
    appendFileSync(path, start === 0 ? text : text.slice(text.indexOf('\n') + 1));
  }
}

/** The prediction column of the first `limit` rows of a predict output, and the number of lines. */
async function readPredictions(path: string, limit: number): Promise<{ lines: number; head: string[] }> {
  const head: string[] = [];
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (lines > 0 && head.length < limit) head.push(line.slice(line.lastIndexOf(',') + 1));
    lines++;
  }
  return { lines, head };
}

describe('scale', () => {
  test('dbnc predict streams 1,000,000 rows with peak RSS < 300 MB, every row predicted', async () => {
    const rows = 1_000_000;
    const data = join(dir, 'parts-1m.csv');
    writePartsCsv(data, rows);
    const output = join(dir, 'predicted.csv');
    const run = await dbncWithPeakRss(['predict', PARTS_MODEL, data, '-o', output]);
    assert.equal(run.code, 0, run.stderr);
    const peakMb = run.peakRssBytes / MB;
    assert.ok(run.peakRssBytes > 0, 'the peak was sampled');
    assert.ok(peakMb < 300, `peak RSS ${peakMb.toFixed(0)} MB`);
    process.stderr.write(`# predict 1,000,000 rows: peak RSS ${peakMb.toFixed(0)} MB\n`);

    // The streamed answers equal the hard net's on the whole-file path, for the first block.
    const { lines, head } = await readPredictions(output, 20_000);
    assert.equal(lines, rows + 1);
    const sample = join(dir, 'parts-20k.csv');
    writeFileSync(sample, partsCsv(generateParts(20_000, { seed: 1 })));
    const { model, hardNet } = loadModel(PARTS_MODEL);
    const encoded = encodeRows(model.encoders, readTable(sample));
    const predicted = hardNet.predict(encoded.bits, encoded.nRows);
    assert.deepEqual(head, Array.from(predicted, (c) => model.encoders.label.classes[c]));
  });

  test('dbnc compile of an mnist-paper-size model (105,840 weights) stays under 1 GB', async () => {
    const arch = PRESETS['mnist-paper'];
    const next = seededRng(1);
    const weights = layerShapes(arch).map((shape) => {
      if (shape.weights === null) return null;
      const [r, c] = shape.weights;
      return { rows: r, cols: c, bits: Uint8Array.from({ length: r * c }, () => (next() < 0.5 ? 1 : 0)) };
    });
    const modelPath = join(dir, 'mnist-random.model.json');
    const model = syntheticModel({ name: 'mnist-random', dbncVersion: '0.1.0', arch, weights, encoders: rawBitEncoders(784, 10) });
    writeFileSync(modelPath, JSON.stringify(model));
    const run = await dbncWithPeakRss(['compile', modelPath, '-t', 'ts', '-o', join(dir, 'mnist.ts'), '--random-vectors', '2000']);
    assert.equal(run.code, 0, run.stderr);
    // The claim names what was checked: here 2,000 random inputs and no data rows.
    assert.match(run.stderr, /tested, not proved: equal to the hard net on every row checked \(0 data rows, 2000 random possible inputs\); /);
    assert.match(readFileSync(join(dir, 'mnist.ts'), 'utf8'), /\/\/ guarantee: tested, not proved: equal to the hard net on every row checked \(0 data rows, 2000 random possible inputs\)/);
    const peakMb = run.peakRssBytes / MB;
    assert.ok(run.peakRssBytes > 0 && peakMb < 1024, `peak RSS ${peakMb.toFixed(0)} MB`);
    process.stderr.write(`# compile mnist-paper-size: peak RSS ${peakMb.toFixed(0)} MB\n`);
    // Unproved and compared on no row at all: refused, nothing written, rather than an empty "tested".
    const unchecked = join(dir, 'unchecked.ts');
    const refused = await dbncWithPeakRss(['compile', modelPath, '-t', 'ts', '-o', unchecked, '--random-vectors', '0', '--quiet']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^dbnc: .*mnist-random\.model\.json: nothing verified the artifact: it could not be proved \(.*\), and --random-vectors 0 without --data compares it with the hard net on no row; give --data FILE or --random-vectors N\n$/);
    assert.ok(!existsSync(unchecked));
  });
});
