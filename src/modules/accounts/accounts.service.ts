import type { Kysely } from 'kysely';
import { parseJson, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Reaction } from '../../jobs/worker.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden, notFound } from '../../shared/errors.js';
import type { CustomFields } from '../../shared/fields.js';
import { fillBlanks } from '../../shared/capture.js';
import { newId } from '../../shared/ids.js';
import { appendAudit, changedFields, listAudit, type AuditContext, type AuditEntry } from '../audit/index.js';
import { checkOwner } from '../users/index.js';
import { can, canOnRecord, defaultOwner, recordScope, type Actor } from '../auth/index.js';
import {
  accountDbFields,
  accountMatchKey,
  accountSearchTerms,
  emptyAccount,
  mergeAccount,
  rowToAccountFields,
  type Account,
  type CreateAccountInput,
  type UpdateAccountInput,
} from './account.js';
import { createAccountsRepository, type AccountFilters, type AccountListRow } from './accounts.repository.js';

/** A list request: the repository's filters, with the search text as typed instead of a folded term. */
export type AccountListQuery = Omit<AccountFilters, 'scope' | 'terms'> & { q?: string | undefined };

export function toAccount(row: AccountListRow): Account {
  return {
    id: row.id,
    ...rowToAccountFields(row, parseJson<CustomFields>(row.custom_fields, {})),
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    contactCount: Number(row.contact_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The account if the actor may see it; used by other modules (contacts) to validate references. */
export async function findVisibleAccount(trx: Kysely<DB>, actor: Actor, id: string): Promise<AccountListRow | null> {
  const row = await createAccountsRepository(trx).findById(id, trx);
  if (!row || !canOnRecord(actor, 'read', { ownerId: row.owner_id, ownerTeamId: row.owner_team_id })) return null;
  return row;
}

/** Keeps accounts.contact_count current: a reaction to contact changes through the outbox. */
export function contactCountReactions(): Reaction[] {
  return ['contact.created', 'contact.updated', 'contact.deleted'].map((eventType) => ({
    name: 'accounts.recount_contacts',
    eventType,
    async handle(event, trx) {
      const ids = Array.isArray(event.payload.accountIds) ? event.payload.accountIds.map(String) : [];
      await createAccountsRepository(trx).recountContacts(trx, ids);
    },
  }));
}

export interface AccountServiceDeps {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  /** Unlinks (with audit and events) the contacts of an account being deleted; the contacts module's job. */
  unlinkContacts: (trx: Kysely<DB>, audit: AuditContext, accountId: string) => Promise<number>;
}

/** For other modules: may the actor see (and so link to) this account? */
export async function isAccountVisible(trx: Kysely<DB>, actor: Actor, id: string): Promise<boolean> {
  return (await findVisibleAccount(trx, actor, id)) !== null;
}

/** Company fields as capture channels deliver them (already validated). */
export interface CapturedAccount {
  name: string;
  domain?: string | null | undefined;
  industry?: string | null | undefined;
  employeeCount?: number | null | undefined;
  country?: string | null | undefined;
}

export function createAccountService(deps: AccountServiceDeps) {
  const { clock, outbox, unlinkContacts } = deps;
  const db = deps.database.db;
  const repo = createAccountsRepository(db);

  async function loadVisible(actor: Actor, id: string, trx: Kysely<DB> = db): Promise<AccountListRow> {
    const row = await repo.findById(id, trx);
    if (!row || !canOnRecord(actor, 'read', { ownerId: row.owner_id, ownerTeamId: row.owner_team_id })) {
      throw notFound('account');
    }
    return row;
  }

  const event = (type: string, id: string, payload: Record<string, unknown> = {}) => ({
    type,
    aggregateType: 'account',
    aggregateId: id,
    payload: { id, ...payload },
  });

  return {
    async create(actor: Actor, input: CreateAccountInput, options: { audit?: AuditContext } = {}): Promise<Account> {
      if (!can(actor, 'records.create')) throw forbidden();
      const ownerId = input.ownerId === undefined ? defaultOwner(actor) : input.ownerId;
      const fields = mergeAccount(emptyAccount(input.name, ownerId), input);
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await checkOwner(trx, actor, fields.ownerId);
        const now = clock.now().toISOString();
        await repo.insert(
          { id, ...accountDbFields(fields), created_by: actor.id, created_at: now, updated_at: now },
          trx,
        );
        await appendAudit(trx, options.audit ?? { actor }, {
          at: now,
          entityType: 'account',
          entityId: id,
          action: 'create',
          before: null,
          after: { ...fields },
        });
        await outbox.enqueue(trx, [event('account.created', id)]);
      });
      outbox.notify();
      return toAccount((await repo.findById(id))!);
    },

    get: async (actor: Actor, id: string): Promise<Account> => toAccount(await loadVisible(actor, id)),

    /**
     * The company named by captured data (a form, an import, the lead API), in the caller's transaction:
     * the existing account with that domain or name, its blanks filled, or a new unowned account.
     */
    async capture(trx: Kysely<DB>, audit: AuditContext, input: CapturedAccount): Promise<string> {
      const captured = mergeAccount(emptyAccount(input.name.trim(), null), input);
      const key = accountMatchKey(captured.name);
      await repo.lockName(trx, key);
      const existing = await repo.findByDomainOrName(trx, captured.domain, key);
      const now = clock.now().toISOString();
      if (existing) {
        const before = rowToAccountFields(existing, parseJson<CustomFields>(existing.custom_fields, {}));
        const { name: _name, ownerId: _owner, ...rest } = captured;
        const { next, filled } = fillBlanks(before, rest);
        if (filled.length === 0) return existing.id;
        await repo.update(existing.id, { ...accountDbFields(next), updated_at: now }, trx);
        await appendAudit(trx, audit, {
          at: now,
          entityType: 'account',
          entityId: existing.id,
          action: 'update',
          ...changedFields({ ...before }, { ...next }),
        });
        await outbox.enqueue(trx, [event('account.updated', existing.id)]);
        return existing.id;
      }
      const id = newId();
      await repo.insert({ id, ...accountDbFields(captured), created_by: null, created_at: now, updated_at: now }, trx);
      await appendAudit(trx, audit, {
        at: now,
        entityType: 'account',
        entityId: id,
        action: 'create',
        before: null,
        after: { ...captured },
      });
      await outbox.enqueue(trx, [event('account.created', id)]);
      return id;
    },

    async update(
      actor: Actor,
      id: string,
      patch: UpdateAccountInput,
      options: { audit?: AuditContext } = {},
    ): Promise<Account> {
      await db.transaction().execute(async (trx) => {
        const row = await loadVisible(actor, id, trx);
        const before = rowToAccountFields(row, parseJson<CustomFields>(row.custom_fields, {}));
        const after = mergeAccount(before, patch);
        if (after.ownerId !== before.ownerId) await checkOwner(trx, actor, after.ownerId);
        const diff = changedFields({ ...before }, { ...after });
        if (Object.keys(diff.after).length === 0) return;
        const now = clock.now().toISOString();
        await repo.update(id, { ...accountDbFields(after), updated_at: now }, trx);
        await appendAudit(trx, options.audit ?? { actor }, {
          at: now,
          entityType: 'account',
          entityId: id,
          action: 'update',
          ...diff,
        });
        await outbox.enqueue(trx, [event('account.updated', id, { changed: Object.keys(diff.after) })]);
      });
      outbox.notify();
      return toAccount((await repo.findById(id))!);
    },

    async delete(actor: Actor, id: string, options: { audit?: AuditContext } = {}): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await loadVisible(actor, id, trx);
        if (!canOnRecord(actor, 'delete', { ownerId: row.owner_id, ownerTeamId: row.owner_team_id })) {
          throw forbidden('Sales reps cannot delete accounts; ask your manager.');
        }
        const now = clock.now().toISOString();
        await unlinkContacts(trx, options.audit ?? { actor }, id);
        await repo.delete(id, trx);
        await appendAudit(trx, options.audit ?? { actor }, {
          at: now,
          entityType: 'account',
          entityId: id,
          action: 'delete',
          before: { ...rowToAccountFields(row, parseJson<CustomFields>(row.custom_fields, {})) },
          after: null,
        });
        await outbox.enqueue(trx, [event('account.deleted', id)]);
      });
      outbox.notify();
    },

    async list(actor: Actor, query: AccountListQuery): Promise<{ items: Account[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await repo.list({
        ...query,
        scope: recordScope(actor),
        terms: query.q ? accountSearchTerms(query.q) : undefined,
      });
      return { items: rows.map(toAccount), nextCursor };
    },

    async audit(actor: Actor, id: string): Promise<AuditEntry[]> {
      await loadVisible(actor, id);
      return listAudit(db, 'account', id);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
