/**
 * `dbnc inspect <model.json> [--json]`: what a model file holds — architecture and sizes,
 * selected weights per layer, the input features and what each bit means, classes, the metrics
 * measured at training time, and provenance.
 */
import { bitPredicates, displayName, featureBits, formatPredicate, jsonString } from '../data/predicate';
import type { ModelFile, SplitMetrics } from '../model/format';
import { loadModel, type LoadedModel } from '../model/load';
import { formatPercent } from '../util/percent';

export interface InspectArgs {
  model: string;
  json: boolean;
}

export interface LayerSummary {
  index: number;
  kind: string;
  inputs: number;
  outputs: number;
  width?: number;
  groupSize?: number;
  rate?: number;
  packed?: boolean;
  /** [neurons, inputs], or null for weightless layers. */
  weightShape: [number, number] | null;
  weights: number;
  /** Weights hardened to 1 (the inputs each neuron selects, summed over neurons). */
  ones: number;
}

export interface FeatureSummary {
  column: string;
  kind: string;
  thresholds?: number[];
  categories?: string[];
  missingBit: boolean;
  /** Input bit numbers and their meaning, e.g. `petal_length > 2.45`. */
  bits: Array<{ bit: number; predicate: string }>;
}

export interface InspectReport {
  file: string;
  name: string;
  format: string;
  formatVersion: number;
  dbncVersion: string;
  arch: {
    inputs: number;
    classes: number;
    head: Record<string, unknown>;
    layers: LayerSummary[];
  };
  weights: { count: number; ones: number; bytes: number };
  features: FeatureSummary[];
  label: { column: string; classes: string[] };
  metrics: ModelFile['metrics'];
  /** Epochs the weights were trained in all, a resumed checkpoint's included. */
  epochs: number;
  /** The epoch a `--resume`d run started from (its history holds the epochs after it), else null. */
  resumedFromEpoch: number | null;
  provenance: {
    dataFile: string;
    dataSha256: string;
    seed: number;
    options: Record<string, string | number | boolean | null>;
  };
}

/** The epochs a resumed run's checkpoint had already trained; null when the run did not resume. */
function resumedFrom(model: ModelFile): number | null {
  const before = model.provenance.options.resumedFromEpoch;
  return typeof before === 'number' ? before : null;
}

export function inspectModel(loaded: LoadedModel): InspectReport {
  const { model, hardWeights, hardNet } = loaded;
  const layers: LayerSummary[] = hardNet.shapes.map((shape, index) => {
    const spec = shape.spec;
    const w = hardWeights[index];
    let ones = 0;
    if (w) for (let k = 0; k < w.bits.length; k++) ones += w.bits[k];
    return {
      index,
      kind: spec.kind,
      inputs: shape.inputs,
      outputs: shape.outputs,
      ...('width' in spec ? { width: spec.width } : {}),
      ...('groupSize' in spec ? { groupSize: spec.groupSize } : {}),
      ...('rate' in spec ? { rate: spec.rate } : {}),
      ...('packed' in spec ? { packed: spec.packed } : {}),
      weightShape: shape.weights ? [shape.weights[0], shape.weights[1]] : null,
      weights: shape.weights ? shape.weights[0] * shape.weights[1] : 0,
      ones,
    };
  });
  const count = layers.reduce((sum, l) => sum + l.weights, 0);
  let bit = 0;
  const features: FeatureSummary[] = model.encoders.features.map((f) => ({
    column: f.column,
    kind: f.kind,
    ...(f.kind === 'numeric' ? { thresholds: f.thresholds } : {}),
    ...(f.kind === 'categorical' ? { categories: f.categories } : {}),
    missingBit: f.missingBit,
    bits: featureBits(f).map((p) => ({ bit: bit++, predicate: formatPredicate(p) })),
  }));
  // The features' bits, numbered in order, are exactly the net's input bits.
  if (bit !== bitPredicates(model.encoders).length) throw new Error('inspect: feature bits out of step with the encoding');
  return {
    file: loaded.path,
    name: model.name,
    format: model.format,
    formatVersion: model.formatVersion,
    dbncVersion: model.dbncVersion,
    arch: { inputs: model.arch.inputs, classes: model.arch.classes, head: { ...model.arch.head }, layers },
    weights: { count, ones: layers.reduce((sum, l) => sum + l.ones, 0), bytes: Math.ceil(count / 8) },
    features,
    label: { column: model.encoders.label.column, classes: [...model.encoders.label.classes] },
    metrics: model.metrics,
    epochs: (resumedFrom(model) ?? 0) + model.history.length,
    resumedFromEpoch: resumedFrom(model),
    provenance: model.provenance,
  };
}

const pct = (x: number): string => formatPercent(x, 2);

function layerLine(l: LayerSummary): string {
  const params = [
    l.width !== undefined ? `width ${l.width}` : '',
    l.groupSize !== undefined ? `groups of ${l.groupSize}` : '',
    l.rate !== undefined ? `rate ${l.rate}` : '',
    l.packed !== undefined ? (l.packed ? 'packed' : 'unpacked') : '',
  ].filter((s) => s !== '');
  const weights = l.weightShape
    ? `weights ${l.weightShape[0]}×${l.weightShape[1]} = ${l.weights}, ${l.ones} selected (= 1)`
    : 'no weights';
  return `  [${l.index}] ${l.kind.padEnd(9)} ${`${l.inputs} → ${l.outputs} bits`.padEnd(20)} ${params.length ? `${params.join(', ')} · ` : ''}${weights}`;
}

function metricsLine(name: string, m: SplitMetrics | null): string {
  return m
    ? `  ${name.padEnd(10)} ${m.rows} rows · soft ${pct(m.softAccuracy)} · hard ${pct(m.hardAccuracy)} · fidelity ${pct(m.fidelity)}`
    : `  ${name.padEnd(10)} (no test split)`;
}

export function formatInspectReport(r: InspectReport): string {
  const head = Object.entries(r.arch.head)
    .filter(([key]) => key !== 'kind')
    .map(([key, value]) => `${key} ${String(value)}`);
  const lines = [
    `model        ${r.file} (${r.format} v${r.formatVersion}, written by dbnc ${r.dbncVersion}, name "${r.name}")`,
    '',
    'architecture',
    `  ${r.arch.inputs} input bits → ${r.arch.classes} classes, head ${r.arch.head.kind as string}${head.length ? ` (${head.join(', ')})` : ''}`,
    ...r.arch.layers.map(layerLine),
    `  total: ${r.weights.count} weights = ${r.weights.bytes} bytes at 1 bit each; ${r.weights.ones} selected`,
    '',
    `features     ${r.features.length} columns → ${r.arch.inputs} input bits`,
  ];
  for (const f of r.features) {
    const values =
      f.thresholds !== undefined
        ? f.thresholds.length > 0
          ? `thresholds ${f.thresholds.join(', ')}`
          : 'no thresholds, so no input bits'
        : f.categories !== undefined
          ? `categories ${f.categories.map((c) => jsonString(c)).join(', ')}`
          : '';
    lines.push(`  ${displayName(f.column)} (${f.kind}${values ? `; ${values}` : ''}${f.missingBit ? '; with an "is missing" bit' : ''})`);
    for (const b of f.bits) lines.push(`    bit ${String(b.bit).padStart(3)}  ${b.predicate}`);
  }
  lines.push(
    '',
    `classes      ${r.label.classes.map(displayName).join(', ')} (label column ${jsonString(r.label.column)})`,
    '',
    `metrics      measured at training (${r.epochs} epochs${r.resumedFromEpoch !== null ? `, resumed from epoch ${r.resumedFromEpoch}` : ''}${r.metrics.selectedEpoch !== undefined ? `; the weights are epoch ${r.metrics.selectedEpoch}'s, the best on the validation rows` : ''})`,
    metricsLine('train', r.metrics.train),
    ...(r.metrics.validation ? [metricsLine('validation', r.metrics.validation)] : []),
    metricsLine('test', r.metrics.test),
    '',
    'provenance',
    `  data file  ${r.provenance.dataFile}`,
    `  sha256     ${r.provenance.dataSha256}`,
    `  seed       ${r.provenance.seed}`,
    `  options    ${formatTrainingOptions(r.provenance.options)}`,
  );
  return `${lines.join('\n')}\n`;
}

export function runInspect(args: InspectArgs): number {
  const report = inspectModel(loadModel(args.model));
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : formatInspectReport(report));
  return 0;
}

/**
 * The training options as `key=value` words: null is the option's default, except for
 * `resumedFromEpoch`, where null means the net was trained from scratch (left out).
 */
export function formatTrainingOptions(options: InspectReport['provenance']['options']): string {
  return Object.entries(options)
    .filter(([key, value]) => !(key === 'resumedFromEpoch' && value === null))
    .map(([key, value]) => `${key}=${value === null ? 'default' : String(value)}`)
    .join(' ');
}
