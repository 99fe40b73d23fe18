/**
 * The peer benchmark as a function: for each data set and seed, one split, every method trained
 * and scored on it; per (data set, method) a summary over the seeds. `bench/peers.ts` is the
 * command line around it; the test calls it in-process.
 */
import { EspressoService } from '../../compiler/minimize/espresso/service';
import { buildSplit, splitNote, type SplitOptions } from './datasets';
import { runCart } from './methods/cart';
import { runDbnc } from './methods/dbnc';
import { runLogreg } from './methods/logreg';
import { runMlp } from './methods/mlp';
import { describeSettings, settingsFor } from './settings';
import { METHOD_NAMES, type DatasetName, type MethodName, type MethodRun, type Settings, type TaskSplit } from './types';

export interface PeersOptions extends SplitOptions {
  readonly datasets: readonly DatasetName[];
  /** Seeds firstSeed, firstSeed + 1, …, firstSeed + seeds − 1. */
  readonly seeds: number;
  readonly firstSeed: number;
  /** MNIST's seed count (its dbnc runs dominate the time); at most `seeds`. */
  readonly mnistSeeds: number;
  readonly quick: boolean;
  readonly methods?: readonly MethodName[];
  readonly dbncVersion: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** One method on one data set over the seeds. Accuracies are fractions in [0, 1]. */
export interface MethodSummary {
  readonly method: MethodName;
  readonly seeds: number;
  readonly meanAcc: number;
  /** Sample standard deviation over seeds (0 for one seed). */
  readonly stdAcc: number;
  readonly minAcc: number;
  readonly maxAcc: number;
  /** Mean over seeds (constant for dbnc, logreg and the MLP; a tree's size varies). */
  readonly modelBytes: number;
  /** Mean over seeds; null for models without a rule form. */
  readonly literals: number | null;
  /** Mean wall seconds of training per seed (dbnc: without the compile). */
  readonly trainSeconds: number;
  readonly settings: Settings;
  /** Method-specific figures: numbers are means over seeds, texts the distinct values. */
  readonly details: Readonly<Record<string, number | string>>;
}

export interface DatasetReport {
  readonly name: DatasetName;
  readonly split: string;
  readonly rows: { readonly train: number; readonly test: number };
  readonly features: { readonly bits: number; readonly numeric: number };
  readonly methods: MethodSummary[];
}

export interface PeersReport {
  readonly quick: boolean;
  readonly firstSeed: number;
  readonly datasets: DatasetReport[];
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

export function summarizeRuns(method: MethodName, runs: readonly MethodRun[], settings: Settings): MethodSummary {
  if (runs.length === 0) throw new Error(`${method}: no runs to summarize`);
  const acc = runs.map((r) => r.accuracy);
  const literals = runs.map((r) => r.literals);
  const details: Record<string, number | string> = {};
  for (const key of Object.keys(runs[0].details)) {
    const values = runs.map((r) => r.details[key]);
    details[key] = values.every((v) => typeof v === 'number') ? mean(values as number[]) : [...new Set(values.map(String))].join(', ');
  }
  return {
    method,
    seeds: runs.length,
    meanAcc: mean(acc),
    stdAcc: sampleSd(acc),
    minAcc: Math.min(...acc),
    maxAcc: Math.max(...acc),
    modelBytes: mean(runs.map((r) => r.modelBytes)),
    literals: literals.every((l): l is number => l !== null) ? mean(literals) : null,
    trainSeconds: mean(runs.map((r) => r.trainSeconds)),
    settings,
    details,
  };
}

/** Every method's settings for a data set, as printed. */
export function methodSettings(name: DatasetName, quick: boolean): Record<MethodName, Settings> {
  const s = settingsFor(name, { quick });
  return { dbnc: describeSettings(s.dbnc), cart: describeSettings(s.cart), logreg: describeSettings(s.logreg), mlp: describeSettings(s.mlp) };
}

export async function runPeers(options: PeersOptions): Promise<PeersReport> {
  const log = options.log ?? (() => undefined);
  const methods = options.methods ?? METHOD_NAMES;
  const espresso = new EspressoService();
  const datasets: DatasetReport[] = [];
  try {
    for (const name of options.datasets) {
      const settings = settingsFor(name, { quick: options.quick });
      const seeds = name === 'mnist' ? Math.min(options.seeds, options.mnistSeeds) : options.seeds;
      const runs: Record<MethodName, MethodRun[]> = { dbnc: [], cart: [], logreg: [], mlp: [] };
      let first: TaskSplit | null = null;
      for (let k = 0; k < seeds; k++) {
        const seed = options.firstSeed + k;
        const split = buildSplit(name, seed, options);
        first ??= split;
        for (const method of methods) {
          const run =
            method === 'dbnc'
              ? await runDbnc(split, settings.dbnc, { espresso, dbncVersion: options.dbncVersion })
              : method === 'cart'
                ? await runCart(split, settings.cart)
                : method === 'logreg'
                  ? await runLogreg(split, settings.logreg)
                  : await runMlp(split, settings.mlp);
          runs[method].push(run);
          const literals = run.literals === null ? '' : `, ${run.literals} literals`;
          log(
            `${name} seed ${seed} (${k + 1}/${seeds}) ${method}: test acc ${run.accuracy.toFixed(3)}, ` +
              `${Math.round(run.modelBytes)} B${literals}, train ${run.trainSeconds.toFixed(1)} s`,
          );
        }
      }
      const printed = methodSettings(name, options.quick);
      if (first === null) throw new Error(`${name}: no seeds to run`);
      datasets.push({
        name,
        split: splitNote(name, options),
        rows: { train: first.bits.train.rows, test: first.bits.test.rows },
        features: { bits: first.bits.train.inputs, numeric: first.numeric.train.width },
        methods: methods.map((m) => summarizeRuns(m, runs[m], printed[m])),
      });
    }
  } finally {
    await espresso.close();
  }
  return { quick: options.quick, firstSeed: options.firstSeed, datasets };
}
