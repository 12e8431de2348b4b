/**
 * Runs one autocannon measurement inside a worker thread or a child process (see load.ts for why) and
 * reports the counters and every response time.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { LoadRequest, LoadRun, WorkerReply } from './load.js';

/** A pool of browsers: each request is one small event from one of them, as a busy site would send. */
const VISITORS = Array.from({ length: 1000 }, () => randomBytes(16).toString('base64url'));

function eventBody(): string {
  const visitorId = VISITORS[Math.floor(Math.random() * VISITORS.length)]!;
  return JSON.stringify({
    visitorId,
    events: [{ type: 'page_view', url: 'https://acme.example/pricing?utm_source=bench' }],
  });
}

async function shoot(req: LoadRequest, seconds: number): Promise<LoadRun> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const started = performance.now();
  const instance = autocannon({
    url: req.url,
    headers: req.headers,
    connections: req.connections,
    duration: seconds,
    ...(req.eventBatches
      ? {
          method: 'POST' as const,
          headers: { ...req.headers, 'content-type': 'application/json', 'user-agent': BROWSER_UA },
          requests: [{ setupRequest: (r: Record<string, unknown>) => ({ ...r, body: eventBody() }) }],
        }
      : {}),
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

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

export async function measure(req: LoadRequest): Promise<WorkerReply> {
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
  return reply;
}

if (!isMainThread && parentPort) {
  void measure(workerData as LoadRequest).then((reply) => {
    const transfer = reply.ok ? [reply.measured.latenciesMs.buffer as ArrayBuffer] : [];
    parentPort!.postMessage(reply, transfer);
  });
}
