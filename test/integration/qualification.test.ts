import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

describe.each(dialects())('qualification by hand on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let rep: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    marketing = await t.user('marketing');
    rep = await t.user('sales_rep');
    manager = await t.user('sales_manager');
  });
  afterAll(() => t.close());

  const db = () => t.app.tandem.database.db;
  const newContact = async (firstName: string) =>
    (await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName } })).json().id as string;
  const decide = (id: string, payload: unknown, user: TestUser = marketing) =>
    t.as(user, { method: 'PUT', url: `/api/v1/contacts/${id}/qualification`, payload: payload as object });
  const temperatureOf = async (id: string) =>
    (await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}` })).json().temperature as string;
  const changesOf = (id: string) =>
    db()
      .selectFrom('temperature_changes')
      .select(['from_temperature', 'to_temperature', 'cause', 'reasons'])
      .where('contact_id', '=', id)
      .orderBy('id')
      .execute();

  it('marks a cold lead qualified at once, with the reason, the audit entry and contact.qualified for the SLA', async () => {
    const id = await newContact('Arash');
    expect(await temperatureOf(id)).toBe('cold');
    const res = await decide(id, { decision: 'qualified' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      temperature: 'qualified',
      reasons: [{ code: 'marked_qualified', by: marketing.user.id }],
    });
    expect(await temperatureOf(id)).toBe('qualified');
    const changes = await changesOf(id);
    expect(changes.at(-1)).toMatchObject({
      from_temperature: 'cold',
      to_temperature: 'qualified',
      cause: 'contact.marked_qualified',
    });
    const qualified = await db()
      .selectFrom('outbox')
      .select('type')
      .where('aggregate_id', '=', id)
      .where('type', '=', 'contact.qualified')
      .execute();
    expect(qualified).toHaveLength(1);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity_id', '=', id)
      .where('action', '=', 'qualification')
      .execute();
    expect(audit).toEqual([{ action: 'qualification', actor_id: marketing.user.id }]);
  });

  it('keeps a hand-qualified lead qualified when it is rescored for new evidence', async () => {
    const id = await newContact('Bahar');
    await decide(id, { decision: 'qualified' });
    await t.as(marketing, { method: 'POST', url: `/api/v1/contacts/${id}/events`, payload: { type: 'page_view' } });
    await t.app.tandem.worker.drain();
    expect(await temperatureOf(id)).toBe('qualified');
  });

  it('sends a lead back as not qualified with a reason; only later engagement can qualify it again', async () => {
    const id = await newContact('Cyrus');
    await decide(id, { decision: 'qualified' });
    const res = await decide(id, { decision: 'not_qualified', reason: 'No budget this year' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().temperature).toBe('cold');
    expect(res.json().reasons[0]).toEqual({
      code: 'marked_not_qualified',
      by: marketing.user.id,
      reason: 'No budget this year',
    });
    expect((await changesOf(id)).at(-1)).toMatchObject({ from_temperature: 'qualified', to_temperature: 'cold' });
    // Engagement after the decision counts again: two form submissions (50 each) make it warm (the fit is
    // below the qualifying grade, so it does not qualify).
    for (let i = 0; i < 2; i++) {
      await t.as(marketing, {
        method: 'POST',
        url: `/api/v1/contacts/${id}/events`,
        payload: { type: 'form_submitted' },
      });
    }
    await t.app.tandem.worker.drain();
    expect(await temperatureOf(id)).toBe('warm');
    const cleared = await decide(id, { decision: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().reasons.some((r: { code: string }) => r.code === 'marked_not_qualified')).toBe(false);
  });

  it('lets the scores decide again when the decision is cleared', async () => {
    const id = await newContact('Dara');
    await decide(id, { decision: 'qualified' });
    const res = await decide(id, { decision: null });
    expect(res.json().temperature).toBe('cold');
    const row = await db()
      .selectFrom('contacts')
      .select(['qualification', 'qualification_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ qualification: null, qualification_at: null });
  });

  it('refuses sales, unknown contacts and bad bodies, and writes nothing', async () => {
    const id = await newContact('Elham');
    const before = {
      audit: await t.count('audit_log'),
      changes: await t.count('temperature_changes'),
      outbox: await t.count('outbox'),
    };
    // A manager sees the lead but may not decide it; a rep who cannot see it learns nothing (404).
    expect((await decide(id, { decision: 'qualified' }, manager)).statusCode).toBe(403);
    expect((await decide(id, { decision: 'qualified' }, rep)).statusCode).toBe(404);
    expect((await decide('0190a0b0-0000-7000-8000-000000000000', { decision: 'qualified' })).statusCode).toBe(404);
    const bad = await decide(id, { decision: 'maybe', extra: 1 });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['decision', 'extra']);
    const empty = await decide(id, { decision: 'not_qualified', reason: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(await t.count('audit_log')).toBe(before.audit);
    expect(await t.count('temperature_changes')).toBe(before.changes);
    expect(await t.count('outbox')).toBe(before.outbox);
    expect(await temperatureOf(id)).toBe('cold');
  });

  it('answers anonymous callers 401 and says nothing', async () => {
    const id = await newContact('Farid');
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/contacts/${id}/qualification`,
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER },
      payload: { decision: 'qualified' },
    });
    expect(res.statusCode).toBe(401);
  });
});
