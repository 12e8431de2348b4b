import { sql, type Kysely } from 'kysely';
import { dialectOf, parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { ContactRecord, FeatureSpec } from './features.js';
import type { OutcomeSettings } from './settings.js';

/** Contacts per SQL `in (...)` list: well below both databases' parameter limits. */
const IN_LIST = 500;

function contactColumns(db: Kysely<DB>) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .select([
      'c.id',
      'c.job_title',
      'c.seniority',
      'c.source',
      'c.campaign',
      'c.custom_fields',
      'c.fit_score',
      'c.engagement_score',
      'a.industry as account_industry',
      'a.employee_count as account_employee_count',
      'a.country as account_country',
      'a.city as account_city',
      'a.annual_revenue as account_annual_revenue',
    ]);
}

type ContactFeatureRow = Awaited<ReturnType<ReturnType<typeof contactColumns>['execute']>>[number];

function toRecord(row: ContactFeatureRow): ContactRecord {
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: row.id,
    jobTitle: row.job_title,
    seniority: row.seniority,
    source: row.source,
    campaign: row.campaign,
    customFields: parseJson<Record<string, unknown>>(row.custom_fields, {}),
    fitScore: Number(row.fit_score),
    engagementScore: Number(row.engagement_score),
    account: {
      industry: row.account_industry,
      employeeCount: number(row.account_employee_count),
      country: row.account_country,
      city: row.account_city,
      annualRevenue: number(row.account_annual_revenue),
    },
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ModelRow {
  id: number;
  trainedAt: string;
  trainedBy: { id: string; name: string } | null;
  settingsVersion: number;
  outcome: OutcomeSettings;
  featureSpec: FeatureSpec;
  positives: number;
  negatives: number;
  unknown: number;
  folds: number;
  auc: number;
  aucStd: number;
  importance: { feature: string; type: string; share: number }[];
  droppedFeatures: { feature: string; reason: string }[];
  trainingSeconds: number;
  scoredContacts: number;
  scoringFinishedAt: string | null;
}

export interface NewModel {
  trainedAt: string;
  trainedBy: string | null;
  settingsVersion: number;
  outcome: OutcomeSettings;
  featureSpec: FeatureSpec;
  positives: number;
  negatives: number;
  unknown: number;
  folds: number;
  auc: number;
  aucStd: number;
  importance: ModelRow['importance'];
  droppedFeatures: ModelRow['droppedFeatures'];
  trainingSeconds: number;
  model: string;
}

export function createPredictiveRepository(db: Kysely<DB>) {
  return {
    async settings(trx: Kysely<DB> = db): Promise<{ version: number; document: unknown } | null> {
      const row = await trx
        .selectFrom('predictive_settings')
        .selectAll()
        .where('id', '=', 'default')
        .executeTakeFirst();
      return row ? { version: row.version, document: parseJson<unknown>(row.document, null) } : null;
    },

    async saveSettings(trx: Kysely<DB>, version: number, document: unknown, by: string | null, at: string) {
      const values = { id: 'default', version, document: JSON.stringify(document), updated_by: by, updated_at: at };
      await trx
        .insertInto('predictive_settings')
        .values(values)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ version, document: values.document, updated_by: by, updated_at: at }),
        )
        .execute();
    },

    /** One page of contacts in id order, after `afterId` (keyset: constant cost per page at any depth). */
    async contactPage(trx: Kysely<DB>, afterId: string | null, limit: number): Promise<ContactRecord[]> {
      let query = contactColumns(trx).orderBy('c.id').limit(limit);
      if (afterId !== null) query = query.where('c.id', '>', afterId);
      return (await query.execute()).map(toRecord);
    },

    async contactsByIds(trx: Kysely<DB>, ids: readonly string[]): Promise<ContactRecord[]> {
      const out: ContactRecord[] = [];
      for (const part of chunks([...new Set(ids)], IN_LIST)) {
        out.push(...(await contactColumns(trx).where('c.id', 'in', part).execute()).map(toRecord));
      }
      return out;
    },

    /** Events per type for each of the contacts (contacts without events are absent). */
    async eventCounts(trx: Kysely<DB>, ids: readonly string[]): Promise<Map<string, Map<string, number>>> {
      const counts = new Map<string, Map<string, number>>();
      for (const part of chunks(ids, IN_LIST)) {
        const rows = await trx
          .selectFrom('events')
          .select(['contact_id', 'type', (eb) => eb.fn.countAll<number>().as('n')])
          .where('contact_id', 'in', part)
          .groupBy(['contact_id', 'type'])
          .execute();
        for (const row of rows) {
          const id = row.contact_id!;
          let perType = counts.get(id);
          if (!perType) counts.set(id, (perType = new Map()));
          perType.set(row.type, Number(row.n));
        }
      }
      return counts;
    },

    /** Writes predictive scores; one statement per chunk on PostgreSQL, prepared updates on SQLite. */
    async saveScores(trx: Kysely<DB>, scores: readonly { id: string; score: number }[]): Promise<void> {
      if (scores.length === 0) return;
      if (dialectOf(trx) === 'postgres') {
        for (const part of chunks(scores, IN_LIST)) {
          const values = sql.join(part.map((s) => sql`(${s.id}, ${s.score}::double precision)`));
          await sql`update contacts as c set predictive_score = v.score
                    from (values ${values}) as v(id, score) where c.id = v.id`.execute(trx);
        }
        return;
      }
      for (const s of scores) {
        await trx.updateTable('contacts').set({ predictive_score: s.score }).where('id', '=', s.id).execute();
      }
    },

    async latestModelId(trx: Kysely<DB> = db): Promise<number | null> {
      const row = await trx
        .selectFrom('predictive_models')
        .select('id')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? Number(row.id) : null;
    },

    async modelText(trx: Kysely<DB>, id: number): Promise<{ model: string; featureSpec: FeatureSpec } | null> {
      const row = await trx
        .selectFrom('predictive_models')
        .select(['model', 'feature_spec'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row
        ? { model: row.model, featureSpec: parseJson<FeatureSpec>(row.feature_spec, { keys: [], eventTypes: [] }) }
        : null;
    },

    /** A model's figures (without the model itself): the one asked for, or the newest. */
    async modelRow(trx: Kysely<DB>, id?: number): Promise<ModelRow | null> {
      let query = trx
        .selectFrom('predictive_models as m')
        .leftJoin('users as u', 'u.id', 'm.trained_by')
        .select([
          'm.id',
          'm.trained_at',
          'm.trained_by',
          'u.name as trained_by_name',
          'm.settings_version',
          'm.outcome',
          'm.feature_spec',
          'm.positive_count',
          'm.negative_count',
          'm.unknown_count',
          'm.folds',
          'm.cv_auc',
          'm.cv_auc_std',
          'm.importance',
          'm.dropped_features',
          'm.training_seconds',
          'm.scored_count',
          'm.scoring_finished_at',
        ])
        .orderBy('m.id', 'desc')
        .limit(1);
      if (id !== undefined) query = query.where('m.id', '=', id);
      const row = await query.executeTakeFirst();
      if (!row) return null;
      return {
        id: Number(row.id),
        trainedAt: row.trained_at,
        trainedBy: row.trained_by ? { id: row.trained_by, name: row.trained_by_name ?? '' } : null,
        settingsVersion: row.settings_version,
        outcome: parseJson<OutcomeSettings>(row.outcome, { field: '', positiveValues: [], negativeValues: [] }),
        featureSpec: parseJson<FeatureSpec>(row.feature_spec, { keys: [], eventTypes: [] }),
        positives: row.positive_count,
        negatives: row.negative_count,
        unknown: row.unknown_count,
        folds: row.folds,
        auc: Number(row.cv_auc),
        aucStd: Number(row.cv_auc_std),
        importance: parseJson<ModelRow['importance']>(row.importance, []),
        droppedFeatures: parseJson<ModelRow['droppedFeatures']>(row.dropped_features, []),
        trainingSeconds: Number(row.training_seconds),
        scoredContacts: Number(row.scored_count),
        scoringFinishedAt: row.scoring_finished_at,
      };
    },

    async insertModel(trx: Kysely<DB>, m: NewModel): Promise<number> {
      const row = await trx
        .insertInto('predictive_models')
        .values({
          trained_at: m.trainedAt,
          trained_by: m.trainedBy,
          settings_version: m.settingsVersion,
          outcome: JSON.stringify(m.outcome),
          feature_spec: JSON.stringify(m.featureSpec),
          positive_count: m.positives,
          negative_count: m.negatives,
          unknown_count: m.unknown,
          folds: m.folds,
          cv_auc: m.auc,
          cv_auc_std: m.aucStd,
          importance: JSON.stringify(m.importance),
          dropped_features: JSON.stringify(m.droppedFeatures),
          training_seconds: m.trainingSeconds,
          model: m.model,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async recordScoring(trx: Kysely<DB>, modelId: number, scored: number, finishedAt: string | null): Promise<void> {
      await trx
        .updateTable('predictive_models')
        .set((eb) => ({
          scored_count: eb('scored_count', '+', scored),
          ...(finishedAt ? { scoring_finished_at: finishedAt } : {}),
        }))
        .where('id', '=', modelId)
        .execute();
    },
  };
}

export type PredictiveRepository = ReturnType<typeof createPredictiveRepository>;
