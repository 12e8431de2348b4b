import { startModuleWorker } from '../../shared/worker-thread.js';
import type { TrainingInput, TrainingOutput } from './training.js';

/** Runs a training in a worker thread and waits for it. */
export function trainOffThread(input: TrainingInput): Promise<TrainingOutput> {
  const worker = startModuleWorker(import.meta.url, './train.worker', { workerData: input });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (output: TrainingOutput) => {
      settled = true;
      resolve(output);
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The training worker stopped (exit code ${code}) without a result.`));
    });
  });
}
