import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialects } from '../support/db.js';

function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'tandem_session');
  if (!cookie) throw new Error(`no session cookie set: ${res.statusCode} ${res.body}`);
  return cookie.value;
}

describe.each(dialects())('sign-in, sessions, CSRF and API tokens on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { loginRateLimit: { max: 3, windowMs: 60_000 } } });
  });
  afterAll(() => t.close());

  it('first-run setup creates the first admin once, signs them in, then refuses', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needsSetup: true });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { email: 'root@example.test', name: 'Root', password: 'short' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('password');
    expect(await t.count('users')).toBe(0);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { email: 'Root@Example.test', name: 'Root', password: 'a long enough password' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().user).toMatchObject({ email: 'root@example.test', role: 'admin' });
    const cookie = ok.cookies.find((c) => c.name === 'tandem_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tandem_session: cookie.value } });
    expect(me.json().user.email).toBe('root@example.test');

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { email: 'evil@example.test', name: 'Evil', password: 'a long enough password' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('setup.already_done');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needsSetup: false });
  });

  it('signs in with a fresh session id each time, signs out, and the old session stops working', async () => {
    const u = await t.user('marketing', { email: 'mona@example.test' });
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'MONA@example.test', password: u.password },
    });
    expect(first.statusCode).toBe(200);
    const s1 = sessionCookie(first);
    expect(Buffer.from(s1, 'base64url').length).toBeGreaterThanOrEqual(16);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'mona@example.test', password: u.password },
      cookies: { tandem_session: s1 },
    });
    const s2 = sessionCookie(second);
    expect(s2).not.toBe(s1);
    // Rotation: the session presented at sign-in is gone.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tandem_session: s1 } })).statusCode,
    ).toBe(401);
    const csrf = second.json().csrfToken;
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { tandem_session: s2 },
      headers: { 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tandem_session: s2 } })).statusCode,
    ).toBe(401);
  });

  it('requires the CSRF header on cookie-authenticated writes, not on reads or bearer tokens', async () => {
    const u = await t.user('marketing');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.user.email, password: u.password },
    });
    const cookies = { tandem_session: sessionCookie(login) };
    const before = await t.count('contacts');
    const noHeader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      cookies,
      payload: { firstName: 'X' },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe('auth.csrf');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      cookies,
      headers: { 'x-csrf-token': 'nope' },
      payload: { firstName: 'X' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(await t.count('contacts')).toBe(before);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      cookies,
      headers: { 'x-csrf-token': login.json().csrfToken },
      payload: { firstName: 'X' },
    });
    expect(right.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/contacts', cookies })).statusCode).toBe(200);
    expect((await t.as(u, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Y' } })).statusCode).toBe(
      201,
    );
  });

  it('answers wrong email and wrong password alike, and throttles repeated failures', async () => {
    const u = await t.user('sales_rep', { email: 'target@example.test' });
    const wrongPassword = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'target@example.test', password: 'wrong password!' },
    });
    const wrongEmail = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.test', password: 'wrong password!' },
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongEmail.statusCode).toBe(401);
    expect(wrongPassword.json().detail).toBe(wrongEmail.json().detail);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'target@example.test', password: 'wrong again!!' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'target@example.test', password: 'and again!!!' },
    });
    // Three failures for this email (max 3 in the test config): even the right password waits now.
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'target@example.test', password: u.password },
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('auth.throttled');
  });

  it('rejects requests without credentials and with revoked or unknown tokens', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/contacts' })).statusCode).toBe(401);
    const u = await t.user('admin');
    const created = await t.as(u, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'zapier' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^tdm_/);
    const list = await t.as(u, { method: 'GET', url: '/api/v1/tokens' });
    expect(JSON.stringify(list.json())).not.toContain(token);
    const ok = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.statusCode).toBe(200);
    expect((await t.as(u, { method: 'DELETE', url: `/api/v1/tokens/${id}` })).statusCode).toBe(204);
    const revoked = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('auth.invalid_token');
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: 'Bearer tdm_nope' },
    });
    expect(unknown.statusCode).toBe(401);
  });

  it('ends sessions and tokens of a deactivated user, and keeps the last admin', async () => {
    const admin = await t.user('admin');
    const rep = await t.user('sales_rep');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: rep.user.email, password: rep.password },
    });
    const cookies = { tandem_session: sessionCookie(login) };
    const res = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${rep.user.id}`,
      payload: { status: 'deactivated' },
    });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies })).statusCode).toBe(401);
    expect((await t.as(rep, { method: 'GET', url: '/api/v1/contacts' })).statusCode).toBe(401);
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: rep.user.email, password: rep.password },
    });
    expect(relogin.statusCode).toBe(401);
  });

  it('stores only hashes: no password, session id or token in clear in the database', async () => {
    const u = await t.user('admin', { email: 'hash@example.test' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'hash@example.test', password: u.password },
    });
    const db = t.app.tandem.database.db;
    const user = await db.selectFrom('users').selectAll().where('id', '=', u.user.id).executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const sessions = await db.selectFrom('sessions').select('id').execute();
    expect(sessions.map((s) => s.id)).not.toContain(sessionCookie(login));
    const tokens = await db.selectFrom('api_tokens').select('token_hash').execute();
    expect(tokens.map((x) => x.token_hash)).not.toContain(u.token);
  });
});

describe.each(dialects())('secrets stay out of logs on %s', (dialect) => {
  it('logs requests at trace level without passwords, tokens or cookies', async () => {
    const lines: string[] = [];
    const t = await createTestApp(dialect, {
      config: { logLevel: 'trace' },
      logStream: { write: (l) => void lines.push(l) },
    });
    try {
      const u = await t.user('admin', { email: 'logs@example.test' });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'logs@example.test', password: u.password },
      });
      const session = login.cookies.find((c) => c.name === 'tandem_session')!.value;
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tandem_session: session } });
      await t.as(u, { method: 'GET', url: '/api/v1/contacts' });
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'logs@example.test', password: 'wrong-secret-123' },
      });
      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(4);
      expect(all).toContain('/api/v1/contacts');
      for (const secret of [u.password, u.token, session, login.json().csrfToken, 'wrong-secret-123']) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });
});
