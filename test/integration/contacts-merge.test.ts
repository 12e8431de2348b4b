import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

/** POST /contacts/:id/merge: the winner keeps every event, visitor, temperature change and audit entry. */
describe.each(dialects())('merging duplicate contacts on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let formId: string;

  const db = () => t.app.tandem.database.db;

  const create = async (user: TestUser, payload: Record<string, unknown>) => {
    const res = await t.as(user, {
      method: 'POST',
      url: '/api/v1/contacts?allowDuplicate=true',
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const merge = (user: TestUser, winnerId: string, body: unknown) =>
    t.as(user, { method: 'POST', url: `/api/v1/contacts/${winnerId}/merge`, payload: body as object });

  /** Everything a failed merge must leave untouched. */
  const footprint = async () => {
    const count = async (table: 'contact_merges' | 'events' | 'temperature_changes') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const eventsByContact = await db().selectFrom('events').select(['id', 'contact_id']).orderBy('id').execute();
    return {
      contacts: await t.count('contacts'),
      audit: await t.count('audit_log'),
      outbox: await t.count('outbox'),
      merges: await count('contact_merges'),
      changes: await count('temperature_changes'),
      eventsByContact,
    };
  };

  async function withHistory(contactId: string, tag: string) {
    const now = new Date().toISOString();
    await db()
      .insertInto('visitors')
      .values({ id: `visitor-${tag}-${'x'.repeat(20)}`, contact_id: contactId, first_seen_at: now, last_seen_at: now })
      .execute();
    await t.as(admin, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/events`,
      payload: { type: 'form_submitted', url: `https://acme.example/${tag}?utm_campaign=${tag}` },
    });
    await db()
      .insertInto('form_submissions')
      .values({
        form_id: formId,
        contact_id: contactId,
        visitor_id: null,
        submitted_at: now,
        data: JSON.stringify({ tag }),
        url: null,
        referrer: null,
        utm_source: null,
        utm_medium: null,
        utm_campaign: null,
        utm_term: null,
        utm_content: null,
      })
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    formId = 'form-merge-test';
    const now = new Date().toISOString();
    await db()
      .insertInto('forms')
      .values({
        id: formId,
        public_id: 'pub-merge-test',
        name: 'Demo request',
        definition: JSON.stringify({}),
        status: 'active',
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  afterAll(() => t.close());

  it('moves the duplicate’s history to the winner, keeps chosen values, and removes the duplicate', async () => {
    const winner = await create(admin, {
      firstName: 'Sara',
      email: 'sara@acme.example',
      jobTitle: 'CTO',
      customFields: { plan: 'pro', seats: 10 },
    });
    const loser = await create(admin, {
      firstName: 'Sara',
      lastName: 'Ahmadi',
      email: 'sara.ahmadi@acme.example',
      phone: '09121234567',
      source: 'event',
      customFields: { plan: 'free', region: 'Tehran' },
    });
    await t.as(admin, { method: 'PATCH', url: `/api/v1/contacts/${loser}`, payload: { jobTitle: 'Engineer' } });
    await withHistory(winner, 'w');
    await withHistory(loser, 'l');
    await t.app.tandem.worker.drain(); // the loser's form submission warms it: a temperature change to move
    const loserChanges = await db()
      .selectFrom('temperature_changes')
      .select('id')
      .where('contact_id', '=', loser)
      .execute();
    expect(loserChanges.length).toBeGreaterThan(0);

    const res = await merge(admin, winner, {
      duplicateId: loser,
      fields: { email: 'loser', jobTitle: 'loser', customFields: { plan: 'loser' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: winner,
      firstName: 'Sara',
      lastName: 'Ahmadi', // blank on the winner: filled from the duplicate
      email: 'sara.ahmadi@acme.example',
      phone: '+989121234567',
      jobTitle: 'Engineer',
      source: 'event',
      customFields: { plan: 'free', seats: 10, region: 'Tehran' },
    });

    expect((await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${loser}` })).statusCode).toBe(404);
    const owned = async (table: 'events' | 'visitors' | 'temperature_changes' | 'form_submissions', id: string) =>
      (await db().selectFrom(table).select('contact_id').where('contact_id', '=', id).execute()).length;
    for (const table of ['events', 'visitors', 'temperature_changes', 'form_submissions'] as const) {
      expect(await owned(table, loser), table).toBe(0);
    }
    expect(await owned('events', winner)).toBe(2);
    expect(await owned('visitors', winner)).toBe(2);
    expect(await owned('form_submissions', winner)).toBe(2);
    const moved = await db()
      .selectFrom('temperature_changes')
      .select(['id', 'contact_id'])
      .where(
        'id',
        'in',
        loserChanges.map((c) => c.id),
      )
      .execute();
    expect(moved.every((c) => c.contact_id === winner)).toBe(true);

    // The timeline of the winner shows both contacts' events.
    const timeline = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${winner}/timeline` })).json();
    const campaigns = timeline.items
      .filter((i: { kind: string }) => i.kind === 'event')
      .map((i: { utm: { campaign: string } }) => i.utm.campaign)
      .sort();
    expect(campaigns).toEqual(['l', 'w']);

    const record = await db()
      .selectFrom('contact_merges')
      .selectAll()
      .where('loser_id', '=', loser)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ winner_id: winner, merged_by: admin.user.id });
    const snapshot =
      typeof record.loser_snapshot === 'string' ? JSON.parse(record.loser_snapshot) : record.loser_snapshot;
    expect(snapshot).toMatchObject({ id: loser, email: 'sara.ahmadi@acme.example', jobTitle: 'Engineer' });

    // The audit history of the winner includes the duplicate's own entries and a merge entry on each.
    const audit = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${winner}/audit` })).json().items;
    const actions = audit.map((e: { action: string; after: Record<string, unknown> | null }) => e.action);
    expect(actions.slice(0, 2)).toEqual(['merge', 'merge']);
    expect(audit[0].after).toMatchObject({
      mergedContact: { id: loser, name: 'Sara Ahmadi' },
      email: 'sara.ahmadi@acme.example',
    });
    expect(audit[1].after).toEqual({ mergedInto: { id: winner, name: 'Sara' } });
    expect(audit.filter((e: { action: string }) => e.action === 'create')).toHaveLength(2);
    expect(
      audit.some(
        (e: { action: string; after: { jobTitle?: string } | null }) =>
          e.action === 'update' && e.after?.jobTitle === 'Engineer',
      ),
    ).toBe(true);
    const ids = audit.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));

    // Scoring recomputes from the combined events.
    const queued = await db()
      .selectFrom('outbox')
      .select('type')
      .where('aggregate_id', '=', winner)
      .where('processed_at', 'is', null)
      .execute();
    expect(queued.map((q) => q.type).sort()).toEqual(['contact.merged', 'contact.updated']);
    await t.app.tandem.worker.drain();
    const scored = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${winner}` })).json();
    expect(scored.engagementScore).toBeGreaterThanOrEqual(100);
  });

  it('follows earlier merges: absorbing a contact that had absorbed another brings both histories', async () => {
    const a = await create(admin, { firstName: 'A' });
    const b = await create(admin, { firstName: 'B' });
    const c = await create(admin, { firstName: 'C' });
    expect((await merge(admin, b, { duplicateId: c })).statusCode).toBe(200);
    expect((await merge(admin, a, { duplicateId: b })).statusCode).toBe(200);
    const audit = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${a}/audit` })).json().items;
    const created = audit
      .filter((e: { action: string }) => e.action === 'create')
      .map((e: { after: { firstName: string } }) => e.after.firstName)
      .sort();
    expect(created).toEqual(['A', 'B', 'C']);
    expect(audit.filter((e: { action: string }) => e.action === 'merge')).toHaveLength(4);
  });

  it('gives the winner the duplicate\'s latest temperature change as its "why" in the leads list', async () => {
    const winner = await create(admin, { firstName: 'Quiet' });
    const loser = await create(admin, { firstName: 'Keen' });
    await t.as(admin, { method: 'POST', url: `/api/v1/contacts/${loser}/events`, payload: { type: 'form_submitted' } });
    await t.app.tandem.worker.drain(); // the loser warms up; the winner never changed
    const listed = async () =>
      (await t.as(admin, { method: 'GET', url: '/api/v1/contacts?limit=200&reasonEvent=form_submitted' }))
        .json()
        .items.map((c: { id: string }) => c.id) as string[];
    expect(await listed()).toContain(loser);
    expect(await listed()).not.toContain(winner);

    expect((await merge(admin, winner, { duplicateId: loser })).statusCode).toBe(200);
    const after = await listed();
    expect(after).toContain(winner);
    expect(after).not.toContain(loser);
    const keys = await db()
      .selectFrom('contact_temperature_reasons')
      .select('contact_id')
      .where('contact_id', 'in', [winner, loser])
      .execute();
    expect(new Set(keys.map((k) => k.contact_id))).toEqual(new Set([winner]));
  });

  it("keeps the duplicate's decision by hand when the winner has none", async () => {
    const winner = await create(admin, { firstName: 'Form', lastName: 'Copy' });
    const loser = await create(admin, { firstName: 'Hand', lastName: 'Picked' });
    const decided = await t.as(admin, {
      method: 'PUT',
      url: `/api/v1/contacts/${loser}/qualification`,
      payload: { decision: 'qualified' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().temperature).toBe('qualified');
    await t.app.tandem.worker.drain();

    expect((await merge(admin, winner, { duplicateId: loser })).statusCode).toBe(200);
    await t.app.tandem.worker.drain();
    const temperature = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${winner}/temperature` })).json();
    expect(temperature.temperature).toBe('qualified');
    expect(temperature.reasons).toContainEqual(expect.objectContaining({ code: 'marked_qualified' }));
    // The winner's history says its decision changed with the merge.
    const audit = (await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${winner}/audit` })).json().items;
    const merged = audit.find(
      (e: { action: string; after: { mergedContact?: unknown } | null }) =>
        e.action === 'merge' && e.after?.mergedContact !== undefined,
    );
    expect(merged).toMatchObject({
      before: { qualification: null, reason: null },
      after: { qualification: 'qualified', reason: null, mergedContact: { id: loser } },
    });
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const a = await create(admin, { firstName: 'Keep', customFields: { x: 1 } });
    const b = await create(admin, { firstName: 'Dup' });
    await withHistory(b, 'bad');
    const before = await footprint();
    const cases: [unknown, string, number, string][] = [
      [{ duplicateId: a }, a, 422, 'duplicateId'],
      [{ duplicateId: 'no-such-contact' }, a, 404, 'duplicateId'],
      [{ duplicateId: b }, 'no-such-contact', 404, ''],
      [{ duplicateId: b, fields: { email: 'both' } }, a, 422, 'fields.email'],
      [{ duplicateId: b, fields: { createdAt: 'loser' } }, a, 422, 'fields.createdAt'],
      [{ duplicateId: b, fields: { customFields: { nope: 'loser' } } }, a, 422, 'fields.customFields.nope'],
      [{ duplicateId: b, extra: true }, a, 422, 'extra'],
      [{}, a, 422, 'duplicateId'],
    ];
    for (const [body, winner, status, field] of cases) {
      const res = await merge(admin, winner, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (field) expect(res.json().errors?.[0]?.field, JSON.stringify(body)).toBe(field);
    }
    expect(await footprint()).toEqual(before);
  });

  it('needs the right to change both contacts: either one out of reach answers 404 and nothing changes', async () => {
    const rep = await t.user('sales_rep');
    const other = await t.user('sales_rep');
    const mine = await create(rep, { firstName: 'Mine' });
    const mineToo = await create(rep, { firstName: 'Mine', lastName: 'Too' });
    const theirs = await create(other, { firstName: 'Theirs' });
    const manager = await t.user('sales_manager', { team: 'north' });
    const before = await footprint();
    const intoMine = await merge(rep, mine, { duplicateId: theirs });
    expect(intoMine.statusCode).toBe(404);
    expect(intoMine.json().errors[0].field).toBe('duplicateId');
    expect((await merge(rep, theirs, { duplicateId: mine })).statusCode).toBe(404);
    expect(await footprint()).toEqual(before);

    // A manager of another team sees neither.
    expect((await merge(manager, mine, { duplicateId: mineToo })).statusCode).toBe(404);
    expect(await footprint()).toEqual(before);

    const ok = await merge(rep, mine, { duplicateId: mineToo });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: mine, lastName: 'Too', ownerId: rep.user.id });
  });

  it('lets only one of two crossing merges of the same pair happen', async () => {
    const a = await create(admin, { firstName: 'Cross' });
    const b = await create(admin, { firstName: 'Cross' });
    await withHistory(a, 'cross-a');
    await withHistory(b, 'cross-b');
    const contactsBefore = await t.count('contacts');
    const results = await Promise.all([merge(admin, a, { duplicateId: b }), merge(admin, b, { duplicateId: a })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    expect(await t.count('contacts')).toBe(contactsBefore - 1);
    const survivor = results.find((r) => r.statusCode === 200)!.json().id as string;
    const events = await db().selectFrom('events').select('contact_id').where('url', 'like', '%cross-%').execute();
    expect(events.map((e) => e.contact_id)).toEqual([survivor, survivor]);
  });

  it('checks the owner the merge would give the winner', async () => {
    const manager = await t.user('sales_manager', { team: 'south' });
    const member = await t.user('sales_rep', { team: 'south' });
    const winner = await create(manager, { firstName: 'Team', ownerId: manager.user.id });
    const loser = await create(manager, { firstName: 'Team', ownerId: member.user.id });
    // The member leaves the company: their records stay, but nobody can be made to own new ones by them.
    await t.as(admin, { method: 'PATCH', url: `/api/v1/users/${member.user.id}`, payload: { status: 'deactivated' } });
    const before = await footprint();
    const res = await merge(manager, winner, { duplicateId: loser, fields: { ownerId: 'loser' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('ownerId');
    expect(await footprint()).toEqual(before);
  });
});
