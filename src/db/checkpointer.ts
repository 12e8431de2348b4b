import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Write-ahead log checkpoints for a SQLite file on a thread of their own.
 *
 * In WAL mode each commit appends its pages to the log, and every so many pages the committing connection
 * copies them back into the database file and syncs it (an automatic checkpoint). On the app's one
 * connection that copy ran on the request thread, inside whichever commit crossed the threshold: reading
 * each page back from the log, writing it to the database and two fsyncs, while no request was answered.
 * For small random writes (a beacon's event lands on a random leaf of the visitor index) the checkpoint was
 * about a third of a commit's cost (docs/benchmarks.md).
 *
 * Here a second connection on a worker thread checkpoints PASSIVE (never waiting for, nor blocking, the
 * writer): every CHECKPOINT_BUSY_MS while the log grows, every CHECKPOINT_IDLE_MS when it does not. The
 * app's connection keeps an automatic checkpoint at BACKSTOP_PAGES as a backstop: the log can only start
 * over from its beginning when everything in it has been copied at the moment a writer begins, which a
 * busy writer rarely allows, and that checkpoint then finds most pages already copied.
 */

export const CHECKPOINT_BUSY_MS = 25;
export const CHECKPOINT_IDLE_MS = 500;
/** The app connection's own automatic checkpoint (SQLite's default is 1,000 pages). */
export const BACKSTOP_PAGES = 4000;

export interface Checkpointer {
  /** Stops the thread and closes its connection (before the app's connection closes, so that one cleans up). */
  close(): Promise<void>;
}

interface CheckpointerData {
  file: string;
  driver: string;
  busyMs: number;
  idleMs: number;
}

// Plain JavaScript evaluated in the worker, so that it starts without a TypeScript loader in development and
// tests; it loads the same better-sqlite3 the app does (resolved here, not from the working directory).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
let last = -1;
let timer = null;
function run() {
  let log = last;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    log = result.log;
  } catch (err) {
    // Busy (another checkpoint, a writer changing the journal mode): try again next time.
    if (!String(err && err.code).startsWith('SQLITE_BUSY')) parentPort.postMessage({ error: String(err && err.message) });
  }
  const growing = log !== last;
  last = log;
  timer = setTimeout(run, growing ? workerData.busyMs : workerData.idleMs);
}
timer = setTimeout(run, workerData.busyMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  db.close();
  parentPort.postMessage('closed');
});
`;

/** Starts checkpointing `file` (already open in WAL mode by the caller) on a worker thread. */
export function startCheckpointer(file: string, onError: (message: string) => void = () => {}): Checkpointer {
  const data: CheckpointerData = {
    file,
    driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    busyMs: CHECKPOINT_BUSY_MS,
    idleMs: CHECKPOINT_IDLE_MS,
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
  // The thread must not keep a finished process (a CLI command) alive.
  worker.unref();
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  worker.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && 'error' in message) onError(String(message.error));
  });
  worker.on('error', (err) => onError(err.message));
  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        if (exited) return;
        const closed = new Promise<void>((resolve) => {
          worker.on('message', (message: unknown) => {
            if (message === 'closed') resolve();
          });
        });
        worker.postMessage('close');
        await Promise.race([closed, exit]);
        await worker.terminate();
      })();
      return closing;
    },
  };
}
