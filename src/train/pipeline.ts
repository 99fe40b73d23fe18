/**
 * From a data file to a model file: read, encode, split, build the net, train, harden, measure
 * hardening fidelity, assemble model.json. No printing here — the CLI shows progress through
 * `onEpoch` and prints the summary.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { encodeRows, fitEncoders, type FitOptions } from '../data/encode';
import { readDataBytes } from '../data/file';
import { displayPath } from '../util/stdin';
import { readTable } from '../data/read';
import { packBits } from '../model/bits';
import { agreement } from '../model/evaluate';
import type { CheckpointFit, SoftWeights } from '../model/checkpoint';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type EpochRecord, type ModelFile, type SplitMetrics } from '../model/format';
import { firstIssue } from '../model/load';
import { archSchema, layerShapes, type ArchSpec } from '../nets/arch';
import { HardNet } from '../nets/hard_net';
import { defaultArch, PRESETS, presetArch, type PresetName } from '../nets/presets';
import { SoftNet } from '../nets/soft_net';
import { seededRng } from '../util/rng';
import type { OptimizerName } from './radam';
import { accuracyOf, datasetFromEncoded, permutation, pickRows, softPredict, softScore, type BitDataset } from './dataset';
import { BestEpoch } from './early_stopping';
import { train } from './trainer';

export interface TrainModelOptions {
  readonly dataPath: string;
  readonly label: string;
  /** A preset name, a path to an architecture JSON file, or undefined for the default net. */
  readonly arch?: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerName;
  readonly seed: number;
  /** Share of rows held out for testing (0 = none). */
  readonly testSplit: number;
  /**
   * Share of the training rows held out for validation (0 or undefined = none). With it, the
   * model keeps the weights of the epoch with the best validation accuracy (ties: lower loss).
   */
  readonly validationSplit?: number;
  /** Stop after this many epochs without a better validation result (needs `validationSplit`). */
  readonly patience?: number;
  readonly fit?: FitOptions;
  /** Continue from a soft-weight checkpoint (its architecture wins over `arch`). */
  readonly resume?: SoftWeights;
  readonly dbncVersion: string;
  readonly onEpoch?: (record: EpochRecord, epochs: number) => void;
}

export interface TrainedModel {
  readonly model: ModelFile;
  readonly soft: SoftNet;
  readonly hardNet: HardNet;
  /** The real-valued weights after training, for `--save-soft`. */
  readonly softWeights: SoftWeights;
}

export const DBNC_VERSION_UNKNOWN = '0.0.0';

function resolveArch(spec: string | undefined, inputs: number, classes: number): { arch: ArchSpec; name: string } {
  if (spec === undefined || spec === 'default') return { arch: defaultArch(inputs, classes), name: 'default' };
  if (spec in PRESETS) return { arch: presetArch(spec as PresetName, inputs, classes), name: spec };
  let json: unknown;
  try {
    // A leading byte-order mark is ignored, as in model and data files.
    json = JSON.parse(readFileSync(spec, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${spec}: not a preset (${Object.keys(PRESETS).join(', ')}, default) nor a readable JSON file (${(error as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${spec}: an architecture is a JSON object ({ "layers": [...], "head": {...} })`);
  // `inputs` and `classes` come from the data; a file may state them, but only truly.
  const given = json as { inputs?: unknown; classes?: unknown };
  for (const [field, value, actual, what] of [['inputs', given.inputs, inputs, 'input bits'], ['classes', given.classes, classes, 'classes']] as const) {
    if (value !== undefined && value !== actual) throw new Error(`${spec}: field ${field}: ${JSON.stringify(value)}, but the data give ${actual} ${what} (leave it out: it is taken from the data)`);
  }
  const parsed = archSchema.safeParse({ inputs, classes, ...given });
  if (!parsed.success) throw new Error(`${spec}: ${firstIssue(parsed.error, 'architecture')}`);
  return { arch: { ...parsed.data, inputs, classes }, name: basename(spec) };
}

/** A seeded train/test split: shuffled row indices, the last `testSplit` share held out. */
export function splitRows(rows: number, testSplit: number, seed: number): { train: Int32Array; test: Int32Array } {
  const order = permutation(rows, seededRng(seed ^ 0x5eed));
  const testRows = Math.round(rows * testSplit);
  if (rows - testRows < 1) throw new Error(`test split ${testSplit} leaves no training rows`);
  return { train: order.slice(0, rows - testRows), test: order.slice(rows - testRows) };
}

/**
 * Of the training rows `rows`, a seeded `share` held out for validation; the rest are fitted.
 * The draw depends only on the rows, the share and the seed, so a model is reproducible.
 */
export function holdOutRows(rows: Int32Array, share: number, seed: number): { fit: Int32Array; held: Int32Array } {
  if (share === 0) return { fit: rows, held: new Int32Array(0) };
  const order = permutation(rows.length, seededRng(seed ^ 0x7a11d));
  const held = Math.round(rows.length * share);
  if (held < 1) throw new Error(`validation split ${share} of ${rows.length} training rows holds out no row`);
  if (held >= rows.length) throw new Error(`validation split ${share} leaves none of the ${rows.length} training rows to fit`);
  const pick = (ids: Int32Array): Int32Array => ids.map((i) => rows[i]);
  return { fit: pick(order.subarray(0, rows.length - held)), held: pick(order.subarray(rows.length - held)) };
}

/** Soft and hard accuracy and their agreement (hardening fidelity) on one split. */
export function measureSplit(soft: SoftNet, hard: HardNet, data: BitDataset): SplitMetrics {
  const softPredicted = softPredict(soft, data.bits, data.rows);
  const hardPredicted = hard.predict(data.bits, data.rows);
  return {
    rows: data.rows,
    softAccuracy: accuracyOf(softPredicted, data.labels),
    hardAccuracy: accuracyOf(hardPredicted, data.labels),
    fidelity: agreement(softPredicted, hardPredicted),
  };
}

/** Why the encoders gave no input bits, and what to do, for a table with `columns` columns (label included). */
function noInputBitsReason(columns: number): string {
  if (columns === 1) return 'no feature columns besides the label, so there is nothing to learn from';
  return (
    'the features give no input bits: a numeric column with a single value has no cut point, and ' +
    '--threshold-method entropy finds none where the class does not change (try quantile cuts, or more varied data)'
  );
}

export function trainModel(options: TrainModelOptions): TrainedModel {
  const table = readTable(options.dataPath);
  // The split depends only on the row count and the seed, so it is drawn before encoding.
  const split = splitRows(table.rows.length, options.testSplit, options.seed);
  const validationSplit = options.validationSplit ?? 0;
  if (options.patience !== undefined && validationSplit === 0) throw new Error('patience needs a validation split to watch');
  const fitting = holdOutRows(split.train, validationSplit, options.seed);
  // Encoders are fitted on all rows — categories and quantile thresholds use no labels, and a
  // held-out row then never carries a category the model has no bit for — but label-driven
  // (entropy) thresholds see the fitted rows' labels only (not the test or validation rows').
  const resumedEncoders = options.resume?.encoders;
  // How the encoders were fitted: by this run, or — resumed — as the checkpoint recorded it.
  const fitted: CheckpointFit = (resumedEncoders !== undefined ? options.resume?.fit : undefined) ?? {
    thresholds: options.fit?.thresholds ?? null,
    ...(options.fit?.thresholdMethod === 'entropy' ? { thresholdMethod: 'entropy' as const } : {}),
    missing: options.fit?.missing ?? 'error',
  };
  if (resumedEncoders !== undefined && resumedEncoders.label.column !== options.label) {
    throw new Error(`--resume: the checkpoint's net was trained to predict column "${resumedEncoders.label.column}", not "${options.label}"`);
  }
  // A resumed net keeps its encoders (each input bit keeps its meaning: the same thresholds and
  // categories, whatever rows this run reads); older checkpoints without them are refitted.
  const { encoders } = resumedEncoders !== undefined ? { encoders: resumedEncoders } : fitEncoders(table, options.label, { ...options.fit, labelledRows: fitting.fit });
  let encoded: ReturnType<typeof encodeRows>;
  try {
    encoded = encodeRows(encoders, table, options.label);
  } catch (error) {
    if (resumedEncoders === undefined) throw error;
    // "Not in the training data" means the checkpoint's, which fixed the encoders.
    throw new Error(`${(error as Error).message} (--resume: rows are encoded with the checkpoint's encoders, fitted to the data it was first trained on)`);
  }
  if (encoded.nBits === 0) throw new Error(`${options.dataPath}: ${noInputBitsReason(table.columns.length)}`);
  const classes = encoders.label.classes.length;
  if (classes < 2) throw new Error(`${options.dataPath}: column "${options.label}" has only one class`);
  const { arch, name: archName } = options.resume
    ? // Checkpoints written before they kept the name say only that the net was resumed.
      { arch: options.resume.arch, name: options.resume.archName ?? 'resumed' }
    : resolveArch(options.arch, encoded.nBits, classes);
  if (arch.inputs !== encoded.nBits || arch.classes !== classes) {
    throw new Error(`--resume: the checkpoint's net takes ${arch.inputs} bits and ${arch.classes} classes; the data give ${encoded.nBits} bits and ${classes} classes`);
  }
  try {
    layerShapes(arch);
  } catch (error) {
    // Name where the net came from: the layer's message alone does not say which file or preset.
    throw new Error(`${options.resume ? '--resume' : `--arch ${options.arch ?? 'default'}`}: ${(error as Error).message}`);
  }
  const epochsBefore = options.resume?.epochs ?? 0;

  const all = datasetFromEncoded(encoded);
  const trainSet = pickRows(all, fitting.fit);
  const validationSet = fitting.held.length > 0 ? pickRows(all, fitting.held) : null;
  const testSet = split.test.length > 0 ? pickRows(all, split.test) : null;

  const soft = options.resume ? SoftNet.fromWeights(arch, options.resume.values) : SoftNet.init(arch, options.seed);
  const history: EpochRecord[] = [];
  const accuracy = (data: BitDataset): number => accuracyOf(softPredict(soft, data.bits, data.rows), data.labels);
  const selection = validationSet ? new BestEpoch(options.patience) : null;
  let bestWeights: Array<Float32Array | null> | null = null;
  train(soft, trainSet, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    optimizer: options.optimizer,
    seed: options.seed,
    onEpoch: (epoch, loss) => {
      const validation = validationSet ? softScore(soft, validationSet) : null;
      const record: EpochRecord = {
        epoch: epochsBefore + epoch + 1,
        loss,
        trainAccuracy: accuracy(trainSet),
        testAccuracy: testSet ? accuracy(testSet) : null,
        ...(validation ? { validationAccuracy: validation.accuracy } : {}),
      };
      history.push(record);
      options.onEpoch?.(record, options.epochs);
      if (!selection || !validation) return false;
      const verdict = selection.offer({ epoch: record.epoch, ...validation });
      if (verdict.best) bestWeights = soft.snapshot();
      return verdict.stop;
    },
  });
  // The model holds the selected epoch's weights, not the last epoch's.
  if (bestWeights) soft.restore(bestWeights);
  const selectedEpoch = selection?.best?.epoch;

  const hardWeights = soft.hardenWeights();
  const hardNet = new HardNet(arch, hardWeights);
  const trainMetrics = measureSplit(soft, hardNet, trainSet);
  const testMetrics = testSet ? measureSplit(soft, hardNet, testSet) : null;
  const dataSha256 = createHash('sha256').update(readDataBytes(options.dataPath)).digest('hex');

  const model: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    dbncVersion: options.dbncVersion,
    name: basename(displayPath(options.dataPath)).replace(/\.[^.]*$/, ''),
    arch,
    encoders,
    weights: hardWeights.map((w) => (w ? { shape: [w.rows, w.cols], bits: packBits(w.bits) } : null)),
    metrics: {
      train: trainMetrics,
      test: testMetrics,
      ...(validationSet && selectedEpoch !== undefined ? { validation: measureSplit(soft, hardNet, validationSet), selectedEpoch } : {}),
    },
    history,
    provenance: {
      dataFile: basename(displayPath(options.dataPath)),
      dataSha256,
      seed: options.seed,
      options: {
        label: options.label,
        arch: archName,
        epochs: options.epochs,
        batchSize: options.batchSize,
        learningRate: options.learningRate,
        optimizer: options.optimizer,
        testSplit: options.testSplit,
        resumedFromEpoch: options.resume ? epochsBefore : null,
        thresholds: fitted.thresholds,
        // Recorded only when not the default, so models trained before the option existed keep their bytes.
        ...(fitted.thresholdMethod === 'entropy' ? { thresholdMethod: 'entropy' } : {}),
        missing: fitted.missing,
        ...(validationSplit > 0 ? { validationSplit } : {}),
        ...(options.patience !== undefined ? { patience: options.patience } : {}),
      },
    },
  };
  const softWeights: SoftWeights = {
    arch,
    archName,
    encoders,
    fit: fitted,
    epochs: selectedEpoch ?? epochsBefore + history.length,
    values: soft.snapshot(),
  };
  return { model, soft, hardNet, softWeights };
}
