import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { routeEveryLeadTo } from '../support/sla.js';

/**
 * Routing hands a rep leads they do not own (marketing's leads usually have no owner). The rep holding a
 * contact's active handoff reads the contact, as their inbox and notifications link to it; nobody else
 * outside the owner's scope does, and the holder loses it with the handoff.
 */
describe.each(dialects())('a contact read by the rep holding its lead on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let marketing: TestUser;
  let holder: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    marketing = await t.user('marketing');
    holder = await t.user('sales_rep', { team: 'North' });
    other = await t.user('sales_rep', { team: 'North' });
    await routeEveryLeadTo(t, admin, { team: 'North', reps: [holder] });
  });
  afterAll(() => t?.close());

  it('while the lead is theirs, and not after they reject it', async () => {
    const created = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'Sara', lastName: 'Rahimi' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string; ownerId: string | null }>().id;
    expect(created.json<{ ownerId: string | null }>().ownerId).toBeNull();
    const read = (user: TestUser, path = '') => t.as(user, { method: 'GET', url: `/api/v1/contacts/${id}${path}` });
    expect((await read(holder)).statusCode).toBe(404);

    const handedOff = await t.as(marketing, { method: 'POST', url: `/api/v1/contacts/${id}/handoff`, payload: {} });
    expect(handedOff.statusCode, handedOff.body).toBe(201);
    const handoff = handedOff.json<{ id: string; assignee: { id: string } | null }>();
    expect(handoff.assignee?.id).toBe(holder.user.id);

    const res = await read(holder);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, firstName: 'Sara', ownerId: null });
    expect((await read(holder, '/timeline')).statusCode).toBe(200);
    // So do the routes about the contact that only check its scope.
    const recordEvent = (user: TestUser) =>
      t.as(user, { method: 'POST', url: `/api/v1/contacts/${id}/events`, payload: { type: 'call_booked' } });
    for (const path of ['/temperature', '/prediction']) {
      expect((await read(holder, path)).statusCode, path).toBe(200);
      expect((await read(other, path)).statusCode, path).toBe(404);
    }
    expect((await recordEvent(holder)).statusCode).toBe(202);
    expect((await recordEvent(other)).statusCode).toBe(404);
    // Reading is all: the contact is still not theirs to edit, and other reps still do not see it.
    const edit = await t.as(holder, { method: 'PATCH', url: `/api/v1/contacts/${id}`, payload: { jobTitle: 'CTO' } });
    expect(edit.statusCode).toBe(404);
    expect((await read(other)).statusCode).toBe(404);
    const list = await t.as(other, { method: 'GET', url: '/api/v1/contacts' });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);

    // Rejected, the lead goes back to marketing, and out of the rep's view.
    const rejected = await t.as(holder, {
      method: 'POST',
      url: `/api/v1/handoffs/${handoff.id}/reject`,
      payload: { reason: 'no_budget' },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect((await read(holder)).statusCode).toBe(404);
  });
});
