import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dbnc } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'dbnc-demo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('dbnc demo', () => {
  it('generates data, trains, compiles, proves and writes every artifact', () => {
    const out = join(dir, 'out');
    const run = dbnc('demo', '--rows', '300', '--epochs', '5', '--out', out);
    assert.equal(run.code, 0, run.stderr);
    for (const file of ['parts.csv', 'parts.model.json', 'parts.ts', 'parts.sql', 'parts.v', 'parts_tb.v', 'parts.rules.md', 'parts.rules.html', 'parts.ir.txt']) {
      assert.ok(existsSync(join(out, file)), file);
    }
    assert.match(run.stdout, /## Decision rules/);
    assert.match(run.stdout, /OTHERWISE/);
    assert.match(run.stdout, /guarantee {8}proved by exhaustive simulation/);
    assert.match(run.stdout, /ground truth {5}the model gives the generator's rule-book verdict on \d+\.\d% of 10,000 fresh, noise-free parts/);
    assert.match(readFileSync(join(out, 'parts.sql'), 'utf8'), /FROM "parts"/);
    // Entropy cut points: the diameter's bits are the ground truth's tolerance limits.
    const model = JSON.parse(readFileSync(join(out, 'parts.model.json'), 'utf8')) as {
      encoders: { features: { column: string; thresholds?: number[] }[] };
    };
    const diameter = model.encoders.features.find((f) => f.column === 'diameter_mm')?.thresholds ?? [];
    assert.ok(diameter.some((t) => Math.abs(t - 24.6) < 0.05) && diameter.some((t) => Math.abs(t - 25.4) < 0.05), `${diameter}`);
  });
});
