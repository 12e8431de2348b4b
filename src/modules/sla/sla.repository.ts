import type { Insertable, Kysely, Selectable } from 'kysely';
import { dialectOf } from '../../db/database.js';
import { afterCursor, page } from '../../db/listing.js';
import type { CalendarsTable, DB, SlaVersionsTable, SlasTable } from '../../db/schema.js';

export type CalendarRow = Selectable<CalendarsTable>;
export type SlaRow = Selectable<SlasTable>;
export type SlaVersionRow = Selectable<SlaVersionsTable>;
/** An SLA with its current version (or the version asked for). */
export type SlaWithVersionRow = SlaRow & {
  version: number;
  version_name: string;
  document: unknown;
  calendar_id: string;
  calendar: unknown;
  version_created_by: string | null;
  version_created_by_name: string | null;
  version_created_at: string;
};

/** The only code that touches the calendar and SLA tables. */
export function createSlaRepository(db: Kysely<DB>) {
  /** SLAs joined with one of their versions (the current one unless the caller narrows it). */
  const withVersion = (trx: Kysely<DB>) =>
    trx
      .selectFrom('slas as s')
      .innerJoin('sla_versions as v', 'v.sla_id', 's.id')
      .leftJoin('users as u', 'u.id', 'v.created_by')
      .selectAll('s')
      .select([
        'v.version',
        'v.name as version_name',
        'v.document',
        'v.calendar_id',
        'v.calendar',
        'v.created_by as version_created_by',
        'u.name as version_created_by_name',
        'v.created_at as version_created_at',
      ]);

  return {
    /**
     * `share` (for an SLA version about to copy the calendar): on PostgreSQL the row is share-locked, so a
     * calendar edit in flight finishes first and the copy is its result, never the definition it replaced.
     */
    findCalendar(id: string, trx: Kysely<DB> = db, options: { share?: boolean } = {}) {
      let q = trx.selectFrom('calendars').selectAll().where('id', '=', id);
      if (options.share && dialectOf(trx) === 'postgres') q = q.forShare();
      return q.executeTakeFirst();
    },

    findCalendarByNameKey: (nameKey: string, trx: Kysely<DB>) =>
      trx.selectFrom('calendars').select('id').where('name_key', '=', nameKey).executeTakeFirst(),

    async listCalendars(f: { cursor?: string | undefined; limit: number }) {
      let q = db.selectFrom('calendars').selectAll();
      if (f.cursor) q = q.where(afterCursor(f.cursor, 'name_key', 'id', 'asc', 'text'));
      const rows = await q
        .orderBy('name_key', 'asc')
        .orderBy('id', 'asc')
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r.name_key, r.id]);
    },

    insertCalendar: (row: Insertable<CalendarsTable>, trx: Kysely<DB>) =>
      trx.insertInto('calendars').values(row).execute(),

    updateCalendar: (
      id: string,
      row: { name: string; name_key: string; definition: string; updated_at: string },
      trx: Kysely<DB>,
    ) => trx.updateTable('calendars').set(row).where('id', '=', id).execute(),

    /** The ids among `ids` that name a team. */
    async existingTeamIds(ids: readonly string[], trx: Kysely<DB>): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await trx.selectFrom('teams').select('id').where('id', 'in', ids).execute();
      return new Set(rows.map((r) => r.id));
    },

    findSla: (id: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('slas').selectAll().where('id', '=', id).executeTakeFirst(),

    findSlaByNameKey: (nameKey: string, trx: Kysely<DB>) =>
      trx.selectFrom('slas').select('id').where('name_key', '=', nameKey).executeTakeFirst(),

    /** The SLA at `version`, or at its current version. */
    findSlaVersion(
      id: string,
      version: number | 'current',
      trx: Kysely<DB> = db,
    ): Promise<SlaWithVersionRow | undefined> {
      const q = withVersion(trx).where('s.id', '=', id);
      return (
        version === 'current' ? q.whereRef('v.version', '=', 's.current_version') : q.where('v.version', '=', version)
      ).executeTakeFirst();
    },

    /** SLAs that are not archived, at their current versions, by name. */
    async listSlas(f: { cursor?: string | undefined; limit: number }) {
      let q = withVersion(db).whereRef('v.version', '=', 's.current_version').where('s.archived_at', 'is', null);
      if (f.cursor) q = q.where(afterCursor(f.cursor, 's.name_key', 's.id', 'asc', 'text'));
      const rows = await q
        .orderBy('s.name_key', 'asc')
        .orderBy('s.id', 'asc')
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r.name_key, r.id]);
    },

    /** Every SLA not archived, at its current version, by name. */
    currentVersions: (trx: Kysely<DB>): Promise<SlaWithVersionRow[]> =>
      withVersion(trx)
        .whereRef('v.version', '=', 's.current_version')
        .where('s.archived_at', 'is', null)
        .orderBy('s.name_key')
        .orderBy('s.id')
        .execute(),

    /** Current versions (of SLAs not archived) that count time with this calendar. */
    currentVersionsUsingCalendar: (calendarId: string, trx: Kysely<DB>): Promise<SlaWithVersionRow[]> =>
      withVersion(trx)
        .whereRef('v.version', '=', 's.current_version')
        .where('s.archived_at', 'is', null)
        .where('v.calendar_id', '=', calendarId)
        .orderBy('s.id')
        .execute(),

    /** Versions newest first, `before` a version number when paging. */
    async listVersions(slaId: string, f: { before?: number | undefined; limit: number }) {
      let q = db
        .selectFrom('sla_versions as v')
        .leftJoin('users as u', 'u.id', 'v.created_by')
        .select(['v.version', 'v.name', 'v.calendar_id', 'v.created_at', 'v.created_by', 'u.name as created_by_name'])
        .where('v.sla_id', '=', slaId);
      if (f.before !== undefined) q = q.where('v.version', '<', f.before);
      const rows = await q
        .orderBy('v.version', 'desc')
        .limit(f.limit + 1)
        .execute();
      const pageRows = rows.slice(0, f.limit);
      const last = pageRows.at(-1);
      return { rows: pageRows, nextCursor: rows.length > f.limit && last ? String(last.version) : null };
    },

    insertSla: (row: Insertable<SlasTable>, trx: Kysely<DB>) => trx.insertInto('slas').values(row).execute(),

    /**
     * Moves the SLA from `expected` to `expected + 1`, only if it is still at `expected`. False when another
     * writer got there first: on PostgreSQL the row lock makes a concurrent writer wait, then find the
     * version moved on; on SQLite writers are serialised by the transaction's write lock.
     */
    async advanceVersion(
      id: string,
      expected: number,
      row: { name: string; name_key: string; updated_at: string },
      trx: Kysely<DB>,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('slas')
        .set({ ...row, current_version: expected + 1 })
        .where('id', '=', id)
        .where('current_version', '=', expected)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    insertVersion: (row: Insertable<SlaVersionsTable>, trx: Kysely<DB>) =>
      trx.insertInto('sla_versions').values(row).execute(),
  };
}

export type SlaRepository = ReturnType<typeof createSlaRepository>;
