import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { escapeLike, normalizeText } from '../src/shared/text.js';
import { COMMON_PERSIAN_LAST_NAME, generate, type GenerateResult } from './generate.js';

describe('bench generate', () => {
  let dir: string;
  let database: Database;
  let result: GenerateResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-bench-test-'));
    database = createDatabase({ database: { dialect: 'sqlite', file: join(dir, 'bench.sqlite') } });
    await migrateToLatest(database);
    result = await generate(database, { contacts: 1_000, seed: 42, now: Date.UTC(2026, 0, 1) });
  });

  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (table: 'teams' | 'users' | 'accounts' | 'contacts') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('writes the requested rows', async () => {
    expect(result.contacts).toBe(1_000);
    expect(result.accounts).toBe(50);
    expect(await count('contacts')).toBe(1_000);
    expect(await count('accounts')).toBe(50);
    expect(await count('users')).toBe(result.users);
    expect(await count('teams')).toBe(result.teams);
    expect(result.rows).toBe(1_000 + 50 + result.users + result.teams);
  });

  it('fills the derived columns and keeps account contact counts consistent', async () => {
    const empty = await database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('search_text', '=', ''), eb('name_norm', '=', '')]))
      .executeTakeFirstOrThrow();
    expect(Number(empty.n)).toBe(0);
    const sums = await database.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.sum<number>('contact_count').as('n'))
      .executeTakeFirstOrThrow();
    const linked = await database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(sums.n)).toBe(Number(linked.n));
  });

  it('finds a Persian surname typed on an Arabic keyboard through the normalised search_text', async () => {
    // ي (Arabic yeh) instead of ی: normalizeText folds both to the same letter.
    const typed = COMMON_PERSIAN_LAST_NAME.replace(/\u06CC/g, '\u064A');
    const term = normalizeText(typed);
    const rows = await database.db
      .selectFrom('contacts')
      .select(['last_name', 'search_text'])
      .where(sql<boolean>`search_text like ${`%${escapeLike(term)}%`} escape '\\'`)
      .execute();
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r.search_text).toContain(term);
    // Some of the matches were stored with Arabic letters themselves, and search still found them.
    expect(rows.some((r) => r.last_name.includes('\u064A'))).toBe(true);
  });

  it('is deterministic for a seed (apart from the random bits of ids)', async () => {
    const sample = async () => {
      const memory = createDatabase({ database: { dialect: 'sqlite', file: ':memory:' } });
      try {
        await migrateToLatest(memory);
        await generate(memory, { contacts: 200, seed: 7, now: Date.UTC(2026, 0, 1) });
        return await memory.db
          .selectFrom('contacts')
          .select(['search_text', 'phone', 'created_at'])
          .orderBy('created_at')
          .orderBy('search_text')
          .execute();
      } finally {
        await memory.close();
      }
    };
    expect(await sample()).toEqual(await sample());
  });
});
