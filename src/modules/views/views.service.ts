import type { Kysely } from 'kysely';
import { isUniqueViolation, parseJson, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { appendAudit, changedFields, stableJson, type AuditContext } from '../audit/index.js';
import type { Actor } from '../auth/index.js';
import {
  auditedView,
  MAX_VIEWS_PER_USER,
  viewAccess,
  viewNameKey,
  type ContactView,
  type CreateViewInput,
  type UpdateViewInput,
  type ViewFilters,
} from './view.js';
import { tooManyViews, viewNameTaken, viewNotFound, viewNotOwned } from './views.errors.js';
import { createViewsRepository, type ViewRow } from './views.repository.js';

export interface ViewsServiceDeps {
  database: Database;
  clock: Clock;
}

function toView(actor: Actor, row: ViewRow): ContactView {
  const shared = row.shared === 1;
  return {
    id: row.id,
    name: row.name,
    shared,
    filters: parseJson<ViewFilters>(row.filters, {}),
    owner: { id: row.owner_id, name: row.owner_name ?? '' },
    editable: viewAccess(actor, { ownerId: row.owner_id, shared }) === 'change',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Saved views of the leads list. Each person keeps their own (at most MAX_VIEWS_PER_USER, names unique per
 * person); a shared one is read by everyone signed in and changed only by its owner or an admin. Someone
 * else's private view does not exist for the one asking (404). Every change is audited in its transaction.
 */
export function createViewsService(deps: ViewsServiceDeps) {
  const { clock } = deps;
  const db = deps.database.db;
  const repo = createViewsRepository(db);

  /** Runs `fn` in a transaction; a name clash the pre-check could not see (a concurrent save) is a 409. */
  async function inTransaction<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw viewNameTaken();
      throw err;
    }
  }

  /** The view as the actor may see it, or 404; `forChange` locks it for the rest of the transaction. */
  async function visible(actor: Actor, id: string, trx: Kysely<DB>, forChange = false): Promise<ViewRow> {
    const row = forChange ? await repo.findForChange(id, trx) : await repo.find(id, trx);
    if (!row || viewAccess(actor, { ownerId: row.owner_id, shared: row.shared === 1 }) === 'none') {
      throw viewNotFound();
    }
    return row;
  }

  /** The view the actor may change: 404 when they cannot see it, 403 when they can only read it. */
  async function changeable(actor: Actor, id: string, trx: Kysely<DB>): Promise<ViewRow> {
    const row = await visible(actor, id, trx, true);
    if (viewAccess(actor, { ownerId: row.owner_id, shared: row.shared === 1 }) !== 'change') throw viewNotOwned();
    return row;
  }

  async function assertNameFree(ownerId: string, nameKey: string, exceptId: string | null, trx: Kysely<DB>) {
    const clash = await repo.findByNameKey(ownerId, nameKey, trx);
    if (clash && clash.id !== exceptId) throw viewNameTaken();
  }

  return {
    async list(actor: Actor, f: { cursor?: string | undefined; limit: number }) {
      const { rows, nextCursor } = await repo.listVisible(actor.id, f);
      return { items: rows.map((r) => toView(actor, r)), nextCursor };
    },

    async get(actor: Actor, id: string): Promise<ContactView> {
      return toView(actor, await visible(actor, id, db));
    },

    async create(actor: Actor, input: CreateViewInput, audit: AuditContext): Promise<ContactView> {
      return inTransaction(async (trx) => {
        await repo.lockOwner(actor.id, trx);
        if ((await repo.countOwned(actor.id, trx)) >= MAX_VIEWS_PER_USER) throw tooManyViews();
        const nameKey = viewNameKey(input.name);
        await assertNameFree(actor.id, nameKey, null, trx);
        const now = clock.now().toISOString();
        const id = newId();
        await repo.insert(
          {
            id,
            owner_id: actor.id,
            name: input.name,
            name_key: nameKey,
            shared: input.shared ? 1 : 0,
            filters: JSON.stringify(input.filters),
            created_at: now,
            updated_at: now,
          },
          trx,
        );
        const view = toView(actor, (await repo.find(id, trx))!);
        await appendAudit(trx, audit, {
          at: now,
          entityType: 'contact_view',
          entityId: id,
          action: 'create',
          before: null,
          after: auditedView(view),
        });
        return view;
      });
    },

    async update(actor: Actor, id: string, input: UpdateViewInput, audit: AuditContext): Promise<ContactView> {
      return inTransaction(async (trx) => {
        const row = await changeable(actor, id, trx);
        const before = toView(actor, row);
        const name = input.name ?? before.name;
        const nameKey = viewNameKey(name);
        if (input.name !== undefined) await assertNameFree(row.owner_id, nameKey, id, trx);
        const after = { name, shared: input.shared ?? before.shared, filters: input.filters ?? before.filters };
        const unchanged =
          after.name === before.name &&
          after.shared === before.shared &&
          stableJson(after.filters) === stableJson(before.filters);
        if (unchanged) return before;
        // A change of the search text alone is an entry with no values: the log does not keep the text.
        const diff = changedFields(auditedView(before), auditedView(after));
        const now = clock.now().toISOString();
        await repo.update(
          id,
          {
            name,
            name_key: nameKey,
            shared: after.shared ? 1 : 0,
            filters: JSON.stringify(after.filters),
            updated_at: now,
          },
          trx,
        );
        await appendAudit(trx, audit, {
          at: now,
          entityType: 'contact_view',
          entityId: id,
          action: 'update',
          ...diff,
        });
        return toView(actor, (await repo.find(id, trx))!);
      });
    },

    async delete(actor: Actor, id: string, audit: AuditContext): Promise<void> {
      await inTransaction(async (trx) => {
        const row = await changeable(actor, id, trx);
        await repo.remove(id, trx);
        await appendAudit(trx, audit, {
          at: clock.now().toISOString(),
          entityType: 'contact_view',
          entityId: id,
          action: 'delete',
          before: auditedView(toView(actor, row)),
          after: null,
        });
      });
    },
  };
}

export type ViewsService = ReturnType<typeof createViewsService>;
