import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingStatements, isDataError, isTransientError } from './database.js';

describe('prepared statement cache (SQLite)', () => {
  let sqlite: SQLite.Database;
  afterEach(() => sqlite?.close());

  it('hands the same prepared statement back for the same SQL', () => {
    sqlite = new SQLite(':memory:');
    const db = cachingStatements(sqlite);
    const a = db.prepare('select 1 as x');
    expect(db.prepare('select 1 as x')).toBe(a);
    expect(db.prepare('select 2 as x')).not.toBe(a);
    expect(a.all([])).toEqual([{ x: 1 }]);
  });

  it('keeps the most recently used statements only', () => {
    sqlite = new SQLite(':memory:');
    const db = cachingStatements(sqlite, 2);
    const one = db.prepare('select 1');
    const two = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(one); // now the most recent
    db.prepare('select 3'); // drops "select 2"
    expect(db.prepare('select 1')).toBe(one);
    expect(db.prepare('select 2')).not.toBe(two);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    sqlite = new SQLite(':memory:');
    const db = cachingStatements(sqlite);
    sqlite.exec('create table t (n integer); insert into t values (1), (2), (3);');
    const first = db.prepare('select n from t order by n');
    const seen: unknown[] = [];
    for (const row of first.iterate([])) {
      const inner = db.prepare('select n from t order by n');
      expect(inner).not.toBe(first);
      seen.push([(row as { n: number }).n, inner.all([]).length]);
    }
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(db.prepare('select n from t order by n')).toBe(first);
  });

  it('follows schema changes (a migration) with statements prepared before them', () => {
    sqlite = new SQLite(':memory:');
    const db = cachingStatements(sqlite);
    sqlite.exec("create table t (a text); insert into t values ('x');");
    const select = db.prepare('select * from t');
    expect(select.all([])).toEqual([{ a: 'x' }]);
    sqlite.exec("alter table t add column b text default 'y'");
    expect(db.prepare('select * from t').all([])).toEqual([{ a: 'x', b: 'y' }]);
  });
});

describe('isDataError', () => {
  it('tells errors of the rows (worth retrying one request at a time) from errors of the database', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    for (const code of [
      'SQLITE_CONSTRAINT_FOREIGNKEY',
      'SQLITE_CONSTRAINT_UNIQUE',
      'SQLITE_TOOBIG',
      '23503',
      '22021',
    ]) {
      expect(isDataError(coded(code)), code).toBe(true);
    }
    for (const code of ['SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', '57P01', '08006', '40001', 'ECONNRESET']) {
      expect(isDataError(coded(code)), code).toBe(false);
    }
    expect(isDataError(new Error('no code'))).toBe(false);
    expect(isDataError(null)).toBe(false);
  });
});

describe('isTransientError', () => {
  it('names the PostgreSQL errors of the moment: deadlock, serialization failure, lock not available', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ['40P01', '40001', '55P03']) expect(isTransientError(coded(code)), code).toBe(true);
    for (const code of ['23503', 'SQLITE_BUSY', '57P01']) expect(isTransientError(coded(code)), code).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
  });
});
