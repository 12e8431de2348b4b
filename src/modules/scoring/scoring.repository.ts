import type { Kysely } from 'kysely';
import { parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { EngagementEvent } from './engagement.js';
import type { TemperatureReason } from './temperature.js';

/** How many of a contact's most recent events engagement looks at: older ones have decayed away. */
const EVENTS_CONSIDERED = 2000;

export function createScoringRepository(db: Kysely<DB>) {
  return {
    async settings(trx: Kysely<DB> = db): Promise<{ version: number; document: unknown } | null> {
      const row = await trx.selectFrom('scoring_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
      return row ? { version: row.version, document: parseJson<unknown>(row.document, null) } : null;
    },

    async saveSettings(
      trx: Kysely<DB>,
      version: number,
      document: unknown,
      by: string | null,
      at: string,
    ): Promise<void> {
      const values = { id: 'default', version, document: JSON.stringify(document), updated_by: by, updated_at: at };
      await trx
        .insertInto('scoring_settings')
        .values(values)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ version, document: values.document, updated_by: by, updated_at: at }),
        )
        .execute();
    },

    /** The contact with its account's fields, flattened the way ICP criteria name them. */
    async contactForScoring(trx: Kysely<DB>, contactId: string) {
      return trx
        .selectFrom('contacts as c')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .select([
          'c.id',
          'c.first_name',
          'c.last_name',
          'c.email',
          'c.phone',
          'c.job_title',
          'c.seniority',
          'c.source',
          'c.custom_fields',
          'c.temperature',
          'c.owner_id',
          'a.name as account_name',
          'a.domain as account_domain',
          'a.industry as account_industry',
          'a.employee_count as account_employee_count',
          'a.country as account_country',
          'a.city as account_city',
          'a.annual_revenue as account_annual_revenue',
        ])
        .where('c.id', '=', contactId)
        .executeTakeFirst();
    },

    async recentEvents(trx: Kysely<DB>, contactId: string): Promise<EngagementEvent[]> {
      const rows = await trx
        .selectFrom('events')
        .select(['id', 'type', 'occurred_at', 'url', 'utm_campaign'])
        .where('contact_id', '=', contactId)
        .orderBy('occurred_at', 'desc')
        .limit(EVENTS_CONSIDERED)
        .execute();
      return rows.map((r) => ({
        id: String(r.id),
        type: r.type,
        occurredAt: r.occurred_at,
        url: r.url,
        campaignId: r.utm_campaign,
      }));
    },

    async saveScores(
      trx: Kysely<DB>,
      contactId: string,
      scores: {
        fitScore: number;
        fitGrade: string;
        engagementScore: number;
        temperature: string;
        changedAt: string | null;
      },
    ): Promise<void> {
      await trx
        .updateTable('contacts')
        .set({
          fit_score: scores.fitScore,
          fit_grade: scores.fitGrade,
          engagement_score: scores.engagementScore,
          temperature: scores.temperature,
          ...(scores.changedAt ? { temperature_changed_at: scores.changedAt } : {}),
        })
        .where('id', '=', contactId)
        .execute();
    },

    async recordChange(
      trx: Kysely<DB>,
      change: {
        contactId: string;
        from: string;
        to: string;
        at: string;
        reasons: readonly TemperatureReason[];
        cause: string;
      },
    ): Promise<void> {
      await trx
        .insertInto('temperature_changes')
        .values({
          contact_id: change.contactId,
          from_temperature: change.from,
          to_temperature: change.to,
          at: change.at,
          reasons: JSON.stringify(change.reasons),
          cause: change.cause,
        })
        .execute();
    },

    async history(contactId: string, limit = 50) {
      const rows = await db
        .selectFrom('temperature_changes')
        .selectAll()
        .where('contact_id', '=', contactId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        from: r.from_temperature,
        to: r.to_temperature,
        at: r.at,
        cause: r.cause,
        reasons: parseJson<TemperatureReason[]>(r.reasons, []),
      }));
    },
  };
}

export type ScoringRepository = ReturnType<typeof createScoringRepository>;
