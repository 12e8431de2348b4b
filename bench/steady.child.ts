/**
 * An open-loop load generator in its own process (see steady.ts): sends requests at a fixed rate whatever
 * the server's answers, as users and browsers do, so a slow server shows as latency instead of quietly
 * lowering the rate (a closed loop such as autocannon waits for each answer before the next request).
 * Receives one SteadyRequest over IPC, answers with one SteadyReply; a { stop: true } message ends early.
 */
import http from 'node:http';
import type { SteadyReply, SteadyRequest, SteadySample } from './steady.js';

const now = () => performance.timeOrigin + performance.now();

function run(req: SteadyRequest, stopped: () => boolean): Promise<SteadyReply> {
  const url = new URL(req.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: req.maxSockets ?? 256 });
  const samples: SteadySample[] = [];
  let inFlight = 0;
  let sent = 0;
  let errors = 0;
  const total = req.requests.length;
  const started = performance.now();

  function fire(index: number): void {
    const spec = req.requests[req.cycle ? index % total : index]!;
    const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
    const sample: SteadySample = { index, sentAt: now(), ackAt: 0, status: 0 };
    inFlight += 1;
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: spec.method,
        path: spec.path,
        agent,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...spec.headers },
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          sample.ackAt = now();
          sample.status = res.statusCode ?? 0;
          samples.push(sample);
          inFlight -= 1;
        });
      },
    );
    request.on('error', () => {
      errors += 1;
      inFlight -= 1;
    });
    request.end(body);
  }

  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - started) / 1000;
      const over = elapsed >= req.durationSeconds || stopped() || (!req.cycle && sent >= total);
      if (!over) {
        // Everything due by now goes out now: the schedule, not the answers, sets the pace.
        const due = Math.floor(elapsed * req.rate);
        while (sent < due && (req.cycle || sent < total)) fire(sent++);
        setTimeout(tick, 1);
        return;
      }
      if (inFlight > 0 && performance.now() - started < (req.durationSeconds + 30) * 1000) {
        setTimeout(tick, 5);
        return;
      }
      agent.destroy();
      resolve({ ok: true, seconds: (performance.now() - started) / 1000, sent, errors, samples });
    };
    tick();
  });
}

let stop = false;
process.on('message', (message: SteadyRequest | { stop: true }) => {
  if ('stop' in message) {
    stop = true;
    return;
  }
  run(message, () => stop).then(
    (reply) => process.send!(reply, () => process.exit(0)),
    (err: unknown) =>
      process.send!({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () =>
        process.exit(1),
      ),
  );
});
