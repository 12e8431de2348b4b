import type { Kysely } from 'kysely';
import { isUniqueViolation, parseJson, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { DomainEvent, Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden, invalid, type AppError, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { normalizeText } from '../../shared/text.js';
import { appendAudit, changedFields, stableJson, type AuditContext } from '../audit/index.js';
import { can, type Actor } from '../auth/index.js';
import type { BusinessCalendar } from './calendar.js';
import type { SlaDocument } from './sla.js';
import {
  calendarChanged,
  calendarNameTaken,
  calendarNotFound,
  slaNameTaken,
  slaNotFound,
  slaVersionConflict,
  slaVersionNotFound,
  unknownReferences,
} from './sla.errors.js';
import { createSlaRepository, type CalendarRow, type SlaWithVersionRow } from './sla.repository.js';

export interface SlaServiceDeps {
  database: Database;
  clock: Clock;
  outbox: Outbox;
}

export interface Calendar {
  id: string;
  name: string;
  definition: BusinessCalendar;
  createdAt: string;
  updatedAt: string;
}

/** An SLA at one version (its current one unless a version was asked for). */
export interface Sla {
  id: string;
  /** The name at this version. */
  name: string;
  version: number;
  currentVersion: number;
  document: SlaDocument;
  /** The calendar's definition when this version was made: the clock rules its handoffs keep. */
  calendarSnapshot: BusinessCalendar;
  versionCreatedAt: string;
  versionCreatedBy: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface SlaVersionSummary {
  version: number;
  name: string;
  calendarId: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
}

export interface CalendarInput {
  name: string;
  definition: BusinessCalendar;
}

export interface CreateSlaInput {
  name: string;
  document: SlaDocument;
}

export interface UpdateSlaInput {
  expectedVersion: number;
  name?: string | undefined;
  document: SlaDocument;
  /**
   * The SLA's calendar (`document.calendarId`) changed in the same save: one new version of this SLA with the
   * new copy (other SLAs using the calendar get theirs as with a calendar save). `expectedUpdatedAt`: the
   * calendar's `updatedAt` the editor loaded; a calendar changed since is refused (409).
   */
  calendar?: (CalendarInput & { expectedUpdatedAt?: string | undefined }) | undefined;
}

/** A JSON column that is never null. */
const json = <T>(value: unknown): T => parseJson<T | null>(value, null) as T;

const versionCreated = (slaId: string, version: number): DomainEvent => ({
  type: 'sla.version_created',
  aggregateType: 'sla',
  aggregateId: slaId,
  payload: { slaId, version },
});

function toCalendar(row: CalendarRow): Calendar {
  return {
    id: row.id,
    name: row.name,
    definition: json<BusinessCalendar>(row.definition),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSla(row: SlaWithVersionRow): Sla {
  return {
    id: row.id,
    name: row.version_name,
    version: Number(row.version),
    currentVersion: Number(row.current_version),
    document: json<SlaDocument>(row.document),
    calendarSnapshot: json<BusinessCalendar>(row.calendar),
    versionCreatedAt: row.version_created_at,
    versionCreatedBy: row.version_created_by
      ? { id: row.version_created_by, name: row.version_created_by_name ?? '' }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

/** What the audit log keeps of a version: its number, name and terms, section by section. */
const auditedVersion = (version: number, name: string, document: SlaDocument): Record<string, unknown> => ({
  version,
  name,
  ...document,
});

/**
 * SLA agreements and the business calendars their clocks use. Anyone signed in reads them; `sla.manage`
 * (admins, sales managers) writes. An SLA is versioned: every change is a new immutable version (with a
 * copy of its calendar), written with its audit entry and its `sla.version_created` event in one
 * transaction. Editing a calendar's definition moves every SLA that currently uses it to a new version with
 * the new copy, so new handoffs follow the edit while handoffs already running keep the rules they started
 * under.
 */
export function createSlaService(deps: SlaServiceDeps) {
  const { clock, outbox } = deps;
  const db = deps.database.db;
  const repo = createSlaRepository(db);

  function requireManager(actor: Actor): void {
    if (!can(actor, 'sla.manage')) throw forbidden('Only admins and sales managers change SLAs and calendars.');
  }

  /** The user id stored as a version's author (system actors are nobody). */
  const authorOf = (actor: Actor) => (actor.via === 'system' ? null : actor.id);

  /** Runs `fn` in a transaction, turning a unique violation the pre-checks could not see into `conflict`. */
  async function inTransaction<T>(fn: (trx: Kysely<DB>) => Promise<T>, conflict: () => AppError): Promise<T> {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict();
      throw err;
    }
  }

  /**
   * The calendar the document's clocks use, share-locked (see the repository); every reference the
   * document makes that does not exist is one field error of a single problem.
   */
  async function referencedCalendar(trx: Kysely<DB>, document: SlaDocument): Promise<CalendarRow> {
    const errors: FieldError[] = [];
    const calendar = await repo.findCalendar(document.calendarId, trx, { share: true });
    if (!calendar) errors.push({ field: 'document.calendarId', message: 'No calendar with that id.' });
    const teams = await repo.existingTeamIds(
      document.marketing.perTeam.map((target) => target.teamId),
      trx,
    );
    document.marketing.perTeam.forEach((target, i) => {
      if (!teams.has(target.teamId))
        errors.push({ field: `document.marketing.perTeam.${i}.teamId`, message: 'No team with that id.' });
    });
    if (!calendar || errors.length > 0) throw unknownReferences(errors);
    return calendar;
  }

  /**
   * A calendar's new name and definition, in the caller's transaction: audited, and when the definition
   * changed, a new version (with the new copy) for each SLA whose current version uses it, except
   * `options.except` (an SLA saved together with its calendar makes its own). With `expectedUpdatedAt`, a
   * calendar changed since then is refused (409). Returns the versions made.
   */
  async function applyCalendarUpdate(
    trx: Kysely<DB>,
    actor: Actor,
    audit: AuditContext | undefined,
    id: string,
    input: CalendarInput,
    options: { except?: string; expectedUpdatedAt?: string | undefined } = {},
  ): Promise<{ slaId: string; version: number }[]> {
    const created: { slaId: string; version: number }[] = [];
    const nameKey = normalizeText(input.name);
    const row = await loadCalendar(id, trx);
    if (options.expectedUpdatedAt !== undefined && row.updated_at !== options.expectedUpdatedAt) {
      throw calendarChanged();
    }
    const before = { name: row.name, definition: json<BusinessCalendar>(row.definition) };
    const after = { name: input.name, definition: input.definition };
    const diff = changedFields(before, after);
    if (Object.keys(diff.after).length === 0) return created;
    const other = await repo.findCalendarByNameKey(nameKey, trx);
    if (other && other.id !== id) throw calendarNameTaken();
    const now = clock.now().toISOString();
    // Updating the row first locks it: an SLA save copying this calendar waits for this edit (PostgreSQL).
    await repo.updateCalendar(
      id,
      { name: input.name, name_key: nameKey, definition: JSON.stringify(input.definition), updated_at: now },
      trx,
    );
    await appendAudit(trx, audit ?? { actor }, {
      at: now,
      entityType: 'calendar',
      entityId: id,
      action: 'update',
      ...diff,
    });
    if (!('definition' in diff.after)) return created;
    for (const sla of await repo.currentVersionsUsingCalendar(id, trx)) {
      // The SLA being saved with this calendar makes its own version (one, with the new copy).
      if (sla.id === options.except) continue;
      const current = Number(sla.current_version);
      // False only when a concurrent save moved that SLA to another calendar: nothing to carry forward.
      if (
        !(await repo.advanceVersion(sla.id, current, { name: sla.name, name_key: sla.name_key, updated_at: now }, trx))
      )
        continue;
      const version = current + 1;
      await repo.insertVersion(
        {
          sla_id: sla.id,
          version,
          name: sla.version_name,
          document: JSON.stringify(json<SlaDocument>(sla.document)),
          calendar_id: id,
          calendar: JSON.stringify(input.definition),
          created_by: authorOf(actor),
          created_at: now,
        },
        trx,
      );
      await appendAudit(trx, audit ?? { actor }, {
        at: now,
        entityType: 'sla',
        entityId: sla.id,
        action: 'update',
        before: { version: current, calendarSnapshot: before.definition },
        after: { version, calendarSnapshot: input.definition },
      });
      await outbox.enqueue(trx, [versionCreated(sla.id, version)]);
      created.push({ slaId: sla.id, version });
    }
    return created;
  }

  async function loadSla(id: string, version: number | 'current' = 'current'): Promise<Sla> {
    const row = await repo.findSlaVersion(id, version);
    if (row) return toSla(row);
    if (version !== 'current' && (await repo.findSla(id))) throw slaVersionNotFound(version);
    throw slaNotFound();
  }

  async function loadCalendar(id: string, trx: Kysely<DB> = db): Promise<CalendarRow> {
    const row = await repo.findCalendar(id, trx);
    if (!row) throw calendarNotFound();
    return row;
  }

  return {
    async listCalendars(
      _actor: Actor,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<{ items: Calendar[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await repo.listCalendars(query);
      return { items: rows.map(toCalendar), nextCursor };
    },

    getCalendar: async (_actor: Actor, id: string): Promise<Calendar> => toCalendar(await loadCalendar(id)),

    async createCalendar(actor: Actor, input: CalendarInput, audit?: AuditContext): Promise<Calendar> {
      requireManager(actor);
      const id = newId();
      const now = clock.now().toISOString();
      const nameKey = normalizeText(input.name);
      await inTransaction(async (trx) => {
        if (await repo.findCalendarByNameKey(nameKey, trx)) throw calendarNameTaken();
        await repo.insertCalendar(
          {
            id,
            name: input.name,
            name_key: nameKey,
            definition: JSON.stringify(input.definition),
            created_at: now,
            updated_at: now,
          },
          trx,
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'calendar',
          entityId: id,
          action: 'create',
          before: null,
          after: { name: input.name, definition: input.definition },
        });
      }, calendarNameTaken);
      return toCalendar(await loadCalendar(id));
    },

    /**
     * Replaces a calendar's name and definition. When the definition changes, each SLA whose current
     * version uses the calendar gets a new version with the new copy (its terms unchanged); the answer lists
     * them. An identical save changes nothing.
     */
    async updateCalendar(
      actor: Actor,
      id: string,
      input: CalendarInput,
      audit?: AuditContext,
    ): Promise<Calendar & { slaVersionsCreated: { slaId: string; version: number }[] }> {
      requireManager(actor);
      const created: { slaId: string; version: number }[] = [];
      await inTransaction(async (trx) => {
        created.push(...(await applyCalendarUpdate(trx, actor, audit, id, input)));
      }, calendarNameTaken);
      if (created.length > 0) outbox.notify();
      return { ...toCalendar(await loadCalendar(id)), slaVersionsCreated: created };
    },

    async listSlas(
      _actor: Actor,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<{ items: Sla[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await repo.listSlas(query);
      return { items: rows.map(toSla), nextCursor };
    },

    getSla: (_actor: Actor, id: string): Promise<Sla> => loadSla(id),

    /** Every SLA not archived at its current version, read in the caller's transaction (handoffs start here). */
    currentVersions: async (trx: Kysely<DB>): Promise<Sla[]> => (await repo.currentVersions(trx)).map(toSla),

    /** One version read in the caller's transaction, or null (a handoff's clocks follow the version it started under). */
    async versionInTransaction(trx: Kysely<DB>, id: string, version: number): Promise<Sla | null> {
      const row = await repo.findSlaVersion(id, version, trx);
      return row ? toSla(row) : null;
    },

    getVersion: (_actor: Actor, id: string, version: number): Promise<Sla> => loadSla(id, version),

    async listVersions(
      _actor: Actor,
      id: string,
      query: { cursor?: string | undefined; limit: number },
    ): Promise<{ items: SlaVersionSummary[]; nextCursor: string | null }> {
      if (!(await repo.findSla(id))) throw slaNotFound();
      if (query.cursor !== undefined && !/^[1-9]\d{0,8}$/.test(query.cursor))
        throw invalid('cursor', 'Not a cursor returned by this list.');
      const { rows, nextCursor } = await repo.listVersions(id, {
        before: query.cursor === undefined ? undefined : Number(query.cursor),
        limit: query.limit,
      });
      return {
        items: rows.map((r) => ({
          version: Number(r.version),
          name: r.name,
          calendarId: r.calendar_id,
          createdAt: r.created_at,
          createdBy: r.created_by ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
        })),
        nextCursor,
      };
    },

    /** A new SLA at version 1. */
    async createSla(actor: Actor, input: CreateSlaInput, audit?: AuditContext): Promise<Sla> {
      requireManager(actor);
      const id = newId();
      const now = clock.now().toISOString();
      const nameKey = normalizeText(input.name);
      await inTransaction(async (trx) => {
        if (await repo.findSlaByNameKey(nameKey, trx)) throw slaNameTaken();
        const calendar = await referencedCalendar(trx, input.document);
        await repo.insertSla(
          { id, name: input.name, name_key: nameKey, current_version: 1, created_at: now, updated_at: now },
          trx,
        );
        await repo.insertVersion(
          {
            sla_id: id,
            version: 1,
            name: input.name,
            document: JSON.stringify(input.document),
            calendar_id: calendar.id,
            calendar: JSON.stringify(json<BusinessCalendar>(calendar.definition)),
            created_by: authorOf(actor),
            created_at: now,
          },
          trx,
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'sla',
          entityId: id,
          action: 'create',
          before: null,
          after: auditedVersion(1, input.name, input.document),
        });
        await outbox.enqueue(trx, [versionCreated(id, 1)]);
      }, slaNameTaken);
      outbox.notify();
      return loadSla(id);
    },

    /**
     * A new version of the SLA, made from the version the editor saw (`expectedVersion`): when the SLA has
     * moved on since, 409 `sla.version_conflict` and nothing is written. Saving the current terms unchanged
     * makes no version and answers the current one.
     */
    async updateSla(actor: Actor, id: string, input: UpdateSlaInput, audit?: AuditContext): Promise<Sla> {
      requireManager(actor);
      const now = clock.now().toISOString();
      let changed = false;
      const others: { slaId: string; version: number }[] = [];
      await inTransaction(async (trx) => {
        const current = await repo.findSlaVersion(id, 'current', trx);
        if (!current) throw slaNotFound();
        const currentVersion = Number(current.current_version);
        if (input.expectedVersion !== currentVersion) throw slaVersionConflict(input.expectedVersion, currentVersion);
        if (input.calendar) {
          const { expectedUpdatedAt, ...calendarInput } = input.calendar;
          others.push(
            ...(await applyCalendarUpdate(trx, actor, audit, input.document.calendarId, calendarInput, {
              except: id,
              expectedUpdatedAt,
            })),
          );
        }
        const name = input.name ?? current.name;
        const nameKey = normalizeText(name);
        const calendar = await referencedCalendar(trx, input.document);
        const snapshot = json<BusinessCalendar>(calendar.definition);
        const before = json<SlaDocument>(current.document);
        if (
          name === current.name &&
          stableJson(input.document) === stableJson(before) &&
          stableJson(snapshot) === stableJson(json<BusinessCalendar>(current.calendar))
        )
          return;
        if (nameKey !== current.name_key) {
          const other = await repo.findSlaByNameKey(nameKey, trx);
          if (other && other.id !== id) throw slaNameTaken();
        }
        if (!(await repo.advanceVersion(id, currentVersion, { name, name_key: nameKey, updated_at: now }, trx))) {
          const latest = await repo.findSla(id, trx);
          throw slaVersionConflict(input.expectedVersion, Number(latest?.current_version ?? currentVersion));
        }
        const version = currentVersion + 1;
        await repo.insertVersion(
          {
            sla_id: id,
            version,
            name,
            document: JSON.stringify(input.document),
            calendar_id: calendar.id,
            calendar: JSON.stringify(snapshot),
            created_by: authorOf(actor),
            created_at: now,
          },
          trx,
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'sla',
          entityId: id,
          action: 'update',
          ...changedFields(
            auditedVersion(currentVersion, current.name, before),
            auditedVersion(version, name, input.document),
          ),
        });
        await outbox.enqueue(trx, [versionCreated(id, version)]);
        changed = true;
      }, slaNameTaken);
      if (changed || others.length > 0) outbox.notify();
      return loadSla(id);
    },
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
