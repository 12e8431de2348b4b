import { sql, type Kysely, type Updateable } from 'kysely';
import { dialectOf } from '../../db/database.js';
import type { DB, TeamRow, UserRow, UsersTable } from '../../db/schema.js';
import { afterCursor, containsCondition, page } from '../../db/listing.js';
import { normalizeText } from '../../shared/text.js';

export interface UserFilters {
  q?: string | undefined;
  role?: string | undefined;
  teamId?: string | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export function createUsersRepository(db: Kysely<DB>) {
  return {
    findById: (id: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

    findByEmail: (email: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst(),

    async count(trx: Kysely<DB> = db): Promise<number> {
      const row = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async activeAdminCount(trx: Kysely<DB> = db): Promise<number> {
      const row = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Serialises changes that must see every user (first-run setup, the last-admin rule) on PostgreSQL. */
    async lockUsers(trx: Kysely<DB>): Promise<void> {
      if (dialectOf(trx) === 'postgres') await sql`lock table users in share row exclusive mode`.execute(trx);
    },

    async insert(row: UserRow, trx: Kysely<DB> = db): Promise<void> {
      await trx.insertInto('users').values(row).execute();
    },

    async update(id: string, patch: Updateable<UsersTable>, trx: Kysely<DB> = db): Promise<void> {
      await trx.updateTable('users').set(patch).where('id', '=', id).execute();
    },

    async list(f: UserFilters): Promise<{ rows: UserRow[]; nextCursor: string | null }> {
      let q = db.selectFrom('users').selectAll();
      if (f.q) {
        const q0 = f.q;
        q = q.where((eb) =>
          eb.or([containsCondition('name_norm', normalizeText(q0)), containsCondition('email', q0.toLowerCase())]),
        );
      }
      if (f.role) q = q.where('role', '=', f.role as UserRow['role']);
      if (f.teamId) q = q.where('team_id', '=', f.teamId);
      if (f.status) q = q.where('status', '=', f.status as UserRow['status']);
      if (f.cursor) q = q.where(afterCursor(f.cursor, 'name_norm', 'id', 'asc', 'text'));
      const rows = await q
        .orderBy('name_norm')
        .orderBy('id')
        .limit(f.limit + 1)
        .execute();
      return page(rows, f.limit, (r) => [r.name_norm, r.id]);
    },

    // Teams
    findTeam: (id: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst(),

    findTeamByName: (name: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst(),

    async listTeams(): Promise<(TeamRow & { member_count: number })[]> {
      return db
        .selectFrom('teams')
        .leftJoin('users', (join) => join.onRef('users.team_id', '=', 'teams.id').on('users.status', '=', 'active'))
        .select(['teams.id', 'teams.name', 'teams.created_at', 'teams.updated_at'])
        .select((eb) => eb.fn.count<number>('users.id').as('member_count'))
        .groupBy(['teams.id', 'teams.name', 'teams.created_at', 'teams.updated_at'])
        .orderBy('teams.name')
        .execute();
    },

    async insertTeam(row: TeamRow, trx: Kysely<DB> = db): Promise<void> {
      await trx.insertInto('teams').values(row).execute();
    },

    async renameTeam(id: string, name: string, at: string, trx: Kysely<DB> = db): Promise<void> {
      await trx.updateTable('teams').set({ name, updated_at: at }).where('id', '=', id).execute();
    },

    async deleteTeam(id: string, trx: Kysely<DB>): Promise<void> {
      await trx.updateTable('users').set({ team_id: null }).where('team_id', '=', id).execute();
      await trx.deleteFrom('teams').where('id', '=', id).execute();
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
