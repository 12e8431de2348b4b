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
/** The app connection's own automatic checkpoint while the thread runs. */
export const BACKSTOP_PAGES = 4000;
/** SQLite's own threshold, which the app connection goes back to if the thread stops. */
export const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

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
let db;
try {
  db = new SQLite(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
  db.pragma('synchronous = NORMAL');
} catch (err) {
  // Not a database, gone, unreadable: say so and end (the app connection then checkpoints for itself).
  parentPort.postMessage({ error: String(err && err.message) });
  process.exit(1);
}
let last = -1;
let timer = null;
let failing = null;
function run() {
  let log = last;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    log = result.log;
    failing = null;
  } catch (err) {
    // Busy (another checkpoint, a writer changing the journal mode): try again next time. Anything else is
    // reported once until a checkpoint succeeds again.
    const message = String(err && err.message);
    if (!String(err && err.code).startsWith('SQLITE_BUSY') && message !== failing) {
      failing = message;
      parentPort.postMessage({ error: message });
    }
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

/** How long closing waits for the thread to close its connection before stopping it. */
const CLOSE_WAIT_MS = 5000;

export interface CheckpointerOptions {
  /** A checkpoint failed other than by being busy (once per distinct failure until one succeeds). */
  onError?: (message: string) => void;
  /** The thread stopped without being closed: the app's connection should checkpoint for itself again. */
  onStopped?: () => void;
  /** The SQLite driver module the thread loads (better-sqlite3, resolved from here; tests give another). */
  driver?: string;
}

/** Starts checkpointing `file` (already open in WAL mode by the caller) on a worker thread. */
export function startCheckpointer(file: string, options: CheckpointerOptions = {}): Checkpointer {
  const onError = options.onError ?? (() => {});
  const data: CheckpointerData = {
    file,
    driver: options.driver ?? createRequire(import.meta.url).resolve('better-sqlite3'),
    busyMs: CHECKPOINT_BUSY_MS,
    idleMs: CHECKPOINT_IDLE_MS,
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
  // The thread must not keep a finished process (a CLI command) alive.
  worker.unref();
  let exited = false;
  let closing: Promise<void> | null = null;
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true;
      if (!closing) options.onStopped?.();
      resolve();
    });
  });
  worker.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && 'error' in message) onError(String(message.error));
  });
  worker.on('error', (err: unknown) => onError(err instanceof Error ? err.message : String(err)));
  return {
    close() {
      closing ??= (async () => {
        if (exited) return;
        let timer: NodeJS.Timeout | undefined;
        const closed = new Promise<void>((resolve) => {
          worker.on('message', (message: unknown) => {
            if (message === 'closed') resolve();
          });
          timer = setTimeout(resolve, CLOSE_WAIT_MS);
        });
        worker.postMessage('close');
        await Promise.race([closed, exit]);
        clearTimeout(timer);
        await worker.terminate();
      })();
      return closing;
    },
  };
}
