import { parentPort, workerData } from 'node:worker_threads';
import { createInFlightWindow } from './in-flight.js';
import { PIECES_PER_BATCH, readBatches, type ReaderConfig } from './reader.js';
import type { ReaderMessage } from './reader-thread.js';

/**
 * Reads and validates the CSV on its own thread while the main thread writes the previous batches: parsing,
 * validation and phone parsing run beside the database work instead of taking turns with it. The batches
 * waiting for the writer are bounded (in-flight.ts), so memory stays bounded however large the file.
 * Up to six batches (1,000 rows each in a command-line import on SQLite): with two, the reader stopped
 * while the writer ended each transaction (a million rows: 76.4 s with two, 67.1 s with six; "A fresh
 * machine..." in docs/benchmarks.md). They are sent in pieces (ReaderConfig.pieceRows), so the window
 * counts pieces.
 */
const window = createInFlightWindow({
  batches: 6 * PIECES_PER_BATCH,
  bytes: 16 * 1024 * 1024,
  floor: 2 * PIECES_PER_BATCH,
});

const port = parentPort!;
let wake: (() => void) | null = null;
port.on('message', (message: unknown) => {
  if (message !== 'ack') return;
  window.taken();
  wake?.();
  wake = null;
});

const send = (message: ReaderMessage) => port.postMessage(message);

try {
  let before = 0;
  for await (const piece of readBatches(workerData as ReaderConfig)) {
    const bytes = piece.bytesRead - before;
    before = piece.bytesRead;
    while (!window.fits(bytes)) await new Promise<void>((resolve) => (wake = resolve));
    window.sent(bytes);
    send({ type: 'piece', piece });
  }
  send({ type: 'done' });
} catch (err) {
  const e = err as { message?: unknown; code?: unknown };
  send({
    type: 'error',
    message: typeof e.message === 'string' ? e.message : String(err),
    code: typeof e.code === 'string' ? e.code : null,
  });
} finally {
  port.close();
}
