import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

describe.each(dialects())('contacts API on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let accountId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { name: 'شرکت پارس', domain: 'https://www.pars.example/about', country: 'ir', employeeCount: 120 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ domain: 'pars.example', country: 'IR' });
    accountId = res.json().id;
  });
  afterAll(() => t.close());

  it('creates a contact with canonical email and E.164 phone typed in Persian digits', async () => {
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: {
        firstName: 'علی',
        lastName: 'کریمی',
        email: 'Ali.Karimi@Pars.Example',
        phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷',
        jobTitle: 'مدیر فروش',
        seniority: 'manager',
        accountId,
        source: 'trade_show',
        customFields: { budget: 5000 },
      },
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      firstName: 'علی',
      email: 'ali.karimi@pars.example',
      phone: '+989121234567',
      account: { id: accountId, name: 'شرکت پارس' },
      customFields: { budget: 5000 },
    });
    const got = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${c.id}` });
    expect(got.json()).toEqual(c);
  });

  it('finds a Persian name typed with Arabic letters, and a phone typed in a local format', async () => {
    await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'مهدی', lastName: 'یزدانی‌فر', email: 'mehdi@ex.test' },
    });
    // Arabic yeh (ي) and kaf (ك) and no zero-width non-joiner: still the same person.
    const byArabic = await t.as(admin, { method: 'GET', url: `/api/v1/contacts?q=${encodeURIComponent('يزدانيفر')}` });
    expect(byArabic.json().items.map((c: { email: string }) => c.email)).toEqual(['mehdi@ex.test']);
    const byKaf = await t.as(admin, { method: 'GET', url: `/api/v1/contacts?q=${encodeURIComponent('كريمي')}` });
    expect(byKaf.json().items).toHaveLength(1);
    const byPhone = await t.as(admin, {
      method: 'GET',
      url: `/api/v1/contacts?q=${encodeURIComponent('0912-123-4567')}`,
    });
    expect(byPhone.json().items.map((c: { phone: string }) => c.phone)).toEqual(['+989121234567']);
    const byEmail = await t.as(admin, { method: 'GET', url: '/api/v1/contacts?q=ALI.KARIMI' });
    expect(byEmail.json().items).toHaveLength(1);
    const literal = await t.as(admin, { method: 'GET', url: '/api/v1/contacts?q=%25' });
    expect(literal.json().items).toHaveLength(0);
  });

  it('finds a duplicate the reader may see behind twenty they may not', async () => {
    const rep = await t.user('sales_rep');
    const other = await t.user('sales_rep');
    const email = 'crowded@dup.example';
    const base = Date.parse('2026-01-01T00:00:00Z');
    // Twenty older contacts of another rep share the email (written directly: the API would refuse them).
    const rows = Array.from({ length: 21 }, (_, i) => {
      const at = new Date(base + i * 60_000).toISOString();
      const mine = i === 20;
      return {
        id: newId(),
        first_name: mine ? 'Mine' : `Theirs ${i}`,
        last_name: '',
        email,
        owner_id: mine ? rep.user.id : other.user.id,
        custom_fields: '{}',
        name_norm: mine ? 'mine' : `theirs ${i}`,
        search_text: email,
        created_at: at,
        updated_at: at,
      };
    });
    await t.app.tandem.database.db.insertInto('contacts').values(rows).execute();
    const mine = rows[20]!.id;
    const again = await t.as(rep, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Mine', email } });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().duplicates).toEqual([mine]);
    const listed = await t.as(rep, { method: 'GET', url: `/api/v1/contacts/duplicates?email=${email}` });
    expect(listed.json().items.map((c: { id: string }) => c.id)).toEqual([mine]);
  });

  it('refuses a duplicate email or phone unless asked, naming the visible duplicates', async () => {
    const dup = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Ali', email: 'ALI.KARIMI@pars.example' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'contact.duplicate' });
    expect(dup.json().duplicates).toHaveLength(1);
    const byPhone = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Ali', phone: '+98 912 123 4567' },
    });
    expect(byPhone.statusCode).toBe(409);
    const forced = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts?allowDuplicate=true',
      payload: { firstName: 'Ali', email: 'ali.karimi@pars.example' },
    });
    expect(forced.statusCode).toBe(201);
    const candidates = await t.as(admin, {
      method: 'GET',
      url: `/api/v1/contacts/duplicates?firstName=${encodeURIComponent('علي')}&lastName=${encodeURIComponent('كريمي')}&accountId=${accountId}`,
    });
    expect(candidates.json().items.map((c: { firstName: string }) => c.firstName)).toEqual(['علی']);
    await t.as(admin, { method: 'DELETE', url: `/api/v1/contacts/${forced.json().id}` });
  });

  it('updates only what changed, clears with null, and records before/after in the audit log', async () => {
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Sara', lastName: 'Novak', jobTitle: 'CTO' },
    });
    const id = created.json().id;
    const patched = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { jobTitle: null, lastName: 'Novák' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ jobTitle: null, lastName: 'Novák' });
    const audit = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${id}/audit` });
    const entries = audit.json().items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(entries[0]).toMatchObject({
      actor: { id: admin.user.id },
      before: { jobTitle: 'CTO', lastName: 'Novak' },
      after: { jobTitle: null, lastName: 'Novák' },
    });
    // Accents fold in search too.
    const found = await t.as(admin, { method: 'GET', url: '/api/v1/contacts?q=novak' });
    expect(found.json().items.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('deletes a contact and keeps the deletion in the audit log', async () => {
    const created = await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Temp' } });
    const id = created.json().id;
    expect((await t.as(admin, { method: 'DELETE', url: `/api/v1/contacts/${id}` })).statusCode).toBe(204);
    expect((await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${id}` })).statusCode).toBe(404);
    const rows = await t.app.tandem.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['create', 'delete']);
  });

  it('paginates with a cursor through every contact exactly once, in the chosen order', async () => {
    for (let i = 0; i < 7; i++) {
      await t.as(admin, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: `Page${i}`, lastName: i % 2 ? 'Same' : `L${i}` },
      });
    }
    const total = await t.count('contacts');
    for (const sort of ['createdAt', 'lastName', 'firstName', 'updatedAt']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await t.as(admin, {
            method: 'GET',
            url: `/api/v1/contacts?limit=3&sort=${sort}&order=${order}${cursor ? `&cursor=${cursor}` : ''}`,
          });
          expect(res.statusCode).toBe(200);
          seen.push(...res.json().items.map((c: { id: string }) => c.id));
          cursor = res.json().nextCursor;
        } while (cursor);
        expect(seen).toHaveLength(total);
        expect(new Set(seen).size).toBe(total);
      }
    }
    const bad = await t.as(admin, { method: 'GET', url: '/api/v1/contacts?cursor=garbage' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('cursor');
    const badSort = await t.as(admin, { method: 'GET', url: '/api/v1/contacts?sort=email' });
    expect(badSort.statusCode).toBe(422);
    expect(badSort.json().errors[0].field).toBe('sort');
  });

  describe('bad input gets a clear problem naming the field and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string, number][] = [
      ['a malformed email', { firstName: 'X', email: 'not-an-email' }, 'email', 422],
      ['an unknown field', { firstName: 'X', favouriteColour: 'blue' }, 'favouriteColour', 422],
      ['a 10 MB name', { firstName: 'x'.repeat(10 * 1024 * 1024) }, 'firstName', 422],
      ['a non-existent owner', { firstName: 'X', ownerId: '01a00000-0000-7000-8000-000000000000' }, 'ownerId', 422],
      ['a non-existent account', { firstName: 'X', accountId: 'missing' }, 'accountId', 422],
      ['an invalid phone', { firstName: 'X', phone: '12' }, 'phone', 422],
      ['a missing first name', { lastName: 'X' }, 'firstName', 422],
      ['a bad seniority', { firstName: 'X', seniority: 'emperor' }, 'seniority', 422],
    ];
    for (const [what, payload, field, status] of cases) {
      it(what, async () => {
        const before = await Promise.all([t.count('contacts'), t.count('audit_log'), t.count('outbox')]);
        const res = await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload });
        expect(res.statusCode).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(await Promise.all([t.count('contacts'), t.count('audit_log'), t.count('outbox')])).toEqual(before);
      });
    }

    it('a PATCH with an unknown field changes nothing', async () => {
      const created = await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Stable' } });
      const id = created.json().id;
      const res = await t.as(admin, {
        method: 'PATCH',
        url: `/api/v1/contacts/${id}`,
        payload: { firstName: 'Changed', ownerName: 'x' },
      });
      expect(res.statusCode).toBe(422);
      expect((await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${id}` })).json().firstName).toBe('Stable');
    });

    it('a body that is not JSON', async () => {
      const res = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/contacts',
        headers: { 'content-type': 'application/json' },
        payload: '{"firstName":',
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });
});

describe.each(dialects())('contact consistency on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
  });
  afterAll(() => t.close());

  it('lets only one of several concurrent creates of the same person through', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        t.as(admin, {
          method: 'POST',
          url: '/api/v1/contacts',
          payload: { firstName: 'Twin', email: 'twin@example.test' },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it('answers a forged cursor with 422 on every database', async () => {
    for (const forged of [
      ['not-a-date', 'x'],
      [5, 'x'],
      ['2027-01-01', 'x'],
    ]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      const res = await t.as(admin, { method: 'GET', url: `/api/v1/contacts?cursor=${cursor}` });
      expect(res.statusCode, JSON.stringify(forged)).toBe(422);
      expect(res.json().errors[0].field).toBe('cursor');
    }
    const byName = Buffer.from(JSON.stringify(['anything', 'x'])).toString('base64url');
    expect(
      (await t.as(admin, { method: 'GET', url: `/api/v1/contacts?sort=lastName&cursor=${byName}` })).statusCode,
    ).toBe(200);
  });

  it('does not count the same custom fields in another key order as a change', async () => {
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Keys', customFields: { zeta: 1, alpha: 'a' } },
    });
    const id = created.json().id;
    const again = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { customFields: { alpha: 'a', zeta: 1 } },
    });
    expect(again.json().updatedAt).toBe(created.json().updatedAt);
    const audit = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${id}/audit` });
    expect(audit.json().items).toHaveLength(1);
  });

  it('records on each contact that its account was deleted', async () => {
    const acc = await t.as(admin, { method: 'POST', url: '/api/v1/accounts', payload: { name: 'Going away' } });
    const c = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Left', accountId: acc.json().id },
    });
    const outboxBefore = await t.count('outbox');
    expect((await t.as(admin, { method: 'DELETE', url: `/api/v1/accounts/${acc.json().id}` })).statusCode).toBe(204);
    const after = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${c.json().id}` });
    expect(after.json().accountId).toBeNull();
    expect(after.json().updatedAt > c.json().updatedAt).toBe(true);
    const audit = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${c.json().id}/audit` })).json().items;
    expect(audit[0]).toMatchObject({
      action: 'update',
      before: { accountId: acc.json().id },
      after: { accountId: null },
    });
    // One contact.updated for the contact, one account.deleted.
    expect(await t.count('outbox')).toBe(outboxBefore + 2);
  });
});
