/**
 * The fuzz's executor, run in a worker thread so that the test can stop a case that hangs (a
 * synchronous loop cannot be interrupted on the thread running it). Each message is one case:
 * the text of a (mutated) model file. It goes through the functions the CLI runs —
 * `loadModel` + `inspectModel` (inspect), `compileFromFiles` + a target's `emit` (compile and
 * verify), `predictCsv` (predict) — and the reply says, per stage, whether it succeeded and
 * what it produced, or how it failed: the error's class, its message, and what `reportFailure`
 * printed and returned as the exit code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { TARGETS } from '../../targets';
import { describeGuarantee } from '../../targets/types';
import { compileFromFiles } from '../../src/cli/compile_command';
import { CliError } from '../../src/cli/errors';
import { formatInspectReport, inspectModel } from '../../src/cli/inspect_command';
import { predictCsv } from '../../src/cli/predict_command';
import { DataError } from '../../src/data/errors';
import { packBits } from '../../src/model/bits';
import { loadModel } from '../../src/model/load';
import { ModelError } from '../../src/model/model_error';
import { OutputFileError } from '../../src/util/atomic_write';
import { firstDifference } from '../helpers/model_mutations';
import { reportedFailure } from './support';

export interface FuzzCase {
  readonly id: number;
  readonly text: string;
  /** A CSV of rows for the unmutated model (predict reads it). */
  readonly dataPath: string;
  readonly target: 'ir' | 'ts' | 'sql' | 'verilog' | 'rules';
}

export interface StageFailure {
  readonly ok: false;
  readonly errorClass: string;
  /** ModelError, DataError, CliError or OutputFileError: the errors meant for users. */
  readonly known: boolean;
  readonly message: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly stack: string;
}

export type CaseResult =
  | { readonly stage: 'load'; readonly failure: StageFailure }
  | {
      readonly stage: 'done';
      /** Where what was loaded differs from what the file says (a dropped field, lenient bits), or null. */
      readonly roundTrip: string | null;
      readonly guarantee: string;
      readonly guaranteeLine: string;
      /** Random possible inputs checked, or every possible input where there are no more than that. */
      readonly inputsChecked: number;
      readonly artifactHasGuarantee: boolean;
      readonly compileFailure: StageFailure | null;
      readonly predicted: { readonly rows: number } | StageFailure;
    };

const RANDOM_VECTORS = 32;

/** What the CLI would print and return for `error` (stderr captured, not printed). */
function failure(error: unknown): StageFailure {
  const { code: exitCode, stderr } = reportedFailure(error);
  const known = error instanceof ModelError || error instanceof DataError || error instanceof CliError || error instanceof OutputFileError;
  return {
    ok: false,
    errorClass: error instanceof Error ? error.constructor.name : typeof error,
    known,
    message: error instanceof Error ? error.message : String(error),
    stderr,
    exitCode,
    stack: error instanceof Error ? (error.stack ?? '') : '',
  };
}

const dir = mkdtempSync(join(tmpdir(), 'dbnc-fuzz-worker-'));
const modelPath = join(dir, 'case.model.json');

async function runCase(c: FuzzCase): Promise<CaseResult> {
  writeFileSync(modelPath, c.text);
  let roundTrip: string | null = null;
  try {
    const loaded = loadModel(modelPath);
    formatInspectReport(inspectModel(loaded));
    roundTrip = firstDifference(JSON.parse(c.text.replace(/^\ufeff/, '')), loaded.model) ?? null;
    loaded.hardWeights.forEach((w, i) => {
      if (w && roundTrip === null && packBits(w.bits) !== loaded.model.weights[i]?.bits) roundTrip = `.weights[${i}].bits`;
    });
  } catch (error) {
    return { stage: 'load', failure: failure(error) };
  }
  let guarantee = '';
  let guaranteeLine = '';
  let inputsChecked = -1;
  let artifactHasGuarantee = false;
  let compileFailure: StageFailure | null = null;
  try {
    // --no-minimize and few random vectors: the pipeline and its guarantee, fast.
    const { result, identity } = await compileFromFiles({
      model: modelPath,
      minimize: false,
      randomVectors: RANDOM_VECTORS,
      seed: c.id,
      espressoTimeoutMs: 10_000,
      satTimeoutMs: 2_000,
      quiet: true,
    });
    guarantee = result.guarantee.level;
    guaranteeLine = describeGuarantee(result.guarantee);
    inputsChecked = result.checked.randomVectors + result.checked.everyInput;
    const artifact = await TARGETS[c.target].emit({ program: result.program, model: identity, guarantee: result.guarantee, options: {} });
    artifactHasGuarantee = artifact.includes(guaranteeLine);
  } catch (error) {
    compileFailure = failure(error);
  }
  let predicted: { rows: number } | StageFailure;
  try {
    predicted = { rows: (await predictCsv(modelPath, c.dataPath)).rows };
  } catch (error) {
    predicted = failure(error);
  }
  return { stage: 'done', roundTrip, guarantee, guaranteeLine, inputsChecked, artifactHasGuarantee, compileFailure, predicted };
}

const port = parentPort;
if (port === null) throw new Error('model_fuzz_worker.ts runs as a worker thread');
port.on('message', (c: FuzzCase | 'stop') => {
  if (c === 'stop') {
    rmSync(dir, { recursive: true, force: true });
    port.close();
    return;
  }
  void runCase(c).then(
    (result) => port.postMessage({ id: c.id, result }),
    (error: unknown) => port.postMessage({ id: c.id, crash: String((error as Error)?.stack ?? error) }),
  );
});
port.postMessage({ ready: true });
