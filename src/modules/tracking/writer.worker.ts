import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase } from '../../db/database.js';
import { createOutbox } from '../../jobs/outbox.js';
import { appendWithReactions } from './append.js';
import type { NewEvent } from './tracking.repository.js';
import type { WriterReply, WriterRequest, WriterThreadData } from './writer-thread.js';

/**
 * The event writer thread: its own connection to the SQLite file, committing the batches the main thread's
 * group commit hands over. SQLite's work (the inserts, their indexes, the commit) then runs beside request
 * handling instead of on the same thread. The main thread's clock stamps each batch, so both threads
 * agree on time (tests run with a fixed clock).
 */
const { database: config } = workerData as WriterThreadData;
const database = createDatabase({ database: config });
let now = new Date();
const outbox = createOutbox({ clock: { now: () => now } });
const port = parentPort!;

port.on('message', (request: WriterRequest) => {
  now = new Date(request.now);
  database.db
    .transaction()
    .execute((trx) => appendWithReactions(trx, outbox, JSON.parse(request.rows) as NewEvent[], request.now))
    .then(
      () => port.postMessage({ seq: request.seq, ok: true } satisfies WriterReply),
      (err: unknown) => {
        const e = err as { message?: unknown; code?: unknown };
        port.postMessage({
          seq: request.seq,
          ok: false,
          message: typeof e?.message === 'string' ? e.message : String(err),
          code: typeof e?.code === 'string' ? e.code : null,
        } satisfies WriterReply);
      },
    );
});
