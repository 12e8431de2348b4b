import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DomainEvent, Outbox } from '../../jobs/outbox.js';
import type { Reaction } from '../../jobs/worker.js';
import type { Clock } from '../../shared/clock.js';
import {
  accountChangeMayMoveFit,
  createFitMemo,
  nextIds,
  sortedIdList,
  temperatureChangeEvents,
  type FitMemo,
  type FitSummary,
} from './bulk.js';
import { standingEventTypes, type EngagementEvent } from './engagement.js';
import type {
  RescoreJob,
  ScoreUpdate,
  ScoringRepository,
  ScoringRow,
  TemperatureChange,
} from './scoring.repository.js';
import type { ScoringSettings } from './settings.js';
import type { Temperature, TemperatureReason } from './temperature.js';

export const SETTINGS_CHANGED = 'scoring.settings_changed';
export const CONTACTS_IMPORTED = 'contacts.imported';
export const RESCORE_CONTINUED = 'scoring.rescore_continued';
export const ACCOUNT_UPDATED = 'account.updated';
export const ENGAGEMENT_DECAYED = 'engagement.decayed';
/**
 * A bulk pass's chunk wrote these contacts' scores (or, after a company's change, looked at them): what reads
 * the scores or the company (the predictive score) follows. Not sent by a settings change's pass, after which
 * the predictive score runs its own pass over everyone.
 */
export const CONTACTS_RESCORED = 'scoring.contacts_rescored';

/**
 * Contacts per chunk: one chunk is one transaction (some 10-20 ms on SQLite for 500 contacts on a quiet
 * machine), after which the worker yields to the event loop, so API requests wait at most about one chunk.
 */
export const DEFAULT_RESCORE_CHUNK = 500;

/** Outbox rows per insert: 7 columns each, well inside SQLite's 32,766 bound parameters. */
const EVENTS_PER_INSERT = 1000;

interface Scored {
  fit: { score: number; grade: string };
  engagement: { score: number };
  temperature: Temperature;
  reasons: readonly TemperatureReason[];
}

/** Keeps what is derived from a contact's latest temperature change, in the transaction that records it. */
export type ReasonsRecorder = (
  trx: Kysely<DB>,
  changes: readonly { contactId: string; reasons: readonly TemperatureReason[] }[],
) => Promise<void>;

export interface BulkRescoreDeps {
  clock: Clock;
  outbox: Outbox;
  recordReasons: ReasonsRecorder;
  repo: ScoringRepository;
  settings: (trx: Kysely<DB>) => Promise<{ version: number; settings: ScoringSettings }>;
  /** The scoring service's own scoring, so both paths decide alike; `fit` is the memoised fit. */
  score: (row: ScoringRow, events: readonly EngagementEvent[], s: ScoringSettings, fit: FitSummary) => Scored;
  fitOf: (row: ScoringRow, memo: FitMemo) => FitSummary;
  /** Tells pages showing these contacts live, in the transaction that changed them (modules/live). */
  contactsChanged: (trx: Kysely<DB>, contactIds: readonly string[]) => Promise<void>;
  chunkSize?: number;
}

/**
 * Bulk rescoring: after a settings change every contact, after an import the imported ones. One chunk of
 * contacts per outbox event, in one transaction with its progress (cursor) and the hand-over to the next
 * chunk (a `scoring.rescore_continued` event), so a restart continues where it stopped, several processes
 * never run the same chunk twice (the outbox leases the event), and between chunks the worker yields to
 * the event loop. A contact's scores are written only when they changed; a temperature change is recorded
 * with its reasons and emitted exactly as the per-contact rescore does, with the starting event as cause.
 * A newer settings version supersedes a running pass over all contacts (it starts its own).
 */
export function createBulkRescore(deps: BulkRescoreDeps) {
  const { clock, outbox, repo } = deps;
  const chunkSize = Math.max(1, deps.chunkSize ?? DEFAULT_RESCORE_CHUNK);
  // One memo per settings document, kept across chunks of a pass (the scoring service hands out the same
  // parsed document until the settings are saved again).
  let memo: { settings: ScoringSettings; fit: FitMemo } | null = null;

  function memoFor(s: ScoringSettings): FitMemo {
    if (memo?.settings !== s) memo = { settings: s, fit: createFitMemo(s.icp, s.gradeThresholds) };
    return memo.fit;
  }

  /**
   * Scores loaded contacts and writes what changed: scores (only when they differ), temperature changes
   * with their reasons and cause, and the events they emit. Shared by the bulk pass and by the batched
   * per-contact rescore, so both decide and record alike.
   */
  async function scoreAndSave(
    trx: Kysely<DB>,
    rows: readonly ScoringRow[],
    events: ReadonlyMap<string, EngagementEvent[]>,
    settings: ScoringSettings,
    now: string,
    causeOf: (contactId: string) => string,
  ): Promise<{ changed: string[]; rescored: string[] }> {
    const fitMemo = memoFor(settings);
    const updates: ScoreUpdate[] = [];
    const changes: TemperatureChange[] = [];
    const emitted: DomainEvent[] = [];
    for (const row of rows) {
      const result = deps.score(row, events.get(row.id) ?? [], settings, deps.fitOf(row, fitMemo));
      const changed = row.temperature !== result.temperature;
      if (
        changed ||
        row.fit_score !== result.fit.score ||
        row.fit_grade !== result.fit.grade ||
        Number(row.engagement_score) !== result.engagement.score
      ) {
        updates.push({
          id: row.id,
          fitScore: result.fit.score,
          fitGrade: result.fit.grade,
          engagementScore: result.engagement.score,
          temperature: result.temperature,
          changedAt: changed ? now : null,
        });
      }
      if (changed) {
        changes.push({
          contactId: row.id,
          from: row.temperature,
          to: result.temperature,
          at: now,
          reasons: result.reasons,
          cause: causeOf(row.id),
        });
        emitted.push(...temperatureChangeEvents(row.id, row.temperature, result.temperature));
      }
    }
    await repo.saveScoresMany(trx, updates);
    await repo.recordChanges(trx, changes);
    if (changes.length > 0) await deps.recordReasons(trx, changes);
    for (let i = 0; i < emitted.length; i += EVENTS_PER_INSERT) {
      await outbox.enqueue(trx, emitted.slice(i, i + EVENTS_PER_INSERT));
    }
    return { changed: changes.map((c) => c.contactId), rescored: updates.map((u) => u.id) };
  }

  /** The next chunk of a pass, for the outbox worker (in a transaction of its own). */
  const continued = (id: number, step: number) => ({
    type: RESCORE_CONTINUED,
    aggregateType: 'scoring_rescore',
    aggregateId: String(id),
    payload: { rescoreId: id, step },
  });

  async function runChunk(trx: Kysely<DB>, job: RescoreJob): Promise<void> {
    const current = await deps.settings(trx);
    if (job.contactIds === null && current.version > job.settingsVersion) {
      // Settings changed again: that version's own pass rescores everyone; this one would be overwritten.
      const at = clock.now().toISOString();
      await repo.saveRescoreProgress(trx, job.id, { ...progressOf(job), status: 'superseded', at });
      return;
    }
    const ids = job.contactIds ? nextIds(job.contactIds, job.cursor, chunkSize) : undefined;
    const rows = await repo.contactsForScoring(trx, {
      // An import's ids are chunked here (JavaScript order); SQL only looks them up.
      afterId: ids ? null : job.cursor,
      ...(ids ? { ids } : {}),
      limit: chunkSize,
    });
    // Read once the rows are locked: a change another transaction recorded for one of them before is older.
    const now = clock.now().toISOString();
    const lastId = ids ? (ids[ids.length - 1] ?? job.cursor) : (rows[rows.length - 1]?.id ?? job.cursor);
    const events =
      rows.length === 0
        ? new Map<string, EngagementEvent[]>()
        : await repo.recentEventsOf(
            trx,
            ids ? { ids: rows.map((r) => r.id) } : { afterId: job.cursor, lastId: rows[rows.length - 1]!.id },
            standingEventTypes(current.settings.engagementRules),
          );
    const { changed, rescored } = await scoreAndSave(trx, rows, events, current.settings, now, () => job.cause);
    // Open pages hear of a new temperature at once; scores that only moved show at their next poll (a pass
    // over every contact would otherwise notify about each of them).
    await deps.contactsChanged(trx, changed);
    // A company's change reaches its contacts' predictive score (company fields are features) even when their
    // fit did not move.
    const followers = job.cause === ACCOUNT_UPDATED ? rows.map((r) => r.id) : rescored;
    if (job.cause !== SETTINGS_CHANGED && followers.length > 0) {
      await outbox.enqueue(trx, [
        {
          type: CONTACTS_RESCORED,
          aggregateType: 'scoring_rescore',
          aggregateId: String(job.id),
          payload: { rescoreId: job.id, cause: job.cause, contactIds: followers },
        },
      ]);
    }
    const done = ids ? nextIds(job.contactIds!, lastId, 1).length === 0 : rows.length < chunkSize;
    const step = job.step + 1;
    await repo.saveRescoreProgress(trx, job.id, {
      cursor: lastId,
      step,
      status: done ? 'done' : 'running',
      processed: job.processed + rows.length,
      changed: job.changed + changed.length,
      at: now,
    });
    if (!done) await outbox.enqueue(trx, [continued(job.id, step)]);
    // Tells the local worker to lease again right after this batch (after yielding to the event loop)
    // rather than after its poll interval; other processes find the hand-over when they poll.
    outbox.notify();
  }

  /**
   * Starts a pass. Inside a reaction the first chunk runs at once, in the reaction's transaction; from
   * anywhere else (`firstChunk: 'worker'`) it is handed to the outbox worker like every later chunk, so
   * the caller locks no contacts: a chunk that loses a deadlock to another transaction is then retried by
   * the worker instead of failing the caller's whole start.
   */
  async function start(
    trx: Kysely<DB>,
    job: { cause: string; settingsVersion: number; importId?: string | null; contactIds?: string[] | null },
    firstChunk: 'now' | 'worker' = 'now',
  ): Promise<void> {
    const total = job.contactIds ? job.contactIds.length : await repo.countContacts(trx);
    const id = await repo.createRescore(trx, { ...job, total, at: clock.now().toISOString() });
    if (firstChunk === 'worker') {
      await outbox.enqueue(trx, [continued(id, 0)]);
      return;
    }
    const created = await repo.rescoreForUpdate(trx, id);
    if (created) await runChunk(trx, created);
  }

  return {
    /**
     * Engagement fades with its half-life while nothing happens, and a contact is otherwise rescored only when
     * something happens to it: a warm or qualified lead would keep its stored temperature (the list, its
     * filters, the SLA) long after its engagement had faded. This starts a bulk pass over every warm and
     * qualified contact (cause engagement.decayed, in chunks through the outbox), unless one still runs.
     * Returns whether it started one.
     */
    async sweepDecay(trx: Kysely<DB>): Promise<boolean> {
      if (await repo.rescoreRunning(trx, ENGAGEMENT_DECAYED)) return false;
      const contactIds = await repo.contactIdsByTemperature(trx, ['warm', 'qualified']);
      if (contactIds.length === 0) return false;
      const { version } = await deps.settings(trx);
      await start(trx, { cause: ENGAGEMENT_DECAYED, settingsVersion: version, contactIds }, 'worker');
      return true;
    },

    /**
     * Rescores the given contacts (id -> cause) with a few statements for all of them: the outbox worker's
     * batch of per-contact rescoring. Contacts that no longer exist are skipped.
     */
    async rescoreContacts(trx: Kysely<DB>, causes: ReadonlyMap<string, string>): Promise<void> {
      const ids = [...causes.keys()].sort();
      for (let i = 0; i < ids.length; i += chunkSize) {
        const chunk = ids.slice(i, i + chunkSize);
        const { settings } = await deps.settings(trx);
        const rows = await repo.contactsForScoring(trx, { afterId: null, ids: chunk, limit: chunk.length });
        if (rows.length === 0) continue;
        const events = await repo.recentEventsOf(
          trx,
          { ids: rows.map((r) => r.id) },
          standingEventTypes(settings.engagementRules),
        );
        const now = clock.now().toISOString();
        await scoreAndSave(trx, rows, events, settings, now, (id) => causes.get(id)!);
        // Each of them has something new to show (an event on the timeline, if not a score).
        await deps.contactsChanged(
          trx,
          rows.map((r) => r.id),
        );
      }
    },

    reactions(): Reaction[] {
      return [
        {
          name: 'scoring.rescore_all',
          eventType: SETTINGS_CHANGED,
          async handle(event, trx) {
            const version = Number(event.payload.version);
            const current = await deps.settings(trx);
            // A newer version was saved meanwhile; its own event starts the pass that counts.
            if (!Number.isInteger(version) || current.version > version) return;
            await repo.supersedeRescores(trx, version, clock.now().toISOString());
            await start(trx, { cause: SETTINGS_CHANGED, settingsVersion: version });
          },
        },
        {
          name: 'scoring.rescore_imported',
          eventType: CONTACTS_IMPORTED,
          async handle(event, trx) {
            const contactIds = sortedIdList(event.payload.contactIds);
            if (contactIds.length === 0) return;
            const importId = typeof event.payload.importId === 'string' ? event.payload.importId : null;
            const { version } = await deps.settings(trx);
            await start(trx, { cause: CONTACTS_IMPORTED, settingsVersion: version, importId, contactIds });
          },
        },
        {
          // A company's industry, size or country changed: its contacts' fit (and temperature) with it.
          name: 'scoring.rescore_account',
          eventType: ACCOUNT_UPDATED,
          async handle(event, trx) {
            const accountId = typeof event.payload.id === 'string' ? event.payload.id : '';
            if (!accountId || !accountChangeMayMoveFit(event.payload.changed)) return;
            const contactIds = await repo.contactIdsOfAccount(trx, accountId);
            if (contactIds.length === 0) return;
            const { version } = await deps.settings(trx);
            await start(trx, { cause: ACCOUNT_UPDATED, settingsVersion: version, contactIds });
          },
        },
        {
          name: 'scoring.rescore_continue',
          eventType: RESCORE_CONTINUED,
          async handle(event, trx) {
            const job = await repo.rescoreForUpdate(trx, Number(event.payload.rescoreId));
            // Finished, superseded, or a stale hand-over: nothing to do.
            if (!job || job.status !== 'running' || job.step !== Number(event.payload.step)) return;
            await runChunk(trx, job);
          },
        },
      ];
    },
  };
}

function progressOf(job: RescoreJob) {
  return { cursor: job.cursor, step: job.step, processed: job.processed, changed: job.changed };
}

export type BulkRescore = ReturnType<typeof createBulkRescore>;
