/**
 * dbnc on one split: train the soft net (the paper's RAdam loop, `src/train/trainer.ts`), harden
 * it, score the hard net (the deployed model) on the test rows, then compile the hardened model
 * with the real compiler (`compileModel` on the loaded model file, as `dbnc compile` does) for
 * its literal count.
 *
 * Size: the hardened weights at 1 bit each, ceil(weights / 8) bytes — what `dbnc inspect`
 * reports. Literals: the compiled program's literals after minimization.
 */
import { performance } from 'node:perf_hooks';
import { compileModel } from '../../../compiler/compile';
import type { EspressoService } from '../../../compiler/minimize/espresso/service';
import { agreement } from '../../../src/model/evaluate';
import { parseModel } from '../../../src/model/load';
import { syntheticModel } from '../../../src/model/synthetic';
import { weightCount, type ArchSpec } from '../../../src/nets/arch';
import { HardNet } from '../../../src/nets/hard_net';
import { defaultArch, presetArch } from '../../../src/nets/presets';
import { SoftNet } from '../../../src/nets/soft_net';
import { accuracyOf, softPredict } from '../../../src/train/dataset';
import { deriveSeed } from '../../../src/train/experiments';
import { train } from '../../../src/train/trainer';
import type { DbncSettings } from '../settings';
import type { MethodRun, TaskSplit } from '../types';

/** The seed streams `src/train/experiments.ts` uses for the initial weights and for training. */
const INIT_STREAM = 2;
const TRAIN_STREAM = 3;
/** Rows per soft-net evaluation chunk (mnist-paper's ∂⇒ layer is 47,040 floats a row). */
const EVAL_BATCH = 200;

export function dbncArch(settings: DbncSettings, inputs: number, classes: number): ArchSpec {
  return settings.arch === 'default' ? defaultArch(inputs, classes) : presetArch(settings.arch, inputs, classes);
}

export interface DbncContext {
  readonly espresso: EspressoService;
  readonly dbncVersion: string;
}

export async function runDbnc(split: TaskSplit, settings: DbncSettings, context: DbncContext): Promise<MethodRun> {
  const { train: trainSet, test: testSet, encoders } = split.bits;
  const arch = dbncArch(settings, trainSet.inputs, split.classes.length);
  const net = SoftNet.init(arch, deriveSeed(split.seed, INIT_STREAM));
  let weights;
  let fidelity;
  const start = performance.now();
  try {
    train(net, trainSet, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      optimizer: settings.optimizer,
      seed: deriveSeed(split.seed, TRAIN_STREAM),
    });
    weights = net.hardenWeights();
    // Hardening must not change a prediction (SPEC §2.6); checked on the test rows, reported.
    fidelity = agreement(softPredict(net, testSet.bits, testSet.rows, EVAL_BATCH), new HardNet(arch, weights).predict(testSet.bits, testSet.rows));
  } finally {
    net.dispose();
  }
  const trainSeconds = (performance.now() - start) / 1000;

  const name = `${split.dataset}-seed-${split.seed}`;
  const loaded = parseModel(name, syntheticModel({ name, dbncVersion: context.dbncVersion, arch, weights, encoders }));
  const accuracy = accuracyOf(loaded.hardNet.predict(testSet.bits, testSet.rows), testSet.labels);
  const compileStart = performance.now();
  const compiled = await compileModel(loaded, {
    espresso: context.espresso,
    data: { rows: trainSet.bits, count: trainSet.rows },
    satTimeoutMs: 20_000,
  });
  const compileSeconds = (performance.now() - compileStart) / 1000;
  const rules = compiled.program.head.kind === 'decisionList' ? compiled.program.head.rules.length : null;
  return {
    accuracy,
    modelBytes: Math.ceil(weightCount(arch) / 8),
    literals: compiled.literalsAfter,
    trainSeconds,
    details: {
      weights: weightCount(arch),
      fidelity,
      literalsBeforeCompile: compiled.literalsBefore,
      rules: rules ?? 'multi-level',
      guarantee: compiled.guarantee.level,
      compileSeconds,
    },
  };
}
