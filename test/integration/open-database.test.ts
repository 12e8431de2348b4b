import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/app.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

/** SQLite only: what is at stake is the file's own connections and the checkpoint thread. */
describe('opening a SQLite database that cannot be brought up to date', () => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('fails and leaves nothing open on the file', async () => {
    t = testDatabase('sqlite');
    const config = t.config;
    if (config.database.dialect !== 'sqlite') throw new Error('expected SQLite');
    const file = config.database.file;
    await (await openDatabase(config)).close();
    // A migration this version does not know (a newer version ran here): migrating refuses to go on.
    const other = new SQLite(file);
    other.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999_from_the_future', '2099');
    other.close();

    await expect(openDatabase(config)).rejects.toThrow(/9999_from_the_future/);

    // Only a connection that is alone on the file may leave WAL mode: no connection or thread was left behind.
    const alone = new SQLite(file);
    try {
      expect(alone.pragma('journal_mode = DELETE', { simple: true })).toBe('delete');
    } finally {
      alone.close();
    }
  });
});
