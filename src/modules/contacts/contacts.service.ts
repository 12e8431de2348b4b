import type { Kysely } from 'kysely';
import { parseJson, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, forbidden, invalid, notFound } from '../../shared/errors.js';
import { customFieldsWithinLimit, type CustomFields } from '../../shared/fields.js';
import { fillBlanks } from '../../shared/capture.js';
import { csvLine, UTF8_BOM } from '../../shared/csv.js';
import { newId } from '../../shared/ids.js';
import { appendAudit, changedFields, listAudit, type AuditContext, type AuditEntry } from '../audit/index.js';
import { checkOwner } from '../users/index.js';
import { can, canOnRecord, defaultOwner, recordScope, type Actor } from '../auth/index.js';
import {
  canonicalizeContact,
  contactNameNorm,
  contactSearchText,
  fieldsFromInput,
  mergeContact,
  phoneMatchIsSamePerson,
  rowToFields,
  searchTerms,
  type Contact,
  type ContactFields,
  type CreateContactInput,
  type UpdateContactInput,
} from './contact.js';
import type { BulkUpdateInput, BulkUpdateResult } from './bulk.js';
import { contactsNotChangeable, contactsNotVisible, duplicateContact } from './contacts.errors.js';
import { createContactsRepository, type ContactFilters, type ContactListRow } from './contacts.repository.js';
import type { EraseInput } from './erasure.js';
import { createErasureService } from './erasure.service.js';
import type { MergeInput } from './merge.js';
import { createMergeService } from './merge.service.js';
import { filterKeys, type ReasonFilter } from './reasons.js';
import { createReasonsRepository, type ContactReasons, type LatestChange } from './reasons.repository.js';
import {
  customCells,
  customColumnKeys,
  EXPORT_PAGE_SIZE,
  exportFileName,
  exportHeader,
  type ExportCell,
} from './export.js';
import { createTimelineService } from './timeline.service.js';
import { MAX_SUGGESTIONS, MAX_VALUE_BATCHES, suggestValues, VALUES_PER_BATCH, type ValueField } from './values.js';

/**
 * A list request: the repository's filters, with the search text as typed instead of folded terms and the
 * "why" filters (reasons.ts) as named in the API.
 */
export type ContactListQuery = Omit<ContactFilters, 'scope' | 'terms' | 'reasonKeys'> & {
  q?: string | undefined;
  reason?: ReasonFilter | undefined;
  reasonEvent?: string | undefined;
};

/** What a reader allowed to see a contact may see of it beyond its own fields (ContactService.assertVisible). */
export interface ContactVisibility {
  /** Whether its company's fields may be shown (when it has a company). */
  accountVisible: boolean;
}

/** An export request: the list's filters and sort, every page. */
export type ContactExportQuery = Omit<ContactListQuery, 'cursor' | 'limit'>;

/** A contact in the list, with the latest temperature change and its reasons ("why"), if any. */
export type ContactListItem = Contact & { why: LatestChange | null };

/** How many audit entries a contact's history shows (its own and those of contacts merged into it). */
const AUDIT_LIMIT = 200;

/** Whether the actor may see the contact's company (its fields, in scores and predictions too). */
function accountShown(
  row: { account_id: string | null; account_owner_id: string | null; account_owner_team_id: string | null },
  actor: Actor,
): boolean {
  return (
    row.account_id !== null &&
    canOnRecord(actor, 'read', { ownerId: row.account_owner_id, ownerTeamId: row.account_owner_team_id })
  );
}

/** The API view of a contact for this actor: an account the actor may not see shows as a bare id. */
export function toContact(row: ContactListRow, actor: Actor): Contact {
  const accountVisible = accountShown(row, actor);
  const fields = rowToFields(row, parseJson<CustomFields>(row.custom_fields, {}));
  return {
    id: row.id,
    ...fields,
    account: accountVisible ? { id: row.account_id!, name: row.account_name ?? '' } : null,
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    temperature: row.temperature as Contact['temperature'],
    fitScore: row.fit_score,
    fitGrade: row.fit_grade as Contact['fitGrade'],
    engagementScore: Number(row.engagement_score),
    predictiveScore: row.predictive_score === null ? null : Number(row.predictive_score),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function auditSnapshot(f: ContactFields): Record<string, unknown> {
  return { ...f };
}

/** A person as capture channels deliver them (validated by the channel; phone as typed). */
export interface CapturedContact {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  jobTitle?: string | null | undefined;
  seniority?: string | null | undefined;
  source?: string | null | undefined;
  campaign?: string | null | undefined;
  customFields?: CustomFields | undefined;
}

/** A name to show for someone who left only an email or a phone: the email's local part, else the phone. */
function fallbackFirstName(f: ContactFields): string {
  const local = f.email?.split('@')[0];
  return (local && local.length > 0 ? local : f.phone) ?? '?';
}

/** The error with its field errors named as the request nests them (`ownerId` in `set` is `set.ownerId`). */
function fieldsUnder(prefix: string, error: unknown): unknown {
  if (!(error instanceof AppError) || !error.details.errors) return error;
  return new AppError(error.kind, error.code, error.message, {
    ...error.details,
    errors: error.details.errors.map((e) => ({ ...e, field: `${prefix}.${e.field}` })),
  });
}

export interface ContactServiceDeps {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  phoneRegion: string;
  /** Whether the actor may see (and so link a contact to) an account; provided by the accounts module. */
  accountVisible: (trx: Kysely<DB>, actor: Actor, accountId: string) => Promise<boolean>;
  /**
   * History entries of the imports that created these contacts, each with the contact it created, with the
   * file and row when `withFile`; provided by the imports module.
   */
  importEntries?:
    | ((contactIds: readonly string[], withFile: boolean) => Promise<{ contactId: string; entry: AuditEntry }[]>)
    | undefined;
  /** Contacts read per query by an export (tests page with a few contacts). */
  exportPageSize?: number | undefined;
}

export function createContactService(deps: ContactServiceDeps) {
  const { clock, outbox, phoneRegion, accountVisible } = deps;
  const exportPageSize = deps.exportPageSize ?? EXPORT_PAGE_SIZE;
  const db = deps.database.db;
  const repo = createContactsRepository(db);

  /**
   * Out of scope answers like a missing record: existence is not revealed. Routing hands reps leads they do
   * not own: the one holding a contact's active handoff reads it too (their inbox and notifications link to it).
   */
  async function checkVisible(
    actor: Actor,
    id: string,
    row: { owner_id: string | null; owner_team_id: string | null } | undefined,
    trx: Kysely<DB>,
  ): Promise<void> {
    if (
      !row ||
      !(
        canOnRecord(actor, 'read', { ownerId: row.owner_id, ownerTeamId: row.owner_team_id }) ||
        (await repo.holdsActiveHandoff(id, actor.id, trx))
      )
    ) {
      throw notFound('contact');
    }
  }

  async function loadVisible(actor: Actor, id: string, trx: Kysely<DB> = db): Promise<ContactListRow> {
    const row = await repo.findById(id, trx);
    await checkVisible(actor, id, row, trx);
    return row!;
  }

  /** The repository's filters for a list or export request, refusing a score range that is upside down. */
  function listFilters(actor: Actor, query: ContactListQuery): ContactFilters {
    const { reason, reasonEvent, q, ...filters } = query;
    if (
      filters.minFitScore !== undefined &&
      filters.maxFitScore !== undefined &&
      filters.minFitScore > filters.maxFitScore
    ) {
      throw invalid('maxFitScore', 'Must be at least minFitScore.');
    }
    return {
      ...filters,
      scope: recordScope(actor),
      terms: q ? searchTerms(q, phoneRegion) : undefined,
      reasonKeys: filterKeys(reason, reasonEvent),
    };
  }

  async function checkAccount(trx: Kysely<DB>, actor: Actor, accountId: string | null): Promise<void> {
    if (accountId === null) return;
    if (!(await accountVisible(trx, actor, accountId))) throw invalid('accountId', 'No such account.');
  }

  /**
   * Refuses a second contact with the same email or phone among those the actor can see. Duplicates
   * outside the actor's scope do not block (that would reveal that someone else has this person); they
   * stay findable for marketing and admins through the duplicates endpoint.
   */
  async function assertNoDuplicate(trx: Kysely<DB>, actor: Actor, f: ContactFields, excludeId: string | null) {
    // PostgreSQL: concurrent creates of the same person serialise here instead of both passing the check.
    await repo.lockIdentity(trx, [f.email, f.phone]);
    const visible = await repo.findDuplicates(
      { email: f.email, phone: f.phone, nameNorm: null, accountId: null },
      excludeId,
      trx,
      recordScope(actor),
    );
    if (visible.length > 0) throw duplicateContact(visible.map((d) => d.id));
  }

  function dbFields(f: ContactFields) {
    return {
      first_name: f.firstName,
      last_name: f.lastName,
      email: f.email,
      phone: f.phone,
      job_title: f.jobTitle,
      seniority: f.seniority,
      account_id: f.accountId,
      owner_id: f.ownerId,
      source: f.source,
      campaign: f.campaign,
      custom_fields: JSON.stringify(f.customFields),
      name_norm: contactNameNorm(f),
      search_text: contactSearchText(f),
    };
  }

  const reasonsRepo = createReasonsRepository(db);
  const timelines = createTimelineService({ db, loadVisible: (actor, id) => loadVisible(actor, id) });
  const merges = createMergeService({ db, clock, outbox, repo, loadVisible, checkAccount, dbFields });
  const erasures = createErasureService({ db, clock, outbox, phoneRegion, repo, loadVisible });

  return {
    async create(
      actor: Actor,
      input: CreateContactInput,
      options: { allowDuplicate?: boolean; audit?: AuditContext } = {},
    ): Promise<Contact> {
      if (!can(actor, 'records.create')) throw forbidden();
      const requestedOwner = input.ownerId === undefined ? defaultOwner(actor) : input.ownerId;
      const fields = canonicalizeContact(fieldsFromInput(input, requestedOwner), phoneRegion);
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await checkOwner(trx, actor, fields.ownerId);
        await checkAccount(trx, actor, fields.accountId);
        if (!options.allowDuplicate) await assertNoDuplicate(trx, actor, fields, null);
        const now = clock.now().toISOString();
        await repo.insert({ id, ...dbFields(fields), created_by: actor.id, created_at: now, updated_at: now }, trx);
        await appendAudit(trx, options.audit ?? { actor }, {
          at: now,
          entityType: 'contact',
          entityId: id,
          action: 'create',
          before: null,
          after: auditSnapshot(fields),
        });
        await outbox.enqueue(trx, [
          {
            type: 'contact.created',
            aggregateType: 'contact',
            aggregateId: id,
            payload: { id, accountIds: fields.accountId ? [fields.accountId] : [] },
          },
        ]);
      });
      outbox.notify();
      return toContact((await repo.findById(id))!, actor);
    },

    get: async (actor: Actor, id: string): Promise<Contact> => toContact(await loadVisible(actor, id), actor),

    /**
     * Fails with not found unless the actor may read the contact (the same rule as `get`), reading only who
     * owns it and its company: the guard of routes about a contact that do not show it (its events, scores,
     * handoffs). Says whether the actor may also see the contact's company, as `get` shows it: a score's
     * reasons and a prediction's factors leave its fields out otherwise.
     */
    async assertVisible(actor: Actor, id: string): Promise<ContactVisibility> {
      const scope = await repo.findScope(id, db);
      await checkVisible(actor, id, scope, db);
      return { accountVisible: accountShown(scope!, actor) };
    },

    /**
     * A person delivered by a capture channel (form, lead API, email click), in the caller's transaction:
     * deduplicated on normalised email, then E.164 phone (when one of the two has no email:
     * phoneMatchIsSamePerson), across all contacts (capture is the system, not a
     * user with a scope). An existing contact only gets its blanks filled (see fillBlanks); a new one is
     * unowned until routed. Throws a validation error naming `phone` for a number that is not one.
     */
    async capture(
      trx: Kysely<DB>,
      audit: AuditContext,
      input: CapturedContact,
      accountId: string | null,
    ): Promise<{ id: string; created: boolean }> {
      const captured = canonicalizeContact(
        {
          firstName: input.firstName?.trim() ?? '',
          lastName: input.lastName?.trim() ?? '',
          email: input.email ?? null,
          phone: input.phone ?? null,
          jobTitle: input.jobTitle ?? null,
          seniority: input.seniority ?? null,
          accountId,
          ownerId: null,
          source: input.source ?? null,
          campaign: input.campaign ?? null,
          customFields: input.customFields ?? {},
        },
        phoneRegion,
      );
      if (!captured.email && !captured.phone) throw invalid('email', 'An email address or a phone number is required.');
      await repo.lockIdentity(trx, [captured.email, captured.phone]);
      // By email first, then by phone: many contacts may share an office's number, and an email match must
      // never be left out behind them.
      const probe = (email: string | null, phone: string | null) =>
        repo.findDuplicates({ email, phone, nameNorm: null, accountId: null }, null, trx);
      const existing =
        (captured.email ? (await probe(captured.email, null))[0] : undefined) ??
        (captured.phone
          ? (await probe(null, captured.phone)).find((m) => phoneMatchIsSamePerson(captured.email, m))
          : undefined);
      const now = clock.now().toISOString();
      if (existing) {
        const before = rowToFields(existing, parseJson<CustomFields>(existing.custom_fields, {}));
        const { ownerId: _owner, ...offered } = captured;
        offered.customFields = customFieldsWithinLimit(before.customFields, offered.customFields);
        const { next, filled } = fillBlanks(before, offered);
        if (filled.length > 0) {
          await repo.update(existing.id, { ...dbFields(next), updated_at: now }, trx);
          await appendAudit(trx, audit, {
            at: now,
            entityType: 'contact',
            entityId: existing.id,
            action: 'update',
            ...changedFields(auditSnapshot(before), auditSnapshot(next)),
          });
          await outbox.enqueue(trx, [
            {
              type: 'contact.updated',
              aggregateType: 'contact',
              aggregateId: existing.id,
              payload: {
                id: existing.id,
                changed: filled,
                accountIds: next.accountId && next.accountId !== before.accountId ? [next.accountId] : [],
              },
            },
          ]);
        }
        return { id: existing.id, created: false };
      }
      const fields = { ...captured, firstName: captured.firstName || fallbackFirstName(captured) };
      const id = newId();
      await repo.insert({ id, ...dbFields(fields), created_by: null, created_at: now, updated_at: now }, trx);
      await appendAudit(trx, audit, {
        at: now,
        entityType: 'contact',
        entityId: id,
        action: 'create',
        before: null,
        after: auditSnapshot(fields),
      });
      await outbox.enqueue(trx, [
        {
          type: 'contact.created',
          aggregateType: 'contact',
          aggregateId: id,
          payload: { id, accountIds: fields.accountId ? [fields.accountId] : [] },
        },
      ]);
      return { id, created: true };
    },

    async update(
      actor: Actor,
      id: string,
      patch: UpdateContactInput,
      options: { allowDuplicate?: boolean; audit?: AuditContext } = {},
    ): Promise<Contact> {
      await db.transaction().execute(async (trx) => {
        const row = await loadVisible(actor, id, trx);
        if (!canOnRecord(actor, 'update', { ownerId: row.owner_id, ownerTeamId: row.owner_team_id }))
          throw notFound('contact');
        const before = rowToFields(row, parseJson<CustomFields>(row.custom_fields, {}));
        const after = canonicalizeContact(mergeContact(before, patch), phoneRegion);
        if (after.ownerId !== before.ownerId) await checkOwner(trx, actor, after.ownerId);
        if (after.accountId !== before.accountId) await checkAccount(trx, actor, after.accountId);
        const diff = changedFields(auditSnapshot(before), auditSnapshot(after));
        if (Object.keys(diff.after).length === 0) return;
        if (!options.allowDuplicate && (after.email !== before.email || after.phone !== before.phone)) {
          await assertNoDuplicate(
            trx,
            actor,
            {
              ...after,
              email: after.email !== before.email ? after.email : null,
              phone: after.phone !== before.phone ? after.phone : null,
            },
            id,
          );
        }
        const now = clock.now().toISOString();
        await repo.update(id, { ...dbFields(after), updated_at: now }, trx);
        await appendAudit(trx, options.audit ?? { actor }, {
          at: now,
          entityType: 'contact',
          entityId: id,
          action: 'update',
          ...diff,
        });
        await outbox.enqueue(trx, [
          {
            type: 'contact.updated',
            aggregateType: 'contact',
            aggregateId: id,
            payload: {
              id,
              changed: Object.keys(diff.after),
              accountIds: [...new Set([before.accountId, after.accountId].filter((a): a is string => a !== null))],
            },
          },
        ]);
      });
      outbox.notify();
      return toContact((await repo.findById(id))!, actor);
    },

    /**
     * Sets the same values (the owner) on many contacts, all or nothing, in one transaction. Every contact is
     * checked as `update` checks one: those that do not exist or are out of view fail the whole request with
     * not found (naming them), those seen but not changeable (a lead handed to the caller) with forbidden;
     * the owner must be one the caller may assign. Each contact that changes gets the audit entry and the
     * `contact.updated` event a single update writes; those that already had the values count as unchanged.
     */
    async bulkUpdate(
      actor: Actor,
      input: BulkUpdateInput,
      options: { audit?: AuditContext } = {},
    ): Promise<BulkUpdateResult> {
      const { ids, set } = input;
      const result = await db.transaction().execute(async (trx) => {
        const rows = new Map((await repo.findByIds(ids, trx, { lock: true })).map((r) => [r.id, r]));
        const ownership = (r: ContactListRow) => ({ ownerId: r.owner_id, ownerTeamId: r.owner_team_id });
        const outOfScope = ids.filter((id) => {
          const row = rows.get(id);
          return !row || !canOnRecord(actor, 'read', ownership(row));
        });
        const held = await repo.heldActiveHandoffs(
          outOfScope.filter((id) => rows.has(id)),
          actor.id,
          trx,
        );
        const notVisible = outOfScope.filter((id) => !held.has(id));
        if (notVisible.length > 0) throw contactsNotVisible(notVisible);
        const notChangeable = ids.filter((id) => !canOnRecord(actor, 'update', ownership(rows.get(id)!)));
        if (notChangeable.length > 0) throw contactsNotChangeable(notChangeable);

        const changes = ids.flatMap((id) => {
          const row = rows.get(id)!;
          const before = rowToFields(row, parseJson<CustomFields>(row.custom_fields, {}));
          const diff = changedFields(auditSnapshot(before), auditSnapshot({ ...before, ...set }));
          return Object.keys(diff.after).length === 0 ? [] : [{ row, diff }];
        });
        if (changes.length === 0) return { updated: 0, unchanged: ids.length };
        await checkOwner(trx, actor, set.ownerId).catch((error: unknown) => {
          throw fieldsUnder('set', error);
        });
        const now = clock.now().toISOString();
        await repo.updateMany(
          changes.map((c) => c.row.id),
          { owner_id: set.ownerId, updated_at: now },
          trx,
        );
        for (const { row, diff } of changes) {
          await appendAudit(trx, options.audit ?? { actor }, {
            at: now,
            entityType: 'contact',
            entityId: row.id,
            action: 'update',
            ...diff,
          });
        }
        await outbox.enqueue(
          trx,
          changes.map(({ row, diff }) => ({
            type: 'contact.updated',
            aggregateType: 'contact',
            aggregateId: row.id,
            payload: {
              id: row.id,
              changed: Object.keys(diff.after),
              accountIds: row.account_id ? [row.account_id] : [],
            },
          })),
        );
        return { updated: changes.length, unchanged: ids.length - changes.length };
      });
      if (result.updated > 0) outbox.notify();
      return result;
    },

    async delete(actor: Actor, id: string, options: { audit?: AuditContext } = {}): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await loadVisible(actor, id, trx);
        if (!canOnRecord(actor, 'delete', { ownerId: row.owner_id, ownerTeamId: row.owner_team_id })) {
          throw forbidden('Sales reps cannot delete contacts; ask your manager.');
        }
        const now = clock.now().toISOString();
        await repo.delete(id, trx);
        await appendAudit(trx, options.audit ?? { actor }, {
          at: now,
          entityType: 'contact',
          entityId: id,
          action: 'delete',
          before: auditSnapshot(rowToFields(row, parseJson<CustomFields>(row.custom_fields, {}))),
          after: null,
        });
        await outbox.enqueue(trx, [
          {
            type: 'contact.deleted',
            aggregateType: 'contact',
            aggregateId: id,
            payload: { id, accountIds: row.account_id ? [row.account_id] : [] },
          },
        ]);
      });
      outbox.notify();
    },

    /**
     * Erases the person (GDPR Article 17): the contact and everything that identifies them, with the audit
     * entries about them redacted (see erasure.service.ts). Admins and marketing only; `input.confirm` names
     * the contact (its email, else phone, else id).
     */
    erase: (actor: Actor, id: string, input: EraseInput, options: { audit?: AuditContext } = {}) =>
      erasures.erase(actor, id, input, options),

    /** Source or campaign values on the contacts the actor may see that match `q`: the filters' suggestions. */
    async values(actor: Actor, field: ValueField, q: string | undefined): Promise<string[]> {
      const scope = recordScope(actor);
      const matches: string[] = [];
      let after: string | null = null;
      for (let batch = 0; batch < MAX_VALUE_BATCHES; batch++) {
        const values = await repo.distinctValues(field, scope, VALUES_PER_BATCH, after);
        matches.push(...suggestValues(values, q ?? '', Infinity));
        // Values come alphabetically: without a query the first batch holds the first ones.
        if (values.length < VALUES_PER_BATCH || !q?.trim() || matches.length >= MAX_SUGGESTIONS) break;
        after = values[values.length - 1]!;
      }
      return suggestValues(matches, q ?? '');
    },

    async list(
      actor: Actor,
      query: ContactListQuery,
    ): Promise<{ items: ContactListItem[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await repo.list(listFilters(actor, query));
      const why = await reasonsRepo.latestChanges(rows.map((r) => r.id));
      return { items: rows.map((r) => ({ ...toContact(r, actor), why: why.get(r.id) ?? null })), nextCursor };
    },

    /**
     * Every contact the list's filters show the actor, as CSV (UTF-8 with a byte order mark, so spreadsheets
     * read Persian right; formulas neutralised), read a page at a time as the download goes out. Custom fields
     * found on the first page get a column each, the rest one JSON column. An audit entry records who exported
     * with which filters and how many rows went out (also when the download was cut short).
     */
    async exportCsv(
      actor: Actor,
      query: ContactExportQuery,
      audit: AuditContext,
    ): Promise<{ fileName: string; lines: AsyncIterable<string> }> {
      const filters = listFilters(actor, { ...query, limit: exportPageSize });
      const first = await repo.list(filters);
      const parsed = (rows: ContactListRow[]) =>
        rows.map((r) => ({ row: r, custom: parseJson<CustomFields>(r.custom_fields, {}) }));
      const customKeys = customColumnKeys(parsed(first.rows).map((p) => p.custom));
      const line = (r: ContactListRow, custom: CustomFields) => {
        const c = toContact(r, actor);
        const cells: ExportCell[] = [
          c.id,
          c.firstName,
          c.lastName,
          c.email,
          c.phone,
          c.jobTitle,
          c.seniority,
          c.account?.name ?? null,
          c.owner?.name ?? null,
          c.owner ? r.owner_email : null,
          c.source,
          c.campaign,
          c.temperature,
          c.fitScore,
          c.fitGrade,
          c.engagementScore,
          c.predictiveScore,
          c.createdAt,
          c.updatedAt,
        ];
        return csvLine([...cells, ...customCells(custom, customKeys)]);
      };
      const { q, ...given } = query;
      // The filters without the search text, which may name a person: only whether there was one.
      const recorded = { ...given, search: Boolean(q) };
      async function* lines(): AsyncIterable<string> {
        let rows = 0;
        let complete = false;
        try {
          yield UTF8_BOM + csvLine(exportHeader(customKeys));
          let current = first;
          for (;;) {
            let chunk = '';
            for (const { row, custom } of parsed(current.rows)) chunk += line(row, custom);
            rows += current.rows.length;
            if (chunk) yield chunk;
            if (!current.nextCursor) break;
            current = await repo.list({ ...filters, cursor: current.nextCursor });
          }
          complete = true;
        } finally {
          await appendAudit(db, audit, {
            at: clock.now().toISOString(),
            entityType: 'contacts',
            entityId: 'export',
            action: 'export',
            before: null,
            after: { filters: recorded, rows, complete },
          });
        }
      }
      return { fileName: exportFileName('contacts', clock.now()), lines: lines() };
    },

    async duplicates(
      actor: Actor,
      probe: {
        email?: string | undefined;
        phone?: string | undefined;
        firstName?: string | undefined;
        lastName?: string | undefined;
        accountId?: string | undefined;
      },
    ): Promise<Contact[]> {
      const canonical = canonicalizeContact(
        {
          firstName: probe.firstName ?? '',
          lastName: probe.lastName ?? '',
          email: probe.email ?? null,
          phone: probe.phone ?? null,
          jobTitle: null,
          seniority: null,
          accountId: probe.accountId ?? null,
          ownerId: null,
          source: null,
          campaign: null,
          customFields: {},
        },
        phoneRegion,
      );
      const nameNorm = probe.firstName || probe.lastName ? contactNameNorm(canonical) : null;
      const rows = await repo.findDuplicates(
        { email: canonical.email, phone: canonical.phone, nameNorm, accountId: canonical.accountId },
        null,
        db,
        recordScope(actor),
      );
      return rows.map((r) => toContact(r, actor));
    },

    /**
     * Unlinks every contact from an account that is being deleted, inside the caller's transaction, with an
     * audit entry and a `contact.updated` event for each: the history of a contact never changes silently.
     */
    async unlinkAccount(trx: Kysely<DB>, audit: AuditContext, accountId: string): Promise<number> {
      const rows = await repo.linkedTo(accountId, trx);
      const now = clock.now().toISOString();
      for (const row of rows) {
        await repo.update(row.id, { account_id: null, updated_at: now }, trx);
        await appendAudit(trx, audit, {
          at: now,
          entityType: 'contact',
          entityId: row.id,
          action: 'update',
          before: { accountId },
          after: { accountId: null },
        });
      }
      await outbox.enqueue(
        trx,
        rows.map((row) => ({
          type: 'contact.updated',
          aggregateType: 'contact',
          aggregateId: row.id,
          payload: { id: row.id, changed: ['accountId'], accountIds: [accountId] },
        })),
      );
      return rows.length;
    },

    /** The contact's audit history, including that of every contact merged into it (newest first). */
    async audit(actor: Actor, id: string): Promise<AuditEntry[]> {
      await loadVisible(actor, id);
      const ids = [id, ...(await merges.absorbedIds(id))];
      const [imported, ...lists] = await Promise.all([
        deps.importEntries?.(ids, can(actor, 'marketing.manage')) ?? [],
        ...ids.map((entityId) => listAudit(db, 'contact', entityId)),
      ]);
      // Newest first by id. An import's entry is written when the import ends, after the batch that created
      // its contact (which may have been edited meanwhile): it sorts below every other entry of that contact.
      const oldest = new Map(ids.map((entityId, i) => [entityId, Math.min(...lists[i]!.map((e) => e.id))]));
      const order = new Map<AuditEntry, number>();
      for (const { contactId, entry } of imported) {
        order.set(entry, Math.min(entry.id, (oldest.get(contactId) ?? Infinity) - 0.5));
      }
      return [...lists.flat(), ...imported.map((i) => i.entry)]
        .sort((a, b) => (order.get(b) ?? b.id) - (order.get(a) ?? a.id))
        .slice(0, AUDIT_LIMIT);
    },

    /** Visits, form submissions, email opens and clicks, custom events and temperature changes, newest first. */
    timeline: (actor: Actor, id: string, page: { cursor?: string | undefined; limit: number }) =>
      timelines.timeline(actor, id, page),

    /** Merges `input.duplicateId` into contact `id` (see merge.service.ts) and returns the merged contact. */
    async merge(actor: Actor, id: string, input: MergeInput, options: { audit?: AuditContext } = {}): Promise<Contact> {
      await merges.merge(actor, id, input, options);
      return toContact((await repo.findById(id))!, actor);
    },

    /**
     * Keeps the "why" filter keys in step: scoring calls this in the transaction that records temperature
     * changes, with each changed contact's new reasons.
     */
    recordTemperatureReasons: (trx: Kysely<DB>, changes: readonly ContactReasons[]) =>
      reasonsRepo.replaceKeys(trx, changes),
  };
}

export type ContactService = ReturnType<typeof createContactService>;
