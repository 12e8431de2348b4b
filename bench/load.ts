import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * HTTP load with autocannon, run in a worker thread rather than on the server's event loop. The server under
 * test runs in this process (buildApp), so an in-thread load generator would take turns with it on one
 * JavaScript thread and the figures would measure both. In a worker, the client gets its own core.
 */

export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** POST one small tracking event per request, from a pool of random visitors. */
  eventBatches?: boolean;
  /** Run the load generator in a separate process instead of a worker thread. */
  separateProcess?: boolean;
}

export interface LoadRun {
  seconds: number;
  responses: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  latenciesMs: Float64Array;
}

export type WorkerReply = { ok: true; warmup: LoadRun | null; measured: LoadRun } | { ok: false; error: string };

export interface LoadResult {
  url: string;
  responses: number;
  /** Completed responses per second over the measured window. */
  rps: number;
  /** 2xx answers over warm-up and measurement: for ingestion, the events the server acknowledged. */
  acknowledged: number;
  p50Ms: number;
  p99Ms: number;
}

/** A benchmark that saw errors or non-2xx answers measured the wrong thing; the run must fail. */
export class BenchFailure extends Error {
  override name = 'BenchFailure';
}

export async function runLoad(req: LoadRequest): Promise<LoadResult> {
  const reply = req.separateProcess ? await inChildProcess(req) : await inWorker(req);
  if (!reply.ok) throw new BenchFailure(`autocannon failed on ${req.url}:\n${reply.error}`);
  if (reply.warmup) assertClean(req.url, 'warm-up', reply.warmup);
  const run = reply.measured;
  assertClean(req.url, 'measurement', run);
  const sorted = run.latenciesMs.sort();
  return {
    url: req.url,
    responses: run.responses,
    rps: run.responses / run.seconds,
    acknowledged: run.responses + (reply.warmup?.responses ?? 0),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

function assertClean(url: string, phase: string, run: LoadRun): void {
  if (run.responses === 0 || run.errors > 0 || run.timeouts > 0 || run.non2xx > 0) {
    throw new BenchFailure(
      `${phase} of ${url}: ${run.responses} responses, ${run.non2xx} non-2xx, ${run.errors} errors, ` +
        `${run.timeouts} timeouts; status codes ${JSON.stringify(run.statusCodes)}`,
    );
  }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Starts load.worker.ts. Node 20 does not apply tsx's module hooks to worker threads, so a tiny bootstrap
 * registers tsx inside the worker before importing the TypeScript module.
 */
function inWorker(req: LoadRequest): Promise<WorkerReply> {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const script = new URL('./load.worker.ts', import.meta.url).href;
  const bootstrap = [
    `import(${JSON.stringify(tsxApi)})`,
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`,
  ].join('');
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: req });
    worker.once('message', (reply: WorkerReply) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new BenchFailure(`load worker exited with code ${code} before replying`));
    });
  });
}

/**
 * Runs the load generator as a second process on loopback, as the ingestion benchmark asks: the client then
 * shares nothing with the server but the machine.
 */
function inChildProcess(req: LoadRequest): Promise<WorkerReply> {
  const script = fileURLToPath(new URL('./load.child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new BenchFailure(`load process exited with code ${code}`));
      const parsed = JSON.parse(out) as WorkerReply;
      // Latencies crossed the pipe as a JSON array.
      if (parsed.ok) parsed.measured.latenciesMs = Float64Array.from(parsed.measured.latenciesMs as ArrayLike<number>);
      resolve(parsed);
    });
    child.stdin.end(JSON.stringify(req));
  });
}
