import { displayName } from '../data/predicate';
import { SingleBar } from 'cli-progress';
import type { ColumnKind, MissingPolicy } from '../data/schema';
import type { ThresholdMethod } from '../data/encode';
import type { OptimizerName } from '../train/radam';
import { checkpointJson, loadCheckpoint } from '../model/checkpoint';
import { PRESETS } from '../nets/presets';
import { trainModel } from '../train/pipeline';
import { writeFilesAtomic, type OutputFile } from '../util/atomic_write';
import { sameFile } from '../util/paths';
import { CliError } from './errors';
import { checkOutputPath } from './outputs';
import { positiveNumber, seedValue, wholeNumber } from './numbers';
import { formatPercent } from '../util/percent';

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
  /** Share of the training rows held out for validation (0 or undefined = none). */
  validationSplit?: number;
  patience?: number;
  thresholds?: number;
  /** Where numeric thresholds go (default quantile). */
  thresholdMethod?: ThresholdMethod;
  /** Default 'error'; undefined when not given (so --resume can refuse it). */
  missing?: MissingPolicy;
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

const pct = (x: number): string => formatPercent(x, 2);

/**
 * Refuses, before any training, outputs that would overwrite an input (however the path is
 * spelt: `./`, `..`, a symlink, a hard link) or that could not be written at the end.
 */
function checkOutputs(args: TrainArgs): void {
  const inputs = [
    { path: args.data, what: 'the input data file' },
    ...(args.resume !== undefined ? [{ path: args.resume, what: 'the input checkpoint (--resume)' }] : []),
    ...(args.arch !== undefined && args.arch !== 'default' && !(args.arch in PRESETS) ? [{ path: args.arch, what: 'the input architecture file (--arch)' }] : []),
  ];
  for (const [flag, path] of [['-o', args.output], ['--save-soft', args.saveSoft]] as const) {
    if (path === undefined) continue;
    if (path === '') throw new CliError(`${flag}: needs a file name`);
    checkOutputPath(`${flag} ${path}`, path, inputs);
  }
  if (args.saveSoft !== undefined && sameFile(args.saveSoft, args.output)) {
    throw new CliError(`--save-soft ${args.saveSoft}: must differ from the model file`);
  }
}

/** Which epoch the model holds, and whether training stopped early. */
function selectionLine(trained: number, asked: number, selected: number, firstEpoch: number): string {
  const lastEpoch = firstEpoch + trained - 1;
  const stopped = trained < asked ? `stopped early after epoch ${lastEpoch} of ${firstEpoch + asked - 1}` : `trained to epoch ${lastEpoch}`;
  return `${stopped}; the model holds epoch ${selected} (best validation accuracy)`;
}

export function runTrain(args: TrainArgs): void {
  checkOutputs(args);
  // Settings before the checkpoint is read: a bad number fails before any file work.
  if (!(args.testSplit >= 0 && args.testSplit < 1)) throw new CliError(`--test-split ${args.testSplit}: must be in [0, 1)`);
  const validationSplit = args.validationSplit ?? 0;
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new CliError(`--validation-split ${validationSplit}: must be in [0, 1)`);
  if (args.patience !== undefined) {
    wholeNumber('--patience', args.patience, 1);
    if (validationSplit === 0) throw new CliError('--patience: needs --validation-split (the epochs are judged on the validation rows)');
  }
  wholeNumber('--epochs', args.epochs, 1);
  wholeNumber('--batch-size', args.batchSize, 1);
  positiveNumber('--learning-rate', args.learningRate);
  seedValue('--seed', args.seed);
  if (args.thresholds !== undefined) wholeNumber('--thresholds', args.thresholds, 1);
  if (args.resume !== undefined && args.arch !== undefined) {
    throw new CliError(`--arch ${args.arch}: not with --resume, which trains on the checkpoint's own net`);
  }
  const resume = args.resume === undefined ? undefined : loadCheckpoint(args.resume);
  if (resume?.encoders !== undefined) {
    // The checkpoint's encoders define what each input bit means; refitting them is not resuming.
    const given: [string, boolean][] = [
      ['--thresholds', args.thresholds !== undefined],
      ['--threshold-method', args.thresholdMethod !== undefined],
      ['--missing', args.missing !== undefined],
      ['--kind', args.kind.length > 0],
    ];
    const refit = given.find(([, isGiven]) => isGiven)?.[0];
    if (refit !== undefined) throw new CliError(`${refit}: not with --resume, whose checkpoint keeps the encoders (thresholds, categories) its net was trained on`);
  }
  // Epochs are counted on from a resumed checkpoint's, so progress reads "epoch 7/10", not "7/5".
  const firstEpoch = (resume?.epochs ?? 0) + 1;
  const lastEpoch = firstEpoch + args.epochs - 1;

  const showProgress = !args.quiet && process.stderr.isTTY === true;
  const bar = new SingleBar({
    format: `training |{bar}| epoch {value}/{total} · loss {loss} · train {train}${validationSplit > 0 ? ' · validation {validation}' : ''} · test {test} · ETA {eta_formatted}`,
    hideCursor: true,
    stream: process.stderr,
  });
  if (showProgress) bar.start(lastEpoch, firstEpoch - 1, { loss: '-', train: '-', validation: '-', test: '-' });
  let trained;
  // Without a TTY, a line every tenth of the epochs, and the last epoch trained (also when
  // training stopped early, so a log always ends with where it stopped).
  let unprinted: string | null = null;
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
      validationSplit,
      patience: args.patience,
      fit: { thresholds: args.thresholds, thresholdMethod: args.thresholdMethod, missing: args.missing ?? 'error', kinds: parseKinds(args.kind) },
      resume,
      dbncVersion: args.dbncVersion,
      onEpoch: (r) => {
        const payload = {
          loss: r.loss.toFixed(4),
          train: pct(r.trainAccuracy),
          validation: r.validationAccuracy === undefined ? '-' : pct(r.validationAccuracy),
          test: r.testAccuracy === null ? '-' : pct(r.testAccuracy),
        };
        if (showProgress || args.quiet) {
          if (showProgress) bar.update(r.epoch, payload);
          return;
        }
        const validation = r.validationAccuracy === undefined ? '' : ` · validation ${payload.validation}`;
        const line = `epoch ${r.epoch}/${lastEpoch} · loss ${payload.loss} · train ${payload.train}${validation} · test ${payload.test}\n`;
        unprinted = line;
        if ((r.epoch - firstEpoch + 1) % Math.max(1, Math.round(args.epochs / 10)) === 0 || r.epoch === lastEpoch) {
          process.stderr.write(line);
          unprinted = null;
        }
      },
    });
  } finally {
    if (showProgress) bar.stop();
  }
  if (unprinted !== null) process.stderr.write(unprinted);
  const { model, soft, softWeights } = trained;
  soft.dispose();
  const { train, test, validation, selectedEpoch } = model.metrics;
  const fidelity = Math.min(train.fidelity, test?.fidelity ?? 1, validation?.fidelity ?? 1);
  if (fidelity < 1) {
    // SPEC §2.6: a fidelity below 100% is a bug, never a statistic to print quietly.
    throw new CliError(`hardening fidelity is ${pct(fidelity)}, not 100%: this is a dbnc bug; no model written`, 3);
  }
  // The model and the checkpoint are written together: a failure leaves neither (nor a .tmp file).
  const files: OutputFile[] = [{ path: args.output, text: `${JSON.stringify(model, null, 2)}\n` }];
  if (args.saveSoft !== undefined) files.push({ path: args.saveSoft, text: checkpointJson(softWeights) });
  writeFilesAtomic(files);
  const weightBits = model.weights.reduce((sum, w) => sum + (w ? w.shape[0] * w.shape[1] : 0), 0);
  const lines = [
    `model        ${args.output} (${model.provenance.options.arch} net, ${weightBits} weights = ${Math.ceil(weightBits / 8)} bytes)`,
    `classes      ${model.encoders.label.classes.map(displayName).join(', ')}`,
    `train        ${train.rows} rows · soft ${pct(train.softAccuracy)} · hard ${pct(train.hardAccuracy)}`,
    ...(validation ? [`validation   ${validation.rows} rows · soft ${pct(validation.softAccuracy)} · hard ${pct(validation.hardAccuracy)}`] : []),
    test ? `test         ${test.rows} rows · soft ${pct(test.softAccuracy)} · hard ${pct(test.hardAccuracy)}` : 'test         (no test split)',
    `fidelity     ${pct(fidelity)} (soft and hard predictions agree on every row)`,
    ...(selectedEpoch !== undefined ? [`epochs       ${selectionLine(model.history.length, args.epochs, selectedEpoch, firstEpoch)}`] : []),
  ];
  if (!args.quiet) process.stdout.write(`${lines.join('\n')}\n`);
}
