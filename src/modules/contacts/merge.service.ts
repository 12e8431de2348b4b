import type { Kysely } from 'kysely';
import { parseJson } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import type { CustomFields } from '../../shared/fields.js';
import { appendAudit, changedFields, type AuditContext } from '../audit/index.js';
import { canOnRecord, type Actor } from '../auth/index.js';
import { checkOwner } from '../users/index.js';
import { rowToFields, type ContactFields } from './contact.js';
import type { ContactListRow, ContactsRepository } from './contacts.repository.js';
import { laterDecision, mergeFields, type ManualDecision, type MergeInput } from './merge.js';
import { createMergeRepository } from './merge.repository.js';
import { createReasonsRepository } from './reasons.repository.js';

export interface MergeDeps {
  db: Kysely<DB>;
  clock: Clock;
  outbox: Outbox;
  repo: ContactsRepository;
  /** The contacts service's own checks and column mapping, so a merge writes a contact the way edits do. */
  loadVisible: (actor: Actor, id: string, trx: Kysely<DB>) => Promise<ContactListRow>;
  checkAccount: (trx: Kysely<DB>, actor: Actor, accountId: string | null) => Promise<void>;
  dbFields: (f: ContactFields) => Record<string, unknown>;
}

const duplicateNotFound = () =>
  new AppError('not_found', 'contact.not_found', 'No contact with the duplicateId is visible to you.', {
    errors: [{ field: 'duplicateId', message: 'No contact with this id is visible to you.' }],
  });

function fieldsOf(row: ContactListRow): ContactFields {
  return rowToFields(row, parseJson<CustomFields>(row.custom_fields, {}));
}

function decisionOf(row: ContactListRow): ManualDecision | null {
  if (!row.qualification || !row.qualification_at) return null;
  return {
    kind: row.qualification,
    by: row.qualification_by,
    reason: row.qualification_reason,
    at: row.qualification_at,
  };
}

function nameOf(row: ContactListRow): string {
  return `${row.first_name} ${row.last_name}`.trim();
}

/** Everything the duplicate was, kept in contact_merges: its fields, scores and bookkeeping. */
function snapshot(row: ContactListRow): Record<string, unknown> {
  return {
    id: row.id,
    ...fieldsOf(row),
    temperature: row.temperature,
    temperatureChangedAt: row.temperature_changed_at,
    fitScore: row.fit_score,
    fitGrade: row.fit_grade,
    engagementScore: Number(row.engagement_score),
    predictiveScore: row.predictive_score === null ? null : Number(row.predictive_score),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Merges a duplicate into a contact, atomically: the winner keeps its id and the chosen values, the
 * duplicate's events, visitors, temperature changes and form submissions move to it, the duplicate's row
 * is deleted after its snapshot is kept in contact_merges, and both get a `merge` audit entry (the audit log
 * stays append-only; the winner's history reads the duplicate's entries through contact_merges). The actor
 * must be allowed to change both; either one out of reach answers 404.
 */
export function createMergeService(deps: MergeDeps) {
  const { db, clock, outbox, repo } = deps;
  const mergeRepo = createMergeRepository(db);
  const reasonsRepo = createReasonsRepository(db);

  async function loadForUpdate(actor: Actor, id: string, trx: Kysely<DB>): Promise<ContactListRow> {
    const row = await deps.loadVisible(actor, id, trx);
    if (!canOnRecord(actor, 'update', { ownerId: row.owner_id, ownerTeamId: row.owner_team_id })) {
      throw notFound('contact');
    }
    return row;
  }

  return {
    async merge(
      actor: Actor,
      winnerId: string,
      input: MergeInput,
      options: { audit?: AuditContext } = {},
    ): Promise<void> {
      if (input.duplicateId === winnerId) {
        throw invalid('duplicateId', 'A contact cannot be merged into itself.', 'contact.merge_self');
      }
      const audit = options.audit ?? { actor };
      await db.transaction().execute(async (trx) => {
        await mergeRepo.lock(trx, [winnerId, input.duplicateId]);
        const winner = await loadForUpdate(actor, winnerId, trx);
        const loser = await deps.loadVisible(actor, input.duplicateId, trx).catch((err: unknown) => {
          if (err instanceof AppError && err.kind === 'not_found') throw duplicateNotFound();
          throw err;
        });
        if (!canOnRecord(actor, 'update', { ownerId: loser.owner_id, ownerTeamId: loser.owner_team_id })) {
          throw duplicateNotFound();
        }
        const before = fieldsOf(winner);
        const loserFields = fieldsOf(loser);
        const after = mergeFields(before, loserFields, input.fields);
        if (after.ownerId !== before.ownerId) await checkOwner(trx, actor, after.ownerId);
        if (after.accountId !== before.accountId) await deps.checkAccount(trx, actor, after.accountId);

        const now = clock.now().toISOString();
        // History first: the duplicate's events and temperature changes would go with its row otherwise.
        const moved = await mergeRepo.moveHistory(trx, loser.id, winner.id);
        await mergeRepo.record(trx, {
          winnerId: winner.id,
          loserId: loser.id,
          at: now,
          by: actor.via === 'system' ? null : actor.id,
          loserSnapshot: snapshot(loser),
        });
        await repo.delete(loser.id, trx);
        // The duplicate's decision by hand (marked qualified, or rejected) survives when it is the later one.
        const winnerDecision = decisionOf(winner);
        const decision = laterDecision(winnerDecision, decisionOf(loser));
        const decisionMoves = decision !== null && decision !== winnerDecision;
        await repo.update(
          winner.id,
          {
            ...deps.dbFields(after),
            ...(decisionMoves && {
              qualification: decision.kind,
              qualification_by: decision.by,
              qualification_reason: decision.reason,
              qualification_at: decision.at,
            }),
            updated_at: now,
          },
          trx,
        );
        await reasonsRepo.refreshKeys(trx, [winner.id]);

        const diff = changedFields({ ...before }, { ...after });
        await appendAudit(trx, audit, {
          at: now,
          entityType: 'contact',
          entityId: loser.id,
          action: 'merge',
          before: { ...loserFields },
          after: { mergedInto: { id: winner.id, name: nameOf(winner) } },
        });
        await appendAudit(trx, audit, {
          at: now,
          entityType: 'contact',
          entityId: winner.id,
          action: 'merge',
          before: {
            ...diff.before,
            ...(decisionMoves && {
              qualification: winnerDecision?.kind ?? null,
              reason: winnerDecision?.reason ?? null,
            }),
            mergedContact: null,
          },
          after: {
            ...diff.after,
            // The duplicate's later decision by hand, which the winner now carries.
            ...(decisionMoves && { qualification: decision.kind, reason: decision.reason }),
            mergedContact: { id: loser.id, name: nameOf(loser) },
          },
        });
        const accountIds = [
          ...new Set([before.accountId, after.accountId, loserFields.accountId].filter((a): a is string => !!a)),
        ];
        await outbox.enqueue(trx, [
          {
            type: 'contact.merged',
            aggregateType: 'contact',
            aggregateId: winner.id,
            payload: { id: winner.id, loserId: loser.id, moved, accountIds },
          },
          {
            // Scoring rescores from the combined events; accounts recount (the duplicate's account lost one).
            type: 'contact.updated',
            aggregateType: 'contact',
            aggregateId: winner.id,
            payload: { id: winner.id, changed: Object.keys(diff.after), accountIds },
          },
        ]);
      });
      outbox.notify();
    },

    /** Every contact merged into this one (directly or through earlier merges), for its audit history. */
    absorbedIds: (contactId: string) => mergeRepo.absorbedIds(contactId),
  };
}

export type MergeService = ReturnType<typeof createMergeService>;
