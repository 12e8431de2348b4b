import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/app.js';
import { parseJson } from '../../src/db/database.js';
import { migrateDown, migrateToLatest } from '../../src/db/migrate.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects, testDatabase } from '../support/db.js';
import { auditOf as auditOfRecord, fieldErrors, problemOf } from '../support/problems.js';
import { TEHRAN_EXAMPLE_CALENDAR } from '../../src/modules/sla/example-calendar.js';

/** Saturday to Wednesday 08:00-16:00, a half-day Thursday, Friday off, Nowruz (listed out of order, once twice). */
const TEHRAN = { ...TEHRAN_EXAMPLE_CALENDAR, holidays: ['2027-03-22', '2027-03-21', '2027-03-21'] };
/** The calendar as stored: holidays sorted, without repeats. */
const TEHRAN_STORED = { ...TEHRAN, holidays: ['2027-03-21', '2027-03-22'] };

interface Sla {
  id: string;
  name: string;
  version: number;
  currentVersion: number;
  document: ReturnType<typeof slaDocument>;
  calendarSnapshot: typeof TEHRAN_STORED;
  versionCreatedAt: string;
  versionCreatedBy: { id: string; name: string } | null;
  archivedAt: string | null;
}

function slaDocument(calendarId: string, teamIds: string[]) {
  return {
    calendarId,
    marketing: {
      period: 'month',
      calendarSystem: 'jalali',
      qualifiedLeads: 40,
      perTeam: teamIds.map((teamId, i) => ({ teamId, qualifiedLeads: 20 - i * 5 })),
      perSegment: [{ name: 'Iran', field: 'account.country', values: ['IR'], qualifiedLeads: 30 }],
      minFitGrade: 'B',
      acceptanceRateFloor: 0.6,
    },
    sales: {
      firstTouch: { rules: [{ grade: 'A', minutes: 60 }], otherwiseMinutes: 240 },
      attempts: { count: 3, withinBusinessDays: 5 },
      decisionWithinBusinessHours: 8,
      outcomeWithinDays: 30,
    },
    escalation: { remindAtShare: 0.75, notifyManagerAtBreach: true, reassignAfterMinutes: 60, reassignTo: 'next_rep' },
  };
}

describe.each(dialects())('SLA agreements and calendars on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let marketing: TestUser;
  let rep: TestUser;
  let teams: string[];
  let calendarId: string;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    manager = await t.user('sales_manager', { team: 'North' });
    marketing = await t.user('marketing');
    rep = await t.user('sales_rep', { team: 'North' });
    teams = [await t.team('North'), await t.team('South')];
    calendarId = (await createCalendar('Tehran head office')).id;
  });
  afterAll(() => t.close());

  const db = () => t.app.tandem.database.db;
  const unique = (prefix: string) => `${prefix} ${++sequence}`;

  async function createCalendar(name: string, definition: object = TEHRAN) {
    const res = await t.as(manager, { method: 'POST', url: '/api/v1/calendars', payload: { name, definition } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; name: string; definition: typeof TEHRAN_STORED }>();
  }

  async function createSla(document: object = slaDocument(calendarId, teams), name = unique('Inbound SLA')) {
    const res = await t.as(manager, { method: 'POST', url: '/api/v1/slas', payload: { name, document } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Sla>();
  }

  const putSla = (id: string, payload: object, user: TestUser = manager) =>
    t.as(user, { method: 'PUT', url: `/api/v1/slas/${id}`, payload });

  async function getJson<T>(url: string, user: TestUser = rep): Promise<T> {
    const res = await t.as(user, { method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  }

  /** Rows that every write adds to: a refused write must leave them all as they were. */
  const written = async () => ({
    calendars: await t.count('calendars'),
    slas: await t.count('slas'),
    versions: await t.count('sla_versions'),
    audit: await t.count('audit_log'),
    outbox: await t.count('outbox'),
  });

  const auditOf = (entityType: string, entityId: string) => auditOfRecord(db(), entityType, entityId);

  const eventsOf = async (slaId: string) =>
    (
      await db()
        .selectFrom('outbox')
        .select(['type', 'aggregate_type', 'payload'])
        .where('aggregate_id', '=', slaId)
        .orderBy('id')
        .execute()
    ).map((r) => ({ type: r.type, aggregateType: r.aggregate_type, payload: parseJson(r.payload, {}) }));

  it('stores a calendar in its canonical form, lists it and refuses a second one of the same name', async () => {
    const created = await getJson<{ id: string; name: string; definition: unknown }>(
      `/api/v1/calendars/${calendarId}`,
      marketing,
    );
    expect(created).toMatchObject({ id: calendarId, name: 'Tehran head office', definition: TEHRAN_STORED });
    const list = await getJson<{ items: { id: string }[]; nextCursor: string | null }>('/api/v1/calendars');
    expect(list.items.map((c) => c.id)).toContain(calendarId);

    const audit = await auditOf('calendar', calendarId);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'create',
        actorId: manager.user.id,
        after: { name: 'Tehran head office', definition: TEHRAN_STORED },
      }),
    ]);

    const before = await written();
    const clash = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: '  TEHRAN Head Office ', definition: TEHRAN },
    });
    expect(problemOf(clash, 409)).toMatchObject({ code: 'calendar.name_taken' });
    expect(await written()).toEqual(before);
  });

  it('refuses a calendar without working hours, naming the field, and writes nothing', async () => {
    const before = await written();
    const closed = { ...TEHRAN, week: Object.fromEntries(Object.keys(TEHRAN.week).map((d) => [d, []])) };
    const res = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Closed', definition: closed },
    });
    expect(fieldErrors(res)).toEqual({ 'definition.week': 'The calendar has no working hours.' });

    const edit = await t.as(manager, {
      method: 'PUT',
      url: `/api/v1/calendars/${calendarId}`,
      payload: { name: 'Tehran head office', definition: closed, color: 'red' },
    });
    expect(Object.keys(fieldErrors(edit)).sort()).toEqual(['color', 'definition.week']);
    expect(await written()).toEqual(before);
    expect((await getJson<{ definition: unknown }>(`/api/v1/calendars/${calendarId}`)).definition).toEqual(
      TEHRAN_STORED,
    );
  });

  it('creates an SLA at version 1 with a copy of its calendar, an audit entry and an event', async () => {
    const document = slaDocument(calendarId, teams);
    const res = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/slas',
      payload: { name: 'Inbound leads, Iran', document },
    });
    expect(res.statusCode, res.body).toBe(201);
    const sla = res.json<Sla>();
    expect(sla).toMatchObject({
      name: 'Inbound leads, Iran',
      version: 1,
      currentVersion: 1,
      document,
      calendarSnapshot: TEHRAN_STORED,
      versionCreatedBy: { id: manager.user.id, name: manager.user.name },
      archivedAt: null,
    });
    expect(await getJson<Sla>(`/api/v1/slas/${sla.id}`, marketing)).toEqual(sla);
    const list = await getJson<{ items: Sla[] }>('/api/v1/slas');
    expect(list.items.find((s) => s.id === sla.id)).toEqual(sla);

    expect(await auditOf('sla', sla.id)).toEqual([
      {
        action: 'create',
        actorId: manager.user.id,
        requestId: expect.any(String),
        before: null,
        after: { version: 1, name: 'Inbound leads, Iran', ...document },
      },
    ]);
    expect(await eventsOf(sla.id)).toEqual([
      { type: 'sla.version_created', aggregateType: 'sla', payload: { slaId: sla.id, version: 1 } },
    ]);

    const clash = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/slas',
      payload: { name: 'INBOUND LEADS, IRAN', document },
    });
    expect(problemOf(clash, 409).code).toBe('sla.name_taken');
  });

  it('makes a new version on every change and keeps the old ones readable and unchanged', async () => {
    const v1 = await createSla();
    const firstDocument = v1.document;
    const secondDocument = {
      ...firstDocument,
      sales: {
        ...firstDocument.sales,
        firstTouch: {
          rules: [
            { grade: 'A', minutes: 30 },
            { priority: 'high', minutes: 90 },
          ],
          otherwiseMinutes: 180,
        },
      },
    };
    const second = await putSla(v1.id, { expectedVersion: 1, document: secondDocument });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json<Sla>()).toMatchObject({
      version: 2,
      currentVersion: 2,
      name: v1.name,
      document: secondDocument,
    });

    const thirdDocument = { ...secondDocument, escalation: { ...secondDocument.escalation, remindAtShare: null } };
    const third = await putSla(
      v1.id,
      { expectedVersion: 2, name: `${v1.name} (2027)`, document: thirdDocument },
      admin,
    );
    expect(third.statusCode, third.body).toBe(200);
    expect(third.json<Sla>()).toMatchObject({
      version: 3,
      currentVersion: 3,
      name: `${v1.name} (2027)`,
      document: thirdDocument,
      versionCreatedBy: { id: admin.user.id },
    });

    const versions = await getJson<{ items: { version: number; name: string; createdBy: { id: string } }[] }>(
      `/api/v1/slas/${v1.id}/versions`,
      marketing,
    );
    expect(versions.items.map((v) => [v.version, v.name, v.createdBy.id])).toEqual([
      [3, `${v1.name} (2027)`, admin.user.id],
      [2, v1.name, manager.user.id],
      [1, v1.name, manager.user.id],
    ]);
    const page = await getJson<{ items: { version: number }[]; nextCursor: string }>(
      `/api/v1/slas/${v1.id}/versions?limit=2`,
    );
    expect(page.items.map((v) => v.version)).toEqual([3, 2]);
    const rest = await getJson<{ items: { version: number }[]; nextCursor: string | null }>(
      `/api/v1/slas/${v1.id}/versions?limit=2&cursor=${page.nextCursor}`,
    );
    expect(rest).toMatchObject({ items: [{ version: 1 }], nextCursor: null });

    expect(await getJson<Sla>(`/api/v1/slas/${v1.id}/versions/1`)).toEqual({
      ...v1,
      currentVersion: 3,
      updatedAt: expect.any(String),
    });
    expect(await getJson<Sla>(`/api/v1/slas/${v1.id}/versions/2`)).toMatchObject({
      version: 2,
      currentVersion: 3,
      name: v1.name,
      document: secondDocument,
    });
    expect(await getJson<Sla>(`/api/v1/slas/${v1.id}`)).toMatchObject({ version: 3, document: thirdDocument });

    const audit = await auditOf('sla', v1.id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['create', manager.user.id],
      ['update', manager.user.id],
      ['update', admin.user.id],
    ]);
    // Updates record only what changed.
    expect(audit[1]).toMatchObject({
      before: { version: 1, sales: firstDocument.sales },
      after: { version: 2, sales: secondDocument.sales },
    });
    expect(Object.keys(audit[2]!.after!).sort()).toEqual(['escalation', 'name', 'version']);
    expect((await eventsOf(v1.id)).map((e) => e.payload)).toEqual([
      { slaId: v1.id, version: 1 },
      { slaId: v1.id, version: 2 },
      { slaId: v1.id, version: 3 },
    ]);

    // Versions are immutable in the database itself, whoever asks.
    await expect(
      db().updateTable('sla_versions').set({ name: 'rewritten' }).where('sla_id', '=', v1.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('sla_versions').where('sla_id', '=', v1.id).execute()).rejects.toThrow(/append-only/);
  });

  it('answers 409 for a save from a stale version and writes nothing; an unchanged save makes no version', async () => {
    const sla = await createSla();
    const changed = { ...sla.document, sales: { ...sla.document.sales, outcomeWithinDays: 45 } };
    expect((await putSla(sla.id, { expectedVersion: 1, document: changed })).statusCode).toBe(200);

    const before = await written();
    const stale = await putSla(sla.id, {
      expectedVersion: 1,
      name: 'Someone else',
      document: { ...sla.document, sales: { ...sla.document.sales, outcomeWithinDays: 60 } },
    });
    expect(problemOf(stale, 409)).toMatchObject({
      code: 'sla.version_conflict',
      currentVersion: 2,
      errors: [{ field: 'expectedVersion', message: 'The current version is 2.' }],
    });
    const ahead = await putSla(sla.id, { expectedVersion: 3, document: changed });
    expect(problemOf(ahead, 409).code).toBe('sla.version_conflict');
    expect(await written()).toEqual(before);
    expect(await getJson<Sla>(`/api/v1/slas/${sla.id}`)).toMatchObject({
      version: 2,
      name: sla.name,
      document: changed,
    });

    const same = await putSla(sla.id, { expectedVersion: 2, name: sla.name, document: changed });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json<Sla>().version).toBe(2);
    expect(await written()).toEqual(before);
  });

  it('lets exactly one of two saves from the same version win', async () => {
    const sla = await createSla();
    const edit = (days: number) =>
      putSla(sla.id, {
        expectedVersion: 1,
        document: { ...sla.document, sales: { ...sla.document.sales, outcomeWithinDays: days } },
      });
    const answers = await Promise.all([edit(40), edit(50)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(
      problemOf(
        answers.find((r) => r.statusCode === 409)!,
        409,
      ),
    ).toMatchObject({
      code: 'sla.version_conflict',
      currentVersion: 2,
    });
    const versions = await getJson<{ items: unknown[] }>(`/api/v1/slas/${sla.id}/versions`);
    expect(versions.items).toHaveLength(2);
    expect(await eventsOf(sla.id)).toHaveLength(2);
  });

  it.runIf(dialect === 'postgres')(
    'a save that waited for another writer finds the SLA moved on and writes nothing',
    async () => {
      const sla = await createSla();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let lockTaken!: () => void;
      const locked = new Promise<void>((resolve) => (lockTaken = resolve));
      // Another writer holds the SLA's row while it saves version 2.
      const writer = db()
        .transaction()
        .execute(async (trx) => {
          await trx.selectFrom('slas').select('id').where('id', '=', sla.id).forUpdate().execute();
          lockTaken();
          await released;
          await trx.updateTable('slas').set({ current_version: 2 }).where('id', '=', sla.id).execute();
          await trx
            .insertInto('sla_versions')
            .values({
              sla_id: sla.id,
              version: 2,
              name: sla.name,
              document: JSON.stringify(sla.document),
              calendar_id: calendarId,
              calendar: JSON.stringify(sla.calendarSnapshot),
              created_by: null,
              created_at: new Date().toISOString(),
            })
            .execute();
        });
      await locked;
      const save = putSla(sla.id, {
        expectedVersion: 1,
        document: { ...sla.document, sales: { ...sla.document.sales, outcomeWithinDays: 90 } },
      });
      // The save has read version 1 and waits for the row: release the other writer only then.
      for (let i = 0; i < 200; i++) {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where wait_event_type = 'Lock' and query ilike 'update "slas"%' and datname = current_database()`.execute(
          db(),
        );
        if (Number(waiting.rows[0]?.n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      await writer;
      expect(problemOf(await save, 409)).toMatchObject({ code: 'sla.version_conflict', currentVersion: 2 });
      const versions = await getJson<{ items: { version: number }[] }>(`/api/v1/slas/${sla.id}/versions`);
      expect(versions.items.map((v) => v.version)).toEqual([2, 1]);
      expect(await getJson<Sla>(`/api/v1/slas/${sla.id}/versions/2`)).toMatchObject({ document: sla.document });
      expect(await eventsOf(sla.id)).toHaveLength(1);
    },
  );

  it('keeps each version on the calendar copy it was made with when the calendar is edited', async () => {
    const calendar = await createCalendar(unique('Mashhad branch'));
    const sla = await createSla(slaDocument(calendar.id, []));
    const otherCalendarSla = await createSla();
    const changed = { ...sla.document, marketing: { ...sla.document.marketing, qualifiedLeads: 55 } };
    expect((await putSla(sla.id, { expectedVersion: 1, document: changed })).statusCode).toBe(200);

    const withNewYear = { ...TEHRAN_STORED, holidays: [...TEHRAN_STORED.holidays, '2028-03-20'] };
    const edit = await t.as(admin, {
      method: 'PUT',
      url: `/api/v1/calendars/${calendar.id}`,
      payload: { name: calendar.name, definition: withNewYear },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({
      definition: withNewYear,
      slaVersionsCreated: [{ slaId: sla.id, version: 3 }],
    });

    // The versions made before keep the rules their handoffs started under.
    for (const version of [1, 2]) {
      const old = await getJson<Sla>(`/api/v1/slas/${sla.id}/versions/${version}`);
      expect(old.calendarSnapshot, `version ${version}`).toEqual(TEHRAN_STORED);
    }
    // New handoffs follow the edit: the current version has the same terms and the new copy.
    expect(await getJson<Sla>(`/api/v1/slas/${sla.id}`)).toMatchObject({
      version: 3,
      document: changed,
      calendarSnapshot: withNewYear,
      versionCreatedBy: { id: admin.user.id },
    });
    // An SLA on another calendar is not touched.
    expect(await getJson<Sla>(`/api/v1/slas/${otherCalendarSla.id}`)).toMatchObject({ version: 1 });
    expect((await eventsOf(sla.id)).map((e) => e.payload)).toEqual([
      { slaId: sla.id, version: 1 },
      { slaId: sla.id, version: 2 },
      { slaId: sla.id, version: 3 },
    ]);
    expect((await auditOf('sla', sla.id)).at(-1)).toMatchObject({
      action: 'update',
      actorId: admin.user.id,
      before: { version: 2, calendarSnapshot: TEHRAN_STORED },
      after: { version: 3, calendarSnapshot: withNewYear },
    });
    expect((await auditOf('calendar', calendar.id)).at(-1)).toMatchObject({
      action: 'update',
      before: { definition: TEHRAN_STORED },
      after: { definition: withNewYear },
    });

    // A new name alone does not change any clock.
    const before = await written();
    const renamed = await t.as(admin, {
      method: 'PUT',
      url: `/api/v1/calendars/${calendar.id}`,
      payload: { name: `${calendar.name} (renamed)`, definition: withNewYear },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: `${calendar.name} (renamed)`, slaVersionsCreated: [] });
    expect(await written()).toEqual({ ...before, audit: before.audit + 1 });
  });

  it('saves an SLA together with its calendar as one version; other SLAs on the calendar get theirs', async () => {
    const calendar = await createCalendar(unique('Shiraz branch'));
    const sla = await createSla(slaDocument(calendar.id, []));
    const sharing = await createSla(slaDocument(calendar.id, []));
    const changed = { ...sla.document, marketing: { ...sla.document.marketing, qualifiedLeads: 70 } };
    const withHoliday = { ...TEHRAN_STORED, holidays: [...TEHRAN_STORED.holidays, '2028-03-20'] };
    const loaded = await getJson<{ updatedAt: string }>(`/api/v1/calendars/${calendar.id}`);

    const saved = await putSla(sla.id, {
      expectedVersion: 1,
      document: changed,
      calendar: { name: calendar.name, definition: withHoliday, expectedUpdatedAt: loaded.updatedAt },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, document: changed, calendarSnapshot: withHoliday });
    expect((await eventsOf(sla.id)).map((e) => e.payload)).toEqual([
      { slaId: sla.id, version: 1 },
      { slaId: sla.id, version: 2 },
    ]);
    expect(await getJson<Sla>(`/api/v1/slas/${sharing.id}`)).toMatchObject({
      version: 2,
      calendarSnapshot: withHoliday,
    });
    expect(await getJson<{ definition: unknown }>(`/api/v1/calendars/${calendar.id}`)).toMatchObject({
      definition: withHoliday,
    });

    // The calendar as loaded before that save is stale now: refused, nothing written.
    const before = await written();
    const stale = await putSla(sla.id, {
      expectedVersion: 2,
      document: changed,
      calendar: { name: calendar.name, definition: TEHRAN_STORED, expectedUpdatedAt: loaded.updatedAt },
    });
    expect(problemOf(stale, 409).code).toBe('sla.version_conflict');
    expect(await written()).toEqual(before);
    expect(await getJson<Sla>(`/api/v1/slas/${sla.id}`)).toMatchObject({ version: 2, calendarSnapshot: withHoliday });

    // A calendar without working hours is refused in the same save, naming the field.
    const closed = Object.fromEntries(Object.keys(TEHRAN_STORED.week).map((d) => [d, []]));
    const bad = await putSla(sla.id, {
      expectedVersion: 2,
      document: changed,
      calendar: { name: calendar.name, definition: { ...TEHRAN_STORED, week: closed } },
    });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(fieldErrors(bad)).some((f) => f.startsWith('calendar.definition'))).toBe(true);
    expect(await written()).toEqual(before);
  });

  it('refuses a first touch of zero or less, naming the field, and writes nothing', async () => {
    const sla = await createSla();
    const before = await written();
    const zero = slaDocument(calendarId, teams);
    zero.sales.firstTouch.rules[0]!.minutes = 0;
    const created = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/slas',
      payload: { name: unique('Zero'), document: zero },
    });
    expect(fieldErrors(created)).toEqual({
      'document.sales.firstTouch.rules.0.minutes': 'First touch must be at least 1 business minute.',
    });

    const negative = slaDocument(calendarId, teams);
    negative.sales.firstTouch.otherwiseMinutes = -5;
    const updated = await putSla(sla.id, { expectedVersion: 1, document: negative });
    expect(fieldErrors(updated)).toEqual({
      'document.sales.firstTouch.otherwiseMinutes': 'First touch must be at least 1 business minute.',
    });

    const unknownKeys = await putSla(sla.id, {
      expectedVersion: 1,
      document: { ...slaDocument(calendarId, teams), owner: 'me' },
      comment: 'x',
    });
    expect(Object.keys(fieldErrors(unknownKeys)).sort()).toEqual(['comment', 'document.owner']);

    expect(await written()).toEqual(before);
    expect(await getJson<Sla>(`/api/v1/slas/${sla.id}`)).toMatchObject({ version: 1, document: sla.document });
  });

  it('refuses a calendar or team that does not exist, naming each field, and writes nothing', async () => {
    const sla = await createSla();
    const before = await written();
    const missing = slaDocument('0190a5e0-0000-7000-8000-00000000dead', [teams[0]!, 'no-such-team']);
    const created = await t.as(manager, {
      method: 'POST',
      url: '/api/v1/slas',
      payload: { name: unique('Dangling'), document: missing },
    });
    expect(problemOf(created, 422).code).toBe('sla.unknown_reference');
    expect(fieldErrors(created)).toEqual({
      'document.calendarId': 'No calendar with that id.',
      'document.marketing.perTeam.1.teamId': 'No team with that id.',
    });

    const updated = await putSla(sla.id, {
      expectedVersion: 1,
      document: { ...sla.document, calendarId: 'not-a-calendar' },
    });
    expect(fieldErrors(updated)).toEqual({ 'document.calendarId': 'No calendar with that id.' });
    expect(await written()).toEqual(before);
  });

  it('lets everyone signed in read, only admins and sales managers write, and nobody anonymous in', async () => {
    const sla = await createSla();
    const document = slaDocument(calendarId, teams);
    const before = await written();
    for (const user of [marketing, rep]) {
      const role = user.user.role;
      const writes = [
        t.as(user, { method: 'POST', url: '/api/v1/slas', payload: { name: unique('Mine'), document } }),
        putSla(sla.id, { expectedVersion: 1, document }, user),
        t.as(user, { method: 'POST', url: '/api/v1/calendars', payload: { name: unique('Mine'), definition: TEHRAN } }),
        t.as(user, {
          method: 'PUT',
          url: `/api/v1/calendars/${calendarId}`,
          payload: { name: 'Tehran head office', definition: TEHRAN },
        }),
      ];
      for (const res of await Promise.all(writes)) expect(problemOf(res, 403).code, role).toBe('auth.forbidden');
      for (const url of [
        '/api/v1/slas',
        `/api/v1/slas/${sla.id}`,
        `/api/v1/slas/${sla.id}/versions`,
        `/api/v1/slas/${sla.id}/versions/1`,
        '/api/v1/calendars',
        `/api/v1/calendars/${calendarId}`,
      ]) {
        expect((await t.as(user, { method: 'GET', url })).statusCode, `${role} GET ${url}`).toBe(200);
      }
    }
    for (const [method, url] of [
      ['GET', '/api/v1/slas'],
      ['GET', `/api/v1/slas/${sla.id}`],
      ['GET', '/api/v1/calendars'],
      ['POST', '/api/v1/slas'],
      ['PUT', `/api/v1/slas/${sla.id}`],
      ['POST', '/api/v1/calendars'],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === 'GET' ? undefined : { name: 'x', document } });
      expect(problemOf(res, 401).code, `${method} ${url}`).toBe('auth.unauthenticated');
    }
    expect(await written()).toEqual(before);
  });

  it('describes the endpoints and the document in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>().paths;
    for (const path of [
      '/api/v1/calendars',
      '/api/v1/calendars/{id}',
      '/api/v1/slas',
      '/api/v1/slas/{id}',
      '/api/v1/slas/{id}/versions',
      '/api/v1/slas/{id}/versions/{version}',
    ]) {
      expect(paths[path], path).toBeDefined();
    }
    expect(JSON.stringify(paths['/api/v1/slas/{id}']?.['put']?.requestBody)).toContain('otherwiseMinutes');
    expect(JSON.stringify(paths['/api/v1/calendars']?.['post']?.requestBody)).toContain('timeZone');
  });

  it('answers 404 for an SLA, version or calendar that does not exist', async () => {
    const sla = await createSla();
    expect(problemOf(await t.as(rep, { method: 'GET', url: '/api/v1/slas/nope' }), 404).code).toBe('sla.not_found');
    expect(problemOf(await t.as(rep, { method: 'GET', url: '/api/v1/slas/nope/versions' }), 404).code).toBe(
      'sla.not_found',
    );
    expect(problemOf(await t.as(rep, { method: 'GET', url: `/api/v1/slas/${sla.id}/versions/2` }), 404).code).toBe(
      'sla.version_not_found',
    );
    expect(fieldErrors(await t.as(rep, { method: 'GET', url: `/api/v1/slas/${sla.id}/versions/0` }))).toEqual({
      version: 'Versions start at 1.',
    });
    expect(problemOf(await t.as(rep, { method: 'GET', url: '/api/v1/calendars/nope' }), 404).code).toBe(
      'calendar.not_found',
    );
    const put = await putSla('nope', { expectedVersion: 1, document: sla.document });
    expect(problemOf(put, 404).code).toBe('sla.not_found');
  });
});

describe.each(dialects())('the SLA migration on %s', (dialect) => {
  it('reverts and re-applies cleanly', async () => {
    const tdb = testDatabase(dialect);
    const database = await openDatabase(tdb.config);
    try {
      // Later migrations are reverted first, one at a time, down to this one.
      const reverted: string[] = [];
      while (!reverted.includes('0010_sla')) {
        const step = await migrateDown(database);
        expect(step, `reverted so far: ${reverted.join(', ')}`).toHaveLength(1);
        reverted.push(...step);
      }
      for (const table of ['sla_versions', 'slas', 'calendars']) {
        await expect(sql`select count(*) from ${sql.table(table)}`.execute(database.db), table).rejects.toThrow();
      }
      expect(await migrateToLatest(database)).toEqual([...reverted].reverse());
      for (const table of ['sla_versions', 'slas', 'calendars']) {
        await sql`select count(*) from ${sql.table(table)}`.execute(database.db);
      }
    } finally {
      await database.close();
      await tdb.cleanup();
    }
  });
});
