import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../shared/worker-thread.js';
import type { ReadBatch, ReaderConfig } from './reader.js';

export type ReaderMessage =
  { type: 'batch'; batch: ReadBatch } | { type: 'done' } | { type: 'error'; message: string; code: string | null };

/** Starts reader.worker in a worker thread. */
function startWorker(config: ReaderConfig): Worker {
  // The reader's live data is a couple of batches (bounded in rows and bytes) and the rules' code: a small
  // heap keeps its garbage collected early instead of growing the process by a second full-size heap.
  return startModuleWorker(import.meta.url, './reader.worker', {
    workerData: config,
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 24 },
  });
}

/**
 * readBatches on another thread: yields the same batches, acknowledging each one when the consumer asks
 * for the next (so the reader is at most a few batches ahead: reader.worker.ts). Stopping early terminates
 * the thread.
 */
export async function* readBatchesInWorker(config: ReaderConfig): AsyncGenerator<ReadBatch> {
  const worker = startWorker(config);
  const inbox: (ReaderMessage | { type: 'exit'; code: number } | { type: 'crash'; error: Error })[] = [];
  let notify: (() => void) | null = null;
  const push = (m: (typeof inbox)[number]) => {
    inbox.push(m);
    notify?.();
    notify = null;
  };
  worker.on('message', (m: ReaderMessage) => push(m));
  worker.on('error', (error: Error) => push({ type: 'crash', error }));
  worker.on('exit', (code: number) => push({ type: 'exit', code }));
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      const m = inbox.shift()!;
      switch (m.type) {
        case 'batch':
          yield m.batch;
          worker.postMessage('ack');
          break;
        case 'done':
          return;
        case 'error':
          throw Object.assign(new Error(m.message), m.code ? { code: m.code } : {});
        case 'crash':
          throw m.error;
        case 'exit':
          throw new Error(`The CSV reader thread stopped (exit code ${m.code}).`);
      }
    }
  } finally {
    await worker.terminate();
  }
}
