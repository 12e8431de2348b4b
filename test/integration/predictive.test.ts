import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { newId } from '../../src/shared/ids.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects, POSTGRES_URL } from '../support/db.js';

const run = promisify(execFile);

/** Runs the real CLI against the test app's database. */
async function tandem(config: Config, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: config.dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'x'.repeat(48),
  };
  if (config.database.dialect === 'postgres') {
    env.DATABASE_URL = POSTGRES_URL;
    env.DATABASE_SCHEMA = config.database.schema;
  } else delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli.ts', ...args], { env, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const SENIORITIES = ['entry', 'manager', 'director', 'vp'] as const;

/** A fixed pseudo-random number in [0, 1) per contact index (an integer hash), the same on every run. */
function draw(i: number): number {
  let x = Math.imul(i + 1, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return (x >>> 0) / 2 ** 32;
}

/** The predictive score end to end: settings, training, bulk scoring, explanations, reactions, the CLI. */
describe.each(dialects())('predictive score on %s', (dialect) => {
  let t: TestApp;
  let marketing: TestUser;
  let admin: TestUser;
  let rep: TestUser;
  let software: string;
  let retail: string;
  let seeded = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, { worker: true });
    marketing = await t.user('marketing');
    admin = await t.user('admin');
    rep = await t.user('sales_rep');
    const now = new Date().toISOString();
    const account = async (name: string, industry: string, employees: number) => {
      const id = newId();
      await t.app.tandem.database.db
        .insertInto('accounts')
        .values({
          id,
          name,
          industry,
          employee_count: employees,
          country: 'IR',
          custom_fields: '{}',
          name_norm: name.toLowerCase(),
          search_text: name.toLowerCase(),
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    };
    software = await account('Soft Co', 'Software', 250);
    retail = await account('Shop Co', 'Retail', 15);
  });
  afterAll(() => t.close());

  const db = () => t.app.tandem.database.db;

  /**
   * Contacts straight into the table (no events, no reactions): directors and VPs at the software company
   * mostly win, entry-level people at the shop mostly lose; every fifth has no outcome or an open one.
   */
  async function seed(n: number, outcomes: 'mixed' | 'won' | 'lost' = 'mixed'): Promise<string[]> {
    const rows = [];
    const events = [];
    const now = new Date().toISOString();
    for (let k = 0; k < n; k++) {
      const i = seeded++;
      const seniority = SENIORITIES[i % 4]!;
      const atSoftware = i % 3 !== 0;
      const senior = seniority === 'director' || seniority === 'vp';
      const fit = (i * 37) % 100;
      const p = 1 / (1 + Math.exp(-(-1.5 + (senior ? 2.2 : 0) + (atSoftware ? 1 : 0) + (fit - 50) / 40)));
      let outcome: string | undefined =
        outcomes === 'mixed' ? (draw(i) < p ? 'won' : 'lost') : outcomes === 'won' ? 'Won' : 'lost';
      if (outcomes === 'mixed' && i % 5 === 0) outcome = i % 10 === 0 ? undefined : 'open';
      const id = newId();
      rows.push({
        id,
        first_name: `Lead ${i}`,
        last_name: 'Test',
        seniority,
        account_id: atSoftware ? software : retail,
        source: i % 2 === 0 ? 'webinar' : 'ads',
        custom_fields: JSON.stringify(outcome ? { outcome } : {}),
        fit_score: fit,
        engagement_score: (i * 13) % 30,
        name_norm: `lead ${i} test`,
        search_text: `lead ${i} test`,
        created_at: now,
        updated_at: now,
      });
      for (let e = 0; e < i % 3; e++) {
        events.push({
          contact_id: id,
          type: 'page_view',
          occurred_at: now,
          received_at: now,
          url: 'https://example.test/pricing',
          properties: '{}',
        });
      }
    }
    for (let i = 0; i < rows.length; i += 200)
      await db()
        .insertInto('contacts')
        .values(rows.slice(i, i + 200))
        .execute();
    for (let i = 0; i < events.length; i += 200)
      await db()
        .insertInto('events')
        .values(events.slice(i, i + 200))
        .execute();
    return rows.map((r) => r.id);
  }

  const countModels = async () =>
    Number(
      (
        await db()
          .selectFrom('predictive_models')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const unscored = async () =>
    Number(
      (
        await db()
          .selectFrom('contacts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('predictive_score', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const storedScore = async (id: string) =>
    (await db().selectFrom('contacts').select('predictive_score').where('id', '=', id).executeTakeFirstOrThrow())
      .predictive_score;
  const auditOf = (entityType: string) =>
    db().selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).orderBy('id').execute();

  let firstIds: string[] = [];
  let mixedIds: string[] = [];

  it('answers "no model yet", and refuses to train on too few labels, writing nothing', async () => {
    firstIds = [...(await seed(12, 'won')), ...(await seed(3, 'lost'))];
    const prediction = await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${firstIds[0]}/prediction` });
    expect(prediction.statusCode).toBe(200);
    expect(prediction.json()).toMatchObject({
      status: 'no_model',
      message: expect.stringContaining('No predictive model'),
    });
    expect((await t.as(marketing, { method: 'GET', url: '/api/v1/predictive/model' })).json()).toEqual({ model: null });

    const before = { audit: await t.count('audit_log'), outbox: await t.count('outbox') };
    const res = await t.as(marketing, { method: 'POST', url: '/api/v1/predictive/train', payload: {} });
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('predictive.not_enough_labels');
    expect(problem.errors[0].field).toBe('outcome');
    expect(problem.detail).toContain('at least 20 contacts of each outcome');
    expect(problem.detail).toContain('12 positive and 3 negative');
    expect(problem).toMatchObject({ positives: 12, negatives: 3, minimumPerClass: 20 });
    expect(await countModels()).toBe(0);
    expect(await t.count('audit_log')).toBe(before.audit);
    expect(await t.count('outbox')).toBe(before.outbox);
    expect(await unscored()).toBe(15);
  });

  it('keeps settings strict, versioned, audited, and changed by marketing and admins only', async () => {
    const current = (await t.as(rep, { method: 'GET', url: '/api/v1/predictive/settings' })).json();
    expect(current.version).toBe(0);
    expect(current.settings.outcome).toEqual({
      field: 'custom.outcome',
      positiveValues: ['won'],
      negativeValues: ['lost'],
    });
    expect(current.settings.features).toContain('events');
    const next = {
      ...current.settings,
      outcome: { field: 'custom.outcome', positiveValues: ['won'], negativeValues: ['lost', 'churned'] },
      minimumPerClass: 30,
    };
    expect((await t.as(rep, { method: 'PUT', url: '/api/v1/predictive/settings', payload: next })).statusCode).toBe(
      403,
    );

    const overlap = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/predictive/settings',
      payload: { ...next, outcome: { ...next.outcome, negativeValues: ['Won'] } },
    });
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().errors[0].field).toBe('outcome.negativeValues');
    const unknown = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/predictive/settings',
      payload: { ...next, algorithm: 'magic' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].field).toBe('algorithm');
    const leak = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/predictive/settings',
      payload: { ...next, outcome: { ...next.outcome, field: 'source' } },
    });
    expect(leak.statusCode).toBe(422);
    expect(leak.json().errors[0]).toMatchObject({ field: 'features', message: expect.stringContaining('leak') });
    expect(await auditOf('predictive_settings')).toHaveLength(0);

    const saved = await t.as(marketing, { method: 'PUT', url: '/api/v1/predictive/settings', payload: next });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ version: 1, settings: next });
    const audit = await auditOf('predictive_settings');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update', actor_id: marketing.user.id });
  });

  it('trains a model version, scores every contact in chunks, and explains a score', { timeout: 90_000 }, async () => {
    mixedIds = await seed(620);
    expect((await t.as(rep, { method: 'POST', url: '/api/v1/predictive/train', payload: {} })).statusCode).toBe(403);
    const extra = await t.as(marketing, { method: 'POST', url: '/api/v1/predictive/train', payload: { folds: 3 } });
    expect(extra.statusCode).toBe(422);

    const res = await t.as(marketing, { method: 'POST', url: '/api/v1/predictive/train', payload: {} });
    expect(res.statusCode).toBe(201);
    const summary = res.json();
    // 12 + 496 won/lost contacts; 3 lost earlier; every tenth "open", every tenth without an outcome.
    expect(summary.samples.positive + summary.samples.negative).toBe(15 + 496);
    expect(summary.samples.unknown).toBe(124);
    expect(summary.samples.training).toBe(511);
    expect(summary.version).toBe(1);
    expect(summary.crossValidation.folds).toBe(5);
    expect(summary.crossValidation.auc).toBeGreaterThan(0.7);
    expect(summary.trainedBy).toEqual({ id: marketing.user.id, name: marketing.user.name });
    const top = summary.topFeatures.map((f: { feature: string }) => f.feature);
    expect(top.slice(0, 3)).toContain('seniority');
    // Nobody has a campaign: the feature is reported as unused rather than silently dropped.
    expect(summary.droppedFeatures).toContainEqual({ feature: 'campaign', reason: 'empty: no values' });

    // 635 contacts: the bulk pass takes two chunks of at most 500, through the outbox.
    await expect.poll(unscored, { timeout: 20_000, interval: 50 }).toBe(0);
    await expect
      .poll(async () => (await t.as(admin, { method: 'GET', url: '/api/v1/predictive/model' })).json().model.scoring, {
        timeout: 5_000,
      })
      .toMatchObject({ scoredContacts: 635, finishedAt: expect.any(String) });
    const continued = await db()
      .selectFrom('outbox')
      .select('type')
      .where('type', 'in', ['predictive.model_trained', 'predictive.scoring_continued'])
      .execute();
    expect(continued.map((r) => r.type).sort()).toEqual(['predictive.model_trained', 'predictive.scoring_continued']);
    const audit = await auditOf('predictive_model');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'train', entity_id: '1', actor_id: marketing.user.id });

    const id = firstIds[0]!;
    const prediction = (await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}/prediction` })).json();
    expect(prediction.status).toBe('ready');
    expect(prediction.method).toBe('tree_shap');
    expect(prediction.modelVersion).toBe(1);
    expect(prediction.trainedAt).toBe(summary.trainedAt);
    expect(prediction.factors.length).toBeGreaterThan(0);
    expect(prediction.factors.length).toBeLessThanOrEqual(5);
    const parts = prediction.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
    expect(prediction.bias + parts + prediction.otherContribution).toBeCloseTo(prediction.logOdds, 9);
    expect(prediction.score).toBeCloseTo(1 / (1 + Math.exp(-prediction.logOdds)), 12);
    expect(prediction.score).toBeCloseTo(Number(await storedScore(id)), 9);
    const seniority = prediction.factors.find((f: { feature: string }) => f.feature === 'seniority');
    expect(seniority?.label).toMatch(/^Seniority = (entry|manager|director|vp) [+−]\d\.\d\d$/);

    const all = (await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}/prediction?top=20` })).json();
    expect(all.otherContribution).toBeCloseTo(0, 12);
    expect((await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}/prediction?top=0` })).statusCode).toBe(
      422,
    );

    // Directors at the software company rank above entry-level people at the shop.
    const scores = await db().selectFrom('contacts').select(['seniority', 'account_id', 'predictive_score']).execute();
    const mean = (filter: (r: (typeof scores)[number]) => boolean) => {
      const picked = scores.filter(filter);
      return picked.reduce((s, r) => s + Number(r.predictive_score), 0) / picked.length;
    };
    expect(mean((r) => r.seniority === 'director' && r.account_id === software)).toBeGreaterThan(
      mean((r) => r.seniority === 'entry' && r.account_id === retail) + 0.2,
    );
  });

  it('explains only contacts the reader may see', async () => {
    const hidden = await t.as(rep, { method: 'GET', url: `/api/v1/contacts/${firstIds[0]}/prediction` });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('contact.not_found');
    const missing = await t.as(marketing, { method: 'GET', url: '/api/v1/contacts/nope/prediction' });
    expect(missing.statusCode).toBe(404);
    const own = await t.as(rep, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Mine' } });
    const mine = await t.as(rep, { method: 'GET', url: `/api/v1/contacts/${own.json().id}/prediction` });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().status).toBe('ready');
    // A lead of the rep's at a company the rep may not see: its factors leave out the company's values.
    const atCompany = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'At Soft Co', seniority: 'director', accountId: software, ownerId: rep.user.id },
    });
    expect(atCompany.statusCode, atCompany.body).toBe(201);
    type Factor = { feature: string; value: unknown; hidden?: boolean; label: string };
    const factors = async (user: TestUser) => {
      const url = `/api/v1/contacts/${atCompany.json().id}/prediction?top=20`;
      const res = await t.as(user, { method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().factors as Factor[]).filter((f) => f.feature.startsWith('account.'));
    };
    const seenByMarketing = await factors(marketing);
    // The seeded outcomes depend on the company (its industry and size are the same signal).
    expect(seenByMarketing.length).toBeGreaterThan(0);
    expect(seenByMarketing.every((f) => f.hidden === undefined && (f.value === 'Software' || f.value === 250))).toBe(
      true,
    );
    const seenByRep = await factors(rep);
    expect(seenByRep.map((f) => f.feature)).toEqual(seenByMarketing.map((f) => f.feature));
    for (const f of seenByRep) {
      expect(f).toMatchObject({ value: null, hidden: true });
      expect(f.label).toContain('(hidden)');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/predictive/model' })).statusCode).toBe(401);
    expect((await t.as(rep, { method: 'GET', url: '/api/v1/predictive/model' })).statusCode).toBe(200);
  });

  it('scores a created, changed or imported contact through the outbox', async () => {
    const created = await t.as(marketing, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { firstName: 'New', seniority: 'director', accountId: software },
    });
    const id = created.json().id as string;
    await expect.poll(() => storedScore(id), { timeout: 5_000, interval: 20 }).not.toBeNull();
    const directorScore = Number(await storedScore(id));

    await t.as(marketing, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { seniority: 'entry', accountId: retail },
    });
    await expect
      .poll(async () => Number(await storedScore(id)), { timeout: 5_000, interval: 20 })
      .toBeLessThan(directorScore);
    const api = (await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}` })).json();
    expect(api.predictiveScore).toBeCloseTo(Number(await storedScore(id)), 9);

    const [imported] = await seed(1);
    expect(await storedScore(imported!)).toBeNull();
    await db()
      .transaction()
      .execute((trx) =>
        t.app.tandem.outbox.enqueue(trx, [
          {
            type: 'contacts.imported',
            aggregateType: 'import',
            aggregateId: 'imp-1',
            payload: { importId: 'imp-1', contactIds: [imported] },
          },
        ]),
      );
    t.app.tandem.outbox.notify();
    await expect.poll(() => storedScore(imported!), { timeout: 5_000, interval: 20 }).not.toBeNull();
  });

  it('scores every contact again when the scoring settings change their fit scores', { timeout: 60_000 }, async () => {
    const sample = mixedIds.slice(0, 20);
    const before = new Map<string, number>();
    for (const id of sample) before.set(id, Number(await storedScore(id)));
    const scoring = (await t.as(marketing, { method: 'GET', url: '/api/v1/scoring/settings' })).json().settings;
    const saved = await t.as(marketing, {
      method: 'PUT',
      url: '/api/v1/scoring/settings',
      payload: { ...scoring, icp: [{ field: 'seniority', kind: 'in', values: ['director', 'vp'], weight: 100 }] },
    });
    expect(saved.statusCode).toBe(200);
    const fresh = async (id: string) =>
      (await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}/prediction` })).json().score as number;
    // Scoring rewrites the fit scores in the background (0 or 100 now)...
    await expect
      .poll(
        async () =>
          (await db().selectFrom('contacts').select('fit_score').where('id', 'in', sample).execute()).every(
            (r) => r.fit_score === 0 || r.fit_score === 100,
          ),
        { timeout: 30_000, interval: 100 },
      )
      .toBe(true);
    // ...and the stored predictive scores catch up with the new fit scores (the prediction endpoint computes from the current ones).
    await expect
      .poll(
        async () => {
          let behind = 0;
          for (const id of sample) if (Math.abs(Number(await storedScore(id)) - (await fresh(id))) > 1e-9) behind++;
          return behind;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(0);
    let moved = 0;
    for (const id of sample) if (Math.abs(before.get(id)! - Number(await storedScore(id))) > 1e-9) moved++;
    expect(moved).toBeGreaterThan(0);
    // The refresh pass leaves the training pass's figures alone.
    const model = (await t.as(marketing, { method: 'GET', url: '/api/v1/predictive/model' })).json().model;
    expect(model.scoring.scoredContacts).toBe(635);
  });

  it('trains from the command line too, naming the problem when it cannot', { timeout: 120_000 }, async () => {
    const config = t.app.tandem.config;
    const trained = await tandem(config, ['scoring', 'train']);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/Trained predictive model v2 on \d+ contacts/);
    expect(trained.stdout).toMatch(/Cross-validated ROC AUC 0\.\d{3}/);
    expect(trained.stdout).toMatch(/Scored \d+ contacts\./);
    expect(trained.stdout).toContain('Seniority');
    const audit = await auditOf('predictive_model');
    expect(audit.at(-1)).toMatchObject({ entity_id: '2', actor_kind: 'system' });

    const settings = (await t.as(admin, { method: 'GET', url: '/api/v1/predictive/settings' })).json().settings;
    await t.as(admin, {
      method: 'PUT',
      url: '/api/v1/predictive/settings',
      payload: { ...settings, minimumPerClass: 5000 },
    });
    const refused = await tandem(config, ['scoring', 'train']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('at least 5000 contacts of each outcome');
    expect(refused.stderr).toContain('predictive.not_enough_labels');
    expect(await countModels()).toBe(2);
  });

  it('scores a company’s contacts again when the company changes, though their fit does not move', async () => {
    const atSoftware = (
      await db().selectFrom('contacts').select('id').where('account_id', '=', software).orderBy('id').execute()
    )
      .map((r) => r.id)
      .slice(0, 20);
    const before = new Map<string, number>();
    for (const id of atSoftware) before.set(id, Number(await storedScore(id)));
    // A page open on one of them hears of its new score (its temperature does not move).
    let heard = 0;
    const unsubscribe = t.app.tandem.services.live.subscribe(atSoftware[0]!, () => heard++);
    const edited = await t.as(marketing, {
      method: 'PATCH',
      url: `/api/v1/accounts/${software}`,
      payload: { industry: 'Retail', employeeCount: 15 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const fresh = async (id: string) =>
      (await t.as(marketing, { method: 'GET', url: `/api/v1/contacts/${id}/prediction` })).json().score as number;
    // The stored scores catch up with the company's new fields (the prediction endpoint reads the current ones).
    await expect
      .poll(
        async () => {
          let behind = 0;
          for (const id of atSoftware) if (Math.abs(Number(await storedScore(id)) - (await fresh(id))) > 1e-9) behind++;
          return behind;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(0);
    let moved = 0;
    for (const id of atSoftware) if (Math.abs(before.get(id)! - Number(await storedScore(id))) > 1e-9) moved++;
    expect(moved).toBeGreaterThan(0);
    await expect.poll(() => heard, { timeout: 3000 }).toBeGreaterThan(0);
    unsubscribe();
  });
});
