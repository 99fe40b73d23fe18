/**
 * Worker entry of `bench/paper.ts --workers N`: runs (experiment, seed) tasks posted by the main
 * thread, one at a time, and posts back each result (or a one-line error). Started through a
 * small JavaScript bootstrap that registers tsx first (see `startWorker` in paper.ts).
 */
import { parentPort } from 'node:worker_threads';
import { runExperimentSeed, type ExperimentName, type SeedResult, type SeedRunOptions } from '../src/train/experiments';

export interface WorkerTask {
  readonly id: number;
  readonly name: ExperimentName;
  readonly options: Omit<SeedRunOptions, 'onEpoch'>;
  /** Post a progress message after every epoch. */
  readonly reportEpochs: boolean;
}

export type WorkerMessage =
  | { readonly kind: 'result'; readonly id: number; readonly result: SeedResult }
  | { readonly kind: 'error'; readonly id: number; readonly message: string }
  | { readonly kind: 'epoch'; readonly id: number; readonly epoch: number; readonly loss: number; readonly seconds: number };

const port = parentPort;
if (!port) throw new Error('bench/paper_worker.ts runs only as a worker thread of bench/paper.ts');

port.on('message', (task: WorkerTask) => {
  const post = (message: WorkerMessage): void => port.postMessage(message);
  try {
    const result = runExperimentSeed(task.name, {
      ...task.options,
      onEpoch: task.reportEpochs ? (epoch, loss, seconds) => post({ kind: 'epoch', id: task.id, epoch, loss, seconds }) : undefined,
    });
    post({ kind: 'result', id: task.id, result });
  } catch (error) {
    post({ kind: 'error', id: task.id, message: error instanceof Error ? error.message : String(error) });
  }
});
