import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

/** GET /contacts/:id/timeline: events and temperature changes, newest first, paginated, scoped. */
describe.each(dialects())('contact timeline on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let rep: TestUser;
  let otherRep: TestUser;
  let contactId: string;

  const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString();

  async function addEvent(contact: string, type: string, minute: number, extra: Record<string, unknown> = {}) {
    await t.app.tandem.database.db
      .insertInto('events')
      .values({
        visitor_id: null,
        contact_id: contact,
        type,
        occurred_at: at(minute),
        received_at: at(minute),
        url: (extra.url as string | undefined) ?? null,
        referrer: null,
        utm_source: null,
        utm_medium: null,
        utm_campaign: (extra.campaign as string | undefined) ?? null,
        utm_term: null,
        utm_content: null,
        properties: JSON.stringify(extra.properties ?? {}),
      })
      .execute();
  }

  async function addChange(contact: string, from: string, to: string, minute: number, reasons: unknown[]) {
    await t.app.tandem.database.db
      .insertInto('temperature_changes')
      .values({
        contact_id: contact,
        from_temperature: from,
        to_temperature: to,
        at: at(minute),
        reasons: JSON.stringify(reasons),
        cause: 'event.recorded',
      })
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    rep = await t.user('sales_rep');
    otherRep = await t.user('sales_rep');
    const res = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Timeline', lastName: 'Person', ownerId: rep.user.id },
    });
    contactId = res.json().id;
    await addEvent(contactId, 'page_view', 1, {
      url: 'https://acme.example/pricing?utm_campaign=spring',
      campaign: 'spring',
      properties: { title: 'Pricing <script>alert(1)</script>' },
    });
    await addEvent(contactId, 'email_opened', 2, { properties: { subject: 'Spring offer' } });
    await addEvent(contactId, 'email_clicked', 3);
    await addEvent(contactId, 'form_submitted', 5);
    // A change at the same instant as the event that caused it, and two events sharing an instant.
    await addChange(contactId, 'cold', 'warm', 5, [
      { code: 'engagement_at_least', score: 52, threshold: 20 },
      { code: 'event', eventId: '4', eventType: 'form_submitted', occurredAt: at(5), points: 50 },
    ]);
    await addEvent(contactId, 'webinar_attended', 7);
    await addEvent(contactId, 'page_view', 7, { url: 'https://acme.example/docs' });
    await addChange(contactId, 'warm', 'qualified', 8, [{ code: 'marked_qualified', by: admin.user.id }]);
  });
  afterAll(() => t.close());

  const get = (user: TestUser, query = '') =>
    t.as(user, { method: 'GET', url: `/api/v1/contacts/${contactId}/timeline${query}` });

  it('merges events and temperature changes newest first, with what the UI shows', async () => {
    const res = await get(admin);
    expect(res.statusCode).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(items.map((i: { kind: string; type?: string; to?: string }) => i.type ?? i.to)).toEqual([
      'qualified',
      'page_view',
      'webinar_attended',
      'warm',
      'form_submitted',
      'email_clicked',
      'email_opened',
      'page_view',
    ]);
    const warm = items[3];
    expect(warm).toMatchObject({ kind: 'temperature', from: 'cold', to: 'warm', cause: 'event.recorded', at: at(5) });
    expect(warm.reasons[1]).toMatchObject({ code: 'event', eventType: 'form_submitted' });
    const pricing = items[7];
    expect(pricing).toMatchObject({
      kind: 'event',
      type: 'page_view',
      at: at(1),
      url: 'https://acme.example/pricing?utm_campaign=spring',
      title: 'Pricing <script>alert(1)</script>',
      utm: { campaign: 'spring', source: null },
    });
    expect(items[6]).toMatchObject({ type: 'email_opened', title: 'Spring offer' });
  });

  it('pages through with the cursor: every item once, in the same order, across same-instant ties', async () => {
    const all = (await get(admin)).json().items.map((i: { id: string }) => i.id);
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(admin, `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...body.items.map((i: { id: string }) => i.id));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      expect(seen).toEqual(all);
      expect(pages).toBe(Math.ceil(all.length / limit));
    }
  });

  it('answers 404 to someone who may not see the contact, as for a missing one', async () => {
    expect((await get(rep)).statusCode).toBe(200);
    const hidden = await get(otherRep);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('contact.not_found');
    const missing = await t.as(admin, { method: 'GET', url: '/api/v1/contacts/nope/timeline' });
    expect(missing.statusCode).toBe(404);
  });

  it('rejects a forged cursor and unknown parameters, naming them', async () => {
    const forged = Buffer.from(JSON.stringify(['2026-03-01T09:00:00.000Z', 'deal:1'])).toString('base64url');
    const res = await get(admin, `?cursor=${forged}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('cursor');
    const order = await get(admin, '?order=asc');
    expect(order.statusCode).toBe(422);
    expect(order.json().errors[0].field).toBe('order');
  });

  it('is empty for a contact with no history', async () => {
    const fresh = await t.as(admin, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Quiet' } });
    const res = await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${fresh.json().id}/timeline` });
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });
});
