import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../shared/worker-thread.js';
import { PIECES_PER_BATCH, type ReadBatch, type ReaderConfig, type ReadPiece } from './reader.js';

export type ReaderMessage =
  { type: 'piece'; piece: ReadPiece } | { type: 'done' } | { type: 'error'; message: string; code: string | null };

/** Starts reader.worker in a worker thread. */
function startWorker(config: ReaderConfig): Worker {
  // The reader's live data is a couple of batches (bounded in rows and bytes) and the rules' code: a small
  // heap keeps its garbage collected early instead of growing the process by a second full-size heap.
  // Rows are handed over a tenth of a batch at a time: a whole batch held in the reader's heap until sent
  // outlived two young-generation collections and was copied to the old generation, which made garbage
  // collection about a quarter of the import's CPU time (docs/benchmarks.md).
  const pieceRows = Math.max(1, Math.ceil(config.batchRows / PIECES_PER_BATCH));
  return startModuleWorker(import.meta.url, './reader.worker', {
    workerData: { ...config, pieceRows } satisfies ReaderConfig,
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 24 },
  });
}

/**
 * readBatches on another thread: yields the same batches, put together from the pieces the thread sends,
 * acknowledging a batch's pieces when the consumer asks for the next (so the reader is at most a few
 * batches ahead: reader.worker.ts). Stopping early terminates the thread.
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
  let rows: ReadBatch['rows'] = [];
  let pieces = 0;
  let bytesRead = 0;
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      const m = inbox.shift()!;
      switch (m.type) {
        case 'piece': {
          pieces++;
          for (const row of m.piece.rows) rows.push(row);
          bytesRead = m.piece.bytesRead;
          if (!m.piece.ends) break;
          const batch: ReadBatch = { rows, bytesRead };
          rows = [];
          yield batch;
          for (; pieces > 0; pieces--) worker.postMessage('ack');
          break;
        }
        case 'done':
          // The file ended inside a batch whose last piece was already full (so not marked as its end).
          if (rows.length > 0) yield { rows, bytesRead };
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
