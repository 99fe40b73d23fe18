/**
 * The `dbnc` command line (yargs). Each command describes every option with an example in
 * `--help`; bad input ends in one line naming the file, field or row, and a non-zero exit.
 */
import { readFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { refuseRepeatedOptions } from './repeated_options';
import { TARGET_NAMES } from '../../targets/names';
import { THRESHOLD_METHODS } from '../data/threshold_methods';
import { handleStdoutErrors, reportFailure } from './errors';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Runs a command body, turning any failure into the one-line report and its exit code. Command
 * modules are imported when their command runs: `inspect` and `predict` never load TensorFlow.js.
 */
async function guarded(body: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await body()) ?? 0;
  } catch (error) {
    process.exitCode = reportFailure(error);
  }
}


/** Options shared by compile and verify. */
function compileOptions<T>(y: Argv<T>) {
  return y
    .positional('model', { type: 'string', demandOption: true, describe: 'model file written by dbnc train' })
    .option('data', { type: 'string', describe: 'CSV (or bit matrix) rows to check the compiled logic on, besides the proof (rules: each rule’s support and precision on them)' })
    .option('minimize', { type: 'boolean', default: true, describe: 'minimize with Espresso (--no-minimize keeps the simplified multi-level logic)' })
    .option('random-vectors', { type: 'number', default: 10000, describe: 'random possible inputs compared with the hard net (at most 1,000,000)' })
    .option('seed', { type: 'number', default: 1, describe: 'seed of the random inputs' })
    .option('espresso-timeout', { type: 'number', default: 60000, describe: 'milliseconds per Espresso call before falling back to the un-minimized logic' })
    .option('sat-timeout', { type: 'number', default: 20000, describe: 'milliseconds for the SAT proof when the inputs are too many to enumerate' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines' });
}

interface CompileOptionValues {
  model: string;
  data: string | undefined;
  minimize: boolean;
  'random-vectors': number;
  seed: number;
  'espresso-timeout': number;
  'sat-timeout': number;
  quiet: boolean;
}

function compileSettings(args: CompileOptionValues) {
  return {
    model: args.model,
    data: args.data,
    minimize: args.minimize,
    randomVectors: args['random-vectors'],
    seed: args.seed,
    espressoTimeoutMs: args['espresso-timeout'],
    satTimeoutMs: args['sat-timeout'],
    quiet: args.quiet,
  };
}

/**
 * A lone "-" is the POSIX name of standard input (and output), but yargs turns it into "" (yargs
 * issue 1312). It is swapped for a token no shell can pass (arguments cannot hold NUL) before
 * parsing and swapped back after.
 */
const DASH_TOKEN = '\u0000-';

function restoreDashes(args: Record<string, unknown>): void {
  const restore = (v: unknown): unknown => (v === DASH_TOKEN ? '-' : Array.isArray(v) ? v.map(restore) : v);
  for (const key of Object.keys(args)) args[key] = restore(args[key]);
}

/** `-o -`: standard output, for the commands that print their result when -o is not given. */
const stdoutWhenDash = (output: string | undefined): string | undefined => (output === '-' ? undefined : output);

export async function main(argv: string[]): Promise<void> {
  handleStdoutErrors();
  await yargs(argv.map((a) => (a === '-' ? DASH_TOKEN : a)))
    .middleware(restoreDashes, true)
    .scriptName('dbnc')
    .version(pkg.version)
    .usage('$0 <command> [options]\n\nThe ∂B net compiler: train differentiable boolean nets, harden them losslessly, compile them.')
    .command(
      'train <data>',
      'Train a ∂B net on a CSV or bit-matrix file, harden it, write model.json',
      (y) =>
        y
          .positional('data', { type: 'string', demandOption: true, describe: 'CSV with a header row, or a space-separated 0/1 bit matrix (label last); - reads standard input' })
          .option('label', { type: 'string', demandOption: true, describe: 'the class column (bit-matrix files: label)' })
          .option('arch', { type: 'string', describe: 'preset (iris-paper, xor-paper, mnist-paper, default) or an architecture JSON file' })
          .option('epochs', { type: 'number', default: 200, describe: 'training epochs' })
          .option('batch-size', { type: 'number', default: 32, describe: 'rows per gradient step' })
          .option('learning-rate', { type: 'number', default: 0.01, describe: 'optimizer step size' })
          .option('optimizer', { choices: ['radam', 'adam'] as const, default: 'radam' as const, describe: 'RAdam (the paper) or Adam' })
          .option('seed', { type: 'number', default: 1, describe: 'seed of every random draw (same seed → same model file)' })
          .option('test-split', { type: 'number', default: 0.2, describe: 'share of rows held out for testing (0 = none)' })
          .option('validation-split', {
            type: 'number',
            default: 0,
            describe: 'share of the training rows held out for validation (0 = none); the model keeps the epoch with the best validation accuracy',
          })
          .option('patience', { type: 'number', describe: 'stop after this many epochs without a better validation result, counted once some epoch has beaten the first (needs --validation-split)' })
          .option('thresholds', { type: 'number', describe: 'most thresholds per numeric feature (default 4)' })
          .option('threshold-method', {
            choices: THRESHOLD_METHODS,
            describe: 'numeric cut points: quantile (the default: evenly over the values) or entropy (where the class mix changes, from the training rows; fewer, more meaningful cuts)',
          })
          .option('missing', { choices: ['error', 'bit'] as const, describe: 'missing cells: an error (the default), or an extra "is missing" bit' })
          .option('kind', { type: 'string', array: true, default: [] as string[], describe: 'override a column kind: COLUMN=numeric|categorical|boolean' })
          // No yargs default: it would also fill in a bare `-o` (a forgotten name) and overwrite model.json.
          .option('output', { alias: 'o', type: 'string', defaultDescription: 'model.json', describe: 'model file to write' })
          .option('save-soft', { type: 'string', describe: 'also write the real-valued weights to this checkpoint file' })
          .option('resume', { type: 'string', describe: 'continue training from a --save-soft checkpoint (its net and its encoders, so every input bit keeps its meaning; the optimizer restarts)' })
          .option('quiet', { type: 'boolean', default: false, describe: 'no progress and no summary' })
          .example('$0 train iris.csv --label species -o iris.json', 'train the default net, 20% held out')
          .example('$0 train parts.csv --label verdict --save-soft parts.soft.json && $0 train parts.csv --label verdict --resume parts.soft.json', 'train, then train further')
          .example('$0 train parts.csv --label verdict --threshold-method entropy --thresholds 6', 'cut measurements where the verdict changes (tolerance limits)')
          .example('$0 train parts.csv --label verdict --validation-split 0.2 --patience 30', 'keep the best epoch on a validation split; stop after 30 epochs without a better one')
          .example('$0 train BinaryIrisData.txt --label label --arch iris-paper --epochs 1000 --batch-size 60', "the paper's Binary Iris net"),
      (args) =>
        guarded(async () =>
          (await import('./train_command')).runTrain({
            data: args.data,
            label: args.label,
            arch: args.arch,
            epochs: args.epochs,
            batchSize: args['batch-size'],
            learningRate: args['learning-rate'],
            optimizer: args.optimizer,
            seed: args.seed,
            testSplit: args['test-split'],
            validationSplit: args['validation-split'],
            patience: args.patience,
            thresholds: args.thresholds,
            thresholdMethod: args['threshold-method'],
            missing: args.missing,
            kind: args.kind,
            output: args.output ?? 'model.json',
            quiet: args.quiet,
            saveSoft: args['save-soft'],
            resume: args.resume,
            dbncVersion: pkg.version,
          }),
        ),
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
      (args) => guarded(async () => (await import('./ops_command')).runOpsCommand(args.cases, args.seed, args.json)),
    )
    .command(
      'eval <model> <data>',
      'Measure a model on labelled rows: accuracy, per-class precision/recall, confusion matrix, hardening fidelity',
      (y) =>
        y
          .positional('model', { type: 'string', demandOption: true, describe: 'model file written by dbnc train' })
          .positional('data', { type: 'string', demandOption: true, describe: "CSV (or bit matrix) holding the model's feature columns and its label column; - reads standard input" })
          .option('json', { type: 'boolean', default: false, describe: 'print one JSON object: rows, accuracy, fidelity, classes, confusion, perClass' })
          .example('$0 eval iris.json iris-test.csv', 'accuracy, per-class precision/recall and the confusion matrix')
          .example('$0 eval iris.json iris-test.csv --json', 'the same as one JSON object')
          .epilogue(
            'Fidelity: the model file holds only the hardened 1-bit weights, so eval runs every row through two ' +
              'independent evaluators — the bit-sliced hard net and a soft net built from the same 0/1 weights on ' +
              'the fused kernels — and reports the share of rows on which they agree. It must be 100%; anything ' +
              'less is a dbnc bug and exits with code 3 (bad input exits with code 2).',
          ),
      (args) => guarded(async () => (await import('./eval_command')).runEval({ model: args.model, data: args.data, json: args.json })),
    )
    .command(
      'predict <model> <data>',
      'Predict the class of each row: the input rows plus a `prediction` column, as CSV',
      (y) =>
        y
          .positional('model', { type: 'string', demandOption: true, describe: 'model file written by dbnc train' })
          .positional('data', { type: 'string', demandOption: true, describe: "CSV (or bit matrix) holding the model's feature columns; the label column is optional; - reads standard input" })
          .option('output', { alias: 'o', type: 'string', describe: 'CSV file to write (atomically); default (or -): standard output' })
          .example('$0 predict iris.json new-flowers.csv -o predicted.csv', 'write the rows with their predicted species')
          .example('$0 predict iris.json new-flowers.csv', 'print the CSV to standard output')
          .example('gunzip -c big.csv.gz | $0 predict iris.json - | gzip > scored.csv.gz', '- reads the rows from standard input (streamed)'),
      (args) => guarded(async () => (await import('./predict_command')).runPredict({ model: args.model, data: args.data, output: stdoutWhenDash(args.output) })),
    )
    .command(
      'inspect <model>',
      'Show what a model file holds: architecture, sizes, features and their bits, classes, metrics, provenance',
      (y) =>
        y
          .positional('model', { type: 'string', demandOption: true, describe: 'model file written by dbnc train' })
          .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of text' })
          .example('$0 inspect iris.json', 'layers, weight counts, what each input bit means')
          .example('$0 inspect iris.json --json', 'the same as one JSON object'),
      (args) => guarded(async () => (await import('./inspect_command')).runInspect({ model: args.model, json: args.json })),
    )
    .command(
      'compile <model>',
      'Compile a model to an artifact (lower → simplify → minimize with Espresso → prove equal to the hard net → emit)',
      (y) =>
        compileOptions(y)
          .option('target', { alias: 't', choices: TARGET_NAMES, default: 'ir', describe: 'artifact kind' })
          .option('output', { alias: 'o', type: 'string', describe: 'file to write (atomically, after verification); default (or -): standard output' })
          .option('stats', { type: 'boolean', default: false, describe: 'print nodes and literals before/after each pass, the guarantee and the time (to stderr)' })
          .option('json', { type: 'boolean', default: false, describe: 'with --stats: print the statistics as one JSON object on stdout' })
          .option('dialect', { choices: ['sqlite', 'postgres', 'duckdb', 'ansi'] as const, describe: 'sql: the SQL dialect (default ansi)' })
          .option('table', { type: 'string', describe: 'sql: the table the SELECT reads (default data)' })
          .option('expression-only', { type: 'boolean', default: false, describe: 'sql: print only the CASE … END expression' })
          .option('format', { choices: ['md', 'html'] as const, describe: 'rules: Markdown (default) or a self-contained HTML page' })
          .option('testbench', { type: 'string', describe: 'verilog: also write <output>_tb.v, a self-checking testbench with these rows as golden vectors' })
          .example('$0 compile iris.json --target ts -o iris.ts', 'a typed, dependency-free predict() and bit-sliced predictBatch()')
          .example('$0 compile parts.json -t sql --dialect duckdb --table parts', 'SELECT *, CASE … END AS "prediction" FROM "parts"')
          .example('$0 compile parts.json -t verilog -o parts.v --testbench parts.csv', 'a combinational module and parts_tb.v')
          .example('$0 compile parts.json -t rules --format html --data parts.csv -o rules.html', 'a rule sheet with each rule’s support and precision')
          .example('$0 compile iris.json --target ir', 'the minimized rules as readable IR text')
          .example('$0 compile iris.json -t ir -o iris.ir.txt --stats --json', 'write the artifact, print {"literalsBefore":…, "literalsAfter":…, "guarantee":…, "ms":…}'),
      (args) =>
        guarded(async () =>
          (await import('./compile_command')).runCompile({
            ...compileSettings(args),
            target: args.target,
            output: stdoutWhenDash(args.output),
            stats: args.stats,
            json: args.json,
            dialect: args.dialect,
            table: args.table,
            expressionOnly: args['expression-only'],
            format: args.format,
            testbench: args.testbench,
          }),
        ),
    )
    .command(
      'verify <model>',
      'Compile a model and report the equivalence guarantee of the result against the hard net',
      (y) =>
        compileOptions(y)
          .option('json', { type: 'boolean', default: false, describe: 'print one JSON object (literals, guarantee, rows checked, passes)' })
          .example('$0 verify iris.json', 'proved exhaustively, by SAT, or tested on N rows + M random inputs')
          .example('$0 verify iris.json --data iris.csv --random-vectors 100000', 'also check every data row, and more random inputs')
          .epilogue('Exit code 0 when every check agrees; 3 if the compiled logic ever differs from the hard net (a dbnc bug); 2 for bad input.'),
      (args) => guarded(async () => (await import('./compile_command')).runVerify({ ...compileSettings(args), json: args.json })),
    )
    .command(
      'report <model>',
      'Write one self-contained HTML page about a model: training curves, confusion matrix, rule sheet with support and precision, sizes, guarantee, provenance',
      (y) =>
        compileOptions(y)
          .option('data', { type: 'string', describe: 'labelled CSV (or bit matrix) rows: confusion matrix, accuracy, precision/recall, fidelity, and each rule’s support and precision (without it: the metrics stored in the model)' })
          .option('output', { alias: 'o', type: 'string', defaultDescription: 'report.html', describe: 'HTML file to write (atomically; never the model or data file)' })
          .example('$0 report parts.json --data parts-test.csv -o parts-report.html', 'the full report, measured on held-out rows')
          .example('$0 report iris.json', 'curves, stored metrics, rule sheet and guarantee, to report.html')
          .example('$0 report parts.json --data parts.csv --no-minimize --quiet', 'per-class scores instead of minimized rules, no progress lines'),
      (args) =>
        guarded(async () =>
          (await import('./report_command')).runReport({ ...compileSettings(args), output: args.output ?? 'report.html', dbncVersion: pkg.version }),
        ),
    )
    .command(
      'demo',
      'Run the whole product on generated data: train, harden, compile and prove, write every artifact',
      (y) =>
        y
          .option('out', { type: 'string', default: 'demo-out', describe: 'folder for the data, the model and the artifacts' })
          .option('rows', { type: 'number', default: 1500, describe: 'generated inspected parts' })
          .option('epochs', { type: 'number', default: 60, describe: 'training epochs' })
          .option('seed', { type: 'number', default: 1, describe: 'seed of the data and the training' })
          .example('$0 demo', 'about 15-30 s: demo-out/ gets parts.csv, the model, parts.ts, parts.sql, parts.v, rule sheets')
          .example('$0 demo --rows 300 --epochs 40 --out /tmp/quick', 'a quick run (fewer epochs may learn no rule yet)'),
      (args) =>
        guarded(async () =>
          (await import('./demo_command')).runDemo({ out: args.out, rows: args.rows, epochs: args.epochs, seed: args.seed, dbncVersion: pkg.version }),
        ),
    )
    .example('$0 demo', 'the whole product on generated data, artifacts in demo-out/')
    .example('$0 train parts.csv --label verdict -o parts.json', 'train a ∂B net and harden it')
    .example('$0 compile parts.json -t ts -o parts.ts', 'a proved-equal TypeScript predict()')
    .example('$0 <command> --help', "a command's options, each with examples")
    .epilogue('Exit codes: 0 success; 2 bad input (one line naming the file, field or row); 3 a dbnc bug (hardening fidelity below 100%, or compiled logic that differs from the hard net).')
    .demandCommand(1, 'Name a command; see dbnc --help.')
    .check(refuseRepeatedOptions, true)
    .strict()
    .fail((msg, err) => {
      // Usage errors get one line and a non-zero exit, never a stack trace; yargs puts some
      // (an invalid choice: "Invalid values:" + the argument) on two.
      process.stderr.write(`dbnc: ${(err ? err.message : msg).replace(/\s*\n\s*/g, ' ')}\n`);
      process.exit(2);
    })
    .help()
    .parseAsync();
}

await main(hideBin(process.argv));
