/**
 * Runs one autocannon measurement inside a worker thread (see load.ts for why) and posts back the counters
 * and every response time. Not meant to be imported: load.ts starts it.
 */
import autocannon from 'autocannon';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadRequest, LoadRun, WorkerReply } from './load.js';

async function shoot(req: LoadRequest, seconds: number): Promise<LoadRun> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const started = performance.now();
  const instance = autocannon({
    url: req.url,
    headers: req.headers,
    connections: req.connections,
    duration: seconds,
  });
  // autocannon's own latency histogram has 1 ms resolution (a fast route reads as p50 = 0 ms), so keep the
  // sub-millisecond response times it reports per response and compute percentiles from them.
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    latencies.push(responseTimeMs);
  });
  const result = await instance;
  return {
    seconds: (performance.now() - started) / 1000,
    responses: latencies.length,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    latenciesMs: Float64Array.from(latencies),
  };
}

async function main(): Promise<void> {
  const req = workerData as LoadRequest;
  let reply: WorkerReply;
  try {
    // The warm-up (JIT, connection set-up, SQLite page cache) is checked for errors like the measurement,
    // but its timings are thrown away.
    const warmup = req.warmupSeconds > 0 ? await shoot(req, req.warmupSeconds) : null;
    if (warmup) warmup.latenciesMs = new Float64Array(0);
    const measured = await shoot(req, req.durationSeconds);
    reply = { ok: true, warmup, measured };
  } catch (err) {
    reply = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  const transfer = reply.ok ? [reply.measured.latenciesMs.buffer as ArrayBuffer] : [];
  parentPort!.postMessage(reply, transfer);
}

void main();
