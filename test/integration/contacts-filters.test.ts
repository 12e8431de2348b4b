import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

interface Item {
  id: string;
  firstName: string;
  temperature: string;
  why: { to: string; reasons: { code: string; eventType?: string }[] } | null;
}

/** The leads list's filters: scores, campaign and "why" (the reasons of the latest temperature change). */
describe.each(dialects())('leads list filters on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  const ids: Record<string, string> = {};

  const create = async (firstName: string, extra: Record<string, unknown> = {}) => {
    const res = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName, ...extra },
    });
    expect(res.statusCode).toBe(201);
    ids[firstName] = res.json().id;
    return res.json().id as string;
  };
  const event = (id: string, type: string, url?: string) =>
    t.as(marketing, {
      method: 'POST',
      url: `/api/v1/contacts/${id}/events`,
      payload: { type, ...(url ? { url } : {}) },
    });
  const list = async (query: string): Promise<Item[]> => {
    const res = await t.as(marketing, { method: 'GET', url: `/api/v1/contacts?limit=200&${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const names = async (query: string) => (await list(query)).map((i) => i.firstName).sort();
  /** Every item of a query, following nextCursor to the last page. */
  const walkPages = async (query: string): Promise<Item[]> => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.as(marketing, {
        method: 'GET',
        url: `/api/v1/contacts?${query}${cursor ? `&cursor=${cursor}` : ''}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    return seen;
  };

  beforeAll(async () => {
    // No background worker: the test drains the outbox itself, so scores stay where it puts them.
    t = await createTestApp(dialect);
    marketing = await t.user('marketing');
    const formLead = await create('FormLead', { campaign: 'spring-2026' });
    const pricingLead = await create('PricingLead', { campaign: 'spring-2026' });
    await create('ColdLead', { campaign: 'autumn' });
    await create('Plain');
    await event(formLead, 'form_submitted');
    await event(pricingLead, 'page_view', 'https://acme.example/pricing');
    await event(pricingLead, 'page_view', 'https://acme.example/pricing?plan=pro');
    await t.app.tandem.worker.drain();
    const db = t.app.tandem.database.db;
    const scores: Record<string, [number, number]> = {
      FormLead: [85, 50],
      PricingLead: [40, 20],
      ColdLead: [10, 0],
      Plain: [60, 0],
    };
    for (const [name, [fit, engagement]] of Object.entries(scores)) {
      await db
        .updateTable('contacts')
        .set({ fit_score: fit, engagement_score: engagement })
        .where('id', '=', ids[name]!)
        .execute();
    }
  });
  afterAll(() => t.close());

  it('filters by fit score range and minimum engagement', async () => {
    expect(await names('minFitScore=60')).toEqual(['FormLead', 'Plain']);
    expect(await names('maxFitScore=40')).toEqual(['ColdLead', 'PricingLead']);
    expect(await names('minFitScore=40&maxFitScore=60')).toEqual(['Plain', 'PricingLead']);
    expect(await names('minEngagement=20')).toEqual(['FormLead', 'PricingLead']);
    expect(await names('minEngagement=20.5')).toEqual(['FormLead']);
  });

  it('filters by campaign, alone and with temperature', async () => {
    expect(await names('campaign=spring-2026')).toEqual(['FormLead', 'PricingLead']);
    expect(await names('campaign=autumn')).toEqual(['ColdLead']);
    expect(await names('campaign=spring-2026&temperature=warm')).toEqual(['FormLead', 'PricingLead']);
    expect(await names('campaign=autumn&temperature=warm')).toEqual([]);
  });

  it("says why each lead is at its temperature, and filters on it ('why is this lead warm?')", async () => {
    const items = await list('temperature=warm');
    const form = items.find((i) => i.firstName === 'FormLead')!;
    expect(form.why).toMatchObject({ to: 'warm' });
    expect(form.why!.reasons.map((r) => r.eventType ?? r.code)).toEqual([
      'engagement_at_least',
      // 50 points would qualify with a better fit: the reasons name the fit that held it back.
      'fit_grade_below',
      'form_submitted',
    ]);
    expect(await names('reason=fit_grade_below')).toEqual(['FormLead']);
    expect((await list('campaign=autumn'))[0]!.why).toBeNull();

    expect(await names('temperature=warm&reasonEvent=form_submitted')).toEqual(['FormLead']);
    expect(await names('reasonEvent=page_view')).toEqual(['PricingLead']);
    expect(await names('reason=event')).toEqual(['FormLead', 'PricingLead']);
    expect(await names('reason=engagement_at_least')).toEqual(['FormLead', 'PricingLead']);
    expect(await names('reason=manual')).toEqual([]);
    expect(await names('reason=event&reasonEvent=form_submitted&campaign=spring-2026')).toEqual(['FormLead']);
  });

  it('follows the latest change at once: the keys change in the transaction that records it', async () => {
    const id = await create('Cooling');
    await event(id, 'form_submitted');
    await t.app.tandem.worker.drain();
    expect(await names('reasonEvent=form_submitted')).toContain('Cooling');
    const decide = (decision: string | null, reason?: string) =>
      t.as(marketing, {
        method: 'PUT',
        url: `/api/v1/contacts/${id}/qualification`,
        payload: { decision, ...(reason ? { reason } : {}) },
      });
    // Qualified by hand: warm -> qualified, recorded with the request; the list follows before any reaction runs.
    expect((await decide('qualified')).json().temperature).toBe('qualified');
    expect(await names('reason=marked_qualified')).toEqual(['Cooling']);
    expect(await names('reasonEvent=form_submitted')).not.toContain('Cooling');
    // Then rejected: back to warm for the form submission, with the rejection among the reasons.
    expect((await decide('not_qualified', 'student')).json().temperature).toBe('warm');
    expect(await names('reason=marked_qualified')).toEqual([]);
    expect(await names('reason=marked_not_qualified')).toEqual(['Cooling']);
    expect(await names('reasonEvent=form_submitted')).toContain('Cooling');
  });

  it('gives keys to changes whose event was still queued when the server was upgraded (migration 0018)', async () => {
    const id = await create('Upgraded');
    await event(id, 'form_submitted');
    await t.app.tandem.worker.drain();
    const database = t.app.tandem.database;
    // As the previous version left it: a change recorded, its keys left to a reaction that had not run yet.
    await database.db.deleteFrom('contact_temperature_reasons').where('contact_id', '=', id).execute();
    await t.app.tandem.outbox.enqueue(database.db, [
      {
        type: 'contact.temperature_changed',
        aggregateType: 'contact',
        aggregateId: id,
        payload: { id, from: 'cold', to: 'warm' },
      },
    ]);
    expect(await names('reasonEvent=form_submitted')).not.toContain('Upgraded');
    // The migration's step itself (reverting the latest migration would revert a later one once there is one).
    await migrations['0018_reason_keys_in_transaction']!.up(database.db);
    expect(await names('reasonEvent=form_submitted')).toContain('Upgraded');
    expect(await names('reason=engagement_at_least')).toContain('Upgraded');
  });

  it('keeps cursor paging exact under filters', async () => {
    for (let i = 0; i < 7; i++) await create(`Spring${i}`, { campaign: 'paging' });
    for (let i = 0; i < 3; i++) await create(`Other${i}`, { campaign: 'elsewhere' });
    const db = t.app.tandem.database.db;
    // Two share a creation instant: the id breaks the tie.
    await db
      .updateTable('contacts')
      .set({ created_at: '2026-01-01T00:00:00.000Z', fit_score: 70 })
      .where('id', 'in', [ids.Spring2!, ids.Spring3!])
      .execute();
    await db.updateTable('contacts').set({ fit_score: 70 }).where('campaign', '=', 'paging').execute();
    await db.updateTable('contacts').set({ fit_score: 5 }).where('id', '=', ids.Spring5!).execute();
    const expected = (await list('campaign=paging&minFitScore=50')).map((i) => i.id);
    expect(expected).toHaveLength(6);
    for (const order of ['desc', 'asc']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.as(marketing, {
          method: 'GET',
          url: `/api/v1/contacts?campaign=paging&minFitScore=50&limit=2&order=${order}${cursor ? `&cursor=${cursor}` : ''}`,
        });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        for (const item of body.items) expect(item.campaign).toBe('paging');
        seen.push(...body.items.map((i: Item) => i.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(order === 'desc' ? expected : [...expected].reverse());
    }
  });

  it('sorts leads by fit or engagement score, paging exactly through ties', async () => {
    const scores: [string, number, number][] = [
      ['RankA', 90, 12.5],
      ['RankB', 75, 80.25],
      ['RankC', 75, 3],
      ['RankD', 20, 80.25],
      ['RankE', 75, 0.125],
    ];
    const db = t.app.tandem.database.db;
    for (const [name, fit, engagement] of scores) {
      const id = await create(name, { campaign: 'ranked' });
      await db
        .updateTable('contacts')
        .set({ fit_score: fit, engagement_score: engagement })
        .where('id', '=', id)
        .execute();
    }
    const byId = (a: string, b: string) => (ids[a]! < ids[b]! ? -1 : 1);
    const ranked = (column: 1 | 2) =>
      [...scores].sort((a, b) => b[column] - a[column] || -byId(a[0], b[0])).map(([name]) => name);
    const walk = async (query: string) => (await walkPages(`campaign=ranked&limit=2&${query}`)).map((i) => i.firstName);
    expect(await walk('sort=fitScore')).toEqual(ranked(1));
    expect(await walk('sort=fitScore&order=asc')).toEqual([...ranked(1)].reverse());
    expect(await walk('sort=engagementScore')).toEqual(ranked(2));
    expect(await walk('sort=engagementScore&order=asc')).toEqual([...ranked(2)].reverse());
    // Highest first, as a marketer reads it: the best fit, and the most engaged with the fractional scores
    // that decay leaves.
    expect((await walk('sort=fitScore')).slice(0, 1)).toEqual(['RankA']);
    expect((await walk('sort=engagementScore')).slice(2)).toEqual(['RankA', 'RankC', 'RankE']);
    // A cursor of another sort, or a forged one, is refused as bad input on both databases.
    const first = await t.as(marketing, { method: 'GET', url: '/api/v1/contacts?campaign=ranked&limit=1' });
    const dateCursor = first.json().nextCursor as string;
    const forged = (value: unknown, id: unknown) => Buffer.from(JSON.stringify([value, id])).toString('base64url');
    // Past PostgreSQL's 4-byte integer, or a NUL in the id: bad input there too, never a database error.
    for (const cursor of [dateCursor, forged(4.5, ids.RankA), forged(2 ** 31, ids.RankA), forged(5, 'a\u0000')]) {
      const res = await t.as(marketing, {
        method: 'GET',
        url: `/api/v1/contacts?campaign=ranked&sort=fitScore&cursor=${cursor}`,
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors[0].field).toBe('cursor');
    }
  });

  it('answers a common reason (checked row by row) as exactly as a rare one (looked up)', async () => {
    const db = t.app.tandem.database.db;
    const rows = Array.from({ length: 1200 }, (_, i) => {
      const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      return {
        id: `bulk-${String(i).padStart(5, '0')}`,
        first_name: `Bulk${i}`,
        last_name: '',
        custom_fields: '{}',
        name_norm: `bulk${i}`,
        search_text: `bulk${i}`,
        campaign: 'bulk',
        created_at: at,
        updated_at: at,
      };
    });
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('contacts')
        .values(rows.slice(i, i + 200))
        .execute();
    // 600 contacts (more than COMMON_REASON) warmed by ad clicks, 30 of them also by a webinar.
    const common = rows.filter((_, i) => i % 2 === 0).map((r) => r.id);
    const rare = common.filter((_, i) => i % 20 === 0);
    const keys = [
      ...common.map((id) => ({ contact_id: id, reason_key: 'event:ad_clicked' })),
      ...rare.map((id) => ({ contact_id: id, reason_key: 'event:webinar_attended' })),
    ];
    for (let i = 0; i < keys.length; i += 200) {
      await db
        .insertInto('contact_temperature_reasons')
        .values(keys.slice(i, i + 200))
        .execute();
    }
    const walk = async (query: string) => (await walkPages(`campaign=bulk&${query}&limit=200`)).map((i) => i.id);
    expect(await walk('reasonEvent=ad_clicked')).toEqual([...common].reverse());
    expect(await walk('reasonEvent=webinar_attended')).toEqual([...rare].reverse());
    expect(await walk('reasonEvent=ad_clicked&order=asc&sort=firstName')).toHaveLength(common.length);
  });

  it('refuses bad filter values, naming the parameter', async () => {
    const bad = async (query: string, field: string) => {
      const res = await t.as(marketing, { method: 'GET', url: `/api/v1/contacts?${query}` });
      expect(res.statusCode, query).toBe(422);
      expect(res.json().errors[0].field).toBe(field);
    };
    await bad('minFitScore=101', 'minFitScore');
    await bad('minFitScore=abc', 'minFitScore');
    await bad('minFitScore=70&maxFitScore=20', 'maxFitScore');
    await bad('minEngagement=-1', 'minEngagement');
    await bad('reason=because', 'reason');
    await bad('reasonEvent=Form%20Submitted', 'reasonEvent');
    await bad(`campaign=${'x'.repeat(201)}`, 'campaign');
  });

  it('applies the filters inside the reader’s scope', async () => {
    const rep = await t.user('sales_rep');
    await t.as(rep, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Mine', campaign: 'spring-2026' },
    });
    const res = await t.as(rep, { method: 'GET', url: '/api/v1/contacts?campaign=spring-2026' });
    expect(res.json().items.map((i: Item) => i.firstName)).toEqual(['Mine']);
  });
});
