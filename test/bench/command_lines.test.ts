/**
 * The bench scripts' command lines: a bad one is refused in one line naming the problem, with
 * exit code 2, before any work — as dbnc's own commands do. (Runs only the refusals: the
 * benchmarks themselves take minutes and belong to `npm run bench:*`.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function bench(script: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${script}.ts`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const CASES: [script: string, args: string[], says: RegExp][] = [
  ['paper', ['--only', 'foo'], /^bench:paper: --only: unknown name "foo" \(choose from binary-iris, noisy-xor, mnist\)$/],
  // A list option given no value is refused, not read as "all" (which would start MNIST).
  ['paper', ['--json', '--only'], /^bench:paper: Not enough arguments following: only$/],
  ['paper', ['--seeds', '0'], /^bench:paper: --seeds must be a positive integer, got 0$/],
  ['paper', ['--bogus'], /^bench:paper: Unknown argument: bogus$/],
  ['compile', ['--iris-seeds', '-1'], /^bench:compile: --iris-seeds: expected a whole number ≥ 0, got -1$/],
  ['inference', ['--json', '--only', 'nosuch'], /^bench:inference: --only nosuch: no model's name contains it/],
  ['inference', ['--only=iris', '--bogus'], /^bench:inference: Unknown argument: bogus$/],
  ['kernels', ['--min-ms', '0'], /^bench:kernels: --min-ms must be a number > 0, got 0$/],
  ['peers', ['--datasets', 'foo'], /^bench:peers: --datasets: unknown data set "foo"/],
  // An option given twice, as in dbnc (it read "1,2", or failed inside a split()).
  ['compile', ['--iris-seeds', '1', '--iris-seeds', '2'], /^bench:compile: --iris-seeds: given 2 times \(1, 2\); give it once$/],
];

describe('bench command lines', () => {
  for (const [script, args, says] of CASES) {
    it(`bench:${script} ${args.join(' ')}: one line, exit 2, nothing on stdout`, () => {
      const run = bench(script, ...args);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      const lines = run.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0], says);
    });
  }
});
