import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { OutboxEvent, Reaction } from '../../jobs/worker.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import { parseJson } from '../../db/database.js';
import { perTransaction } from '../../db/per-transaction.js';
import { appendAudit } from '../audit/index.js';
import { can, type Actor } from '../auth/index.js';
import { engagementScore, standingEventTypes, type EngagementContribution } from './engagement.js';
import { bestPersona, fitScore, withoutAccountValues, type FitCheck, type FitGrade, type FitRecord } from './fit.js';
import { createBulkRescore, type ReasonsRecorder } from './bulk-rescore.service.js';
import { temperatureChangeEvents, type FitSummary } from './bulk.js';
import { createScoringRepository } from './scoring.repository.js';
import { DEFAULT_SCORING_SETTINGS, scoringSettingsSchema, type ScoringSettings } from './settings.js';
import { decideTemperature, type Temperature, type TemperatureInput, type TemperatureReason } from './temperature.js';

/** A save based on a version that is no longer current (someone else saved meanwhile). */
const scoringVersionConflict = (expected: number, current: number) =>
  new AppError(
    'conflict',
    'scoring.version_conflict',
    `You edited version ${expected}, but the scoring settings are now at version ${current} or later: reload them and make your change again.`,
    { extra: { currentVersion: current } },
  );

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
/** The decision by hand stored on a contact, as the temperature rules take it. */
export function manualOf(row: ScoringRow): TemperatureInput['manual'] {
  if ((row.qualification !== 'qualified' && row.qualification !== 'not_qualified') || !row.qualification_at)
    return null;
  return {
    kind: row.qualification,
    by: row.qualification_by,
    reason: row.qualification_reason,
    at: String(row.qualification_at),
  };
}

export type QualificationInput = { decision: 'qualified' | 'not_qualified' | null; reason?: string | undefined };

function contactOf(event: OutboxEvent): string {
  return String(event.payload.contactId ?? event.payload.id ?? '');
}

export function createScoringService(deps: {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  /**
   * Called in the transaction that records temperature changes, with each changed contact's new reasons
   * (the contacts module keeps the leads list's "why" filter keys from them).
   */
  recordReasons: ReasonsRecorder;
  /** Tells pages showing these contacts live, in the transaction that rescored them (modules/live). */
  contactsChanged?: (trx: Kysely<DB>, contactIds: readonly string[]) => Promise<void>;
  /** Contacts per chunk of a bulk rescore (tests use a few to see the hand-over between chunks). */
  rescoreChunkSize?: number;
}) {
  const { clock, outbox } = deps;
  const db = deps.database.db;
  const contactsChanged = deps.contactsChanged ?? (() => Promise.resolve());
  const repo = createScoringRepository(db);
  // Settings are looked up on every rescore (another process may have saved a new version) but read and
  // validated once per save: validating the document costs more than scoring a contact.
  let parsedSettings: { stamp: string; version: number; settings: ScoringSettings } | null = null;

  // Another process may save settings at any time, but within one transaction (a batch of reactions) the
  // stamp read once holds.
  const settingsStamp = perTransaction((trx) => repo.settingsStamp(trx));

  async function settings(trx: Kysely<DB> = db): Promise<{ version: number; settings: ScoringSettings }> {
    const current = await settingsStamp(trx);
    if (!current) return { version: 0, settings: DEFAULT_SCORING_SETTINGS };
    const stamp = `${current.version}@${current.updatedAt}`;
    if (parsedSettings?.stamp === stamp) return { version: parsedSettings.version, settings: parsedSettings.settings };
    const row = await repo.settings(trx);
    if (!row) return { version: 0, settings: DEFAULT_SCORING_SETTINGS };
    const parsed = scoringSettingsSchema.safeParse(row.document);
    const result = { version: row.version, settings: parsed.success ? parsed.data : DEFAULT_SCORING_SETTINGS };
    // Keyed by what was read, in case a save landed between the two reads.
    parsedSettings = { stamp: `${row.version}@${row.updatedAt}`, ...result };
    return result;
  }

  function score(
    row: ScoringRow,
    events: Parameters<typeof engagementScore>[1],
    s: ScoringSettings,
    knownFit?: FitSummary,
  ): ContactScore {
    // The bulk rescore knows the score and grade already (remembered across contacts); it needs no checks.
    const fit = knownFit ? { ...knownFit, checks: [] } : fitScore(s.icp, fitRecordOf(row), s.gradeThresholds);
    const decay = { now: clock.now(), halfLifeDays: s.halfLifeDays };
    const engagement = engagementScore(s.engagementRules, events, decay);
    const manual = manualOf(row);
    // After a rejection, the events since it are scored on their own (their caps are not used up by earlier ones).
    const fresh =
      manual?.kind === 'not_qualified'
        ? engagementScore(
            s.engagementRules,
            events.filter((e) => e.occurredAt > manual.at),
            decay,
          ).contributions
        : undefined;
    const decision = decideTemperature(
      {
        fitGrade: fit.grade,
        engagementScore: engagement.score,
        engagementContributions: engagement.contributions,
        manual,
        freshContributions: fresh,
      },
      s.temperature,
    );
    return { fit, engagement, temperature: decision.temperature, reasons: decision.reasons };
  }

  async function rescore(trx: Kysely<DB>, contactId: string, cause: string): Promise<ContactScore | null> {
    const row = await repo.contactForScoring(trx, contactId, { lock: true });
    if (!row) return null;
    const { settings: s } = await settings(trx);
    const result = score(row, await repo.recentEvents(trx, contactId, standingEventTypes(s.engagementRules)), s);
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
      await deps.recordReasons(trx, [{ contactId, reasons: result.reasons }]);
      await outbox.enqueue(trx, temperatureChangeEvents(contactId, row.temperature, result.temperature));
    }
    await contactsChanged(trx, [contactId]);
    return result;
  }

  const bulk = createBulkRescore({
    clock,
    outbox,
    recordReasons: deps.recordReasons,
    repo,
    settings,
    score,
    fitOf: (row, memo) => memo(fitRecordOf(row)),
    contactsChanged,
    ...(deps.rescoreChunkSize ? { chunkSize: deps.rescoreChunkSize } : {}),
  });

  return {
    settings: () => settings(),

    /** Saves a new version; with `expectedVersion`, only if that is still the current one (else 409). */
    async updateSettings(
      actor: Actor,
      document: ScoringSettings,
      expectedVersion?: number,
    ): Promise<{ version: number; settings: ScoringSettings }> {
      if (actor.role !== 'admin' && actor.role !== 'marketing')
        throw forbidden('Only marketing and admins change scoring.');
      return db.transaction().execute(async (trx) => {
        const current = await settings(trx);
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw scoringVersionConflict(expectedVersion, current.version);
        }
        const version = current.version + 1;
        const now = clock.now().toISOString();
        // A save that committed since the read above (another process) wins; this one is refused.
        if (!(await repo.saveSettings(trx, version, current.version, document, actor.id, now))) {
          throw scoringVersionConflict(expectedVersion ?? current.version, version);
        }
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

    /**
     * Marketing decides a lead's temperature by hand: qualified (it stays qualified whatever the scores), not
     * qualified (back to nurture; only engagement after this counts towards qualifying again), or null to
     * let the scores decide again. Rescored in the same transaction, so the change and its reason (and a
     * `contact.qualified` for the SLA) commit with the decision.
     */
    async setQualification(actor: Actor, contactId: string, input: QualificationInput): Promise<ContactScore> {
      if (!can(actor, 'marketing.manage')) throw forbidden('Only marketing and admins decide qualification by hand.');
      return db.transaction().execute(async (trx) => {
        const before = await repo.contactForScoring(trx, contactId, { lock: true });
        if (!before) throw notFound('contact');
        const now = clock.now().toISOString();
        const decision = input.decision
          ? { kind: input.decision, by: actor.id, reason: input.reason ?? null, at: now }
          : null;
        await repo.saveQualification(trx, contactId, decision, now);
        await appendAudit(
          trx,
          { actor },
          {
            at: now,
            entityType: 'contact',
            entityId: contactId,
            action: 'qualification',
            before: { qualification: before.qualification, reason: before.qualification_reason },
            after: { qualification: decision?.kind ?? null, reason: decision?.reason ?? null },
          },
        );
        const cause = input.decision ? `contact.marked_${input.decision}` : 'contact.qualification_cleared';
        const result = await rescore(trx, contactId, cause);
        return result!;
      });
    },

    /**
     * A decision by hand taken elsewhere in the caller's transaction (sales rejects a handed-off lead: back
     * to nurture with the rejection's reason). No permission check: the caller decided who may. Stored and
     * audited like setQualification (the deciding user goes in the entry's `after.by`; the caller audits
     * its own action with the actor) and rescored at once, so the temperature drop commits with the caller's
     * change. A contact that no longer exists is left alone.
     */
    async decideInTransaction(
      trx: Kysely<DB>,
      contactId: string,
      decision: { kind: 'not_qualified'; by: string; reason: string | null },
    ): Promise<void> {
      const before = await repo.contactForScoring(trx, contactId, { lock: true });
      if (!before) return;
      const now = clock.now().toISOString();
      await repo.saveQualification(trx, contactId, { ...decision, at: now }, now);
      await appendAudit(
        trx,
        { actor: null },
        {
          at: now,
          entityType: 'contact',
          entityId: contactId,
          action: 'qualification',
          before: { qualification: before.qualification, reason: before.qualification_reason },
          after: { qualification: decision.kind, reason: decision.reason, by: decision.by },
        },
      );
      await rescore(trx, contactId, `contact.marked_${decision.kind}`);
    },

    /**
     * The current scores and the reasons for the temperature, computed now, plus the stored history. For a
     * reader who may not see the contact's company (`accountVisible` false), its fields' values are left out
     * of the fit and persona checks.
     */
    async details(contactId: string, view: { accountVisible: boolean }) {
      const row = await repo.contactForScoring(db, contactId);
      if (!row) return null;
      const { settings: s } = await settings();
      const current = score(row, await repo.recentEvents(db, contactId, standingEventTypes(s.engagementRules)), s);
      // The best-matching persona describes the lead; it does not change its fit (see bestPersona).
      const persona = bestPersona(s.personas, fitRecordOf(row), s.gradeThresholds);
      const shown = <T extends { checks: readonly FitCheck[] }>(result: T) =>
        view.accountVisible ? result : withoutAccountValues(result);
      return {
        ...current,
        fit: shown(current.fit),
        persona: persona && shown(persona),
        stored: { temperature: row.temperature },
        history: await repo.history(contactId),
      };
    },

    rescore,

    /** Starts a pass over warm and qualified leads whose engagement may have faded (BulkRescore.sweepDecay). */
    sweepDecay: (): Promise<boolean> => db.transaction().execute((trx) => bulk.sweepDecay(trx)),

    /** The latest bulk rescores (settings changes, imports), newest first, with their progress. */
    rescores: (limit = 10) => repo.latestRescores(limit),

    /**
     * Rescoring reactions: the contact's own changes and events recorded for it; every contact after a
     * settings change and the imported ones after an import, in bulk (see bulk-rescore.service.ts).
     */
    reactions(): Reaction[] {
      return [
        ...['contact.created', 'contact.updated', 'event.recorded'].map((eventType) => ({
          name: 'scoring.rescore_contact',
          eventType,
          async handle(event: OutboxEvent, trx: Kysely<DB>) {
            const id = contactOf(event);
            if (id) await rescore(trx, id, eventType);
          },
          // A contact's rescore reads its current fields and events: once per batch is enough.
          coalesce: (event: OutboxEvent) => contactOf(event) || null,
          // A batch of contacts is rescored with a few statements for all of them.
          async handleMany(events: readonly OutboxEvent[], trx: Kysely<DB>) {
            const causes = new Map<string, string>();
            for (const event of events) if (contactOf(event)) causes.set(contactOf(event), eventType);
            await bulk.rescoreContacts(trx, causes);
          },
        })),
        ...bulk.reactions(),
      ];
    },
  };
}

export type ScoringService = ReturnType<typeof createScoringService>;
