import SQLite from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES, CHECKPOINT_IDLE_MS, startCheckpointer } from './checkpointer.js';
import { createDatabase } from './database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-checkpoint-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}

/** Writes about `pages` pages of rows in small transactions, as beacons would. */
function writePages(sqlite: SQLite.Database, pages: number): void {
  sqlite.exec('create table if not exists t (id integer primary key, body text)');
  const insert = sqlite.prepare('insert into t (body) values (?)');
  for (let i = 0; i < pages; i++) insert.run('x'.repeat(3000));
}

describe('background checkpoints (SQLite)', () => {
  it('copy committed pages into the database file while the app connection never checkpoints', async () => {
    const file = tempFile();
    const app = new SQLite(file);
    app.pragma('journal_mode = WAL');
    app.pragma('wal_autocheckpoint = 0');
    const checkpointer = startCheckpointer(file);
    try {
      const before = statSync(file).size;
      writePages(app, 300);
      // Nothing but the other thread copies pages back: the database file grows to hold the rows.
      expect(await until(() => statSync(file).size > before + 300 * 3000, 3000)).toBe(true);
      const [left] = app.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      expect(left!.checkpointed).toBe(left!.log);
    } finally {
      await checkpointer.close();
      app.close();
    }
  });

  it('is what the app database uses: its file catches up with its log between commits', async () => {
    const file = tempFile();
    const database = createDatabase({ database: { dialect: 'sqlite', file } });
    try {
      await sql`create table t (id integer primary key, body text)`.execute(database.db);
      const before = statSync(file).size;
      // Fewer pages than the app connection's own checkpoint threshold: only the thread copies them.
      for (let i = 0; i < 200; i++) await sql`insert into t (body) values (${'x'.repeat(3000)})`.execute(database.db);
      expect(200).toBeLessThan(BACKSTOP_PAGES);
      expect(await until(() => statSync(file).size > before + 200 * 3000, 3000)).toBe(true);
    } finally {
      await database.close();
    }
    // Closed in order: the app's connection was the last, so it removed the log.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('stops when closed, also while idle, and a second close is harmless', async () => {
    const file = tempFile();
    const app = new SQLite(file);
    app.pragma('journal_mode = WAL');
    const checkpointer = startCheckpointer(file);
    await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_IDLE_MS / 10));
    const started = Date.now();
    await checkpointer.close();
    await checkpointer.close();
    expect(Date.now() - started).toBeLessThan(CHECKPOINT_IDLE_MS * 4);
    // Its connection is gone: the app's connection is the last one and may switch the journal mode.
    expect(app.pragma('journal_mode = DELETE', { simple: true })).toBe('delete');
    app.close();
  });

  it('reports a failing checkpoint once, not at every attempt', async () => {
    const file = tempFile();
    const app = new SQLite(file);
    app.pragma('journal_mode = WAL');
    // A driver whose checkpoints fail the same way every time (a disk error, say); busy ones are not reported.
    const driver = join(dirname(file), 'failing-driver.cjs');
    writeFileSync(
      driver,
      `module.exports = class {
        constructor() { this.calls = 0; }
        pragma(text) {
          if (!text.startsWith('wal_checkpoint')) return [];
          this.calls += 1;
          const busy = this.calls % 2 === 0;
          throw Object.assign(new Error(busy ? 'database is locked' : 'disk I/O error'), { code: busy ? 'SQLITE_BUSY' : 'SQLITE_IOERR' });
        }
        close() {}
      };`,
    );
    const errors: string[] = [];
    const checkpointer = startCheckpointer(file, { driver, onError: (message) => errors.push(message) });
    try {
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_IDLE_MS * 3));
      expect(errors).toEqual(['disk I/O error']);
    } finally {
      await checkpointer.close();
      app.close();
    }
  });

  it('says why it could not start, and that it stopped', async () => {
    const file = tempFile();
    writeFileSync(file, 'not a database '.repeat(500));
    const errors: string[] = [];
    let stopped = 0;
    const checkpointer = startCheckpointer(file, {
      onError: (message) => errors.push(message),
      onStopped: () => (stopped += 1),
    });
    expect(await until(() => stopped === 1, 3000)).toBe(true);
    expect(errors).toEqual(['file is not a database']);
    await checkpointer.close();
  });

  it('says when it stopped without being closed, so the app connection checkpoints for itself', async () => {
    let stopped = 0;
    const checkpointer = startCheckpointer(join(tempFile(), 'missing.sqlite'), { onStopped: () => (stopped += 1) });
    expect(await until(() => stopped === 1, 3000)).toBe(true);
    await checkpointer.close();
    expect(stopped).toBe(1);
  });
});
