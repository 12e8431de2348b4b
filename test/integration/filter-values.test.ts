import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

/** The leads list suggests the source and campaign values in use, so a filter names an existing value. */
describe.each(dialects())('filter value suggestions on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let rep: TestUser;
  let manager: TestUser;
  let otherRep: TestUser;

  const values = async (user: TestUser, query: string) => {
    const res = await t.as(user, { method: 'GET', url: `/api/v1/contacts/values?${query}` });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    marketing = await t.user('marketing');
    rep = await t.user('sales_rep', { team: 'North' });
    manager = await t.user('sales_manager', { team: 'North' });
    otherRep = await t.user('sales_rep', { team: 'South' });
    const create = async (firstName: string, source: string | null, campaign: string | null, ownerId?: string) => {
      const res = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName, source, campaign, ...(ownerId ? { ownerId } : {}) },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    // Many contacts share a value; each value is suggested once.
    for (let i = 0; i < 30; i++) await create(`N${i}`, 'Newsletter', 'Spring launch');
    await create('L', 'linkedin', 'نمایشگاه تهران', rep.user.id);
    await create('W', 'webinar-news', null, otherRep.user.id);
    await create('R', 'Référence', null);
    await create('X', null, null);
  });
  afterAll(() => t.close());

  it('lists each value in use once, matching what was typed however it is written', async () => {
    expect(await values(marketing, 'field=source')).toEqual({
      status: 200,
      body: { items: ['linkedin', 'Newsletter', 'Référence', 'webinar-news'] },
    });
    expect((await values(marketing, 'field=source&q=NEWS')).body.items).toEqual(['Newsletter', 'webinar-news']);
    expect((await values(marketing, 'field=source&q=reference')).body.items).toEqual(['Référence']);
    expect((await values(marketing, 'field=campaign')).body.items).toEqual(['Spring launch', 'نمایشگاه تهران']);
    expect((await values(marketing, `field=campaign&q=${encodeURIComponent('نمايشگاه')}`)).body.items).toEqual([
      'نمایشگاه تهران',
    ]);
    expect((await values(marketing, 'field=source&q=nothing-like-it')).body.items).toEqual([]);
    // A suggested value is what the list's exact filter takes.
    const list = await t.as(marketing, { method: 'GET', url: '/api/v1/contacts?source=Newsletter&limit=100' });
    expect(list.json().items).toHaveLength(30);
  });

  it('suggests only values of contacts the user may see', async () => {
    // A rep: their own contacts only.
    expect((await values(rep, 'field=source')).body.items).toEqual(['linkedin']);
    expect((await values(rep, 'field=campaign')).body.items).toEqual(['نمایشگاه تهران']);
    expect((await values(otherRep, 'field=source')).body.items).toEqual(['webinar-news']);
    // A manager: the team's and unowned contacts, not another team's.
    expect((await values(manager, 'field=source')).body.items).toEqual(['linkedin', 'Newsletter', 'Référence']);
  });

  it('finds a value past the first thousand, however many values come first', async () => {
    // Campaigns also come from visitors' URLs (UTM): many of them may sort before a real one.
    const now = new Date().toISOString();
    const rows = Array.from({ length: 2100 }, (_, i) => ({
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      first_name: `U${i}`,
      last_name: '',
      custom_fields: '{}',
      name_norm: `u${i}`,
      search_text: `u${i}`,
      created_at: now,
      updated_at: now,
      campaign: i === 0 ? '' : `0000-utm-${String(i).padStart(5, '0')}`,
    }));
    for (let i = 0; i < rows.length; i += 300) {
      await t.app.tandem.database.db
        .insertInto('contacts')
        .values(rows.slice(i, i + 300))
        .execute();
    }
    expect((await values(marketing, 'field=campaign&q=spring')).body.items).toEqual(['Spring launch']);
    expect((await values(marketing, 'field=campaign&q=utm-02099')).body.items).toEqual(['0000-utm-02099']);
    // Without a query, the first ones alphabetically; empty values are not offered.
    const first = (await values(marketing, 'field=campaign')).body.items;
    expect(first).toHaveLength(20);
    expect(first[0]).toBe('0000-utm-00001');
  });

  it('refuses a field it does not suggest, and unknown parameters', async () => {
    for (const query of [
      'field=email',
      'field=owner_id',
      '',
      'field=source&limit=5',
      `field=source&q=${'x'.repeat(201)}`,
    ]) {
      const res = await values(marketing, query);
      expect(res.status, query).toBe(422);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/contacts/values?field=source' });
    expect(anonymous.statusCode).toBe(401);
  });
});
