import type { Worker } from 'node:worker_threads';
import type { Config } from '../../config.js';
import { startModuleWorker } from '../../shared/worker-thread.js';
import type { NewEvent } from './tracking.repository.js';

export interface WriterThreadData {
  database: Extract<Config['database'], { dialect: 'sqlite' }>;
}
export interface WriterRequest {
  seq: number;
  /**
   * The rows as one JSON text: a string crosses to the thread as one copy, while the structured clone of
   * thousands of small objects cost the request thread more than everything else it does per beacon.
   */
  rows: string;
  now: string;
}
export type WriterReply = { seq: number; ok: true } | { seq: number; ok: false; message: string; code: string | null };

export interface WriterThread {
  /** Commits rows (and their reactions) on the writer thread; resolves once they are durable. */
  commit(rows: NewEvent[], now: string): Promise<void>;
  /** Starts the thread ahead of the first commit and waits until it has opened the database. */
  prepare(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A client of writer.worker: started on the first commit (an app that records no events starts no thread),
 * and again after a crash, which fails the commits in flight (their requests get an error; nothing is
 * acknowledged that was not committed).
 */
export function createWriterThread(database: WriterThreadData['database']): WriterThread {
  let worker: Worker | null = null;
  let seq = 0;
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  function failAll(err: Error): void {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  }

  function start(): Worker {
    const started = startModuleWorker(import.meta.url, './writer.worker', {
      workerData: { database } satisfies WriterThreadData,
    });
    started.on('message', (reply: WriterReply) => {
      const p = pending.get(reply.seq);
      if (!p) return;
      pending.delete(reply.seq);
      // Idle, the thread must not keep the process alive on its own (the app's close() ends it).
      if (pending.size === 0) started.unref();
      if (reply.ok) p.resolve();
      else p.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
    });
    started.on('error', (err) => {
      if (worker === started) worker = null;
      failAll(err);
    });
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      failAll(new Error(`The event writer thread stopped (exit code ${code}).`));
    });
    return started;
  }

  return {
    commit(rows, now) {
      worker ??= start();
      // A commit in flight keeps the process alive until it is answered.
      if (pending.size === 0) worker.ref();
      const id = ++seq;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ seq: id, rows: JSON.stringify(rows), now } satisfies WriterRequest);
      });
    },
    prepare() {
      return this.commit([], new Date().toISOString());
    },
    async close() {
      const current = worker;
      worker = null;
      if (current) await current.terminate();
    },
  };
}
