/**
 * Command lines of the bench scripts, parsed as `dbnc` parses its own: yargs, unknown options
 * refused, an option given without its value refused, and a bad command line reported in one
 * line naming the problem (exit 2) rather than the usage text followed by the reason.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { refuseRepeatedOptions } from '../src/cli/repeated_options';

export function benchArgs(script: string): Argv {
  return yargs(hideBin(process.argv))
    .scriptName(script)
    .strict()
    .check(refuseRepeatedOptions, true)
    .fail((message, error) => {
      process.stderr.write(`${script}: ${message ?? error?.message ?? 'bad command line'}\n`);
      process.exit(2);
    });
}

/** A comma-separated list option's names, each checked against `known`; the first unknown one is an error. */
export function listOption(flag: string, value: string, known: readonly string[]): string[] {
  const names = value.split(',').map((s) => s.trim());
  const bad = names.find((n) => !known.includes(n));
  if (bad !== undefined) throw new Error(`${flag}: unknown name ${JSON.stringify(bad)} (choose from ${known.join(', ')})`);
  return names;
}
