import { parentPort, workerData } from 'node:worker_threads';
import { readBatches, type ReaderConfig } from './reader.js';
import type { ReaderMessage } from './reader-thread.js';

/**
 * Reads and validates the CSV on its own thread while the main thread writes the previous batches: parsing,
 * validation and phone parsing run beside the database work instead of taking turns with it. At most
 * IN_FLIGHT batches wait for the writer, so memory stays bounded however large the file.
 */
const IN_FLIGHT = 2;

const port = parentPort!;
let credits = IN_FLIGHT;
let wake: (() => void) | null = null;
port.on('message', (message: unknown) => {
  if (message !== 'ack') return;
  credits += 1;
  wake?.();
  wake = null;
});

const send = (message: ReaderMessage) => port.postMessage(message);

try {
  for await (const batch of readBatches(workerData as ReaderConfig)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits -= 1;
    send({ type: 'batch', batch });
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
