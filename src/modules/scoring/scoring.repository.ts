import { sql, type Kysely } from 'kysely';
import { dialectOf, parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { EngagementEvent } from './engagement.js';
import type { TemperatureReason } from './temperature.js';

/** How many of a contact's most recent events engagement looks at: older ones have decayed away. */
export const EVENTS_CONSIDERED = 2000;

/** The contact with its account's fields, flattened the way ICP criteria name them, and its stored scores. */
const SCORING_COLUMNS = [
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
  'c.fit_score',
  'c.fit_grade',
  'c.engagement_score',
  'c.owner_id',
  'c.qualification',
  'c.qualification_by',
  'c.qualification_reason',
  'c.qualification_at',
  'a.name as account_name',
  'a.domain as account_domain',
  'a.industry as account_industry',
  'a.employee_count as account_employee_count',
  'a.country as account_country',
  'a.city as account_city',
  'a.annual_revenue as account_annual_revenue',
] as const;

/** Rows per multi-row statement: well inside SQLite's 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 500;

export interface ScoreUpdate {
  id: string;
  fitScore: number;
  fitGrade: string;
  engagementScore: number;
  temperature: string;
  /** Set when the temperature changed: the contact's temperature_changed_at. */
  changedAt: string | null;
}

export interface TemperatureChange {
  contactId: string;
  from: string;
  to: string;
  at: string;
  reasons: readonly TemperatureReason[];
  cause: string;
}

export type RescoreStatus = 'running' | 'done' | 'superseded';

export interface RescoreJob {
  id: number;
  cause: string;
  settingsVersion: number;
  importId: string | null;
  /** The contacts to rescore (an import's), sorted; null: every contact. */
  contactIds: string[] | null;
  /** The last contact id done; the next chunk starts after it. */
  cursor: string | null;
  step: number;
  status: RescoreStatus;
  processed: number;
  changed: number;
  total: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

type RescoreRow = {
  id: number;
  cause: string;
  settings_version: number;
  import_id: string | null;
  contact_ids: unknown;
  cursor: string | null;
  step: number;
  status: string;
  processed: number;
  changed: number;
  total: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
};

function toJob(row: RescoreRow): RescoreJob {
  return {
    id: Number(row.id),
    cause: row.cause,
    settingsVersion: Number(row.settings_version),
    importId: row.import_id,
    contactIds: row.contact_ids === null ? null : parseJson<string[]>(row.contact_ids, []),
    cursor: row.cursor,
    step: Number(row.step),
    status: row.status as RescoreStatus,
    processed: Number(row.processed),
    changed: Number(row.changed),
    total: Number(row.total),
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function toEngagementEvent(r: {
  id: number;
  type: string;
  occurred_at: string;
  url: string | null;
  utm_campaign: string | null;
  email_id: unknown;
}): EngagementEvent {
  return {
    id: String(r.id),
    type: r.type,
    occurredAt: r.occurred_at,
    url: r.url,
    campaignId: r.utm_campaign,
    emailId: r.email_id === null || r.email_id === undefined ? null : String(r.email_id),
  };
}

/** The email message an event is about (email opens and clicks carry it in their properties). */
function emailIdOf(trx: Kysely<DB>) {
  return dialectOf(trx) === 'postgres'
    ? sql<string | null>`properties->>'emailId'`
    : sql<string | null>`json_extract(properties, '$.emailId')`;
}

function emailIdColumn(trx: Kysely<DB>) {
  return emailIdOf(trx).as('email_id');
}

/**
 * Events with a contact, each contact's newest first. Descending on all three: one backward walk of the
 * (contact_id, occurred_at) index, no sort.
 */
function contactEventsNewestFirst(trx: Kysely<DB>) {
  return trx
    .selectFrom('events')
    .select(['contact_id', 'id', 'type', 'occurred_at', 'url', 'utm_campaign', emailIdColumn(trx)])
    .orderBy('contact_id', 'desc')
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc');
}

async function recordChanges(trx: Kysely<DB>, changes: readonly TemperatureChange[]): Promise<void> {
  for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT) {
    await trx
      .insertInto('temperature_changes')
      .values(
        changes.slice(i, i + ROWS_PER_STATEMENT).map((change) => ({
          contact_id: change.contactId,
          from_temperature: change.from,
          to_temperature: change.to,
          at: change.at,
          reasons: JSON.stringify(change.reasons),
          cause: change.cause,
        })),
      )
      .execute();
  }
}

type EventRow = Parameters<typeof toEngagementEvent>[0] & { contact_id: string | null };

/** Rows in (contact, newest first) order, grouped; at most EVENTS_CONSIDERED per contact. */
function groupByContact(
  rows: readonly EventRow[],
  byContact = new Map<string, EngagementEvent[]>(),
): Map<string, EngagementEvent[]> {
  for (const row of rows) {
    const contactId = row.contact_id!;
    let list = byContact.get(contactId);
    if (!list) byContact.set(contactId, (list = []));
    if (list.length < EVENTS_CONSIDERED) list.push(toEngagementEvent(row));
  }
  return byContact;
}

/** Contacts per statement of recentEventsOfIds on PostgreSQL. */
const CONTACTS_PER_EVENTS_QUERY = 500;

/**
 * The newest EVENTS_CONSIDERED events of each listed contact, newest first.
 *
 * PostgreSQL: each contact read through its (contact_id, occurred_at) index from its newest event and
 * no further (a lateral subquery with a limit), so a contact with a long history costs what its considered
 * events cost, and the plan does not depend on statistics: a plain `contact_id in (...)` on a young,
 * unanalysed table reads and sorts the whole table. 1.6 against 13.4 ms for 60 contacts of 20,000
 * (docs/benchmarks.md).
 * SQLite: one walk of the same index for all of them; the planner needs no statistics for it, and a
 * statement per contact (a UNION ALL) cost four to six times as much to prepare as it saved. Events past
 * the considered ones are read and dropped here.
 */
async function recentEventsOfIds(trx: Kysely<DB>, ids: readonly string[]): Promise<Map<string, EngagementEvent[]>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  if (dialectOf(trx) !== 'postgres') {
    return groupByContact(await contactEventsNewestFirst(trx).where('contact_id', 'in', unique).execute());
  }
  // Grouped chunk by chunk (no chunk shares a contact with another): a chunk may return up to a million rows.
  const byContact = new Map<string, EngagementEvent[]>();
  for (let i = 0; i < unique.length; i += CONTACTS_PER_EVENTS_QUERY) {
    const result = await sql<EventRow>`
      select e.* from unnest(cast(${unique.slice(i, i + CONTACTS_PER_EVENTS_QUERY)} as text[])) as u(id)
      cross join lateral (
        select contact_id, id, type, occurred_at, url, utm_campaign, ${emailIdOf(trx)} as email_id
        from events where contact_id = u.id
        order by occurred_at desc, id desc
        limit ${sql.lit(EVENTS_CONSIDERED)}
      ) as e
      order by e.contact_id, e.occurred_at desc, e.id desc`.execute(trx);
    groupByContact(result.rows, byContact);
  }
  return byContact;
}

/**
 * Adds to each contact whose newest EVENTS_CONSIDERED events fill its list the older events of the standing
 * types (standingEventTypes: an unsubscribe, the one event a count-once rule counts), so a long history does
 * not push them out. One query, for those contacts only (few have that many events).
 */
async function withStandingEvents(
  trx: Kysely<DB>,
  byContact: Map<string, EngagementEvent[]>,
  standing: ReadonlySet<string>,
): Promise<Map<string, EngagementEvent[]>> {
  if (standing.size === 0) return byContact;
  const full = [...byContact].filter(([, list]) => list.length >= EVENTS_CONSIDERED);
  for (let i = 0; i < full.length; i += CONTACTS_PER_EVENTS_QUERY) {
    const chunk = full.slice(i, i + CONTACTS_PER_EVENTS_QUERY);
    const rows = await trx
      .selectFrom('events')
      .select(['contact_id', 'id', 'type', 'occurred_at', 'url', 'utm_campaign', emailIdColumn(trx)])
      .where(
        'contact_id',
        'in',
        chunk.map(([id]) => id),
      )
      .where('type', 'in', [...standing])
      .execute();
    const windows = new Map(chunk.map(([id, list]) => [id, { list, ids: new Set(list.map((e) => e.id)) }]));
    for (const row of rows) {
      const window = windows.get(row.contact_id!)!;
      const event = toEngagementEvent(row);
      if (!window.ids.has(event.id)) window.list.push(event);
    }
  }
  return byContact;
}

export function createScoringRepository(db: Kysely<DB>) {
  return {
    /** Which settings are current (version and save time), without reading the document. */
    async settingsStamp(trx: Kysely<DB> = db): Promise<{ version: number; updatedAt: string } | null> {
      const row = await trx
        .selectFrom('scoring_settings')
        .select(['version', 'updated_at'])
        .where('id', '=', 'default')
        .executeTakeFirst();
      return row ? { version: row.version, updatedAt: row.updated_at } : null;
    },

    async settings(trx: Kysely<DB> = db): Promise<{ version: number; updatedAt: string; document: unknown } | null> {
      const row = await trx.selectFrom('scoring_settings').selectAll().where('id', '=', 'default').executeTakeFirst();
      return row
        ? { version: row.version, updatedAt: row.updated_at, document: parseJson<unknown>(row.document, null) }
        : null;
    },

    /**
     * Writes version `version` over `previousVersion` (0: none yet); false, writing nothing, when the stored
     * version is no longer `previousVersion` (a concurrent save won: on PostgreSQL the conflict clause waits
     * for it and then sees its row).
     */
    async saveSettings(
      trx: Kysely<DB>,
      version: number,
      previousVersion: number,
      document: unknown,
      by: string | null,
      at: string,
    ): Promise<boolean> {
      const values = { id: 'default', version, document: JSON.stringify(document), updated_by: by, updated_at: at };
      const result = await trx
        .insertInto('scoring_settings')
        .values(values)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ version, document: values.document, updated_by: by, updated_at: at })
            .where('scoring_settings.version', '=', previousVersion),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /**
     * The contact to rescore. On PostgreSQL its row is locked first, so a rescore of the same contact in
     * another transaction (a bulk chunk, another process) waits, then reads what that one wrote.
     */
    async contactForScoring(trx: Kysely<DB>, contactId: string, options: { lock?: boolean } = {}) {
      let query = trx
        .selectFrom('contacts as c')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .select(SCORING_COLUMNS)
        .where('c.id', '=', contactId);
      if (options.lock && dialectOf(trx) === 'postgres') query = query.forUpdate('c');
      return query.executeTakeFirst();
    },

    /**
     * A chunk of contacts for the bulk rescore, in id order: every contact after `afterId`, or those of
     * `ids` after it. Locked on PostgreSQL (in id order, so two chunks never deadlock).
     */
    async contactsForScoring(
      trx: Kysely<DB>,
      chunk: { afterId: string | null; ids?: readonly string[]; limit: number },
    ) {
      let query = trx
        .selectFrom('contacts as c')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .select(SCORING_COLUMNS)
        .orderBy('c.id')
        .limit(chunk.limit);
      if (chunk.afterId !== null) query = query.where('c.id', '>', chunk.afterId);
      if (chunk.ids) {
        if (chunk.ids.length === 0) return [];
        query = query.where('c.id', 'in', [...chunk.ids]);
      }
      if (dialectOf(trx) === 'postgres') query = query.forUpdate('c');
      return query.execute();
    },

    /** The contact's newest EVENTS_CONSIDERED events, newest first, and its older ones of the `standing` types. */
    async recentEvents(trx: Kysely<DB>, contactId: string, standing: ReadonlySet<string>): Promise<EngagementEvent[]> {
      const rows = await trx
        .selectFrom('events')
        .select(['id', 'type', 'occurred_at', 'url', 'utm_campaign', emailIdColumn(trx)])
        .where('contact_id', '=', contactId)
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(EVENTS_CONSIDERED)
        .execute();
      const byContact = new Map([[contactId, rows.map(toEngagementEvent)]]);
      return (await withStandingEvents(trx, byContact, standing)).get(contactId)!;
    },

    /**
     * The recent events of many contacts: those of the contacts with ids in (`afterId`, `lastId`] (one range
     * of the contact index, read in one walk), or of the listed ids. Each contact gets the same events, in
     * the same order, as `recentEvents` gives it, so both paths score alike.
     */
    async recentEventsOf(
      trx: Kysely<DB>,
      contacts: { afterId: string | null; lastId: string } | { ids: readonly string[] },
      standing: ReadonlySet<string>,
    ): Promise<Map<string, EngagementEvent[]>> {
      if ('ids' in contacts) return withStandingEvents(trx, await recentEventsOfIds(trx, contacts.ids), standing);
      let query = contactEventsNewestFirst(trx).where('contact_id', '<=', contacts.lastId);
      if (contacts.afterId !== null) query = query.where('contact_id', '>', contacts.afterId);
      else query = query.where('contact_id', 'is not', null);
      return withStandingEvents(trx, groupByContact(await query.execute()), standing);
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

    /** Stores (or, with null, clears) the decision by hand on a contact. Returns false if there is none. */
    async saveQualification(
      trx: Kysely<DB>,
      contactId: string,
      decision: { kind: 'qualified' | 'not_qualified'; by: string; reason: string | null; at: string } | null,
      updatedAt: string,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('contacts')
        .set({
          qualification: decision?.kind ?? null,
          qualification_by: decision?.by ?? null,
          qualification_reason: decision?.reason ?? null,
          qualification_at: decision?.at ?? null,
          updated_at: updatedAt,
        })
        .where('id', '=', contactId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async recordChange(trx: Kysely<DB>, change: TemperatureChange): Promise<void> {
      await recordChanges(trx, [change]);
    },

    recordChanges,

    /**
     * Writes many contacts' scores with one statement per 500: the rows travel as one JSON parameter
     * (json_each on SQLite, jsonb_to_recordset on PostgreSQL) and are joined to contacts by id.
     */
    async saveScoresMany(trx: Kysely<DB>, updates: readonly ScoreUpdate[]): Promise<void> {
      const postgres = dialectOf(trx) === 'postgres';
      for (let i = 0; i < updates.length; i += ROWS_PER_STATEMENT) {
        const json = JSON.stringify(
          updates.slice(i, i + ROWS_PER_STATEMENT).map((u) => ({
            id: u.id,
            fit_score: u.fitScore,
            fit_grade: u.fitGrade,
            engagement_score: u.engagementScore,
            temperature: u.temperature,
            changed_at: u.changedAt,
          })),
        );
        if (postgres) {
          await sql`
            update contacts as c set
              fit_score = v.fit_score, fit_grade = v.fit_grade, engagement_score = v.engagement_score,
              temperature = v.temperature, temperature_changed_at = coalesce(v.changed_at, c.temperature_changed_at)
            from jsonb_to_recordset(cast(${json} as jsonb)) as v(
              id text, fit_score integer, fit_grade text, engagement_score double precision, temperature text,
              changed_at timestamptz)
            where c.id = v.id`.execute(trx);
        } else {
          await sql`
            update contacts set
              fit_score = v.fit_score, fit_grade = v.fit_grade, engagement_score = v.engagement_score,
              temperature = v.temperature,
              temperature_changed_at = coalesce(v.changed_at, contacts.temperature_changed_at)
            from (
              select value ->> 'id' as id, value ->> 'fit_score' as fit_score, value ->> 'fit_grade' as fit_grade,
                value ->> 'engagement_score' as engagement_score, value ->> 'temperature' as temperature,
                value ->> 'changed_at' as changed_at
              from json_each(${json})
            ) as v
            where contacts.id = v.id`.execute(trx);
        }
      }
    },

    /** Starts a bulk rescore; returns its id. */
    async createRescore(
      trx: Kysely<DB>,
      job: {
        cause: string;
        settingsVersion: number;
        importId?: string | null;
        contactIds?: string[] | null;
        total: number;
        at: string;
      },
    ): Promise<number> {
      const row = await trx
        .insertInto('scoring_rescores')
        .values({
          cause: job.cause,
          settings_version: job.settingsVersion,
          import_id: job.importId ?? null,
          contact_ids: job.contactIds ? JSON.stringify(job.contactIds) : null,
          cursor: null,
          step: 0,
          status: 'running',
          processed: 0,
          changed: 0,
          total: job.total,
          started_at: job.at,
          updated_at: job.at,
          finished_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    /** A bulk rescore by id, locked on PostgreSQL so one transaction at a time advances it. */
    async rescoreForUpdate(trx: Kysely<DB>, id: number): Promise<RescoreJob | null> {
      let query = trx.selectFrom('scoring_rescores').selectAll().where('id', '=', id);
      if (dialectOf(trx) === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row ? toJob(row as RescoreRow) : null;
    },

    async saveRescoreProgress(
      trx: Kysely<DB>,
      id: number,
      progress: {
        cursor: string | null;
        step: number;
        status: RescoreStatus;
        processed: number;
        changed: number;
        at: string;
      },
    ): Promise<void> {
      await trx
        .updateTable('scoring_rescores')
        .set({
          cursor: progress.cursor,
          step: progress.step,
          status: progress.status,
          processed: progress.processed,
          changed: progress.changed,
          updated_at: progress.at,
          ...(progress.status === 'running' ? {} : { finished_at: progress.at }),
        })
        .where('id', '=', id)
        .execute();
    },

    /** Marks the running rescores of all contacts for settings older than `version` superseded. */
    async supersedeRescores(trx: Kysely<DB>, version: number, at: string): Promise<number> {
      const result = await trx
        .updateTable('scoring_rescores')
        .set({ status: 'superseded', updated_at: at, finished_at: at })
        .where('status', '=', 'running')
        .where('contact_ids', 'is', null)
        .where('settings_version', '<', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** Whether a bulk rescore with this cause is still running. */
    async rescoreRunning(trx: Kysely<DB>, cause: string): Promise<boolean> {
      const row = await trx
        .selectFrom('scoring_rescores')
        .select('id')
        .where('status', '=', 'running')
        .where('cause', '=', cause)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The ids of the contacts at these temperatures, in id order (a bulk rescore's list). */
    async contactIdsByTemperature(trx: Kysely<DB>, temperatures: readonly string[]): Promise<string[]> {
      const rows = await trx
        .selectFrom('contacts')
        .select('id')
        .where('temperature', 'in', temperatures)
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },

    /** The ids of a company's contacts, in id order (a bulk rescore's list). */
    async contactIdsOfAccount(trx: Kysely<DB>, accountId: string): Promise<string[]> {
      const rows = await trx
        .selectFrom('contacts')
        .select('id')
        .where('account_id', '=', accountId)
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async countContacts(trx: Kysely<DB>): Promise<number> {
      const row = await trx
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The latest bulk rescores, newest first (without their contact lists). */
    async latestRescores(limit: number): Promise<Omit<RescoreJob, 'contactIds'>[]> {
      const rows = await db
        .selectFrom('scoring_rescores')
        .select([
          'id',
          'cause',
          'settings_version',
          'import_id',
          'cursor',
          'step',
          'status',
          'processed',
          'changed',
          'total',
          'started_at',
          'updated_at',
          'finished_at',
        ])
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => {
        const { contactIds: _omitted, ...job } = toJob({ ...r, contact_ids: null } as RescoreRow);
        return job;
      });
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
/** A contact as scoring reads it: its fields, its account's, and its stored scores. */
export type ScoringRow = NonNullable<Awaited<ReturnType<ScoringRepository['contactForScoring']>>>;
