import type { Kysely } from 'kysely';
import { isUniqueViolation, type Database } from '../../db/database.js';
import type { DB, UserRow } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { normalizeEmail, normalizeText } from '../../shared/text.js';
import { appendAudit, changedFields } from '../audit/index.js';
// Pure leaf modules of auth, imported directly: auth's index depends on this module.
import { hashPassword, verifyPassword } from '../auth/password.js';
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

/**
 * What the users module needs from the credential store (sessions, API tokens), passed in explicitly so
 * the two modules do not reach into each other's tables.
 */
export interface Credentials {
  endSessions(trx: Kysely<DB>, userId: string, exceptSessionId: string | null): Promise<void>;
  revokeTokens(trx: Kysely<DB>, userId: string, at: string): Promise<void>;
  /** After a commit that changed a user or a team: who a credential stands for may have changed. */
  changed(): void;
}

/** The audited view of a user: never the password hash. */
function auditView(u: User): Record<string, unknown> {
  return {
    email: u.email,
    name: u.name,
    role: u.role,
    teamId: u.teamId,
    locale: u.locale,
    timeZone: u.timeZone,
    status: u.status,
  };
}

const wrongCurrentPassword = () =>
  new AppError('validation', 'validation.failed', 'Invalid currentPassword: it does not match.', {
    errors: [{ field: 'currentPassword', message: 'Does not match your current password.' }],
  });

export function createUserService(deps: {
  database: Database;
  clock: Clock;
  credentials: Credentials;
  /** Where `user.deactivated` goes (the handoffs module reassigns the user's open handoffs). */
  outbox?: Outbox;
}) {
  const { database, clock, credentials } = deps;
  const db = database.db;
  const repo = createUsersRepository(db);

  /** Runs `fn` in a transaction, turning a unique violation the pre-checks could not see into `conflict`. */
  async function inTransaction<T>(fn: (trx: Kysely<DB>) => Promise<T>, conflict: () => AppError): Promise<T> {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict();
      throw err;
    }
  }

  async function insertUser(
    actor: Actor | null,
    input: CreateUserInput,
    passwordHash: string,
    trx: Kysely<DB>,
  ): Promise<User> {
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
      password_hash: passwordHash,
      locale: input.locale ?? 'en',
      time_zone: input.timeZone ?? 'UTC',
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await repo.insert(row, trx);
    const user = toUser(row);
    await appendAudit(
      trx,
      { actor },
      { at: now, entityType: 'user', entityId: user.id, action: 'create', before: null, after: auditView(user) },
    );
    return user;
  }

  async function auditTeam(
    trx: Kysely<DB>,
    actor: Actor | null,
    id: string,
    action: string,
    before: string | null,
    after: string | null,
  ) {
    await appendAudit(
      trx,
      { actor },
      {
        at: clock.now().toISOString(),
        entityType: 'team',
        entityId: id,
        action,
        before: before === null ? null : { name: before },
        after: after === null ? null : { name: after },
      },
    );
  }

  return {
    repository: repo,

    needsSetup: async () => (await repo.count()) === 0,

    /** Creates the first admin; refuses once any user exists, even under concurrent requests. */
    async setupFirstAdmin(input: { email: string; name: string; password: string }): Promise<User> {
      const hash = await hashPassword(input.password);
      return inTransaction(async (trx) => {
        await repo.lockUsers(trx);
        if ((await repo.count(trx)) > 0) throw setupDone();
        return insertUser(null, { ...input, role: 'admin' }, hash, trx);
      }, setupDone);
    },

    /** actor null: the server's own CLI, which runs with the operator's authority. */
    async create(actor: Actor | null, input: CreateUserInput): Promise<User> {
      if (actor && !can(actor, 'users.manage')) throw forbidden('Only admins manage users.');
      // Hashing takes tens of milliseconds: never inside a transaction (SQLite has one writer).
      const hash = await hashPassword(input.password);
      return inTransaction((trx) => insertUser(actor, input, hash, trx), emailTaken);
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

    /**
     * Changes a user. Admins change anyone; people change their own name, locale, time zone and password
     * (with their current password). A deactivated user loses every session and API token; a new password
     * ends every other session.
     */
    async update(
      actor: Actor,
      id: string,
      patch: UpdateUserInput,
      options: { currentSessionId?: string | null } = {},
    ): Promise<User> {
      const self = actor.id === id;
      if (!can(actor, 'users.manage')) {
        if (!self) throw forbidden('Only admins manage other users.');
        const denied = Object.keys(patch).filter((k) => !SELF_EDITABLE.has(k as keyof UpdateUserInput));
        if (denied.length > 0) throw forbidden(`Only admins change ${denied.join(', ')}.`);
      }
      if (patch.password !== undefined && self) {
        const current = await repo.findById(id);
        if (!patch.currentPassword || !(await verifyPassword(current?.password_hash ?? null, patch.currentPassword))) {
          throw wrongCurrentPassword();
        }
      }
      const newHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
      const result = await db.transaction().execute(async (trx) => {
        const row = await repo.findById(id, trx);
        if (!row) throw notFound('user');
        if (patch.teamId && !(await repo.findTeam(patch.teamId, trx))) throw unknownTeam();
        const losesAdmin =
          row.role === 'admin' &&
          row.status === 'active' &&
          ((patch.role !== undefined && patch.role !== 'admin') || patch.status === 'deactivated');
        if (losesAdmin) {
          // Two admins demoting each other at once must not leave nobody in charge.
          await repo.lockUsers(trx);
          if ((await repo.activeAdminCount(trx)) <= 1) throw cannotDemoteLastAdmin();
        }
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
            ...(newHash !== undefined ? { password_hash: newHash } : {}),
            updated_at: now,
          },
          trx,
        );
        if (patch.status === 'deactivated') {
          await credentials.endSessions(trx, id, null);
          await credentials.revokeTokens(trx, id, now);
          if (row.status !== 'deactivated') {
            await deps.outbox?.enqueue(trx, [
              { type: 'user.deactivated', aggregateType: 'user', aggregateId: id, payload: { id } },
            ]);
          }
        } else if (newHash !== undefined) {
          await credentials.endSessions(trx, id, self ? (options.currentSessionId ?? null) : null);
        }
        const updated = toUser((await repo.findById(id, trx))!);
        const diff = changedFields(auditView(toUser(row)), auditView(updated));
        if (newHash !== undefined) diff.after.passwordChanged = true;
        if (Object.keys(diff.after).length > 0) {
          await appendAudit(trx, { actor }, { at: now, entityType: 'user', entityId: id, action: 'update', ...diff });
        }
        return updated;
      });
      credentials.changed();
      if (patch.status === 'deactivated') deps.outbox?.notify();
      return result;
    },

    async listTeams(): Promise<Team[]> {
      return (await repo.listTeams()).map(toTeam);
    },

    async createTeam(actor: Actor | null, name: string): Promise<Team> {
      if (actor && !can(actor, 'teams.manage')) throw forbidden('Only admins manage teams.');
      const now = clock.now().toISOString();
      const row = { id: newId(), name, created_at: now, updated_at: now };
      await inTransaction(async (trx) => {
        if (await repo.findTeamByName(name, trx)) throw teamNameTaken();
        await repo.insertTeam(row, trx);
        await auditTeam(trx, actor, row.id, 'create', null, name);
      }, teamNameTaken);
      return toTeam({ ...row, member_count: 0 });
    },

    async renameTeam(actor: Actor, id: string, name: string): Promise<Team> {
      if (!can(actor, 'teams.manage')) throw forbidden('Only admins manage teams.');
      await inTransaction(async (trx) => {
        const team = await repo.findTeam(id, trx);
        if (!team) throw notFound('team');
        const other = await repo.findTeamByName(name, trx);
        if (other && other.id !== id) throw teamNameTaken();
        await repo.renameTeam(id, name, clock.now().toISOString(), trx);
        await auditTeam(trx, actor, id, 'update', team.name, name);
      }, teamNameTaken);
      return toTeam((await repo.listTeams()).find((t) => t.id === id)!);
    },

    async deleteTeam(actor: Actor, id: string): Promise<void> {
      if (!can(actor, 'teams.manage')) throw forbidden('Only admins manage teams.');
      await db.transaction().execute(async (trx) => {
        const team = await repo.findTeam(id, trx);
        if (!team) throw notFound('team');
        await repo.deleteTeam(id, trx);
        await auditTeam(trx, actor, id, 'delete', team.name, null);
      });
      // Its members no longer have a team.
      credentials.changed();
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
