import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { insertFinishedImport, insertRejectedHandoff, insertSubmission } from '../support/seed.js';
import { auditOf } from '../support/problems.js';

/**
 * Erasure edge cases: a duplicate merged in just before (its calls, notes, notifications and handoffs are
 * moved by a reaction that may not have run yet), and SQLite's full-text index, whose segments keep the
 * words of a deleted row unless FTS5 deletes securely.
 */
describe.each(dialects())('erasure leftovers on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  const db = () => t.app.tandem.database.db;
  const now = () => new Date().toISOString();

  const create = async (payload: Record<string, unknown>) => {
    const res = await t.as(admin, { method: 'POST', url: '/api/v1/contacts?allowDuplicate=true', payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const erase = (id: string, confirm: string) =>
    t.as(admin, { method: 'POST', url: `/api/v1/contacts/${id}/erase`, payload: { confirm } });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
  });
  afterAll(() => t.close());

  it('erases what a duplicate merged in just before still holds under its own id', async () => {
    const personId = await create({ firstName: 'Mergeduniq', email: 'merged.person@example.com' });
    const duplicateId = await create({ firstName: 'Mergeduniq', email: 'merged.dup@example.com' });
    // The duplicate's logged call, its notification, its rejected handoff and the rejection's audit entry.
    await db()
      .insertInto('activities')
      .values({
        id: 'activity-dup',
        contact_id: duplicateId,
        handoff_id: null,
        type: 'call',
        occurred_at: now(),
        user_id: admin.user.id,
        notes: 'Mergeduniq asked about pricing',
        created_at: now(),
      })
      .execute();
    await db()
      .insertInto('notifications')
      .values({
        id: 'notification-dup',
        user_id: admin.user.id,
        kind: 'handoff.assigned',
        handoff_id: 'handoff-dup',
        contact_id: duplicateId,
        payload: JSON.stringify({ contactName: 'Mergeduniq' }),
        created_at: now(),
      })
      .execute();
    await insertRejectedHandoff(db(), {
      id: 'handoff-dup',
      contactId: duplicateId,
      decidedBy: admin.user.id,
      note: 'Mergeduniq is a student',
    });
    await t.app.tandem.worker.drain();

    const merged = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/contacts/${personId}/merge`,
      payload: { duplicateId, fields: {} },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    // Erased before the worker ran the merge's reactions (they move the handoffs and activities over).
    const res = await erase(personId, 'merged.person@example.com');
    expect(res.statusCode, res.body).toBe(200);
    await t.app.tandem.worker.drain();

    const notes = await db().selectFrom('activities').select('notes').where('notes', 'like', '%Mergeduniq%').execute();
    expect(notes).toEqual([]);
    const notifications = await db()
      .selectFrom('notifications')
      .select('id')
      .where(sql<boolean>`cast(payload as text) like '%Mergeduniq%'`)
      .execute();
    expect(notifications).toEqual([]);
    const handoffNotes = await db()
      .selectFrom('handoffs')
      .select('reject_note')
      .where('reject_note', 'like', '%Mergeduniq%')
      .execute();
    expect(handoffNotes).toEqual([]);
    expect((await auditOf(db(), 'handoff', 'handoff-dup'))[0]!.after).toMatchObject({ note: '[redacted]' });
  });

  it("finds what holds a merged duplicate's own email: submissions left without a contact, rejected rows", async () => {
    const personId = await create({ firstName: 'Orphanuniq', email: 'orphan.person@example.com' });
    const duplicateId = await create({ firstName: 'Orphanuniq', email: 'orphan.old@example.com' });
    await t.app.tandem.worker.drain();
    const merged = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/contacts/${personId}/merge`,
      payload: { duplicateId, fields: {} },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    await db()
      .insertInto('forms')
      .values({
        id: 'form-orphan',
        public_id: 'pub-orphan',
        name: 'Newsletter',
        definition: JSON.stringify({}),
        status: 'active',
        created_by: null,
        created_at: now(),
        updated_at: now(),
      })
      .execute();
    // A submission whose contact was deleted earlier, and a rejected import row: both with the old address.
    await insertSubmission(db(), { formId: 'form-orphan', data: { email: 'Orphan.Old@example.com' } });
    await insertFinishedImport(db(), { id: 'import-orphan', fileName: 'old.csv', createdBy: admin.user.id });
    await db()
      .insertInto('import_rejections')
      .values({
        import_id: 'import-orphan',
        row_number: 2,
        field: 'phone',
        reason: 'Not a valid phone number.',
        raw: JSON.stringify(['orphan.old@example.com', '12']),
      })
      .execute();

    const res = await erase(personId, 'orphan.person@example.com');
    expect(res.statusCode, res.body).toBe(200);
    const submissions = await db()
      .selectFrom('form_submissions')
      .select('id')
      .where(sql<boolean>`lower(cast(data as text)) like '%orphan.old%'`)
      .execute();
    expect(submissions).toEqual([]);
    const rejections = await db()
      .selectFrom('import_rejections')
      .select('row_number')
      .where(sql<boolean>`cast(raw as text) like '%orphan.old%'`)
      .execute();
    expect(rejections).toEqual([]);
  });

  it.runIf(dialect === 'sqlite')('leaves no word of the person in the full-text search index', async () => {
    // Others first, so that the person's words are not all alone in the index.
    for (let i = 0; i < 5; i++) await create({ firstName: `Keeper${i}`, email: `keeper${i}@example.com` });
    const id = await create({ firstName: 'Qwxzkyl', lastName: 'Vbnjhg', email: 'qwxzkyl@example.com' });
    const trigrams = ['qwx', 'wxz', 'xzk', 'zky', 'kyl', 'vbn', 'bnj', 'njh', 'jhg'];
    const inIndex = async () => {
      const { rows } = await sql<{ block: Buffer }>`select block from contacts_search_data`.execute(db());
      const data = Buffer.concat(rows.map((r) => (Buffer.isBuffer(r.block) ? r.block : Buffer.from(String(r.block)))));
      return trigrams.filter((w) => data.includes(Buffer.from(w)));
    };
    expect((await inIndex()).length).toBeGreaterThan(0);

    const res = await erase(id, 'qwxzkyl@example.com');
    expect(res.statusCode, res.body).toBe(200);
    expect(await inIndex()).toEqual([]);
  });

  it.runIf(dialect === 'sqlite')('leaves no bytes of the person in the database file', async () => {
    for (let i = 0; i < 10; i++) await create({ firstName: `Filler${i}`, email: `filler${i}@example.com` });
    const id = await create({ firstName: 'Rawfileuniq', email: 'rawfile.uniq@example.com' });
    const patched = await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { jobTitle: 'Boss' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    for (let i = 10; i < 20; i++) await create({ firstName: `Filler${i}`, email: `filler${i}@example.com` });
    await t.app.tandem.worker.drain();

    const res = await erase(id, 'rawfile.uniq@example.com');
    expect(res.statusCode, res.body).toBe(200);
    await t.app.tandem.worker.drain();
    // Everything in the file itself, as a backup would copy it, once the log is copied back into it. The
    // checkpoint thread (src/db/checkpointer.ts) may be checkpointing at that moment, which makes this one
    // answer busy without waiting: asked again until it completes.
    const checkpoint = async () =>
      (await sql<{ busy: number; log: number; checkpointed: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db()))
        .rows[0]!;
    let done = await checkpoint();
    for (let tries = 0; done.busy !== 0 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      done = await checkpoint();
    }
    expect(done).toEqual({ busy: 0, log: 0, checkpointed: 0 });
    const { database } = t.app.tandem.config;
    if (database.dialect !== 'sqlite') throw new Error('SQLite only');
    const file = readFileSync(database.file);
    expect(file.includes(Buffer.from('rawfile.uniq@example.com'))).toBe(false);
    expect(file.includes(Buffer.from('Rawfileuniq'))).toBe(false);
  });

  // Known gap, not fixed here: an upload waiting to be imported (or dry-run) keeps its file for 7 days, and
  // the erasure leaves it as it is; running that import afterwards creates the person again.
  it.fails('leaves no copy of the person in an upload waiting to be imported', async () => {
    const id = await create({ firstName: 'Uploadeduniq', email: 'uploaded.person@example.com' });
    const up = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/imports?fileName=leads.csv',
      headers: { 'content-type': 'text/csv' },
      payload: Buffer.from('first_name,email\nUploadeduniq,uploaded.person@example.com\n', 'utf8'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const dir = join(t.app.tandem.config.dataDir, 'imports');
    const holding = () =>
      (existsSync(dir) ? readdirSync(dir) : []).filter((f) =>
        readFileSync(join(dir, f), 'utf8').includes('uploaded.person@example.com'),
      );
    expect(holding()).toHaveLength(1);

    const res = await erase(id, 'uploaded.person@example.com');
    expect(res.statusCode, res.body).toBe(200);
    expect(holding()).toEqual([]);
  });

  // Known gap, not fixed here: page views of a browser never tied to the person (another device) whose address
  // carries their email, as campaign links that prefill a form do, stay; finding them means scanning every
  // anonymous event.
  it.fails("removes anonymous page views whose address carries the person's email", async () => {
    const id = await create({ firstName: 'Urluniq', email: 'url.person@example.com' });
    await db()
      .insertInto('events')
      .values({
        visitor_id: null,
        contact_id: null,
        type: 'page_view',
        occurred_at: now(),
        received_at: now(),
        url: 'https://acme.example/demo?email=url.person%40example.com&name=Urluniq',
        referrer: null,
        utm_source: null,
        utm_medium: null,
        utm_campaign: null,
        utm_term: null,
        utm_content: null,
        properties: '{}',
      })
      .execute();
    const res = await erase(id, 'url.person@example.com');
    expect(res.statusCode, res.body).toBe(200);
    const left = await db().selectFrom('events').select('id').where('url', 'like', '%Urluniq%').execute();
    expect(left).toEqual([]);
  });
});
