import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { setupCode } from '../../src/modules/auth/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
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
    const code = setupCode(t.app.tandem.config.sessionSecret);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { setupCode: code, email: 'root@example.test', name: 'Root', password: 'short' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('password');
    // Reaching the port is not enough: the code printed on the server console is.
    const wrongCode = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { setupCode: 'guessed', email: 'root@example.test', name: 'Root', password: 'a long enough password' },
    });
    expect(wrongCode.statusCode).toBe(403);
    expect(wrongCode.json().errors[0].field).toBe('setupCode');
    expect(await t.count('users')).toBe(0);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { setupCode: code, email: 'Root@Example.test', name: 'Root', password: 'a long enough password' },
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
      payload: { setupCode: code, email: 'evil@example.test', name: 'Evil', password: 'a long enough password' },
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
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.user.email, password: u.password },
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      cookies: { tandem_session: sessionCookie(session) },
      headers: { 'x-csrf-token': session.json().csrfToken },
      payload: { name: 'zapier' },
    });
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
      // Signed email tokens and setup codes travel in URLs: logged without them.
      const clickToken = 'eyJjb250YWN0SWQiOiJsb2ctdGVzdCJ9.signature-that-must-not-be-logged';
      await t.app.inject({ method: 'GET', url: `/t/c/${clickToken}` });
      await t.app.inject({ method: 'GET', url: '/setup?code=setup-code-that-must-not-be-logged' });
      const all = lines.join('\n');
      expect(all).toContain('/t/c/[redacted]');
      expect(all).not.toContain('must-not-be-logged');
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

describe.each(dialects())('credential changes on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { loginRateLimit: { max: 3, windowMs: 60_000 } } });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, remoteAddress = '198.51.100.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('counts parallel guesses too: no more password checks than the limit allows', async () => {
    const u = await t.user('sales_rep');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(u.user.email, `guess number ${i}`, '198.51.100.2')),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
  });

  it('asks for the current password when people change their own, and keeps only the current session', async () => {
    const u = await t.user('sales_rep');
    const first = await login(u.user.email, u.password);
    const second = await login(u.user.email, u.password);
    const cookies = { tandem_session: sessionCookie(second) };
    const headers = { 'x-csrf-token': second.json().csrfToken };
    const url = `/api/v1/users/${u.user.id}`;
    const missing = await t.app.inject({
      method: 'PATCH',
      url,
      cookies,
      headers,
      payload: { password: 'a brand new password' },
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].field).toBe('currentPassword');
    const wrong = await t.app.inject({
      method: 'PATCH',
      url,
      cookies,
      headers,
      payload: { password: 'a brand new password', currentPassword: 'not it at all' },
    });
    expect(wrong.statusCode).toBe(422);
    const ok = await t.app.inject({
      method: 'PATCH',
      url,
      cookies,
      headers,
      payload: { password: 'a brand new password', currentPassword: u.password },
    });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies })).statusCode).toBe(200);
    const other = { tandem_session: sessionCookie(first) };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: other })).statusCode).toBe(401);
    expect((await login(u.user.email, 'a brand new password')).statusCode).toBe(200);
    const audit = await t.app.tandem.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', u.user.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).toContain('passwordChanged');
    expect(JSON.stringify(audit[0])).not.toContain('brand new');
  });

  it('lets an admin reset someone else’s password without theirs', async () => {
    const admin = await t.user('admin');
    const u = await t.user('marketing');
    const res = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${u.user.id}`,
      payload: { password: 'reset by the admin' },
    });
    expect(res.statusCode).toBe(200);
    expect((await login(u.user.email, 'reset by the admin')).statusCode).toBe(200);
  });

  it('does not let an API token mint more tokens, and revokes tokens for good on deactivation', async () => {
    const admin = await t.user('admin');
    const u = await t.user('marketing');
    const minted = await t.as(u, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'spare' } });
    expect(minted.statusCode).toBe(403);
    await t.as(admin, { method: 'PATCH', url: `/api/v1/users/${u.user.id}`, payload: { status: 'deactivated' } });
    await t.as(admin, { method: 'PATCH', url: `/api/v1/users/${u.user.id}`, payload: { status: 'active' } });
    expect((await t.as(u, { method: 'GET', url: '/api/v1/contacts' })).statusCode).toBe(401);
    const kinds = await t.app.tandem.database.db
      .selectFrom('audit_log')
      .select(['entity_type', 'action'])
      .where('entity_id', '=', u.user.id)
      .orderBy('id')
      .execute();
    expect(kinds.map((k) => `${k.entity_type}.${k.action}`)).toEqual(['user.create', 'user.update', 'user.update']);
  });

  it('never leaves the installation without an admin, even when two admins demote each other at once', async () => {
    const fresh = await createTestApp(dialect);
    try {
      const a = await fresh.user('admin');
      const b = await fresh.user('admin');
      const [ra, rb] = await Promise.all([
        fresh.as(a, { method: 'PATCH', url: `/api/v1/users/${b.user.id}`, payload: { role: 'marketing' } }),
        fresh.as(b, { method: 'PATCH', url: `/api/v1/users/${a.user.id}`, payload: { role: 'marketing' } }),
      ]);
      // One demotion wins. The other fails: 409 when it ran into the last-admin rule, or 403 when its author
      // had already been demoted by the time the request was authenticated.
      const statuses = [ra.statusCode, rb.statusCode].sort();
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const admins = await fresh.app.tandem.database.db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .execute();
      expect(admins).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  it('answers 409, not 500, when the same email or team name is created concurrently', async () => {
    const admin = await t.user('admin');
    const users = await Promise.all(
      [1, 2, 3].map(() =>
        t.as(admin, {
          method: 'POST',
          url: '/api/v1/users',
          payload: { email: 'race@example.test', name: 'Race', role: 'sales_rep', password: 'long enough pw' },
        }),
      ),
    );
    expect(users.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const teams = await Promise.all(
      [1, 2, 3].map(() => t.as(admin, { method: 'POST', url: '/api/v1/teams', payload: { name: 'Racers' } })),
    );
    expect(teams.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(teams.find((r) => r.statusCode === 409)!.json().code).toBe('team.name_taken');
  });
});

describe.each(dialects())('API tokens remembered between requests on %s', (dialect) => {
  const clock = fixedClock('2026-03-01T09:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock, config: { tokenCacheMs: 5_000 } });
  });
  afterAll(() => t.close());

  const contactOwnedBy = async (admin: TestUser, ownerId: string) => {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Owned', ownerId },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const read = (u: TestUser, id: string) => t.as(u, { method: 'GET', url: `/api/v1/contacts/${id}` });
  /** Another process (a second server, `tandem token revoke`) revokes the user's tokens behind our back. */
  const revokeElsewhere = (u: TestUser) =>
    t.app.tandem.database.db
      .updateTable('api_tokens')
      .set({ revoked_at: clock.now().toISOString() })
      .where('user_id', '=', u.user.id)
      .execute();

  it("applies this server's own role and team changes to the very next request", async () => {
    const admin = await t.user('admin');
    const manager = await t.user('sales_manager', { team: 'North' });
    const rep = await t.user('sales_rep', { team: 'North' });
    const other = await t.user('sales_rep');
    const repsContact = await contactOwnedBy(admin, rep.user.id);
    const othersContact = await contactOwnedBy(admin, other.user.id);

    // The manager's token is looked up once and remembered: the team's contacts are theirs to see.
    expect((await read(manager, repsContact)).statusCode).toBe(200);
    expect((await read(manager, othersContact)).statusCode).toBe(404);

    // Promoted to admin: everything, at once (no waiting for the cache to expire).
    const promoted = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/users/${manager.user.id}`,
      payload: { role: 'admin' },
    });
    expect(promoted.statusCode).toBe(200);
    expect((await read(manager, othersContact)).statusCode).toBe(200);

    // Back to manager, then the team is deleted: the team's contacts are out of reach at once.
    await t.as(admin, { method: 'PATCH', url: `/api/v1/users/${manager.user.id}`, payload: { role: 'sales_manager' } });
    expect((await read(manager, repsContact)).statusCode).toBe(200);
    const teamId = rep.user.teamId!;
    expect((await t.as(admin, { method: 'DELETE', url: `/api/v1/teams/${teamId}` })).statusCode).toBe(204);
    expect((await read(manager, repsContact)).statusCode).toBe(404);
  });

  it('refuses a token revoked here at once, and one revoked by another process within the cache time', async () => {
    const admin = await t.user('admin');
    const u = await t.user('marketing');
    const list = (who: TestUser) => t.as(who, { method: 'GET', url: '/api/v1/contacts' });
    expect((await list(u)).statusCode).toBe(200);
    const [token] = (await t.as(u, { method: 'GET', url: '/api/v1/tokens' })).json().items as { id: string }[];
    expect((await t.as(u, { method: 'DELETE', url: `/api/v1/tokens/${token!.id}` })).statusCode).toBe(204);
    expect((await list(u)).statusCode).toBe(401);

    // Revoked by another process first, then here again: this server forgets it at once all the same.
    const other = await t.user('admin');
    expect((await list(other)).statusCode).toBe(200);
    await revokeElsewhere(other);
    expect((await list(other)).statusCode).toBe(200);
    const all = (await t.as(admin, { method: 'GET', url: '/api/v1/tokens' })).json().items as {
      id: string;
      userId: string;
    }[];
    const othersToken = all.find((x) => x.userId === other.user.id)!;
    expect((await t.as(admin, { method: 'DELETE', url: `/api/v1/tokens/${othersToken.id}` })).statusCode).toBe(204);
    expect((await list(other)).statusCode).toBe(401);

    // Another process (a second server, `tandem token revoke`) writes to the database behind our back.
    expect((await list(admin)).statusCode).toBe(200);
    await revokeElsewhere(admin);
    clock.advance(4_000);
    expect((await list(admin)).statusCode).toBe(200);
    clock.advance(1_000);
    expect((await list(admin)).statusCode).toBe(401);
  });
});

describe.each(dialects())('API tokens looked up on every request on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { tokenCacheMs: 0 } });
  });
  afterAll(() => t.close());

  it("sees another process's revocation at once when the cache is off", async () => {
    const u = await t.user('marketing');
    expect((await t.as(u, { method: 'GET', url: '/api/v1/contacts' })).statusCode).toBe(200);
    await t.app.tandem.database.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).execute();
    expect((await t.as(u, { method: 'GET', url: '/api/v1/contacts' })).statusCode).toBe(401);
  });
});
