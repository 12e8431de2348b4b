import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import { dialectOf } from '../../db/database.js';
import { afterCursor, page, scopeCondition, searchCondition } from '../../db/listing.js';
import type { AccountRow, AccountsTable, DB } from '../../db/schema.js';
import type { RecordScope } from '../auth/index.js';
import type { AccountSort } from './account.js';

export type AccountListRow = AccountRow & { owner_name: string | null; owner_team_id: string | null };

export interface AccountFilters {
  scope: RecordScope;
  /** Folded search terms; any matches (accountSearchTerms). */
  terms?: readonly string[] | undefined;
  ownerId?: string | undefined;
  industry?: string | undefined;
  country?: string | undefined;
  sort: AccountSort;
  order: 'asc' | 'desc';
  cursor?: string | undefined;
  limit: number;
}

const SORT_KINDS: Record<AccountSort, 'timestamp' | 'text'> = {
  name: 'text',
  createdAt: 'timestamp',
  updatedAt: 'timestamp',
};

const SORT_COLUMNS: Record<AccountSort, keyof AccountRow> = {
  name: 'name_norm',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export function createAccountsRepository(db: Kysely<DB>) {
  const base = (trx: Kysely<DB>) =>
    trx
      .selectFrom('accounts as a')
      .leftJoin('users as o', 'o.id', 'a.owner_id')
      .selectAll('a')
      .select(['o.name as owner_name', 'o.team_id as owner_team_id']);

  return {
    findById: (id: string, trx: Kysely<DB> = db): Promise<AccountListRow | undefined> =>
      base(trx).where('a.id', '=', id).executeTakeFirst(),

    /** PostgreSQL: serialises concurrent captures of the same company (SQLite transactions already are). */
    async lockName(trx: Kysely<DB>, matchKey: string): Promise<void> {
      if (dialectOf(trx) !== 'postgres') return;
      await sql`select pg_advisory_xact_lock(hashtext(${`account:${matchKey}`}))`.execute(trx);
    },

    /** The oldest account with this domain, else with this name (accountMatchKey; captured companies). */
    async findByDomainOrName(
      trx: Kysely<DB>,
      domain: string | null,
      matchKey: string,
    ): Promise<AccountListRow | undefined> {
      if (domain) {
        const byDomain = await base(trx).where('a.domain', '=', domain).orderBy('a.created_at').executeTakeFirst();
        if (byDomain) return byDomain;
      }
      return base(trx).where('a.match_key', '=', matchKey).orderBy('a.created_at').executeTakeFirst();
    },

    async list(f: AccountFilters): Promise<{ rows: AccountListRow[]; nextCursor: string | null }> {
      const sortColumn = `a.${SORT_COLUMNS[f.sort]}`;
      let q = base(db).where(scopeCondition(f.scope, 'a.owner_id', 'o.team_id'));
      if (f.terms && f.terms.length > 0) q = q.where(await searchCondition(db, 'accounts', 'a', f.terms));
      if (f.ownerId) q = q.where('a.owner_id', '=', f.ownerId);
      if (f.industry) q = q.where('a.industry', '=', f.industry);
      if (f.country) q = q.where('a.country', '=', f.country.toUpperCase());
      if (f.cursor) q = q.where(afterCursor(f.cursor, sortColumn, 'a.id', f.order, SORT_KINDS[f.sort]));
      const rows = await q
        .orderBy(sql.ref(sortColumn), f.order)
        .orderBy('a.id', f.order)
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r[SORT_COLUMNS[f.sort]] as string, r.id]);
    },

    async insert(row: Insertable<AccountsTable>, trx: Kysely<DB>): Promise<void> {
      await trx.insertInto('accounts').values(row).execute();
    },

    async update(id: string, row: Updateable<AccountsTable>, trx: Kysely<DB>): Promise<void> {
      await trx.updateTable('accounts').set(row).where('id', '=', id).execute();
    },

    async delete(id: string, trx: Kysely<DB>): Promise<void> {
      await trx.deleteFrom('accounts').where('id', '=', id).execute();
    },

    /** Recomputes the cached contact count of the given accounts (idempotent). */
    async recountContacts(trx: Kysely<DB>, accountIds: readonly string[]): Promise<void> {
      for (const id of [...accountIds].sort()) {
        // PostgreSQL: lock the account first, so the count below is read after any concurrent recount
        // committed (a new statement sees a new snapshot) and an older count never overwrites a newer one.
        if (dialectOf(trx) === 'postgres') {
          await trx.selectFrom('accounts').select('id').where('id', '=', id).forUpdate().execute();
        }
        await trx
          .updateTable('accounts')
          .set((eb) => ({
            contact_count: eb
              .selectFrom('contacts')
              .select((e) => e.fn.countAll<number>().as('n'))
              .where('contacts.account_id', '=', id),
          }))
          .where('id', '=', id)
          .execute();
      }
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
