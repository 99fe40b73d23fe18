/**
 * Issue 7.4: when Espresso fails — a PLA it cannot read (the native code exits), a problem too
 * large to enumerate, a call over its time budget — `dbnc compile` stays alive, keeps the
 * un-minimized logic for that part, warns, and still writes a verified artifact.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { randomTwoLevelModel } from '../helpers/two_level';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dbnc-espresso-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function randomTwoLevelModelFile(inputs: number, seed: number): string {
  const path = join(dir, `random-${inputs}-${seed}.model.json`);
  writeFileSync(path, JSON.stringify(randomTwoLevelModel(inputs, seed)));
  return path;
}

interface Run {
  code: number | null;
  stderr: string;
  output: string;
}

function compile(model: string, name: string, extra: string[], env: NodeJS.ProcessEnv = {}): Run {
  const output = join(dir, name);
  const run = spawnSync(process.execPath, ['bin/dbnc.js', 'compile', model, '-o', output, ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: run.status, stderr: run.stderr, output };
}

function assertVerifiedArtifact(run: Run, guarantee: RegExp): void {
  assert.equal(run.code, 0, run.stderr);
  assert.ok(existsSync(run.output), 'the artifact was written');
  assert.match(run.stderr, guarantee);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
}

describe('Espresso failures: the CLI falls back, warns and still writes a verified artifact', () => {
  test('a malformed PLA (the native code exits) on every call: exact and cone minimization both fall back', () => {
    const run = compile(join(ROOT, 'test/fixtures/parts.model.json'), 'parts.ts', ['-t', 'ts'], { DBNC_ESPRESSO_FAULT: 'malformed-pla' });
    assertVerifiedArtifact(run, /proved by exhaustive simulation/);
    assert.match(run.stderr, /warning: exact minimization skipped: Espresso: crashed \(.*error reading \.i\)/);
    assert.match(run.stderr, /warning: cone at n\d+ kept un-minimized: Espresso crashed/);
    // The fallback is the simplified logic, which still computes the model's function.
    assert.match(readFileSync(run.output, 'utf8'), /export function predict\(/);
  });

  test('an exploding problem (40 support bits, 2^40 inputs) is not enumerated: local cones instead', () => {
    const run = compile(randomTwoLevelModelFile(40, 2), 'random-40.ir.txt', ['-t', 'ir']);
    assertVerifiedArtifact(run, /proved by SAT|tested on/);
    assert.match(run.stderr, /warning: exact minimization skipped: 40 support bits give 1099511627776 possible inputs \(> \d+\); minimizing local cones/);
  });

  test('a call over its time budget (a random 16-bit function takes Espresso seconds) falls back', () => {
    const run = compile(randomTwoLevelModelFile(16, 1), 'random-16.ir.txt', ['-t', 'ir', '--espresso-timeout', '300']);
    assertVerifiedArtifact(run, /proved by exhaustive simulation: equal to the hard net on all 65536 possible inputs/);
    assert.match(run.stderr, /warning: exact minimization skipped: Espresso: timeout/);
  });

  test('the fault hook is inert unless set: the same compile minimizes without warnings', () => {
    const run = compile(join(ROOT, 'test/fixtures/parts.model.json'), 'parts-clean.ts', ['-t', 'ts']);
    assertVerifiedArtifact(run, /proved by exhaustive simulation/);
    assert.doesNotMatch(run.stderr, /warning/);
  });
});
