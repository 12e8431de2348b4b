import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * PostgreSQL: statements a connection runs again and again become prepared statements on that connection,
 * so PostgreSQL parses and plans them once instead of on every call. Planning is most of the server's work
 * for Tandem's short statements: the contact lookup behind every API call (four tables joined) runs at about
 * 5,000 a second unprepared and 18,000 prepared on the benchmark machine (pgbench, 2 clients).
 *
 * Bounded: a statement is prepared at its second use among the last `recent` statement texts (one-off texts,
 * such as IN lists of a batch's length, stay unprepared), only with at most `maxParameters` parameters (bulk
 * inserts stay unprepared), and at most `perConnection` (100) per connection (each holds a plan in the backend).
 *
 * A prepared statement that fails for any reason but the data or the moment (a constraint, a deadlock, a
 * cancelled or locked-out statement) is given up: a migration run by another process may have changed its
 * result columns ("cached plan must not change result type") or its parameters' types, or the driver may
 * have failed to send a value and dropped it. That call fails; the connection prepares the text afresh
 * under a new name the next time. Given-up statements still count against `perConnection` (they may
 * still hold a plan, and cannot be dropped inside a failed transaction), so errors never grow it unbounded.
 */
export interface PreparedStatementsOptions {
  recent?: number;
  maxParameters?: number;
  perConnection?: number;
}

/**
 * SQLSTATE classes and codes about the data or the moment rather than the statement: integrity constraint
 * violations (23), transaction rollbacks such as deadlocks and serialization failures (40), a cancelled
 * statement (57014) and a lock not available (55P03).
 */
function keepsStatement(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return false;
  return code.startsWith('23') || code.startsWith('40') || code === '57014' || code === '55P03';
}

type Query = pg.Client['query'];

export function prepareRepeatedStatements(client: pg.Client | pg.PoolClient, options: PreparedStatementsOptions = {}) {
  const recent = options.recent ?? 256;
  const maxParameters = options.maxParameters ?? 64;
  const perConnection = options.perConnection ?? 100;
  /** Texts seen once lately (insertion order = age). */
  const seen = new Map<string, true>();
  /** Texts prepared on this connection, with their statement names. */
  const prepared = new Map<string, string>();
  /** Statements given up after an error (see above). */
  let abandoned = 0;
  let generation = 0;
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;

  function nameFor(text: string): string | null {
    const name = prepared.get(text);
    if (name !== undefined) return name;
    if (prepared.size + abandoned >= perConnection) return null;
    if (!seen.delete(text)) {
      seen.set(text, true);
      if (seen.size > recent) seen.delete(seen.keys().next().value!);
      return null;
    }
    const fresh = `tandem_${createHash('sha1').update(text).digest('hex').slice(0, 24)}_${generation}`;
    prepared.set(text, fresh);
    return fresh;
  }

  const query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || args.length !== 2) {
      return original(...args);
    }
    if (values.length > maxParameters) return original(...args);
    const name = nameFor(text);
    if (name === null) return original(...args);
    return (original({ name, text, values }) as Promise<unknown>).catch((err: unknown) => {
      if (!keepsStatement(err) && prepared.get(text) === name) {
        prepared.delete(text);
        abandoned += 1;
        generation += 1;
      }
      throw err;
    });
  }) as Query;
  client.query = query;
}
