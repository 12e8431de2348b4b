import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, UserRow } from '../../db/schema.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { normalizeEmail, normalizeText } from '../../shared/text.js';
import { hashPassword } from '../auth/password.js';
import { can, type Actor } from '../auth/policy.js';
import {
  SELF_EDITABLE,
  toTeam,
  toUser,
  type CreateUserInput,
  type Team,
  type UpdateUserInput,
  type User,
} from './user.js';
import { createUsersRepository, type UserFilters } from './users.repository.js';
import { cannotDemoteLastAdmin, emailTaken, setupDone, teamNameTaken, unknownTeam } from './users.errors.js';

export function createUserService(deps: { database: Database; clock: Clock }) {
  const { database, clock } = deps;
  const db = database.db;
  const repo = createUsersRepository(db);

  async function insertUser(input: CreateUserInput, trx: Kysely<DB>): Promise<User> {
    const email = normalizeEmail(input.email);
    if (await repo.findByEmail(email, trx)) throw emailTaken();
    if (input.teamId && !(await repo.findTeam(input.teamId, trx))) throw unknownTeam();
    const now = clock.now().toISOString();
    const row: UserRow = {
      id: newId(),
      email,
      name: input.name,
      name_norm: normalizeText(input.name),
      role: input.role,
      team_id: input.teamId ?? null,
      password_hash: await hashPassword(input.password),
      locale: input.locale ?? 'en',
      time_zone: input.timeZone ?? 'UTC',
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await repo.insert(row, trx);
    return toUser(row);
  }

  async function activeAdminCount(trx: Kysely<DB>): Promise<number> {
    const row = await trx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return {
    repository: repo,

    needsSetup: async () => (await repo.count()) === 0,

    /** Creates the first admin; refuses once any user exists, even under concurrent requests. */
    async setupFirstAdmin(input: { email: string; name: string; password: string }): Promise<User> {
      return db.transaction().execute(async (trx) => {
        if (database.dialect === 'postgres') await sql`lock table users in share row exclusive mode`.execute(trx);
        if ((await repo.count(trx)) > 0) throw setupDone();
        return insertUser({ ...input, role: 'admin' }, trx);
      });
    },

    /** actor null: the server's own CLI, which runs with the operator's authority. */
    async create(actor: Actor | null, input: CreateUserInput): Promise<User> {
      if (actor && !can(actor, 'users.manage')) throw forbidden('Only admins manage users.');
      return db.transaction().execute((trx) => insertUser(input, trx));
    },

    async get(id: string): Promise<User> {
      const row = await repo.findById(id);
      if (!row) throw notFound('user');
      return toUser(row);
    },

    async findActiveByEmail(email: string): Promise<UserRow | undefined> {
      const row = await repo.findByEmail(normalizeEmail(email));
      return row && row.status === 'active' ? row : undefined;
    },

    async list(filters: UserFilters): Promise<{ items: User[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await repo.list(filters);
      return { items: rows.map(toUser), nextCursor };
    },

    async update(actor: Actor, id: string, patch: UpdateUserInput): Promise<User> {
      const isAdmin = can(actor, 'users.manage');
      if (!isAdmin) {
        if (actor.id !== id) throw forbidden('Only admins manage other users.');
        const denied = Object.keys(patch).filter((k) => !SELF_EDITABLE.has(k as keyof UpdateUserInput));
        if (denied.length > 0) throw forbidden(`Only admins change ${denied.join(', ')}.`);
      }
      return db.transaction().execute(async (trx) => {
        const row = await repo.findById(id, trx);
        if (!row) throw notFound('user');
        if (patch.teamId && !(await repo.findTeam(patch.teamId, trx))) throw unknownTeam();
        const losesAdmin =
          row.role === 'admin' &&
          row.status === 'active' &&
          ((patch.role !== undefined && patch.role !== 'admin') || patch.status === 'deactivated');
        if (losesAdmin && (await activeAdminCount(trx)) <= 1) throw cannotDemoteLastAdmin();
        const now = clock.now().toISOString();
        await repo.update(
          id,
          {
            ...(patch.name !== undefined ? { name: patch.name, name_norm: normalizeText(patch.name) } : {}),
            ...(patch.role !== undefined ? { role: patch.role } : {}),
            ...(patch.teamId !== undefined ? { team_id: patch.teamId } : {}),
            ...(patch.status !== undefined ? { status: patch.status } : {}),
            ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
            ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
            ...(patch.password !== undefined ? { password_hash: await hashPassword(patch.password) } : {}),
            updated_at: now,
          },
          trx,
        );
        // A deactivated user or a changed password ends every session of that user.
        if (patch.status === 'deactivated' || patch.password !== undefined) {
          await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        }
        return toUser((await repo.findById(id, trx))!);
      });
    },

    async listTeams(): Promise<Team[]> {
      return (await repo.listTeams()).map(toTeam);
    },

    async createTeam(actor: Actor | null, name: string): Promise<Team> {
      if (actor && !can(actor, 'teams.manage')) throw forbidden('Only admins manage teams.');
      if (await repo.findTeamByName(name)) throw teamNameTaken();
      const now = clock.now().toISOString();
      const row = { id: newId(), name, created_at: now, updated_at: now };
      await repo.insertTeam(row);
      return toTeam({ ...row, member_count: 0 });
    },

    async renameTeam(actor: Actor, id: string, name: string): Promise<Team> {
      if (!can(actor, 'teams.manage')) throw forbidden('Only admins manage teams.');
      if (!(await repo.findTeam(id))) throw notFound('team');
      const other = await repo.findTeamByName(name);
      if (other && other.id !== id) throw teamNameTaken();
      await repo.renameTeam(id, name, clock.now().toISOString());
      const team = (await repo.listTeams()).find((t) => t.id === id)!;
      return toTeam(team);
    },

    async deleteTeam(actor: Actor, id: string): Promise<void> {
      if (!can(actor, 'teams.manage')) throw forbidden('Only admins manage teams.');
      if (!(await repo.findTeam(id))) throw notFound('team');
      await repo.deleteTeam(id);
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
