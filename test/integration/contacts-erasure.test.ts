import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/schema.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { insertFinishedImport, insertRejectedHandoff, insertSubmission } from '../support/seed.js';
import { auditOf, fieldErrors, problemOf } from '../support/problems.js';

/**
 * POST /contacts/:id/erase (GDPR Article 17): afterwards no row anywhere in the database holds the person's
 * email, name or phone; the audit log keeps its entries about them without their values; everyone else's data
 * stays as it was.
 */
describe.each(dialects())('erasing a person on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let marketing: TestUser;
  let manager: TestUser;
  let rep: TestUser;
  const formId = 'form-erasure-test';

  const db = () => t.app.tandem.database.db;
  const now = () => new Date().toISOString();

  // What identifies the person (and the duplicate merged into them), lower case, as searched below.
  const person = {
    firstName: 'Zoltanuniq',
    lastName: 'Erasabelle',
    email: 'zoltan_erase.me@example.com',
    phone: '+14155550123',
    jobTitle: 'Keeper of Secretsuniq',
  };
  const duplicateEmail = 'z.erasabelle.old@example.com';
  const needles = [
    'zoltanuniq',
    'erasabelle',
    'zoltan_erase.me@example.com',
    duplicateEmail,
    '4155550123',
    'secretsuniq',
    'gatsby-street-77',
  ];
  const other = {
    firstName: 'Otheruniq',
    lastName: 'Keepme',
    email: 'other.keepme@example.com',
    phone: '+14155550999',
  };

  const create = async (user: TestUser, payload: Record<string, unknown>) => {
    const res = await t.as(user, { method: 'POST', url: '/api/v1/contacts?allowDuplicate=true', payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const erase = (user: TestUser, id: string, payload: unknown) =>
    t.as(user, { method: 'POST', url: `/api/v1/contacts/${id}/erase`, payload: payload as object });

  /** Every text (and JSON) column of every table: where a needle occurs, as `table.column`. */
  async function whereFound(needle: string): Promise<string[]> {
    const columns: { table: string; column: string }[] = [];
    if (dialect === 'postgres') {
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and data_type in ('text', 'jsonb', 'json', 'character varying')
      `.execute(db());
      for (const r of rows) columns.push({ table: r.table_name, column: r.column_name });
    } else {
      const { rows: tables } = await sql<{ name: string }>`
        select name from sqlite_master where type = 'table'
      `.execute(db());
      for (const { name } of tables) {
        const { rows: cols } = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db());
        for (const c of cols) columns.push({ table: name, column: c.name });
      }
    }
    expect(columns.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const { table, column } of columns) {
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from ${sql.table(table)}
        where lower(cast(${sql.ref(column)} as text)) like ${`%${needle}%`}
      `.execute(db());
      if (Number(rows[0]!.n) > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  async function everywhere(): Promise<Record<string, string[]>> {
    return Object.fromEntries(await Promise.all(needles.map(async (n) => [n, await whereFound(n)] as const)));
  }

  const TABLES: (keyof DB)[] = [
    'contacts',
    'events',
    'visitors',
    'form_submissions',
    'contact_merges',
    'temperature_changes',
    'audit_log',
    'activities',
    'notifications',
    'handoffs',
    'import_rejections',
    'import_contacts',
    'idempotency_keys',
    'outbox',
  ];
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (n) => [n, await t.count(n)])));

  let personId: string;
  let duplicateId: string;
  let otherId: string;
  let repsId: string;

  /** A contact with a visitor (and its anonymous event), an event, a form submission and a logged call. */
  async function withHistory(contactId: string, tag: string, answers: Record<string, unknown>) {
    const visitorId = `visitor-${tag}-${'x'.repeat(20)}`;
    await db()
      .insertInto('visitors')
      .values({ id: visitorId, contact_id: contactId, first_seen_at: now(), last_seen_at: now() })
      .execute();
    await db()
      .insertInto('events')
      .values({
        visitor_id: visitorId,
        contact_id: null,
        type: 'page_view',
        occurred_at: now(),
        received_at: now(),
        url: `https://acme.example/pricing?ref=${tag}`,
        referrer: null,
        utm_source: null,
        utm_medium: null,
        utm_campaign: null,
        utm_term: null,
        utm_content: null,
        properties: JSON.stringify({ title: `Pricing ${tag}` }),
      })
      .execute();
    const res = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/events`,
      payload: { type: 'form_submitted', url: `https://acme.example/${tag}` },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    await insertSubmission(db(), {
      formId,
      data: answers,
      contactId,
      visitorId,
      consentText: 'I agree to be contacted.',
    });
    await db()
      .insertInto('activities')
      .values({
        id: `activity-${tag}`,
        contact_id: contactId,
        handoff_id: null,
        type: 'call',
        occurred_at: now(),
        user_id: admin.user.id,
        notes: `Called ${String(answers.name)} about the renewal`,
        created_at: now(),
      })
      .execute();
    await db()
      .insertInto('notifications')
      .values({
        id: `notification-${tag}`,
        user_id: admin.user.id,
        kind: 'handoff.assigned',
        handoff_id: `handoff-${tag}`,
        contact_id: contactId,
        payload: JSON.stringify({ contactName: String(answers.name) }),
        created_at: now(),
      })
      .execute();
    await insertRejectedHandoff(db(), {
      id: `handoff-${tag}`,
      contactId: contactId,
      decidedBy: admin.user.id,
      note: `${String(answers.name)} said to call back next year`,
      auditNote: `${String(answers.name)} is a student`,
    });
    return visitorId;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    marketing = await t.user('marketing');
    manager = await t.user('sales_manager', { team: 'East' });
    rep = await t.user('sales_rep', { team: 'East' });
    await db()
      .insertInto('forms')
      .values({
        id: formId,
        public_id: 'pub-erasure-test',
        name: 'Demo request',
        definition: JSON.stringify({}),
        status: 'active',
        created_by: null,
        created_at: now(),
        updated_at: now(),
      })
      .execute();

    personId = await create(admin, { ...person, jobTitle: undefined, customFields: { street: 'gatsby-street-77' } });
    duplicateId = await create(admin, { firstName: 'Zoltanuniq', lastName: 'Erasabelle', email: duplicateEmail });
    otherId = await create(admin, other);
    repsId = await create(rep, { firstName: 'Repsown', email: 'reps.own@example.com' });
    const patched = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/contacts/${personId}`,
      payload: { jobTitle: person.jobTitle },
    });
    expect(patched.statusCode, patched.body).toBe(200);

    const answers = { email: person.email, name: `${person.firstName} ${person.lastName}`, phone: person.phone };
    await withHistory(personId, 'person', answers);
    await withHistory(duplicateId, 'duplicate', { email: duplicateEmail, name: 'Zoltanuniq E.' });
    await withHistory(otherId, 'other', { email: other.email, name: `${other.firstName} ${other.lastName}` });
    await t.app.tandem.worker.drain();

    const merged = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/contacts/${personId}/merge`,
      payload: { duplicateId, fields: {} },
    });
    expect(merged.statusCode, merged.body).toBe(200);

    // A submission whose contact was deleted earlier, holding the person's email as typed.
    await insertSubmission(db(), { formId, data: { work_email: 'Zoltan_Erase.Me@Example.com' } });
    // An import that created the person, and a row of another import rejected with their email in it.
    await insertFinishedImport(db(), { id: 'import-erasure', fileName: 'leads.csv', createdBy: admin.user.id });
    await db()
      .insertInto('import_contacts')
      .values({ import_id: 'import-erasure', row_number: 2, contact_id: personId, action: 'created' })
      .execute();
    await db()
      .insertInto('import_rejections')
      .values([
        {
          import_id: 'import-erasure',
          row_number: 3,
          field: 'phone',
          reason: 'Not a valid phone number.',
          raw: JSON.stringify(['ZOLTAN_ERASE.ME@example.com', '12']),
        },
        {
          import_id: 'import-erasure',
          row_number: 4,
          field: 'phone',
          reason: 'Not a valid phone number.',
          raw: JSON.stringify([other.email, '13']),
        },
      ])
      .execute();
    // The leads API's stored answer for a request that captured the person.
    await db()
      .insertInto('idempotency_keys')
      .values([
        {
          principal: 'token:1',
          key: 'lead-1',
          request_hash: 'h1',
          status_code: 200,
          response: JSON.stringify({ contactId: personId, created: true }),
          created_at: now(),
        },
        {
          principal: 'token:1',
          key: 'lead-2',
          request_hash: 'h2',
          status_code: 200,
          response: JSON.stringify({ contactId: otherId, created: true }),
          created_at: now(),
        },
      ])
      .execute();
    // Saved views of the leads list searching for the person (by email, phone and full name) and for another.
    for (const [user, name, filters] of [
      [admin, 'By email', { q: 'Zoltan_Erase.Me@example.com' }],
      [marketing, 'By phone', { q: '(415) 555-0123' }],
      [marketing, 'By name', { q: 'Erasabelle Zoltanuniq', temperature: 'warm' }],
      [marketing, 'Someone else', { q: other.email }],
    ] as const) {
      const view = await t.as(user, { method: 'POST', url: '/api/v1/contact-views', payload: { name, filters } });
      expect(view.statusCode, view.body).toBe(201);
    }
    await t.app.tandem.worker.drain();
  });
  afterAll(() => t.close());

  it('finds the person in the tables that hold them before the erasure (the search works)', async () => {
    const found = await whereFound('zoltan_erase.me@example.com');
    expect(found).toEqual(
      expect.arrayContaining(['contacts.email', 'form_submissions.data', 'audit_log.after', 'import_rejections.raw']),
    );
    expect(await whereFound(duplicateEmail)).toEqual(
      expect.arrayContaining(['contact_merges.loser_snapshot', 'form_submissions.data', 'audit_log.before']),
    );
    expect(await whereFound('zoltanuniq')).toEqual(
      expect.arrayContaining(['activities.notes', 'notifications.payload', 'handoffs.reject_note', 'audit_log.after']),
    );
  });

  it('refuses roles other than admin and marketing with 403, even on their own contact', async () => {
    const before = await counts();
    problemOf(await erase(rep, repsId, { confirm: 'reps.own@example.com' }), 403);
    problemOf(await erase(rep, personId, { confirm: person.email }), 403);
    problemOf(await erase(manager, personId, { confirm: person.email }), 403);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for an unknown contact, and changes nothing on bad input', async () => {
    const before = await counts();
    const footprint = await everywhere();
    const unknown = problemOf(await erase(admin, 'no-such-contact', { confirm: person.email }), 404);
    expect(unknown.code).toBe('contact.not_found');

    expect(fieldErrors(await erase(admin, personId, {}))).toHaveProperty('confirm');
    expect(fieldErrors(await erase(admin, personId, { confirm: person.email, force: true }))).toBeDefined();
    const wrong = fieldErrors(await erase(admin, personId, { confirm: other.email }));
    expect(wrong.confirm).toMatch(/email/);

    expect(await counts()).toEqual(before);
    expect(await everywhere()).toEqual(footprint);
  });

  it('erases the person everywhere, redacts the audit log and leaves everyone else as they were', async () => {
    const otherBefore = await whereFound(other.email);
    const otherEvents = await db().selectFrom('events').selectAll().where('contact_id', '=', otherId).execute();
    const auditBefore = await auditOf(db(), 'contact', personId);
    const duplicateAuditBefore = await auditOf(db(), 'contact', duplicateId);

    const res = await erase(marketing, personId, { confirm: '  Zoltan_Erase.Me@EXAMPLE.com ' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ id: string; erased: Record<string, number> }>();
    expect(body.id).toBe(personId);
    expect(body.erased).toMatchObject({
      visitors: 2,
      formSubmissions: 3,
      mergedContacts: 1,
      activities: 2,
      notifications: 2,
      handoffNotes: 2,
      importRows: 2,
      idempotencyRecords: 1,
      savedViewSearches: 3,
    });
    expect(body.erased.events).toBeGreaterThanOrEqual(4);
    expect(body.erased.temperatureChanges).toBeGreaterThan(0);

    // Nothing left anywhere: a table the erasure forgot would show up here.
    for (const needle of needles) expect(await whereFound(needle), needle).toEqual([]);
    // The views that searched for the person keep their other filters; the other search stays.
    const views = await db().selectFrom('contact_views').select(['name', 'filters']).orderBy('name').execute();
    expect(views.map((v) => [v.name, typeof v.filters === 'string' ? JSON.parse(v.filters) : v.filters])).toEqual([
      ['By email', { sort: 'createdAt' }],
      ['By name', { temperature: 'warm', sort: 'createdAt' }],
      ['By phone', { sort: 'createdAt' }],
      ['Someone else', { q: other.email, sort: 'createdAt' }],
    ]);

    expect((await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${personId}` })).statusCode).toBe(404);

    // The audit entries stay, with who, what and when, and without the values.
    const auditAfter = await auditOf(db(), 'contact', personId);
    expect(auditAfter.slice(0, -1).map((e) => [e.action, e.actorId, e.requestId])).toEqual(
      auditBefore.map((e) => [e.action, e.actorId, e.requestId]),
    );
    for (const [i, entry] of auditAfter.slice(0, -1).entries()) {
      expect(Object.keys(entry.after ?? {})).toEqual(Object.keys(auditBefore[i]!.after ?? {}));
      for (const value of [...Object.values(entry.before ?? {}), ...Object.values(entry.after ?? {})]) {
        expect([null, '[redacted]']).toContain(value);
      }
    }
    expect((await auditOf(db(), 'contact', duplicateId)).length).toBe(duplicateAuditBefore.length);
    const erased = auditAfter.at(-1)!;
    expect(erased).toMatchObject({ action: 'erase', actorId: marketing.user.id, before: null });
    expect(erased.after).toEqual(body.erased);

    // The entries about their handoffs (one moved here from the duplicate) lose the reps' notes too.
    for (const handoffId of ['handoff-person', 'handoff-duplicate']) {
      expect(await auditOf(db(), 'handoff', handoffId)).toEqual([
        expect.objectContaining({
          action: 'reject',
          actorId: admin.user.id,
          before: { status: '[redacted]' },
          after: { status: '[redacted]', reason: '[redacted]', note: '[redacted]' },
        }),
      ]);
    }
    expect((await auditOf(db(), 'handoff', 'handoff-other'))[0]!.after).toMatchObject({
      note: 'Otheruniq Keepme is a student',
    });

    // The reactions hear of it as a deletion; the handoffs stay for the SLA's figures.
    const deleted = await db()
      .selectFrom('outbox')
      .select('payload')
      .where('type', '=', 'contact.deleted')
      .where('aggregate_id', '=', personId)
      .execute();
    expect(deleted).toHaveLength(1);
    expect(await t.count('handoffs')).toBe(3);

    // Everyone else's data is untouched.
    expect(await whereFound(other.email)).toEqual(otherBefore);
    expect(await db().selectFrom('events').selectAll().where('contact_id', '=', otherId).execute()).toEqual(
      otherEvents,
    );
    expect(await whereFound('otheruniq')).toEqual(
      expect.arrayContaining(['contacts.first_name', 'activities.notes', 'handoffs.reject_note']),
    );
    expect((await t.as(admin, { method: 'GET', url: `/api/v1/contacts/${otherId}` })).statusCode).toBe(200);
    expect(await t.count('idempotency_keys')).toBe(1);
    expect(await t.count('import_rejections')).toBe(1);
  });

  it.runIf(dialect === 'postgres')(
    'waits for a capture of the same person in progress, then erases what it wrote',
    async () => {
      const email = 'inflight@example.com';
      const id = await create(admin, { firstName: 'Inflight', email });
      let erasing: Promise<{ statusCode: number; body: string }> | undefined;
      // A capture holds the person's identity lock (as ContactService.capture does), fills a blank and records
      // an event; the erasure started meanwhile must wait for it rather than delete the row under it.
      await db()
        .transaction()
        .execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(hashtext(${`contact:${email}`}))`.execute(trx);
          erasing = erase(admin, id, { confirm: email });
          await new Promise((resolve) => setTimeout(resolve, 300));
          await trx.updateTable('contacts').set({ job_title: 'Inflightjob' }).where('id', '=', id).execute();
          await trx
            .insertInto('events')
            .values({
              visitor_id: null,
              contact_id: id,
              type: 'custom',
              occurred_at: now(),
              received_at: now(),
              url: null,
              referrer: null,
              utm_source: null,
              utm_medium: null,
              utm_campaign: null,
              utm_term: null,
              utm_content: null,
              properties: JSON.stringify({ note: 'inflightjob' }),
            })
            .execute();
        });
      const res = await erasing!;
      expect(res.statusCode, res.body).toBe(200);
      expect(await whereFound('inflight')).toEqual([]);
    },
  );

  it('keeps the audit log append-only for anything but a recorded redaction', async () => {
    const entry = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('entity_id', '=', otherId)
      .executeTakeFirstOrThrow();
    await expect(
      db().updateTable('audit_log').set({ after: '{}' }).where('id', '=', entry.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_log').where('id', '=', entry.id).execute()).rejects.toThrow(/append-only/);
    const redacted = await db()
      .selectFrom('audit_redactions')
      .select('audit_id')
      .orderBy('audit_id')
      .executeTakeFirstOrThrow();
    // A redacted entry's who, what and when stay fixed too.
    await expect(
      db().updateTable('audit_log').set({ action: 'tampered' }).where('id', '=', redacted.audit_id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_log').where('id', '=', redacted.audit_id).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  // SQLite runs one write transaction at a time; on PostgreSQL the two interleave.
  it.skipIf(dialect !== 'postgres')(
    'keeps a change its owner makes to a view at the same time as it clears the search in it',
    async () => {
      const created = await t.as(admin, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName: 'Racy', email: 'racy.view@example.com' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const viewRes = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contact-views',
        payload: { name: 'Racy search', filters: { q: 'racy.view@example.com' } },
      });
      expect(viewRes.statusCode, viewRes.body).toBe(201);
      const viewId = viewRes.json<{ id: string }>().id;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      // The owner narrows the view, written and not yet committed.
      const narrowing = db()
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('contact_views')
            .set({ filters: JSON.stringify({ q: 'racy.view@example.com', temperature: 'warm', sort: 'createdAt' }) })
            .where('id', '=', viewId)
            .execute();
          holding();
          await gate;
        });
      await held;
      const erasing = erase(admin, created.json<{ id: string }>().id, { confirm: 'racy.view@example.com' });
      await expect
        .poll(
          async () =>
            Number(
              (
                await sql<{ n: string }>`select count(*) as n from pg_stat_activity
                  where datname = current_database() and wait_event_type = 'Lock'`.execute(db())
              ).rows[0]!.n,
            ),
          { timeout: 20_000, interval: 20 },
        )
        .toBeGreaterThan(0);
      release();
      await narrowing;
      const res = await erasing;
      expect(res.statusCode, res.body).toBe(200);
      const view = await db()
        .selectFrom('contact_views')
        .select('filters')
        .where('id', '=', viewId)
        .executeTakeFirstOrThrow();
      expect(typeof view.filters === 'string' ? JSON.parse(view.filters) : view.filters).toEqual({
        temperature: 'warm',
        sort: 'createdAt',
      });
    },
    60_000,
  );
});
