import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { createOutboxWorker, type OutboxWorker } from '../../src/jobs/worker.js';
import { createScoringService, DEFAULT_SCORING_SETTINGS } from '../../src/modules/scoring/index.js';
import { EVENTS_CONSIDERED } from '../../src/modules/scoring/scoring.repository.js';
import { newId } from '../../src/shared/ids.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

/** A contact id that sorts after every real one and belongs to nobody. */
const MISSING = 'ffffffff-ffff-7fff-bfff-ffffffffffff';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** An ICP the "Fit Co" contacts meet in full (grade A) and the others not at all (grade D). */
const icp = (industry: string) => ({
  ...DEFAULT_SCORING_SETTINGS,
  icp: [
    { field: 'account.industry', kind: 'in' as const, values: [industry], weight: 60 },
    { field: 'account.employeeCount', kind: 'range' as const, min: 50, max: 1000, weight: 40 },
  ],
});

interface ChangeRow {
  contact_id: string;
  from_temperature: string;
  to_temperature: string;
  cause: string;
  reasons: unknown;
}

/**
 * A settings change rescores every contact and an import its contacts, in bulk: one bounded chunk per outbox
 * event, continuing across restarts and workers, superseded by a newer version, with every temperature change
 * recorded and emitted as the per-contact path does.
 */
describe.each(dialects())('bulk rescore on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let fitAccount: string;
  let otherAccount: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    marketing = await t.user('marketing');
    fitAccount = (
      await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { name: 'Fit Co', industry: 'Software', employeeCount: 120 },
      })
    ).json().id;
    otherAccount = (
      await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { name: 'Other Co', industry: 'Retail', employeeCount: 5 },
      })
    ).json().id;
  });
  afterAll(() => t.close());

  const db = () => t.app.tandem.database.db;
  const drain = () => t.app.tandem.worker.drain();

  /** A contact with `forms` form submissions (50 points each), scored by the per-contact path. */
  async function contact(name: string, accountId: string, forms: number): Promise<string> {
    const created = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: name, accountId },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    for (let i = 0; i < forms; i++) {
      const res = await t.as(marketing, {
        method: 'POST',
        url: `/api/v1/contacts/${id}/events`,
        payload: { type: 'form_submitted' },
      });
      expect(res.statusCode).toBe(202);
    }
    return id;
  }

  async function putSettings(settings: ReturnType<typeof icp>): Promise<number> {
    const res = await t.as(marketing, { method: 'PUT', url: '/api/v1/scoring/settings', payload: settings });
    expect(res.statusCode).toBe(200);
    return res.json().version;
  }

  const stored = (ids: string[]) =>
    db()
      .selectFrom('contacts')
      .select(['id', 'fit_score', 'fit_grade', 'engagement_score', 'temperature'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();

  const changesOf = (ids: string[], cause: string) =>
    db()
      .selectFrom('temperature_changes')
      .select(['contact_id', 'from_temperature', 'to_temperature', 'cause', 'reasons'])
      .where('contact_id', 'in', ids)
      .where('cause', '=', cause)
      .orderBy('id')
      .execute() as Promise<ChangeRow[]>;

  const emitted = (ids: string[], type: string, afterId: number) =>
    db()
      .selectFrom('outbox')
      .select(['aggregate_id', 'payload'])
      .where('type', '=', type)
      .where('aggregate_id', 'in', ids)
      .where('id', '>', afterId)
      .execute();

  const lastOutboxId = async () =>
    Number(
      (
        await db()
          .selectFrom('outbox')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id ?? 0,
    );

  const lastChangeId = async () =>
    Number(
      (
        await db()
          .selectFrom('temperature_changes')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id ?? 0,
    );

  const rescores = () => db().selectFrom('scoring_rescores').selectAll().orderBy('id').execute();

  /** The temperature the per-contact path computes now, to hold the bulk path to the same answer. */
  const details = async (id: string) =>
    (await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}/temperature` })).json();

  /**
   * A second scoring service and worker on their own connection: another process, or this one restarted.
   * Only scoring's reactions run there (the events they emit for other modules are just marked handled).
   */
  async function process(chunk: number): Promise<{ worker: OutboxWorker; database: Database }> {
    const database = await openDatabase(t.app.tandem.config);
    const { clock, outbox } = t.app.tandem;
    const scoring = createScoringService({
      database,
      clock,
      outbox,
      recordReasons: t.app.tandem.services.contacts.recordTemperatureReasons,
      rescoreChunkSize: chunk,
    });
    const worker = createOutboxWorker({ database, clock, outbox, log: silent, reactions: scoring.reactions() });
    return { worker, database };
  }

  it('rescores every contact after a settings change, recording and emitting each temperature change', async () => {
    const hot = await contact('Hot', fitAccount, 2); // 100 points
    const warm = await contact('Warm', fitAccount, 1); // 50 points
    const idle = await contact('Idle', fitAccount, 0);
    const elsewhere = await contact('Elsewhere', otherAccount, 2);
    const ids = [hot, warm, idle, elsewhere];
    await drain();
    // No ICP yet: every fit is D, so engagement alone makes leads warm and nobody qualifies.
    expect((await stored(ids)).map((c) => c.temperature).sort()).toEqual(['cold', 'warm', 'warm', 'warm']);

    const before = await lastOutboxId();
    const version = await putSettings(icp('Software'));
    await drain();

    const after = new Map((await stored(ids)).map((c) => [c.id, c]));
    expect(after.get(hot)).toMatchObject({ fit_grade: 'A', fit_score: 100, temperature: 'qualified' });
    expect(after.get(warm)).toMatchObject({ fit_grade: 'A', fit_score: 100, temperature: 'qualified' });
    // Scores change without a temperature change: written, but no change recorded.
    expect(after.get(idle)).toMatchObject({ fit_grade: 'A', fit_score: 100, temperature: 'cold' });
    expect(after.get(elsewhere)).toMatchObject({ fit_grade: 'D', fit_score: 0, temperature: 'warm' });

    const changes = await changesOf(ids, 'scoring.settings_changed');
    expect(changes.map((c) => [c.contact_id, c.from_temperature, c.to_temperature]).sort()).toEqual(
      [
        [hot, 'warm', 'qualified'],
        [warm, 'warm', 'qualified'],
      ].sort(),
    );
    // The same reasons the per-contact path gives, with the settings change as the cause.
    for (const change of changes) {
      const now = await details(change.contact_id);
      const reasons = typeof change.reasons === 'string' ? JSON.parse(change.reasons) : change.reasons;
      expect(reasons).toEqual(now.reasons);
      expect(reasons.slice(0, 2)).toEqual([
        { code: 'fit_grade_at_least', grade: 'A', min: 'B' },
        expect.objectContaining({ code: 'engagement_at_least', threshold: 50 }),
      ]);
      expect(now.temperature).toBe(change.to_temperature);
      expect(now.history[0]).toMatchObject({ from: 'warm', to: 'qualified', cause: 'scoring.settings_changed' });
    }
    // The leads list's "why" filter follows the bulk pass's changes.
    const why = await t.as(marketing, { method: 'GET', url: '/api/v1/contacts?limit=200&reason=fit_grade_at_least' });
    expect(why.statusCode).toBe(200);
    expect(
      why
        .json()
        .items.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([hot, warm].sort());
    for (const id of ids) {
      const now = await details(id);
      expect([now.fit.score, now.fit.grade, now.temperature]).toEqual([
        after.get(id)!.fit_score,
        after.get(id)!.fit_grade,
        after.get(id)!.temperature,
      ]);
    }

    const changedEvents = await emitted(ids, 'contact.temperature_changed', before);
    expect(changedEvents.map((e) => e.aggregate_id).sort()).toEqual([hot, warm].sort());
    const qualified = await emitted(ids, 'contact.qualified', before);
    expect(qualified.map((e) => e.aggregate_id).sort()).toEqual([hot, warm].sort());
    const payload = qualified[0]!.payload;
    expect(typeof payload === 'string' ? JSON.parse(payload) : payload).toMatchObject({
      from: 'warm',
      to: 'qualified',
    });

    const [job] = (await rescores()).filter((r) => Number(r.settings_version) === version);
    expect(job).toMatchObject({ status: 'done', cause: 'scoring.settings_changed' });
    expect(Number(job!.processed)).toBe(await t.count('contacts'));
    expect(Number(job!.changed)).toBe(2);
    const listed = await t.as(marketing, { method: 'GET', url: '/api/v1/scoring/rescores' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items[0]).toMatchObject({ status: 'done', settingsVersion: version, processed: 4 });

    // The same settings again: nothing moves, nothing is recorded or emitted.
    const quiet = await lastOutboxId();
    await putSettings(icp('Software'));
    await drain();
    expect(await emitted(ids, 'contact.temperature_changed', quiet)).toHaveLength(0);
    expect(await changesOf(ids, 'scoring.settings_changed')).toHaveLength(2);
  });

  it('counts only the newest events of a contact with a long history, as the per-contact path does', async () => {
    // No account: the later tests' ICPs leave them alone.
    const create = async (firstName: string): Promise<string> => {
      const res = await t.as(marketing, { method: 'POST', url: '/api/v1/contacts', payload: { firstName } });
      expect(res.statusCode).toBe(201);
      return res.json().id;
    };
    const long = await create('Long');
    const short = await create('Short');
    await drain();
    // Ten form submissions long ago (up to their rule's cap of 100 points, were they counted), then more
    // recent events worth nothing than scoring considers: only those count, so the lead stays cold.
    const now = Date.now();
    const row = (contactId: string, type: string, ageMs: number) => {
      const at = new Date(now - ageMs).toISOString();
      return { contact_id: contactId, type, occurred_at: at, received_at: at, properties: '{}' };
    };
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => row(long, 'form_submitted', 3_600_000 + i)),
      ...Array.from({ length: EVENTS_CONSIDERED }, (_, i) => row(long, 'noise.seen', 1_000 + i)),
      ...Array.from({ length: 3 }, (_, i) => row(short, 'form_submitted', 2_000 + i)),
    ];
    for (let i = 0; i < rows.length; i += 500) {
      await db()
        .insertInto('events')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    // One more event each, through the API: the worker rescores both contacts in one batch.
    for (const id of [long, short]) {
      const res = await t.as(marketing, {
        method: 'POST',
        url: `/api/v1/contacts/${id}/events`,
        payload: { type: 'noise.seen' },
      });
      expect(res.statusCode).toBe(202);
    }
    await drain();
    const after = new Map((await stored([long, short])).map((c) => [c.id, c]));
    expect(after.get(long)).toMatchObject({ temperature: 'cold' });
    expect(Number(after.get(long)!.engagement_score)).toBe(0);
    expect(after.get(short)).toMatchObject({ temperature: 'warm' });
    for (const id of [long, short]) {
      const now = await details(id);
      expect(now.engagement.score).toBeCloseTo(Number(after.get(id)!.engagement_score), 6);
    }
  });

  it('does one bounded chunk per run and continues after a restart, each contact once', async () => {
    await drain();
    const total = await t.count('contacts');
    expect(total).toBeGreaterThanOrEqual(4);
    const first = await process(2);
    const version = await putSettings(icp('Retail'));
    const changesBefore = await lastChangeId();
    try {
      expect(await first.worker.runOnce()).toBe(1);
      const [running] = (await rescores()).filter((r) => Number(r.settings_version) === version);
      expect(running).toMatchObject({ status: 'running', step: 1, processed: 2 });
      // The rest of the contacts still carry the old scores.
      const stale = await db()
        .selectFrom('contacts')
        .select('id')
        .where('id', '>', running!.cursor!)
        .where('fit_grade', '=', 'A')
        .execute();
      expect(stale.length).toBeGreaterThan(0);
    } finally {
      await first.database.close();
    }

    // "Restart": a fresh process with its own worker picks up the hand-over the first one committed.
    const second = await process(2);
    try {
      // The hand-over, and the temperature changes the first chunk emitted.
      expect(await second.worker.runOnce()).toBeGreaterThanOrEqual(1);
      const [next] = (await rescores()).filter((r) => Number(r.settings_version) === version);
      expect(next).toMatchObject({ status: 'running', step: 2, processed: 4 });
      await second.worker.drain();
    } finally {
      await second.database.close();
    }
    const [done] = (await rescores()).filter((r) => Number(r.settings_version) === version);
    expect(done).toMatchObject({ status: 'done', processed: total });
    expect(Number(done!.step)).toBe(Math.ceil((total + 1) / 2));
    // Measured against Retail now: Fit Co only has the size (40, grade C), Other Co only the industry (60, B).
    const grades = await db()
      .selectFrom('contacts')
      .select(['account_id', 'fit_grade'])
      .where('account_id', 'in', [fitAccount, otherAccount])
      .execute();
    for (const g of grades) expect(g.fit_grade).toBe(g.account_id === fitAccount ? 'C' : 'B');
    // Hot and Warm drop to warm (fit below B), Elsewhere qualifies: each recorded once.
    const changes = await db()
      .selectFrom('temperature_changes')
      .select(['contact_id', 'to_temperature'])
      .where('id', '>', changesBefore)
      .execute();
    expect(changes.map((c) => c.to_temperature).sort()).toEqual(['qualified', 'warm', 'warm']);
    expect(new Set(changes.map((c) => c.contact_id)).size).toBe(3);
    expect(Number(done!.changed)).toBe(3);
    // The leads list's "why" filter moved with each change, in the chunk's own transaction: these workers
    // run scoring's reactions only, and nothing else has handled the changes' events.
    const changed = new Map(changes.map((c) => [c.contact_id, c.to_temperature]));
    const filtered = async (reason: string) => {
      const res = await t.as(marketing, { method: 'GET', url: `/api/v1/contacts?limit=200&reason=${reason}` });
      expect(res.statusCode).toBe(200);
      return res
        .json()
        .items.map((c: { id: string }) => changed.get(c.id))
        .filter(Boolean)
        .sort();
    };
    expect(await filtered('fit_grade_at_least')).toEqual(['qualified']);
    expect(await filtered('fit_grade_below')).toEqual(['warm', 'warm']);
  });

  it('stops a running pass when a newer settings version is saved', async () => {
    await drain();
    const worker = await process(2);
    try {
      const v1 = await putSettings(icp('Logistics'));
      expect(await worker.worker.runOnce()).toBe(1);
      const v2 = await putSettings(icp('Software'));
      await worker.worker.drain();
      const jobs = await rescores();
      const old = jobs.find((r) => Number(r.settings_version) === v1)!;
      const current = jobs.find((r) => Number(r.settings_version) === v2)!;
      expect(old).toMatchObject({ status: 'superseded', processed: 2 });
      expect(old.finished_at).not.toBeNull();
      expect(current).toMatchObject({ status: 'done', processed: await t.count('contacts') });
    } finally {
      await worker.database.close();
    }
    // The final scores are the newest version's.
    const fit = await db().selectFrom('contacts').select('fit_grade').where('account_id', '=', fitAccount).execute();
    expect(fit.every((c) => c.fit_grade === 'A')).toBe(true);
  });

  // Two connections in one process would block each other on SQLite (better-sqlite3 waits synchronously for
  // the write lock); several processes are a PostgreSQL set-up.
  it.runIf(dialect === 'postgres')('two processes working one pass rescore every contact exactly once', async () => {
    await drain();
    for (let i = 0; i < 6; i++) await contact(`Batch ${i}`, fitAccount, i % 3);
    await drain();
    const a = await process(3);
    const b = await process(3);
    try {
      const version = await putSettings(icp('Retail'));
      const before = await lastChangeId();
      const finished = async () =>
        (await rescores()).some((r) => Number(r.settings_version) === version && r.status === 'done');
      // Both keep leasing until the pass is done, so they compete for every hand-over.
      const work = async (w: OutboxWorker) => {
        for (let i = 0; i < 500 && !(await finished()); i++) {
          if ((await w.runOnce()) === 0) await new Promise((r) => setTimeout(r, 5));
        }
      };
      await Promise.all([work(a.worker), work(b.worker)]);
      const job = (await rescores()).find((r) => Number(r.settings_version) === version)!;
      expect(job).toMatchObject({ status: 'done', processed: await t.count('contacts') });
      const changes = await db()
        .selectFrom('temperature_changes')
        .select('contact_id')
        .where('id', '>', before)
        .execute();
      expect(changes.length).toBe(Number(job.changed));
      expect(new Set(changes.map((c) => c.contact_id)).size).toBe(changes.length);
    } finally {
      await a.database.close();
      await b.database.close();
    }
  });

  it('rescores the contacts of an import in bulk when contacts.imported arrives', async () => {
    await putSettings(icp('Software'));
    await drain();
    const now = new Date().toISOString();
    // Contacts written the way an import writes them: straight in, not scored yet (cold, grade D).
    const imported = Array.from({ length: 5 }, () => newId());
    await db()
      .insertInto('contacts')
      .values(
        imported.map((id, i) => ({
          id,
          first_name: `Imported ${i}`,
          last_name: '',
          account_id: i < 4 ? fitAccount : otherAccount,
          custom_fields: '{}',
          name_norm: `imported ${i}`,
          search_text: `imported ${i}`,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db()
      .insertInto('events')
      .values(
        [imported[0]!, imported[0]!, imported[1]!].map((contactId) => ({
          contact_id: contactId,
          type: 'form_submitted',
          occurred_at: now,
          received_at: now,
          properties: '{}',
        })),
      )
      .execute();
    const bystander = await contact('Bystander', fitAccount, 0);
    await drain();
    await db().updateTable('contacts').set({ fit_grade: 'C' }).where('id', '=', bystander).execute();

    const before = await lastOutboxId();
    const worker = await process(2);
    try {
      await t.app.tandem.database.db.transaction().execute((trx) =>
        t.app.tandem.outbox.enqueue(trx, [
          {
            type: 'contacts.imported',
            aggregateType: 'import',
            aggregateId: 'imp-1',
            // Duplicates and ids of contacts that no longer exist are harmless.
            payload: { importId: 'imp-1', contactIds: [...imported, imported[0], MISSING, 42] },
          },
        ]),
      );
      expect(await worker.worker.runOnce()).toBe(1);
      const [running] = (await rescores()).filter((r) => r.import_id === 'imp-1');
      expect(running).toMatchObject({ status: 'running', cause: 'contacts.imported', processed: 2, total: 6 });
      await worker.worker.drain();
    } finally {
      await worker.database.close();
    }
    const [job] = (await rescores()).filter((r) => r.import_id === 'imp-1');
    expect(job).toMatchObject({ status: 'done', processed: 5, changed: 2 });

    const after = new Map((await stored([...imported, bystander])).map((c) => [c.id, c]));
    expect(after.get(imported[0]!)).toMatchObject({ fit_grade: 'A', temperature: 'qualified', engagement_score: 100 });
    expect(after.get(imported[1]!)).toMatchObject({ fit_grade: 'A', temperature: 'qualified', engagement_score: 50 });
    expect(after.get(imported[2]!)).toMatchObject({ fit_grade: 'A', temperature: 'cold' });
    expect(after.get(imported[4]!)).toMatchObject({ fit_grade: 'D', temperature: 'cold' });
    // Only the import's contacts were touched.
    expect(after.get(bystander)).toMatchObject({ fit_grade: 'C' });

    const changes = await changesOf(imported, 'contacts.imported');
    expect(changes.map((c) => [c.contact_id, c.from_temperature, c.to_temperature]).sort()).toEqual(
      [
        [imported[0], 'cold', 'qualified'],
        [imported[1], 'cold', 'qualified'],
      ].sort(),
    );
    expect((await emitted(imported, 'contact.qualified', before)).map((e) => e.aggregate_id).sort()).toEqual(
      [imported[0], imported[1]].sort(),
    );
    expect(await emitted(imported, 'contact.temperature_changed', before)).toHaveLength(2);
  });
});
