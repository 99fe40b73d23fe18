import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { ColumnKind, MissingPolicy } from '../data/schema';
import type { OptimizerName } from '../train/radam';
import { checkpointJson, loadCheckpoint } from '../model/checkpoint';
import { trainModel } from '../train/pipeline';
import { writeFileAtomic } from '../util/atomic_write';
import { CliError } from './errors';

export interface TrainArgs {
  data: string;
  label: string;
  arch?: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  seed: number;
  testSplit: number;
  thresholds?: number;
  missing: MissingPolicy;
  kind: string[];
  output: string;
  saveSoft?: string;
  resume?: string;
  quiet: boolean;
  dbncVersion: string;
}

/** `--kind age=numeric` pairs → column kinds. */
export function parseKinds(pairs: readonly string[]): Record<string, ColumnKind> {
  const kinds: Record<string, ColumnKind> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const kind = pair.slice(at + 1);
    if (at <= 0 || !['numeric', 'categorical', 'boolean'].includes(kind)) {
      throw new CliError(`--kind ${pair}: expected COLUMN=numeric|categorical|boolean`);
    }
    kinds[pair.slice(0, at)] = kind as ColumnKind;
  }
  return kinds;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

export function runTrain(args: TrainArgs): void {
  const inputs = [args.data, args.resume].filter((p): p is string => p !== undefined).map((p) => resolve(p));
  for (const [flag, path] of [['-o', args.output], ['--save-soft', args.saveSoft]] as const) {
    if (path !== undefined && inputs.includes(resolve(path))) throw new CliError(`${flag} ${path}: refusing to overwrite the input file`);
  }
  if (args.saveSoft !== undefined && resolve(args.saveSoft) === resolve(args.output)) {
    throw new CliError(`--save-soft ${args.saveSoft}: must differ from the model file`);
  }
  const resume = args.resume === undefined ? undefined : loadCheckpoint(args.resume);
  if (!(args.testSplit >= 0 && args.testSplit < 1)) throw new CliError(`--test-split ${args.testSplit}: must be in [0, 1)`);
  if (!Number.isInteger(args.epochs) || args.epochs < 1) throw new CliError(`--epochs ${args.epochs}: must be a positive integer`);
  if (!Number.isInteger(args.batchSize) || args.batchSize < 1) throw new CliError(`--batch-size ${args.batchSize}: must be a positive integer`);

  const showProgress = !args.quiet && process.stderr.isTTY === true;
  const bar = new SingleBar({
    format: 'training |{bar}| epoch {value}/{total} · loss {loss} · train {train} · test {test} · ETA {eta_formatted}',
    hideCursor: true,
    stream: process.stderr,
  });
  if (showProgress) bar.start(args.epochs, 0, { loss: '-', train: '-', test: '-' });
  let trained;
  try {
    trained = trainModel({
      dataPath: args.data,
      label: args.label,
      arch: args.arch,
      epochs: args.epochs,
      batchSize: args.batchSize,
      learningRate: args.learningRate,
      optimizer: args.optimizer,
      seed: args.seed,
      testSplit: args.testSplit,
      fit: { thresholds: args.thresholds, missing: args.missing, kinds: parseKinds(args.kind) },
      resume,
      dbncVersion: args.dbncVersion,
      onEpoch: (r) => {
        const payload = { loss: r.loss.toFixed(4), train: pct(r.trainAccuracy), test: r.testAccuracy === null ? '-' : pct(r.testAccuracy) };
        if (showProgress) bar.update(r.epoch, payload);
        else if (!args.quiet && (r.epoch % Math.max(1, Math.round(args.epochs / 10)) === 0 || r.epoch === args.epochs)) {
          process.stderr.write(`epoch ${r.epoch}/${args.epochs} · loss ${payload.loss} · train ${payload.train} · test ${payload.test}\n`);
        }
      },
    });
  } finally {
    if (showProgress) bar.stop();
  }
  const { model, soft, softWeights } = trained;
  soft.dispose();
  const { train, test } = model.metrics;
  const fidelity = Math.min(train.fidelity, test?.fidelity ?? 1);
  if (fidelity < 1) {
    // SPEC §2.6: a fidelity below 100% is a bug, never a statistic to print quietly.
    throw new CliError(`hardening fidelity is ${pct(fidelity)}, not 100%: this is a dbnc bug; no model written`, 3);
  }
  writeFileAtomic(args.output, `${JSON.stringify(model, null, 2)}\n`);
  if (args.saveSoft !== undefined) writeFileAtomic(args.saveSoft, checkpointJson(softWeights));
  const weightBits = model.weights.reduce((sum, w) => sum + (w ? w.shape[0] * w.shape[1] : 0), 0);
  const lines = [
    `model        ${args.output} (${model.provenance.options.arch} net, ${weightBits} weights = ${Math.ceil(weightBits / 8)} bytes)`,
    `classes      ${model.encoders.label.classes.join(', ')}`,
    `train        ${train.rows} rows · soft ${pct(train.softAccuracy)} · hard ${pct(train.hardAccuracy)}`,
    test ? `test         ${test.rows} rows · soft ${pct(test.softAccuracy)} · hard ${pct(test.hardAccuracy)}` : 'test         (no test split)',
    `fidelity     ${pct(fidelity)} (soft and hard predictions agree on every row)`,
  ];
  if (!args.quiet) process.stdout.write(`${lines.join('\n')}\n`);
}
