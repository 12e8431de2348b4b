import { Worker } from 'node:worker_threads';
import type { TrainingInput, TrainingOutput } from './training.js';

/**
 * Runs a training in a worker thread and waits for it. From the TypeScript sources (tsx in development,
 * tests, `npx tandem` without a build) the worker loads the .ts file through tsx; from the build, the .js.
 */
export function trainOffThread(input: TrainingInput): Promise<TrainingOutput> {
  const fromSources = import.meta.url.endsWith('.ts');
  const script = new URL(fromSources ? './train.worker.ts' : './train.worker.js', import.meta.url);
  // Node 20 does not pass `--import tsx` on to workers: the worker registers tsx itself, then loads the file.
  const worker = fromSources
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); })`,
        { eval: true, workerData: input },
      )
    : new Worker(script, { workerData: input });
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
