import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has sane defaults: port 3000, SQLite under ./data', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toMatchObject({ dialect: 'sqlite' });
    expect(c.database.dialect === 'sqlite' && c.database.file).toMatch(/data\/tandem\.sqlite$/);
    expect(Object.isFrozen(c)).toBe(true);
    // SQLite's one connection serves requests too: a backlog is taken 100 entries per transaction.
    expect(c.worker).toEqual({ enabled: true, pollMs: 250, batchSize: 100 });
    // A request may take an hour to arrive (the largest CSV upload over a slow link), not for ever.
    expect(c.requestTimeoutMs).toBe(3_600_000);
    expect(loadConfig({ REQUEST_TIMEOUT_S: '30' }).requestTimeoutMs).toBe(30_000);
  });
  it('switches to PostgreSQL with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgres://u@h/db',
      schema: undefined,
      prepareStatements: true,
    });
    const pooled = loadConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_PREPARED_STATEMENTS: 'false' });
    expect(pooled.database).toMatchObject({ dialect: 'postgres', prepareStatements: false });
    // 500 per transaction (100 fell behind at 1,000 events/s), unless set.
    expect(pooled.worker.batchSize).toBe(500);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', WORKER_BATCH_SIZE: '50' }).worker.batchSize).toBe(50);
  });
  it('names every bad variable', () => {
    try {
      loadConfig({ PORT: 'abc', DEFAULT_PHONE_REGION: 'iran', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DEFAULT_PHONE_REGION');
      expect(message).toContain('DATABASE_URL');
    }
  });
  it('trusts X-Forwarded-For only from proxies named by address, never from any client or by a hop count', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toBe('10.0.0.0/8, loopback');
    for (const [value, said] of [
      ['true', 'any client'],
      ['1', 'hop count'],
      ['10.0.0.300', 'invalid IP address'],
    ] as const) {
      try {
        loadConfig({ TRUST_PROXY: value });
        expect.unreachable(value);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as Error).message).toContain('TRUST_PROXY');
        expect((err as Error).message).toContain(said);
      }
    }
  });
  it('marks cookies secure when served over https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://crm.example.com' }).secureCookies).toBe(true);
    expect(loadConfig({}).secureCookies).toBe(false);
  });
});
