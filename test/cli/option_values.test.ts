/**
 * Numeric options with values no run can use (yargs reads `abc` as NaN and passes negatives)
 * end in one line naming the flag and the value, exit 2, and nothing written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertOneLineError, runCli } from '../helpers/cli';

const MODEL = fileURLToPath(new URL('../fixtures/binary-iris.model.json', import.meta.url));
const DATA = fileURLToPath(new URL('../../../shared/data/BinaryIrisData.txt', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dbnc-options-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const train = (...extra: string[]) => ['train', DATA, '--label', 'label', '-o', join(dir, 'never.json'), '--quiet', ...extra];
const compile = (...extra: string[]) => ['compile', MODEL, '-t', 'ir', '--quiet', '-o', join(dir, 'never.ir'), ...extra];

const CASES: Array<[args: string[], message: RegExp]> = [
  [train('--learning-rate', '-1'), /--learning-rate -1: expected a number > 0$/],
  [train('--learning-rate', 'abc'), /--learning-rate \(not a number\): expected a number > 0$/],
  [train('--seed', 'abc'), /--seed \(not a number\): expected a whole number from 0 to 4294967295 \(seeds are 32-bit\)$/],
  [train('--seed', '1.5'), /--seed 1\.5: expected a whole number from 0 to 4294967295/],
  // 2^32 + 1 would seed the same streams as 1.
  [train('--seed', '4294967297'), /--seed 4294967297: expected a whole number from 0 to 4294967295/],
  [train('--epochs', '0'), /--epochs 0: expected a whole number ≥ 1$/],
  [train('--batch-size', '2.5'), /--batch-size 2\.5: expected a whole number ≥ 1$/],
  [train('--thresholds', '0'), /--thresholds 0: expected a whole number ≥ 1$/],
  [train('--validation-split', '1'), /--validation-split 1: must be in \[0, 1\)$/],
  [train('--validation-split', '0.2', '--patience', '0'), /--patience 0: expected a whole number ≥ 1$/],
  [train('--patience', '5'), /--patience: needs --validation-split/],
  [compile('--seed', 'abc'), /--seed \(not a number\): expected a whole number from 0 to 4294967295/],
  [compile('--random-vectors', '-5'), /--random-vectors -5: expected a whole number ≥ 0$/],
  // An option given twice: one line naming it (was "--epochs 1,2: …" or a Node-internal TypeError for -o).
  [train('--epochs', '1', '--epochs', '2'), /--epochs: given 2 times \(1, 2\); give it once$/],
  [train('--arch', 'default', '--arch', 'iris-paper'), /--arch: given 2 times \(default, iris-paper\); give it once$/],
  [train('-o', join(dir, 'also-never.json')), /--output: given 2 times .*; give it once$/],
  [compile('-t', 'ts'), /--target: given 2 times \(ir, ts\); give it once$/],
  [compile('--random-vectors', '20000000'), /--random-vectors 20000000: at most 1,000,000 \(each is a whole input row held in memory/],
  [compile('--espresso-timeout', '-1'), /--espresso-timeout -1: expected a whole number ≥ 1$/],
  [compile('--sat-timeout', 'abc'), /--sat-timeout \(not a number\): expected a whole number ≥ 1$/],
  [['ops', '--cases', '-3'], /--cases -3: expected a whole number ≥ 1$/],
  [['demo', '--out', join(dir, 'demo'), '--rows', '5'], /--rows 5: expected a whole number ≥ 100$/],
];

describe('numeric option values are checked', { concurrency: 4 }, () => {
  for (const [args, message] of CASES) {
    // Each case's flag and value come last.
    it(`${args[0]} ${args.slice(-2).join(' ')}`, async () => {
      assertOneLineError(await runCli(args), message);
    });
  }

  after(() => {
    for (const name of ['never.json', 'never.ir', 'demo']) assert.ok(!existsSync(join(dir, name)), `${name} was written`);
  });
});

/** Options that cannot go together, choices outside the list, and an -o without a name. */
const CONFLICTS: Array<[args: string[], message: RegExp]> = [
  // yargs would fill in the default file for the missing name (model.json, report.html).
  [['train', DATA, '--label', 'label', '--quiet', '-o'], /^dbnc: -o: needs a file name$/],
  [['report', MODEL, '--quiet', '-o'], /^dbnc: -o: needs a file name$/],
  [['compile', MODEL, '--stats', '--json'], /--stats --json: the statistics go to standard output, so the artifact needs -o FILE$/],
  [['train', DATA, '--label', 'label', '--resume', join(dir, 'soft.json'), '--arch', 'iris-paper'], /--arch iris-paper: not with --resume, which trains on the checkpoint's own net$/],
  [['train', DATA, '--label', 'label', '--optimizer', 'sgd'], /^dbnc: Invalid values: Argument: optimizer, Given: "sgd", Choices: "radam", "adam"$/],
  [['compile', MODEL, '-t', 'pdf'], /^dbnc: Invalid values: Argument: target, Given: "pdf"/],
  // Refused before any row is read, as compile and train refuse it.
  [['predict', MODEL, DATA, '-o', dir], /-o .*: is a folder$/],
];

describe('conflicting options, invalid choices and an -o without a name', { concurrency: 4 }, () => {
  for (const [args, message] of CONFLICTS) {
    it(args.slice(args.findIndex((a) => a.startsWith('-'))).join(' '), async () => {
      // Run in the scratch folder: a default output file would land there, not in the repository.
      assertOneLineError(await runCli(args, dir), message);
    });
  }

  after(() => {
    for (const name of ['model.json', 'report.html']) assert.ok(!existsSync(join(dir, name)), `${name} was written`);
  });
});
