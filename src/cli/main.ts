/**
 * The `dbnc` command line. Commands are added as their issues land; each describes its options
 * with an example in `--help`.
 */
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runOpsCommand } from './ops_command';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  await yargs(argv)
    .scriptName('dbnc')
    .version(pkg.version)
    .usage('$0 <command> [options]\n\nThe ∂B net compiler: train differentiable boolean nets, harden them losslessly, compile them.')
    .command(
      'ops',
      'Check every ∂B operator: soft form vs its hard twin on random soft bits',
      (y) =>
        y
          .option('cases', { type: 'number', default: 10000, describe: 'random cases per operator' })
          .option('seed', { type: 'number', default: 1, describe: 'seed of the random cases' })
          .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
          .example('$0 ops --cases 100000', 'check each operator on 100,000 cases'),
      (args) => {
        exitCode = runOpsCommand(args.cases, args.seed, args.json);
      },
    )
    .demandCommand(1, 'Name a command; see dbnc --help.')
    .strict()
    .fail((msg, err) => {
      // User errors get one line and a non-zero exit, never a stack trace.
      process.stderr.write(`dbnc: ${err ? err.message : msg}\n`);
      process.exit(2);
    })
    .help()
    .parseAsync();
  return exitCode;
}

process.exitCode = await main(hideBin(process.argv));
