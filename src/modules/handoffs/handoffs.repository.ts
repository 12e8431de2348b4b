import {
  sql,
  type Expression,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
  type Updateable,
} from 'kysely';
import { dialectOf } from '../../db/database.js';
import { afterCursor, page } from '../../db/listing.js';
import type { ActivitiesTable, DB, HandoffsTable, HandoffTimersTable, NotificationsTable } from '../../db/schema.js';
import type { Actor } from '../auth/index.js';

export type HandoffRow = Selectable<HandoffsTable>;
export type TimerRow = Selectable<HandoffTimersTable>;
export type ActivityRow = Selectable<ActivitiesTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export interface MailClaim {
  notification: NotificationRow;
  recipient: { email: string; name: string; locale: string; timeZone: string } | null;
}

/** A handoff with what its answers and its access rules need from the contact and the assignee. */
export type HandoffListRow = HandoffRow & {
  contact_first_name: string | null;
  contact_last_name: string | null;
  contact_email: string | null;
  assignee_name: string | null;
  assignee_team_id: string | null;
};

export interface HandoffFilters {
  actor: Actor;
  /** A user id, or null for the queues (no assignee). */
  assigneeId?: string | null | undefined;
  status?: HandoffRow['status'] | undefined;
  contactId?: string | undefined;
  /** Active handoffs with a duty past its due time at `now`. */
  overdueAt?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The contact's fields a routing rule may look at, with its account's. */
const ROUTING_COLUMNS = [
  'c.id',
  'c.first_name',
  'c.last_name',
  'c.email',
  'c.phone',
  'c.job_title',
  'c.seniority',
  'c.source',
  'c.campaign',
  'c.custom_fields',
  'c.fit_grade',
  'c.fit_score',
  'c.engagement_score',
  'c.predictive_score',
  'c.temperature',
  'a.name as account_name',
  'a.domain as account_domain',
  'a.industry as account_industry',
  'a.employee_count as account_employee_count',
  'a.country as account_country',
  'a.city as account_city',
  'a.annual_revenue as account_annual_revenue',
] as const;

/** The SQL form of canSeeHandoff (handoff.ts), on `h` joined with the assignee as `u`. */
function visibleTo(actor: Actor): Expression<SqlBool> {
  switch (actor.role) {
    case 'admin':
    case 'marketing':
      return sql<SqlBool>`1 = 1`;
    case 'sales_manager': {
      const parts = [sql`h.assignee_id = ${actor.id}`, sql`(h.team_id is null and h.assignee_id is null)`];
      if (actor.teamId !== null) parts.push(sql`h.team_id = ${actor.teamId}`, sql`u.team_id = ${actor.teamId}`);
      return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
    }
    case 'sales_rep':
      return sql<SqlBool>`h.assignee_id = ${actor.id}`;
  }
}

/** The only code that touches the handoffs, timers, activities and notifications tables. */
export function createHandoffsRepository(db: Kysely<DB>) {
  const withPeople = (trx: Kysely<DB>) =>
    trx
      .selectFrom('handoffs as h')
      .leftJoin('contacts as c', 'c.id', 'h.contact_id')
      .leftJoin('users as u', 'u.id', 'h.assignee_id')
      .selectAll('h')
      .select([
        'c.first_name as contact_first_name',
        'c.last_name as contact_last_name',
        'c.email as contact_email',
        'u.name as assignee_name',
        'u.team_id as assignee_team_id',
      ]);

  const lockOn = <Q extends { forUpdate(): Q }>(trx: Kysely<DB>, q: Q, lock: boolean): Q =>
    lock && dialectOf(trx) === 'postgres' ? q.forUpdate() : q;

  return {
    /** The handoff, locked on PostgreSQL when asked (every change to a handoff reads it this way first). */
    find: (trx: Kysely<DB>, id: string, options: { lock?: boolean } = {}): Promise<HandoffRow | undefined> =>
      lockOn(
        trx,
        trx.selectFrom('handoffs').selectAll().where('id', '=', id),
        options.lock ?? false,
      ).executeTakeFirst(),

    findWithPeople: (id: string, trx: Kysely<DB> = db): Promise<HandoffListRow | undefined> =>
      withPeople(trx).where('h.id', '=', id).executeTakeFirst(),

    /** The contact's open or accepted handoff (there is at most one). */
    findActiveForContact: (
      trx: Kysely<DB>,
      contactId: string,
      options: { lock?: boolean } = {},
    ): Promise<HandoffRow | undefined> =>
      lockOn(
        trx,
        trx
          .selectFrom('handoffs')
          .selectAll()
          .where('contact_id', '=', contactId)
          .where('status', 'in', ['open', 'accepted']),
        options.lock ?? false,
      ).executeTakeFirst(),

    /** The assignee's team, for the access rules. */
    async teamOf(trx: Kysely<DB>, userId: string | null): Promise<string | null> {
      if (userId === null) return null;
      const row = await trx.selectFrom('users').select('team_id').where('id', '=', userId).executeTakeFirst();
      return row?.team_id ?? null;
    },

    userStatus: async (trx: Kysely<DB>, userId: string): Promise<string | null> =>
      (await trx.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirst())?.status ?? null,

    findUser: (trx: Kysely<DB>, userId: string) =>
      trx.selectFrom('users').select(['id', 'role', 'status', 'team_id']).where('id', '=', userId).executeTakeFirst(),

    /** Active sales managers of a team. */
    async managersOf(trx: Kysely<DB>, teamId: string | null): Promise<string[]> {
      if (teamId === null) return [];
      const rows = await trx
        .selectFrom('users')
        .select('id')
        .where('team_id', '=', teamId)
        .where('role', '=', 'sales_manager')
        .where('status', '=', 'active')
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async activeAdmins(trx: Kysely<DB>): Promise<string[]> {
      const rows = await trx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('status', '=', 'active')
        .orderBy('id')
        .execute();
      return rows.map((r) => r.id);
    },

    /** The contact with its account, for routing and for the handoff's grade; undefined when it is gone. */
    contactForRouting: (trx: Kysely<DB>, contactId: string) =>
      trx
        .selectFrom('contacts as c')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .select(ROUTING_COLUMNS)
        .where('c.id', '=', contactId)
        .executeTakeFirst(),

    insert: (trx: Kysely<DB>, row: Insertable<HandoffsTable>) => trx.insertInto('handoffs').values(row).execute(),

    update: (trx: Kysely<DB>, id: string, patch: Updateable<HandoffsTable>) =>
      trx.updateTable('handoffs').set(patch).where('id', '=', id).execute(),

    async insertTimers(trx: Kysely<DB>, rows: Insertable<HandoffTimersTable>[]): Promise<void> {
      if (rows.length > 0) await trx.insertInto('handoff_timers').values(rows).execute();
    },

    /** Removes the handoff's unfired timers of these kinds (a cancelled timer leaves nothing to fire). */
    async cancelTimers(trx: Kysely<DB>, handoffId: string, kinds: readonly string[]): Promise<void> {
      if (kinds.length === 0) return;
      await trx
        .deleteFrom('handoff_timers')
        .where('handoff_id', '=', handoffId)
        .where('fired_at', 'is', null)
        .where('kind', 'in', [...kinds])
        .execute();
    },

    /** Moves the handoff's unfired timers of these kinds to another assignment (they keep running). */
    async carryTimers(trx: Kysely<DB>, handoffId: string, kinds: readonly string[], assignmentNo: number) {
      if (kinds.length === 0) return;
      await trx
        .updateTable('handoff_timers')
        .set({ assignment_no: assignmentNo })
        .where('handoff_id', '=', handoffId)
        .where('fired_at', 'is', null)
        .where('kind', 'in', [...kinds])
        .execute();
    },

    timersOf: (handoffId: string, trx: Kysely<DB> = db): Promise<TimerRow[]> =>
      trx
        .selectFrom('handoff_timers')
        .selectAll()
        .where('handoff_id', '=', handoffId)
        .orderBy('due_at')
        .orderBy('id')
        .execute(),

    findTimer: (trx: Kysely<DB>, id: number): Promise<TimerRow | undefined> =>
      trx.selectFrom('handoff_timers').selectAll().where('id', '=', id).executeTakeFirst(),

    setTimerOutcome: (trx: Kysely<DB>, id: number, outcome: string, detail: unknown) =>
      trx
        .updateTable('handoff_timers')
        .set({ outcome, detail: detail === null ? null : JSON.stringify(detail) })
        .where('id', '=', id)
        .execute(),

    /**
     * Marks the earliest due unfired timers fired, at most `limit`, and returns them. One statement: on
     * PostgreSQL SKIP LOCKED gives concurrent sweepers disjoint timers without waiting on each other (a timer
     * another sweeper holds is left to it; once it commits the timer is fired and no longer matches); on
     * SQLite the transaction holds the write lock, so the update is atomic on its own.
     */
    async fireDue(trx: Kysely<DB>, now: string, limit: number): Promise<TimerRow[]> {
      const lock = dialectOf(trx) === 'postgres' ? sql`for update skip locked` : sql``;
      const result = await sql<TimerRow>`
        update handoff_timers set fired_at = ${now}
        where id in (
          select id from handoff_timers
          where fired_at is null and due_at <= ${now}
          order by due_at, id
          limit ${limit}
          ${lock}
        )
        returning *`.execute(trx);
      return [...result.rows].sort(
        (a, b) => Date.parse(a.due_at) - Date.parse(b.due_at) || Number(a.id) - Number(b.id),
      );
    },

    /** Open handoffs per user (routing's capacity): users without any are absent. */
    async openCounts(trx: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, number>> {
      const counts = new Map<string, number>();
      if (userIds.length === 0) return counts;
      const rows = await trx
        .selectFrom('handoffs')
        .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'open')
        .where('assignee_id', 'in', [...userIds])
        .groupBy('assignee_id')
        .execute();
      for (const row of rows) if (row.assignee_id !== null) counts.set(row.assignee_id, Number(row.n));
      return counts;
    },

    /** Up to `limit` open or accepted handoffs a user holds, locked, oldest first. */
    activeHeldBy: (trx: Kysely<DB>, userId: string, limit: number): Promise<HandoffRow[]> =>
      lockOn(
        trx,
        trx
          .selectFrom('handoffs')
          .selectAll()
          .where('assignee_id', '=', userId)
          .where('status', 'in', ['open', 'accepted'])
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit),
        true,
      ).execute(),

    /** Every handoff of a contact, newest first (a merge moves them to the contact that absorbs it). */
    handoffsOfContact: (trx: Kysely<DB>, contactId: string): Promise<HandoffRow[]> =>
      trx
        .selectFrom('handoffs')
        .selectAll()
        .where('contact_id', '=', contactId)
        .orderBy('created_at', 'desc')
        .execute(),

    /** A merged-away contact's handoffs, activities and notifications now belong to the contact that absorbed it. */
    async moveContact(trx: Kysely<DB>, fromContactId: string, toContactId: string, updatedAt: string): Promise<void> {
      await trx
        .updateTable('handoffs')
        .set({ contact_id: toContactId, updated_at: updatedAt })
        .where('contact_id', '=', fromContactId)
        .execute();
      await trx
        .updateTable('activities')
        .set({ contact_id: toContactId })
        .where('contact_id', '=', fromContactId)
        .execute();
      await trx
        .updateTable('notifications')
        .set({ contact_id: toContactId })
        .where('contact_id', '=', fromContactId)
        .execute();
    },

    async list(f: HandoffFilters): Promise<{ rows: HandoffListRow[]; nextCursor: string | null }> {
      let q = withPeople(db).where(visibleTo(f.actor));
      if (f.assigneeId === null) q = q.where('h.assignee_id', 'is', null);
      else if (f.assigneeId !== undefined) q = q.where('h.assignee_id', '=', f.assigneeId);
      if (f.status) q = q.where('h.status', '=', f.status);
      if (f.contactId) q = q.where('h.contact_id', '=', f.contactId);
      if (f.overdueAt) {
        q = q.where('h.status', 'in', ['open', 'accepted']).where('h.next_due_at', '<=', f.overdueAt);
      }
      if (f.cursor) q = q.where(afterCursor(f.cursor, 'h.created_at', 'h.id', 'desc', 'timestamp'));
      const rows = await q
        .orderBy('h.created_at', 'desc')
        .orderBy('h.id', 'desc')
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r.created_at, r.id]);
    },

    insertActivity: (trx: Kysely<DB>, row: Insertable<ActivitiesTable>) =>
      trx.insertInto('activities').values(row).execute(),

    activitiesOfHandoff: (handoffId: string): Promise<ActivityRow[]> =>
      db
        .selectFrom('activities')
        .selectAll()
        .where('handoff_id', '=', handoffId)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute(),

    async insertNotifications(trx: Kysely<DB>, rows: Insertable<NotificationsTable>[]): Promise<void> {
      if (rows.length > 0) await trx.insertInto('notifications').values(rows).execute();
    },

    async listNotifications(f: {
      userId: string;
      unread: boolean;
      cursor?: string | undefined;
      limit: number;
    }): Promise<{ rows: NotificationRow[]; nextCursor: string | null }> {
      let q = db.selectFrom('notifications').selectAll().where('user_id', '=', f.userId);
      if (f.unread) q = q.where('read_at', 'is', null);
      if (f.cursor) q = q.where(afterCursor(f.cursor, 'created_at', 'id', 'desc', 'timestamp'));
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r.created_at, r.id]);
    },

    /**
     * Claims up to `limit` notifications whose email is due (pending, or sending with an expired lease),
     * oldest due first, leasing them until `leaseUntil`; concurrent senders on PostgreSQL take disjoint rows.
     * Returns them with their recipient (an active user with an email address; others are skipped by the
     * caller).
     */
    async claimMail(now: string, leaseUntil: string, limit: number): Promise<MailClaim[]> {
      const lock = dialectOf(db) === 'postgres' ? sql`for update skip locked` : sql``;
      const claimed = await sql<NotificationRow>`
        update notifications set mail_state = 'sending', mail_next_at = ${leaseUntil}
        where id in (
          select id from notifications
          where mail_state in ('pending', 'sending') and mail_next_at <= ${now}
          order by mail_next_at, id
          limit ${limit}
          ${lock}
        )
        returning *`.execute(db);
      if (claimed.rows.length === 0) return [];
      const users = await db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'locale', 'time_zone', 'status'])
        .where('id', 'in', [...new Set(claimed.rows.map((r) => r.user_id))])
        .execute();
      const byId = new Map(users.map((u) => [u.id, u]));
      return claimed.rows.map((notification) => {
        const u = byId.get(notification.user_id);
        return {
          notification,
          recipient:
            u && u.status === 'active'
              ? { email: u.email, name: u.name, locale: u.locale, timeZone: u.time_zone }
              : null,
        };
      });
    },

    /** The claimed email went out (or will never go: `failed`, with the reason). */
    async finishMail(id: string, outcome: { state: 'sent' | 'failed'; at: string; error?: string }): Promise<void> {
      await db
        .updateTable('notifications')
        .set({
          mail_state: outcome.state,
          mail_next_at: null,
          mail_sent_at: outcome.state === 'sent' ? outcome.at : null,
          mail_error: outcome.error ?? null,
          mail_attempts: sql<number>`mail_attempts + 1`,
        })
        .where('id', '=', id)
        .execute();
    },

    /** The claimed email failed this time: tried again at `nextAt`. */
    async retryMail(id: string, nextAt: string, error: string): Promise<void> {
      await db
        .updateTable('notifications')
        .set({
          mail_state: 'pending',
          mail_next_at: nextAt,
          mail_error: error,
          mail_attempts: sql<number>`mail_attempts + 1`,
        })
        .where('id', '=', id)
        .execute();
    },

    /** Marks the user's notification read (the first reading time stays); undefined when it is not theirs. */
    async markRead(userId: string, id: string, at: string): Promise<NotificationRow | undefined> {
      await db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .execute();
      return db
        .selectFrom('notifications')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },
  };
}

export type HandoffsRepository = ReturnType<typeof createHandoffsRepository>;
