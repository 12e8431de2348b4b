import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { dialectOf } from '../../db/database.js';
import { afterCursor, page, scopeCondition, searchCondition, type SortKind } from '../../db/listing.js';
import type { ContactRow, DB, NewContactRow } from '../../db/schema.js';
import type { CursorValue } from '../../http/pagination.js';
import type { RecordScope } from '../auth/index.js';
import type { ContactSort } from './contact.js';
import { reasonKeyCondition } from './reasons.repository.js';
import type { ValueField } from './values.js';

export type ContactListRow = ContactRow & {
  account_name: string | null;
  account_owner_id: string | null;
  account_owner_team_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  owner_team_id: string | null;
};

export interface ContactFilters {
  scope: RecordScope;
  terms?: string[] | undefined;
  ownerId?: string | undefined;
  accountId?: string | undefined;
  source?: string | undefined;
  seniority?: string | undefined;
  temperature?: string | undefined;
  fitGrade?: string | undefined;
  minFitScore?: number | undefined;
  maxFitScore?: number | undefined;
  minEngagement?: number | undefined;
  campaign?: string | undefined;
  /** Keys of the latest temperature change's reasons (reasons.ts), all required. */
  reasonKeys?: readonly string[] | undefined;
  sort: ContactSort;
  order: 'asc' | 'desc';
  cursor?: string | undefined;
  limit: number;
}

const SORT_KINDS: Record<ContactSort, SortKind> = {
  createdAt: 'timestamp',
  updatedAt: 'timestamp',
  lastName: 'text',
  firstName: 'text',
  fitScore: 'integer',
  engagementScore: 'number',
};

const SORT_COLUMNS: Record<ContactSort, keyof ContactRow> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  lastName: 'last_name',
  firstName: 'first_name',
  // No index (docs/api.md): a page reads the contacts the filters leave and keeps the top rows. Indexes on
  // the scores made a million-contact bulk rescore (which rewrites them) 30 s slower, and setting them aside
  // during one stalled the server for seconds while they were created again at its end.
  fitScore: 'fit_score',
  engagementScore: 'engagement_score',
};

/** Contacts named per statement by a change to many at once: a bounded IN list on either database. */
const IDS_PER_STATEMENT = 200;

function inChunks<T>(items: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createContactsRepository(db: Kysely<DB>) {
  const base = (trx: Kysely<DB>) =>
    trx
      .selectFrom('contacts as c')
      .leftJoin('accounts as a', 'a.id', 'c.account_id')
      .leftJoin('users as o', 'o.id', 'c.owner_id')
      .leftJoin('users as ao', 'ao.id', 'a.owner_id')
      .selectAll('c')
      .select([
        'a.name as account_name',
        'a.owner_id as account_owner_id',
        'ao.team_id as account_owner_team_id',
        'o.name as owner_name',
        'o.email as owner_email',
        'o.team_id as owner_team_id',
      ]);

  return {
    findById: (id: string, trx: Kysely<DB> = db): Promise<ContactListRow | undefined> =>
      base(trx).where('c.id', '=', id).executeTakeFirst(),

    /**
     * The contacts with these ids that exist, in id order. With `lock` (PostgreSQL), their rows stay locked
     * until the transaction ends, taken in id order so two changes of overlapping sets cannot deadlock.
     */
    async findByIds(ids: readonly string[], trx: Kysely<DB>, options: { lock?: boolean } = {}) {
      const lock = options.lock === true && dialectOf(trx) === 'postgres';
      const rows: ContactListRow[] = [];
      for (const part of inChunks([...new Set(ids)].sort())) {
        let q = base(trx).where('c.id', 'in', part).orderBy('c.id');
        if (lock) q = q.forUpdate('c');
        rows.push(...(await q.execute()));
      }
      return rows;
    },

    /** Who owns a contact, for a visibility check that needs nothing else of it. */
    findScope: (
      id: string,
      trx: Kysely<DB> = db,
    ): Promise<
      | {
          owner_id: string | null;
          owner_team_id: string | null;
          account_id: string | null;
          account_owner_id: string | null;
          account_owner_team_id: string | null;
        }
      | undefined
    > =>
      trx
        .selectFrom('contacts as c')
        .leftJoin('users as o', 'o.id', 'c.owner_id')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .leftJoin('users as ao', 'ao.id', 'a.owner_id')
        .select([
          'c.owner_id',
          'o.team_id as owner_team_id',
          'c.account_id',
          'a.owner_id as account_owner_id',
          'ao.team_id as account_owner_team_id',
        ])
        .where('c.id', '=', id)
        .executeTakeFirst(),

    /** Whether the user holds the contact's active (open or accepted) handoff: sales works the lead. */
    async holdsActiveHandoff(contactId: string, userId: string, trx: Kysely<DB> = db): Promise<boolean> {
      const row = await trx
        .selectFrom('handoffs')
        .select('id')
        .where('contact_id', '=', contactId)
        .where('assignee_id', '=', userId)
        .where('status', 'in', ['open', 'accepted'])
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Which of these contacts have an active (open or accepted) handoff held by the user. */
    async heldActiveHandoffs(contactIds: readonly string[], userId: string, trx: Kysely<DB>): Promise<Set<string>> {
      const held = new Set<string>();
      for (const part of inChunks(contactIds)) {
        const rows = await trx
          .selectFrom('handoffs')
          .select('contact_id')
          .where('contact_id', 'in', part)
          .where('assignee_id', '=', userId)
          .where('status', 'in', ['open', 'accepted'])
          .execute();
        for (const r of rows) held.add(r.contact_id);
      }
      return held;
    },

    async list(f: ContactFilters): Promise<{ rows: ContactListRow[]; nextCursor: string | null }> {
      const sortColumn = `c.${SORT_COLUMNS[f.sort]}`;
      let q = base(db).where(scopeCondition(f.scope, 'c.owner_id', 'o.team_id'));
      if (f.terms && f.terms.length > 0) q = q.where(await searchCondition(db, 'contacts', 'c', f.terms));
      if (f.ownerId) q = q.where('c.owner_id', '=', f.ownerId);
      if (f.accountId) q = q.where('c.account_id', '=', f.accountId);
      if (f.source) q = q.where('c.source', '=', f.source);
      if (f.seniority) q = q.where('c.seniority', '=', f.seniority);
      if (f.temperature) q = q.where('c.temperature', '=', f.temperature);
      if (f.fitGrade) q = q.where('c.fit_grade', '=', f.fitGrade);
      if (f.minFitScore !== undefined) q = q.where('c.fit_score', '>=', f.minFitScore);
      if (f.maxFitScore !== undefined) q = q.where('c.fit_score', '<=', f.maxFitScore);
      if (f.minEngagement !== undefined) q = q.where('c.engagement_score', '>=', f.minEngagement);
      if (f.campaign) q = q.where('c.campaign', '=', f.campaign);
      for (const key of f.reasonKeys ?? []) q = q.where(await reasonKeyCondition(db, 'c.id', key));
      if (f.cursor) q = q.where(afterCursor(f.cursor, sortColumn, 'c.id', f.order, SORT_KINDS[f.sort]));
      const rows = await q
        .orderBy(sql.ref(sortColumn), f.order)
        .orderBy('c.id', f.order)
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r[SORT_COLUMNS[f.sort]] as CursorValue, r.id]);
    },

    /**
     * The distinct values of `field` on the contacts in scope, alphabetically (by the database's collation),
     * at most `limit`. Everyone's contacts: one seek of the field's index per value (a recursive query, the
     * same on both databases), however many contacts share a value. One's own: through the owner index.
     */
    async distinctValues(
      field: ValueField,
      scope: RecordScope,
      limit: number,
      after: string | null = null,
    ): Promise<string[]> {
      const column = sql.ref(`c.${field}`);
      // Empty values are not suggested; past `after` (the last value of the previous batch) when given.
      const from = (value: Expression<unknown>) =>
        sql<SqlBool>`${column} > ${value}${after === null ? sql`` : sql` and ${column} > ${after}`}`;
      if (scope.kind === 'own') {
        const rows = await db
          .selectFrom('contacts as c')
          .select(sql<string>`${column}`.as('value'))
          .distinct()
          .where('c.owner_id', '=', scope.userId)
          .where(from(sql.lit('')))
          .orderBy('value')
          .limit(limit)
          .execute();
        return rows.map((r) => r.value);
      }
      // Each seek reads the field's index in order from the previous value to the first visible contact.
      // ORDER BY ... LIMIT 1 keeps PostgreSQL on that index; SQLite would take a team's ORs to the owner
      // index instead (reading every visible contact at each seek), which `+` (no index for that term) stops.
      const owner = dialectOf(db) === 'sqlite' ? sql`+c.owner_id` : sql`c.owner_id`;
      const visible =
        scope.kind === 'all'
          ? sql`1 = 1`
          : sql`(${owner} is null or ${owner} = ${scope.userId}${
              scope.teamId === null
                ? sql``
                : sql` or ${owner} in (select u.id from users u where u.team_id = ${scope.teamId})`
            })`;
      const next = (previous: Expression<unknown>) =>
        sql`(select ${column} from contacts c where ${from(previous)} and ${visible} order by ${column} limit 1)`;
      const { rows } = await sql<{ value: string }>`
        with recursive v(value) as (
          select ${next(sql.lit(''))}
          union all
          select ${next(sql.ref('v.value'))} from v where v.value is not null
        )
        select value from v where value is not null limit ${limit}`.execute(db);
      return rows.map((r) => r.value);
    },

    /**
     * Contacts sharing an email, an E.164 phone, or a normalised name at the same account: the first 20, among
     * those in `scope` when one is given (so contacts the reader may not see never crowd out those they may).
     */
    async findDuplicates(
      probe: { email: string | null; phone: string | null; nameNorm: string | null; accountId: string | null },
      excludeId: string | null,
      trx: Kysely<DB> = db,
      scope: RecordScope = { kind: 'all' },
    ): Promise<ContactListRow[]> {
      const { email, phone, nameNorm, accountId } = probe;
      if (!email && !phone && !(nameNorm && accountId)) return [];
      let q = base(trx).where((eb) => {
        const ors = [];
        if (email) ors.push(eb('c.email', '=', email));
        if (phone) ors.push(eb('c.phone', '=', phone));
        if (nameNorm && accountId)
          ors.push(eb.and([eb('c.name_norm', '=', nameNorm), eb('c.account_id', '=', accountId)]));
        return eb.or(ors);
      });
      if (excludeId) q = q.where('c.id', '!=', excludeId);
      return q
        .where(scopeCondition(scope, 'c.owner_id', 'o.team_id'))
        .orderBy('c.created_at')
        .limit(20)
        .execute();
    },

    /**
     * PostgreSQL: holds transaction-scoped advisory locks on the identity keys (email, phone) so that two
     * concurrent creates of the same person run their duplicate checks one after the other. SQLite
     * transactions are already serial (BEGIN IMMEDIATE).
     */
    async lockIdentity(trx: Kysely<DB>, keys: readonly (string | null)[]): Promise<void> {
      if (dialectOf(trx) !== 'postgres') return;
      for (const key of [...new Set(keys.filter((k): k is string => k !== null))].sort()) {
        await sql`select pg_advisory_xact_lock(hashtext(${`contact:${key}`}))`.execute(trx);
      }
    },

    /** Contacts linked to an account (for unlinking them when it is deleted). */
    linkedTo: (accountId: string, trx: Kysely<DB>) => base(trx).where('c.account_id', '=', accountId).execute(),

    async insert(row: NewContactRow, trx: Kysely<DB>): Promise<void> {
      await trx.insertInto('contacts').values(row).execute();
    },

    async update(id: string, row: Partial<NewContactRow>, trx: Kysely<DB>): Promise<void> {
      await trx.updateTable('contacts').set(row).where('id', '=', id).execute();
    },

    /** The same change to many contacts, a bounded number of ids per statement. */
    async updateMany(ids: readonly string[], row: Partial<NewContactRow>, trx: Kysely<DB>): Promise<void> {
      for (const part of inChunks(ids)) await trx.updateTable('contacts').set(row).where('id', 'in', part).execute();
    },

    async delete(id: string, trx: Kysely<DB>): Promise<void> {
      await trx.deleteFrom('contacts').where('id', '=', id).execute();
    },
  };
}

export type ContactsRepository = ReturnType<typeof createContactsRepository>;
