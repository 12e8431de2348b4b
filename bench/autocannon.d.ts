// autocannon ships no types and @types/autocannon is not a dependency: the slice of its programmatic API the
// benchmarks use. See node_modules/autocannon/README.md ("API").
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    pipelining?: number;
    body?: string;
    /** Request templates; setupRequest may rewrite each request (e.g. a fresh body) before it is sent. */
    requests?: { setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> }[];
  }

  /**
   * The counters present both in the aggregated result (main thread) and in the raw result autocannon
   * returns when it runs inside a worker thread.
   */
  export interface Result {
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    totalCompletedRequests?: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface Instance extends EventEmitter, PromiseLike<Result> {
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void,
    ): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    stop(): void;
  }

  export default function autocannon(options: Options): Instance;
}
