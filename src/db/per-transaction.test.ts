import { Kysely, SqliteDialect } from 'kysely';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DB } from './schema.js';
import { perTransaction } from './per-transaction.js';

describe('perTransaction', () => {
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new Sqlite(':memory:') }) });

  it('reads once per transaction, again in the next one, and every time outside one', async () => {
    let reads = 0;
    const read = perTransaction(async () => ++reads);
    await db.transaction().execute(async (trx) => {
      expect(await read(trx)).toBe(1);
      expect(await read(trx)).toBe(1);
    });
    await db.transaction().execute(async (trx) => expect(await read(trx)).toBe(2));
    expect(await read(db)).toBe(3);
    expect(await read(db)).toBe(4);
  });

  it('does not remember a failed read', async () => {
    let calls = 0;
    const read = perTransaction(async () => {
      calls += 1;
      if (calls === 1) throw new Error('first read fails');
      return calls;
    });
    await db.transaction().execute(async (trx) => {
      await expect(read(trx)).rejects.toThrow('first read fails');
      expect(await read(trx)).toBe(2);
    });
  });
});
