import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden, invalid, notFound } from '../../shared/errors.js';
import { appendAudit, redactAudit, REDACTED, type AuditContext } from '../audit/index.js';
import { can, canOnRecord, type Actor } from '../auth/index.js';
import type { ContactListRow, ContactsRepository } from './contacts.repository.js';
import {
  answersHoldEmail,
  confirmationOf,
  confirms,
  searchNamesPerson,
  type EraseInput,
  type ErasureCounts,
} from './erasure.js';
import { createErasureRepository } from './erasure.repository.js';

export interface ErasureDeps {
  db: Kysely<DB>;
  clock: Clock;
  outbox: Outbox;
  phoneRegion: string;
  repo: ContactsRepository;
  loadVisible: (actor: Actor, id: string, trx: Kysely<DB>) => Promise<ContactListRow>;
}

const CONFIRM_MESSAGES = {
  email: "Type the contact's email address to confirm.",
  phone: "Type the contact's phone number to confirm.",
  id: "Type the contact's id to confirm.",
} as const;

/**
 * Erases a person: in one transaction, the contact and everything that identifies them (events, visitors and
 * their anonymous events, form submissions, merged duplicates' snapshots, temperature history, logged
 * activities, notifications, import bookkeeping, stored lead API answers), with the values of the audit
 * entries about them and their handoffs redacted. One audit entry "erase" records who did it and how much went, and
 * `contact.deleted` tells the reactions (open pages, handoffs, account counts) that the contact is gone.
 */
export function createErasureService(deps: ErasureDeps) {
  const { db, clock, outbox, phoneRegion, repo } = deps;
  const erasures = createErasureRepository();

  return {
    async erase(
      actor: Actor,
      id: string,
      input: EraseInput,
      options: { audit?: AuditContext } = {},
    ): Promise<{ id: string; erased: ErasureCounts }> {
      // Refused by role before the record is read: the answer says nothing about whether it exists.
      if (!can(actor, 'contacts.erase')) throw forbidden('Only admins and marketing may erase personal data.');
      const erased = await db.transaction().execute(async (trx) => {
        // PostgreSQL: the identity keys first, then the row, in the order captures take them (a capture of this
        // email waits, then finds no one and creates a new contact, instead of writing to the erased one).
        const seen = await deps.loadVisible(actor, id, trx);
        await repo.lockIdentity(trx, [seen.email, seen.phone]);
        await erasures.lock(trx, id);
        const row = await deps.loadVisible(actor, id, trx);
        if (!canOnRecord(actor, 'delete', { ownerId: row.owner_id, ownerTeamId: row.owner_team_id })) {
          throw notFound('contact');
        }
        if (!confirms(row, input.confirm, phoneRegion)) {
          throw invalid('confirm', CONFIRM_MESSAGES[confirmationOf(row).field], 'contact.erase_unconfirmed');
        }
        const now = clock.now().toISOString();
        const absorbed = await erasures.absorbedIds(trx, id);
        const ids = [id, ...absorbed];
        // Events and submissions first: they are found through the visitors the contact still holds.
        const events = await erasures.deleteEvents(trx, id);
        // The person's addresses: their own and those of the duplicates merged into them.
        const emails = [
          ...new Set([...(row.email ? [row.email] : []), ...(await erasures.absorbedEmails(trx, absorbed))]),
        ];
        const formSubmissions = await erasures.deleteFormSubmissions(trx, id, emails, (data) =>
          emails.some((email) => answersHoldEmail(data, email)),
        );
        const visitors = await erasures.deleteVisitors(trx, id);
        const temperatureChanges = await erasures.deleteTemperatureHistory(trx, id);
        await erasures.deleteMerges(trx, ids);
        // Under the duplicates' ids too: a merge's reaction moves their activities, notifications and handoffs
        // over only once the worker runs it.
        const activities = await erasures.deleteActivities(trx, ids);
        const notifications = await erasures.deleteNotifications(trx, ids);
        const handoffNotes = await erasures.redactHandoffNotes(trx, ids, REDACTED);
        const importRows = await erasures.deleteImportRows(trx, ids, emails);
        const idempotencyRecords = await erasures.deleteIdempotencyRecords(trx, ids);
        // A search someone saved as a view of the leads list that names the person loses its search text.
        const searched = { emails, phone: row.phone, firstName: row.first_name, lastName: row.last_name };
        let savedViewSearches = 0;
        for (const view of await erasures.viewsWithSearch(trx)) {
          const { q, ...rest } = view.filters;
          if (typeof q !== 'string' || !searchNamesPerson(q, searched)) continue;
          await erasures.setViewFilters(trx, view.id, rest, now);
          savedViewSearches++;
        }
        // The entries about the person and the duplicates merged into them, and about their handoffs (a
        // rejection's or an outcome's note); who did what and when stays.
        const auditEntriesRedacted =
          (await redactAudit(trx, 'contact', ids, now)) +
          (await redactAudit(trx, 'handoff', await erasures.handoffIds(trx, ids), now));
        await erasures.deleteContact(trx, () => repo.delete(id, trx));
        const counts: ErasureCounts = {
          events,
          visitors,
          formSubmissions,
          mergedContacts: absorbed.length,
          temperatureChanges,
          activities,
          notifications,
          handoffNotes,
          importRows,
          idempotencyRecords,
          savedViewSearches,
          auditEntriesRedacted,
        };
        // Ids, who and when, and counts: nothing of the person.
        await appendAudit(trx, options.audit ?? { actor }, {
          at: now,
          entityType: 'contact',
          entityId: id,
          action: 'erase',
          before: null,
          after: { ...counts },
        });
        await outbox.enqueue(trx, [
          {
            type: 'contact.deleted',
            aggregateType: 'contact',
            aggregateId: id,
            payload: { id, accountIds: row.account_id ? [row.account_id] : [], erased: true },
          },
        ]);
        return counts;
      });
      outbox.notify();
      return { id, erased };
    },
  };
}

export type ErasureService = ReturnType<typeof createErasureService>;
