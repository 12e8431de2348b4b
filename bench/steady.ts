import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BenchFailure } from './load.js';

/** One request of a steady load: method, path (with query), headers, body. */
export interface SteadySpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SteadyRequest {
  baseUrl: string;
  /** Requests per second, on a fixed schedule. */
  rate: number;
  /** At most this long; sooner when every request was sent (without `cycle`) or on stop(). */
  durationSeconds: number;
  requests: SteadySpec[];
  /** Go round `requests` again and again instead of sending each once. */
  cycle?: boolean;
  maxSockets?: number;
}

export interface SteadySample {
  /** Position in the schedule (into `requests`, modulo its length with `cycle`). */
  index: number;
  /** Epoch milliseconds (sub-millisecond precision) when sent and when the answer was complete. */
  sentAt: number;
  ackAt: number;
  status: number;
}

export type SteadyReply =
  { ok: true; seconds: number; sent: number; errors: number; samples: SteadySample[] } | { ok: false; error: string };

export interface SteadyLoad {
  /** Ends the schedule early; the reply still waits for requests in flight. */
  stop(): void;
  done: Promise<Extract<SteadyReply, { ok: true }>>;
}

/**
 * Starts an open-loop load in a second process (bench/steady.child.ts): the client shares nothing with the
 * server but the machine, and its timestamps use the same clock as the server's (`temperature_changes.at`).
 */
export function startSteadyLoad(req: SteadyRequest): SteadyLoad {
  const script = fileURLToPath(new URL('./steady.child.ts', import.meta.url));
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const done = new Promise<Extract<SteadyReply, { ok: true }>>((resolve, reject) => {
    child.once('message', (reply: SteadyReply) => {
      if (reply.ok) resolve(reply);
      else reject(new BenchFailure(`steady load on ${req.baseUrl} failed:\n${reply.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new BenchFailure(`steady load process exited with code ${code}`));
    });
  });
  child.send(req);
  return {
    stop: () => {
      if (child.connected) child.send({ stop: true });
    },
    done,
  };
}

/** Answers that were not 2xx, or requests that failed, make the measurement meaningless. */
export function assertAllAnswered(label: string, reply: Extract<SteadyReply, { ok: true }>): void {
  const bad = reply.samples.filter((s) => s.status < 200 || s.status >= 300);
  if (reply.errors > 0 || bad.length > 0 || reply.samples.length !== reply.sent) {
    const codes: Record<string, number> = {};
    for (const s of bad) codes[s.status] = (codes[s.status] ?? 0) + 1;
    throw new BenchFailure(
      `${label}: ${reply.sent} sent, ${reply.samples.length} answered, ${reply.errors} failed, ` +
        `non-2xx ${JSON.stringify(codes)}`,
    );
  }
}
