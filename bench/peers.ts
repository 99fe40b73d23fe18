/**
 * dbnc beside the tools users would pick instead — a CART tree (ml-cart), logistic regression
 * (ml-logistic-regression) and a small MLP (TensorFlow.js) — on identical splits of five data
 * sets: accuracy over seeds, model bytes, rule literals, training time. Details in
 * docs/benchmarks.md.
 *
 *   npm run bench:peers                                  Markdown tables on stdout
 *   npm run bench:peers -- --json                        one JSON object on stdout
 *   npm run bench:peers -- --quick --datasets iris       a smoke run
 *   npm run bench:peers -- --from-json peers.json        the tables of an earlier --json run
 *
 * Progress goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args';
import { runPeers, type PeersReport } from './peers/run';
import { reportMarkdown } from './peers/table';
import { DATASET_NAMES, METHOD_NAMES, isDatasetName, type DatasetName, type MethodName } from './peers/types';
import { isOneOf } from '../src/util/one_of';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const args = await benchArgs('bench:peers')
  .usage('$0 [options]  — dbnc vs CART, logistic regression and an MLP on identical splits')
  .option('json', { type: 'boolean', default: false, describe: 'print one JSON object on stdout' })
  .option('seeds', { type: 'number', describe: 'seeds per data set (each seed: one split, every method); default 5, 2 with --quick' })
  .option('first-seed', { type: 'number', default: 1, describe: 'number of the first seed' })
  .option('mnist-seeds', { type: 'number', default: 2, describe: 'seeds for mnist, at most --seeds (its dbnc runs dominate the time)' })
  .option('datasets', { type: 'string', default: DATASET_NAMES.join(','), describe: `data sets, comma-separated (${DATASET_NAMES.join(', ')})` })
  .option('methods', { type: 'string', default: METHOD_NAMES.join(','), describe: `methods, comma-separated (${METHOD_NAMES.join(', ')})` })
  .option('quick', { type: 'boolean', default: false, describe: 'a smoke run: few epochs, small MNIST subset' })
  .option('mnist-train', { type: 'number', describe: 'MNIST training digits per seed (default 2000; 300 with --quick)' })
  .option('mnist-test', { type: 'number', describe: 'MNIST test digits per seed (default 500; 100 with --quick)' })
  .option('from-json', { type: 'string', describe: 'print the Markdown tables of a report saved with --json, without running anything' })
  .option('data-dir', {
    type: 'string',
    default: fileURLToPath(new URL('../../shared/data/', import.meta.url)),
    describe: 'folder of iris.data, BinaryIrisData.txt, NoisyXOR*.txt',
  })
  .check((a) => {
    const bad = a.datasets.split(',').map((s) => s.trim()).find((n) => !isDatasetName(n));
    if (bad !== undefined) throw new Error(`--datasets: unknown data set "${bad}" (choose from ${DATASET_NAMES.join(', ')})`);
    const unknown = a.methods.split(',').map((s) => s.trim()).find((m) => !isOneOf(METHOD_NAMES, m));
    if (unknown !== undefined) throw new Error(`--methods: unknown method "${unknown}" (choose from ${METHOD_NAMES.join(', ')})`);
    for (const key of ['seeds', 'firstSeed', 'mnistSeeds', 'mnistTrain', 'mnistTest'] as const) {
      const v = a[key] as number | undefined;
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new Error(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a positive integer, got ${v}`);
    }
    if (((a.mnistTrain as number | undefined) ?? 0) > 8000 || ((a.mnistTest as number | undefined) ?? 0) > 2000) throw new Error('--mnist-train is at most 8000 and --mnist-test at most 2000');
    return true;
  })
  .parseAsync();

const datasets = DATASET_NAMES.filter((n) => args.datasets.split(',').map((s) => s.trim()).includes(n)) as DatasetName[];
const methods = METHOD_NAMES.filter((m) => args.methods.split(',').map((s) => s.trim()).includes(m)) as MethodName[];
const log = (line: string): void => void process.stderr.write(`${line}\n`);

try {
  if (args.fromJson !== undefined) {
    process.stdout.write(reportMarkdown(JSON.parse(readFileSync(args.fromJson, 'utf8')) as PeersReport));
    process.exit(0);
  }
  const report = await runPeers({
    datasets,
    seeds: args.seeds ?? (args.quick ? 2 : 5),
    firstSeed: args.firstSeed,
    mnistSeeds: args.mnistSeeds,
    methods,
    quick: args.quick,
    dataDir: args.dataDir,
    mnistTrain: args.mnistTrain ?? (args.quick ? 300 : 2000),
    mnistTest: args.mnistTest ?? (args.quick ? 100 : 500),
    dbncVersion: pkg.version,
    log,
  });
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : reportMarkdown(report));
} catch (error) {
  log(`bench:peers failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
