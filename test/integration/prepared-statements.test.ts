import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, ensurePostgresSchema } from '../../src/db/database.js';
import { prepareRepeatedStatements } from '../../src/db/prepared.js';
import { dialects, POSTGRES_URL, testDatabase } from '../support/db.js';

const onPostgres = dialects().includes('postgres');

/** The statements prepared on this connection, by their text. */
async function preparedTexts(client: pg.Client): Promise<string[]> {
  const res = await client.query<{ statement: string }>(
    `select statement from pg_prepared_statements order by statement`,
  );
  return res.rows.map((r) => r.statement);
}

describe.runIf(onPostgres)('repeated statements prepared per connection (PostgreSQL)', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
    await client.connect();
    await client.query(`create schema "${schema}"`);
    await client.query(`create table items (id int primary key, name text not null)`);
    await client.query(`insert into items values (1, 'one'), (2, 'two'), (3, 'three')`);
    prepareRepeatedStatements(client, { recent: 4, maxParameters: 3, perConnection: 3 });
  });
  afterAll(async () => {
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('prepares a statement at its second use and answers the same', async () => {
    const text = 'select name from items where id = $1';
    const first = await client.query(text, [1]);
    expect(await preparedTexts(client)).toEqual([]);
    const second = await client.query(text, [2]);
    const third = await client.query(text, [3]);
    expect(await preparedTexts(client)).toEqual([text]);
    expect([first.rows, second.rows, third.rows]).toEqual([[{ name: 'one' }], [{ name: 'two' }], [{ name: 'three' }]]);
  });

  it('leaves statements with many parameters, without parameters, and seen once unprepared', async () => {
    const many = 'select count(*)::int as n from items where id in ($1, $2, $3, $4)';
    for (let i = 0; i < 3; i++) expect((await client.query(many, [1, 2, 3, 4])).rows).toEqual([{ n: 3 }]);
    const none = 'select count(*)::int as n from items';
    for (let i = 0; i < 3; i++) await client.query(none);
    await client.query('select name from items where id = $1 and name <> $2', [1, 'x']);
    expect(await preparedTexts(client)).toEqual(['select name from items where id = $1']);
  });

  it('forgets texts seen once when newer ones push them out, and stops at the per-connection limit', async () => {
    const a = 'select id from items where name = $1';
    await client.query(a, ['one']);
    // Four other texts seen once push `a` out of the last four.
    for (let i = 0; i < 4; i++) await client.query(`select id + ${i} as id from items where name = $1`, ['one']);
    await client.query(a, ['one']);
    expect(await preparedTexts(client)).not.toContain(a);
    await client.query(a, ['two']);
    expect(await preparedTexts(client)).toContain(a);
    // Two prepared so far; the limit is three.
    const b = 'select id from items where name = $1 or id = 0';
    const c = 'select id from items where name = $1 or id = -1';
    for (const text of [b, b, c, c]) await client.query(text, ['one']);
    const texts = await preparedTexts(client);
    expect(texts).toHaveLength(3);
    expect(texts).toContain(b);
    expect(texts).not.toContain(c);
  });

  it('keeps a statement that failed on the data (a constraint), and gives up one the driver could not send', async () => {
    const fresh = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
    await fresh.connect();
    try {
      prepareRepeatedStatements(fresh);
      const insert = 'insert into items (id, name) values ($1, $2)';
      await fresh.query(insert, [10, 'ten']);
      await fresh.query(insert, [11, 'eleven']);
      await expect(fresh.query(insert, [10, 'again'])).rejects.toMatchObject({ code: '23505' });
      await fresh.query(insert, [12, 'twelve']);
      expect((await preparedTexts(fresh)).filter((t) => t === insert)).toHaveLength(1);

      // A value the driver cannot serialise (a BigInt inside an object) fails before reaching PostgreSQL.
      const named = "select name from items where id = ($1::jsonb ->> 'id')::int";
      await fresh.query(named, [{ id: 10 }]);
      await fresh.query(named, [{ id: 10 }]);
      await expect(fresh.query(named, [{ id: 10n }])).rejects.toThrow();
      for (let i = 0; i < 2; i++) expect((await fresh.query(named, [{ id: 11 }])).rows).toEqual([{ name: 'eleven' }]);
    } finally {
      await fresh.query('delete from items where id >= 10');
      await fresh.end();
    }
  });

  it('fails one call when a table changed its shape under a prepared statement, then prepares it again', async () => {
    const text = 'select * from items where id = $1';
    const fresh = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
    await fresh.connect();
    try {
      prepareRepeatedStatements(fresh);
      await fresh.query(text, [1]);
      await fresh.query(text, [1]);
      // Another process migrates the table.
      await client.query(`alter table items add column note text`);
      await expect(fresh.query(text, [1])).rejects.toThrow(/cached plan must not change result type/);
      await fresh.query(text, [1]);
      const again = await fresh.query(text, [2]);
      expect(again.rows).toEqual([{ id: 2, name: 'two', note: null }]);

      // A parameter's type changed: the statement prepared for an integer cannot take a bigint.
      const byId = 'select name from items where id = $1';
      await fresh.query(byId, [1]);
      await fresh.query(byId, [1]);
      await client.query(`alter table items alter column id type bigint`);
      await client.query(`insert into items (id, name) values (3000000000, 'big')`);
      await expect(fresh.query(byId, ['3000000000'])).rejects.toMatchObject({ code: '22003' });
      for (let i = 0; i < 2; i++) expect((await fresh.query(byId, ['3000000000'])).rows).toEqual([{ name: 'big' }]);
    } finally {
      await fresh.end();
    }
  });
});

describe.runIf(onPostgres)('the application database on PostgreSQL', () => {
  it('prepares repeated statements unless DATABASE_PREPARED_STATEMENTS is off', async () => {
    for (const prepare of [true, false]) {
      const t = testDatabase('postgres');
      const config =
        t.config.database.dialect === 'postgres'
          ? { database: { ...t.config.database, prepareStatements: prepare } }
          : t.config;
      await ensurePostgresSchema(config);
      const database = createDatabase(config);
      try {
        const names = await database.db.transaction().execute(async (trx) => {
          // One connection throughout: the statement is prepared on the one that runs it twice.
          for (let i = 0; i < 2; i++) await sql`select ${i}::int + 1 as n`.execute(trx);
          return sql<{ name: string }>`select name from pg_prepared_statements`.execute(trx);
        });
        expect(names.rows.length > 0).toBe(prepare);
      } finally {
        await database.close();
        await t.cleanup();
      }
    }
  });
});
