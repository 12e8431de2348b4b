import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_TTL_MS } from '../../src/modules/leads/leads.service.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

describe.each(dialects())('lead API on %s', (dialect) => {
  let t: TestApp;
  let integration: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    integration = await t.user('marketing');
  });
  afterAll(() => t.close());

  const post = (payload: unknown, key?: string, user: TestUser = integration) =>
    t.as(user, {
      method: 'POST',
      url: '/api/v1/leads',
      headers: key ? { 'idempotency-key': key } : {},
      payload: payload as object,
    });

  const LEAD = {
    firstName: 'Parisa',
    lastName: 'Karimi',
    email: 'parisa@karimi.example',
    company: { name: 'Karimi Trading', domain: 'https://www.Karimi.example/', employeeCount: 40, country: 'ir' },
    campaign: 'webinar-q4',
    event: { type: 'webinar_registered', properties: { webinar: 'Scaling sales' } },
  };

  it('creates a lead with its company and event, and a retry with the same key changes nothing', async () => {
    const before = await Promise.all([t.count('contacts'), t.count('accounts'), t.count('events'), t.count('outbox')]);
    const first = await post(LEAD, 'crm-sync-0001');
    expect(first.statusCode, first.body).toBe(201);
    const { contactId, created } = first.json<{ contactId: string; created: boolean }>();
    expect(created).toBe(true);
    const after = await Promise.all([t.count('contacts'), t.count('accounts'), t.count('events'), t.count('outbox')]);
    expect(after.slice(0, 3)).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);

    const retry = await post(LEAD, 'crm-sync-0001');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual({ contactId, created: true });
    expect(await Promise.all([t.count('contacts'), t.count('accounts'), t.count('events'), t.count('outbox')])).toEqual(
      after,
    );

    const db = t.app.tandem.database.db;
    const contact = await db.selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ source: 'api', campaign: 'webinar-q4', owner_id: null });
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', contact.account_id!)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      name: 'Karimi Trading',
      domain: 'karimi.example',
      country: 'IR',
      employee_count: 40,
    });
    const event = await db
      .selectFrom('events')
      .selectAll()
      .where('contact_id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ type: 'webinar_registered', utm_campaign: 'webinar-q4' });
  });

  it('fills a contact already holding the most custom fields without taking it past the limit', async () => {
    const full = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, i]));
    const created = await t.as(integration, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Full', email: 'full@custom.example', customFields: { ...full, f7: null } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const res = await post({ email: 'full@custom.example', customFields: { f7: 'seven', extra: 'x' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ contactId: id, created: false });
    const stored = (await t.as(integration, { method: 'GET', url: `/api/v1/contacts/${id}` })).json<{
      customFields: Record<string, unknown>;
    }>().customFields;
    expect(Object.keys(stored)).toHaveLength(100);
    expect(stored).toMatchObject({ f7: 'seven' });
    expect(stored).not.toHaveProperty('extra');
    // The contact can still be saved as the contact page saves it: with all of its fields.
    const saved = await t.as(integration, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { jobTitle: 'CEO', customFields: stored },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it('refuses the same key with a different body, writing nothing', async () => {
    await post({ email: 'keyed@example.com' }, 'crm-sync-0002');
    const before = await t.count('contacts');
    const res = await post({ email: 'other@example.com' }, 'crm-sync-0002');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('idempotency.key_reused');
    expect(await t.count('contacts')).toBe(before);
  });

  it('two concurrent requests with one key make one lead and get the same answer', async () => {
    const [a, b] = await Promise.all([
      post({ email: 'race@example.com' }, 'race-1'),
      post({ email: 'race@example.com' }, 'race-1'),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json()).toEqual(b.json());
    const rows = await t.app.tandem.database.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'race@example.com')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('keys belong to their caller: another caller may use the same key', async () => {
    const other = await t.user('admin');
    const a = await post({ email: 'shared-key-a@example.com' }, 'same-key');
    const b = await post({ email: 'shared-key-b@example.com' }, 'same-key', other);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().contactId).not.toBe(b.json().contactId);
  });

  it('is for marketing and admins only: a rep could otherwise find and fill another team’s contact', async () => {
    const owner = await t.user('sales_rep');
    const mine = await t.as(owner, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Owned', email: 'owned-by-a-rep@example.com' },
    });
    expect(mine.statusCode).toBe(201);
    const callers = [await t.user('sales_rep'), await t.user('sales_manager')];
    const before = await Promise.all([t.count('contacts'), t.count('events'), t.count('audit_log')]);
    for (const caller of callers) {
      const res = await post(
        { email: 'owned-by-a-rep@example.com', jobTitle: 'Planted', event: { type: 'form_submitted' } },
        undefined,
        caller,
      );
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain(mine.json().id);
    }
    expect(await Promise.all([t.count('contacts'), t.count('events'), t.count('audit_log')])).toEqual(before);
    const row = await t.app.tandem.database.db
      .selectFrom('contacts')
      .select('job_title')
      .where('id', '=', mine.json().id)
      .executeTakeFirstOrThrow();
    expect(row.job_title).toBeNull();
  });

  it('without a key still deduplicates on email and phone, filling blanks only', async () => {
    const first = await post({ firstName: 'Omid', phone: '0912 111 2233' });
    expect(first.statusCode).toBe(201);
    const again = await post({ firstName: 'Someone else', phone: '+98 912 111 2233', email: 'omid@example.ir' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ contactId: first.json().contactId, created: false });
    const row = await t.app.tandem.database.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', first.json().contactId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ first_name: 'Omid', email: 'omid@example.ir', phone: '+989121112233' });
  });

  it('takes a colleague on the same office number for another person, not for the one already there', async () => {
    const boss = await post({ firstName: 'Farhad', email: 'farhad@switchboard.example', phone: '021 8877 1100' });
    expect(boss.statusCode).toBe(201);
    // Another address on the same number: another person, and Farhad's record is left as it was.
    const colleague = await post({ firstName: 'Golnar', email: 'golnar@switchboard.example', phone: '02188771100' });
    expect(colleague.statusCode, colleague.body).toBe(201);
    expect(colleague.json().contactId).not.toBe(boss.json().contactId);
    // No address: the number is all there is to go by, and its first contact is the one.
    const caller = await post({ firstName: 'Unknown caller', phone: '+98 21 8877 1100' });
    expect(caller.json()).toEqual({ contactId: boss.json().contactId, created: false });
    const rows = await t.app.tandem.database.db
      .selectFrom('contacts')
      .select(['id', 'first_name', 'email'])
      .where('phone', '=', '+982188771100')
      .orderBy('created_at')
      .execute();
    expect(rows).toEqual([
      { id: boss.json().contactId, first_name: 'Farhad', email: 'farhad@switchboard.example' },
      { id: colleague.json().contactId, first_name: 'Golnar', email: 'golnar@switchboard.example' },
    ]);
  });

  it('answers bad input per field and writes nothing', async () => {
    const before = await t.count('contacts');
    const cases: [unknown, string | undefined, string][] = [
      [{ firstName: 'No identity' }, undefined, 'email'],
      [{ email: 'x@example.com', company: { name: 'X', domain: 'not a domain' } }, undefined, 'company.domain'],
      [{ email: 'x@example.com', surprise: 1 }, undefined, 'surprise'],
      [{ email: 'x@example.com', phone: 'abc' }, undefined, 'phone'],
      [{ email: 'x@example.com' }, 'bad key with spaces', 'Idempotency-Key'],
      // Consent on a form submission is what a Tandem form showed the person; an integration's claim is not.
      [
        { email: 'x@example.com', event: { type: 'form_submitted', properties: { consent: true } } },
        undefined,
        'event.properties.consent',
      ],
      [
        {
          email: 'x@example.com',
          event: { type: 'form_submitted', properties: { consentText: 'Yes', formName: 'F' } },
        },
        undefined,
        'event.properties.consentText',
      ],
    ];
    for (const [body, key, field] of cases) {
      const res = await post(body, key);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain(field);
    }
    expect(await t.count('contacts')).toBe(before);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/leads', payload: { email: 'a@example.com' } });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe.each(dialects())('idempotency keys expire on %s', (dialect) => {
  const clock = fixedClock('2027-01-10T08:00:00.000Z');
  let t: TestApp;
  let integration: TestUser;
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    integration = await t.user('marketing');
  });
  afterAll(() => t.close());

  const post = (payload: object, key: string) =>
    t.as(integration, { method: 'POST', url: '/api/v1/leads', headers: { 'idempotency-key': key }, payload });
  const keysStored = () => t.count('idempotency_keys');

  it('replays within 24 hours; after that the key is free again and expired keys are pruned', async () => {
    const first = await post({ email: 'first@expiry.example' }, 'nightly-sync-1');
    expect(first.statusCode).toBe(201);
    await post({ email: 'other@expiry.example' }, 'nightly-sync-2');
    expect(await keysStored()).toBe(2);

    clock.advance(IDEMPOTENCY_KEY_TTL_MS - 60_000);
    const retried = await post({ email: 'first@expiry.example' }, 'nightly-sync-1');
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect((await post({ email: 'changed@expiry.example' }, 'nightly-sync-1')).statusCode).toBe(422);

    clock.advance(2 * 60_000);
    // A day later the key names a new request: a new lead, not a refusal.
    const reused = await post({ email: 'changed@expiry.example' }, 'nightly-sync-1');
    expect(reused.statusCode, reused.body).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
    expect(reused.json<{ contactId: string }>().contactId).not.toBe(first.json<{ contactId: string }>().contactId);
    // The other expired key was pruned on the way; the reused one is stored afresh.
    expect(await keysStored()).toBe(1);
  });
});
