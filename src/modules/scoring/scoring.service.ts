import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Reaction } from '../../jobs/worker.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden } from '../../shared/errors.js';
import { parseJson } from '../../db/database.js';
import { appendAudit } from '../audit/index.js';
import type { Actor } from '../auth/index.js';
import { engagementScore, type EngagementContribution } from './engagement.js';
import { fitScore, type FitCheck, type FitGrade, type FitRecord } from './fit.js';
import { createScoringRepository } from './scoring.repository.js';
import { DEFAULT_SCORING_SETTINGS, scoringSettingsSchema, type ScoringSettings } from './settings.js';
import { decideTemperature, type Temperature, type TemperatureReason } from './temperature.js';

export interface ContactScore {
  fit: { score: number; grade: FitGrade; checks: readonly FitCheck[] };
  engagement: { score: number; contributions: readonly EngagementContribution[] };
  temperature: Temperature;
  reasons: readonly TemperatureReason[];
}

type ScoringRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createScoringRepository>['contactForScoring']>>>;

/** The record ICP criteria look at: contact fields, `account.*` fields and `custom.*` fields. */
export function fitRecordOf(row: ScoringRow): FitRecord {
  const custom = parseJson<Record<string, unknown>>(row.custom_fields, {});
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    jobTitle: row.job_title,
    seniority: row.seniority,
    source: row.source,
    'account.name': row.account_name,
    'account.domain': row.account_domain,
    'account.industry': row.account_industry,
    'account.employeeCount': row.account_employee_count,
    'account.country': row.account_country,
    'account.city': row.account_city,
    'account.annualRevenue': row.account_annual_revenue,
    ...Object.fromEntries(Object.entries(custom).map(([k, v]) => [`custom.${k}`, v])),
  };
}

/**
 * Scores and temperature. A contact is rescored as a reaction to what changes it (an event recorded for
 * it, its own fields), through the outbox, so the temperature moves within a second of the evidence and
 * every move is stored with its reasons.
 */
export function createScoringService(deps: { database: Database; clock: Clock; outbox: Outbox }) {
  const { clock, outbox } = deps;
  const db = deps.database.db;
  const repo = createScoringRepository(db);

  async function settings(trx: Kysely<DB> = db): Promise<{ version: number; settings: ScoringSettings }> {
    const row = await repo.settings(trx);
    if (!row) return { version: 0, settings: DEFAULT_SCORING_SETTINGS };
    const parsed = scoringSettingsSchema.safeParse(row.document);
    return { version: row.version, settings: parsed.success ? parsed.data : DEFAULT_SCORING_SETTINGS };
  }

  function score(row: ScoringRow, events: Parameters<typeof engagementScore>[1], s: ScoringSettings): ContactScore {
    const fit = fitScore(s.icp, fitRecordOf(row), s.gradeThresholds);
    const engagement = engagementScore(s.engagementRules, events, { now: clock.now(), halfLifeDays: s.halfLifeDays });
    const decision = decideTemperature(
      { fitGrade: fit.grade, engagementScore: engagement.score, engagementContributions: engagement.contributions },
      s.temperature,
    );
    return { fit, engagement, temperature: decision.temperature, reasons: decision.reasons };
  }

  async function rescore(trx: Kysely<DB>, contactId: string, cause: string): Promise<ContactScore | null> {
    const row = await repo.contactForScoring(trx, contactId);
    if (!row) return null;
    const { settings: s } = await settings(trx);
    const result = score(row, await repo.recentEvents(trx, contactId), s);
    const now = clock.now().toISOString();
    const changed = row.temperature !== result.temperature;
    await repo.saveScores(trx, contactId, {
      fitScore: result.fit.score,
      fitGrade: result.fit.grade,
      engagementScore: result.engagement.score,
      temperature: result.temperature,
      changedAt: changed ? now : null,
    });
    if (changed) {
      await repo.recordChange(trx, {
        contactId,
        from: row.temperature,
        to: result.temperature,
        at: now,
        reasons: result.reasons,
        cause,
      });
      const events = [
        {
          type: 'contact.temperature_changed',
          aggregateType: 'contact',
          aggregateId: contactId,
          payload: { id: contactId, from: row.temperature, to: result.temperature },
        },
      ];
      if (result.temperature === 'qualified') {
        events.push({
          type: 'contact.qualified',
          aggregateType: 'contact',
          aggregateId: contactId,
          payload: { id: contactId, from: row.temperature, to: 'qualified' },
        });
      }
      await outbox.enqueue(trx, events);
    }
    return result;
  }

  return {
    settings: () => settings(),

    async updateSettings(
      actor: Actor,
      document: ScoringSettings,
    ): Promise<{ version: number; settings: ScoringSettings }> {
      if (actor.role !== 'admin' && actor.role !== 'marketing')
        throw forbidden('Only marketing and admins change scoring.');
      return db.transaction().execute(async (trx) => {
        const current = await settings(trx);
        const version = current.version + 1;
        const now = clock.now().toISOString();
        await repo.saveSettings(trx, version, document, actor.id, now);
        await appendAudit(
          trx,
          { actor },
          {
            at: now,
            entityType: 'scoring_settings',
            entityId: 'default',
            action: 'update',
            before: { version: current.version, ...current.settings },
            after: { version, ...document },
          },
        );
        await outbox.enqueue(trx, [
          {
            type: 'scoring.settings_changed',
            aggregateType: 'scoring_settings',
            aggregateId: 'default',
            payload: { version },
          },
        ]);
        return { version, settings: document };
      });
    },

    /** The current scores and the reasons for the temperature, computed now, plus the stored history. */
    async details(contactId: string) {
      const row = await repo.contactForScoring(db, contactId);
      if (!row) return null;
      const { settings: s } = await settings();
      const current = score(row, await repo.recentEvents(db, contactId), s);
      return { ...current, stored: { temperature: row.temperature }, history: await repo.history(contactId) };
    },

    rescore,

    /** Rescoring reactions: the contact's own changes and events recorded for it. */
    reactions(): Reaction[] {
      return ['contact.created', 'contact.updated', 'event.recorded'].map((eventType) => ({
        name: 'scoring.rescore_contact',
        eventType,
        async handle(event, trx) {
          const id = String(event.payload.contactId ?? event.payload.id ?? '');
          if (id) await rescore(trx, id, eventType);
        },
      }));
    },
  };
}

export type ScoringService = ReturnType<typeof createScoringService>;
