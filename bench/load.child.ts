/**
 * The load generator as a separate process (see load.ts inChildProcess): reads one LoadRequest as JSON on
 * stdin, runs it, and prints the reply as JSON on stdout.
 */
import type { LoadRequest } from './load.js';
import { measure } from './load.worker.js';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => (input += chunk));
process.stdin.on('end', () => {
  void measure(JSON.parse(input) as LoadRequest).then((reply) => {
    const plain = reply.ok
      ? { ...reply, measured: { ...reply.measured, latenciesMs: Array.from(reply.measured.latenciesMs) } }
      : reply;
    process.stdout.write(JSON.stringify(plain));
  });
});
