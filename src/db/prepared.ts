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
 * When the tables under a prepared statement change shape (a migration run by another process), PostgreSQL
 * refuses to run it again ("cached plan must not change result type"): that one call fails, and the
 * connection prepares the statement afresh under a new name the next time.
 */
export interface PreparedStatementsOptions {
  recent?: number;
  maxParameters?: number;
  perConnection?: number;
}

const RESULT_TYPE_CHANGED = /cached plan must not change result type/;

type Query = pg.Client['query'];

export function prepareRepeatedStatements(client: pg.Client | pg.PoolClient, options: PreparedStatementsOptions = {}) {
  const recent = options.recent ?? 256;
  const maxParameters = options.maxParameters ?? 64;
  const perConnection = options.perConnection ?? 100;
  /** Texts seen once lately (insertion order = age). */
  const seen = new Map<string, true>();
  /** Texts prepared on this connection, with their statement names. */
  const prepared = new Map<string, string>();
  let generation = 0;
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;

  function nameFor(text: string): string | null {
    const name = prepared.get(text);
    if (name !== undefined) return name;
    if (prepared.size >= perConnection) return null;
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
      if (err instanceof Error && RESULT_TYPE_CHANGED.test(err.message)) {
        // The old statement stays allocated (it cannot be dropped inside an aborted transaction); the next
        // call prepares the text again under another name.
        prepared.delete(text);
        generation += 1;
      }
      throw err;
    });
  }) as Query;
  client.query = query;
}
