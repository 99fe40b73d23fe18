/**
 * The `dbnc` command line (yargs). Each command describes every option with an example in
 * `--help`; bad input ends in one line naming the file, field or row, and a non-zero exit.
 */
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { reportFailure } from './errors';
import { runOpsCommand } from './ops_command';
import { runTrain } from './train_command';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Runs a command body, turning any failure into the one-line report and its exit code. */
function guarded(body: () => number | void): () => void {
  return () => {
    try {
      process.exitCode = body() ?? 0;
    } catch (error) {
      process.exitCode = reportFailure(error);
    }
  };
}

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('dbnc')
    .version(pkg.version)
    .usage('$0 <command> [options]\n\nThe ∂B net compiler: train differentiable boolean nets, harden them losslessly, compile them.')
    .command(
      'train <data>',
      'Train a ∂B net on a CSV or bit-matrix file, harden it, write model.json',
      (y) =>
        y
          .positional('data', { type: 'string', demandOption: true, describe: 'CSV with a header row, or a space-separated 0/1 bit matrix (label last)' })
          .option('label', { type: 'string', demandOption: true, describe: 'the class column (bit-matrix files: label)' })
          .option('arch', { type: 'string', describe: 'preset (iris-paper, xor-paper, mnist-paper, default) or an architecture JSON file' })
          .option('epochs', { type: 'number', default: 200, describe: 'training epochs' })
          .option('batch-size', { type: 'number', default: 64, describe: 'rows per gradient step' })
          .option('learning-rate', { type: 'number', default: 0.01, describe: 'optimizer step size' })
          .option('optimizer', { choices: ['radam', 'adam'] as const, default: 'radam' as const, describe: 'RAdam (the paper) or Adam' })
          .option('seed', { type: 'number', default: 1, describe: 'seed of every random draw (same seed → same model file)' })
          .option('test-split', { type: 'number', default: 0.2, describe: 'share of rows held out for testing (0 = none)' })
          .option('thresholds', { type: 'number', describe: 'most thresholds per numeric feature (default 8)' })
          .option('missing', { choices: ['error', 'bit'] as const, default: 'error' as const, describe: 'missing cells: an error, or an extra "is missing" bit' })
          .option('kind', { type: 'string', array: true, default: [] as string[], describe: 'override a column kind: COLUMN=numeric|categorical|boolean' })
          .option('output', { alias: 'o', type: 'string', default: 'model.json', describe: 'model file to write' })
          .option('quiet', { type: 'boolean', default: false, describe: 'no progress and no summary' })
          .example('$0 train iris.csv --label species -o iris.json', 'train the default net, 20% held out')
          .example('$0 train BinaryIrisData.txt --label label --arch iris-paper --epochs 1000 --batch-size 60', "the paper's Binary Iris net"),
      (args) =>
        guarded(() =>
          runTrain({
            data: args.data,
            label: args.label,
            arch: args.arch,
            epochs: args.epochs,
            batchSize: args['batch-size'],
            learningRate: args['learning-rate'],
            optimizer: args.optimizer,
            seed: args.seed,
            testSplit: args['test-split'],
            thresholds: args.thresholds,
            missing: args.missing,
            kind: args.kind,
            output: args.output,
            quiet: args.quiet,
            dbncVersion: pkg.version,
          }),
        )(),
    )
    .command(
      'ops',
      'Check every ∂B operator: soft form vs its hard twin on random soft bits',
      (y) =>
        y
          .option('cases', { type: 'number', default: 10000, describe: 'random cases per operator' })
          .option('seed', { type: 'number', default: 1, describe: 'seed of the random cases' })
          .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
          .example('$0 ops --cases 100000', 'check each operator on 100,000 cases'),
      (args) => guarded(() => runOpsCommand(args.cases, args.seed, args.json))(),
    )
    .demandCommand(1, 'Name a command; see dbnc --help.')
    .strict()
    .fail((msg, err) => {
      // Usage errors get one line and a non-zero exit, never a stack trace.
      process.stderr.write(`dbnc: ${err ? err.message : msg}\n`);
      process.exit(2);
    })
    .help()
    .parseAsync();
}

await main(hideBin(process.argv));
