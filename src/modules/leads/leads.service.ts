import type { Kysely } from 'kysely';
import { isUniqueViolation, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, forbidden } from '../../shared/errors.js';
import type { CapturedAccount } from '../accounts/index.js';
import type { AuditContext } from '../audit/index.js';
import { can, type Actor } from '../auth/index.js';
import type { CapturedContact } from '../contacts/index.js';
import type { ContactEvent } from '../tracking/index.js';
import { requestHash, type LeadInput, type LeadResult } from './lead.js';
import { createIdempotencyRepository } from './idempotency.repository.js';

export interface LeadsServiceDeps {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  capture: {
    contact: (
      trx: Kysely<DB>,
      audit: AuditContext,
      input: CapturedContact,
      accountId: string | null,
    ) => Promise<{ id: string; created: boolean }>;
    account: (trx: Kysely<DB>, audit: AuditContext, input: CapturedAccount) => Promise<string>;
    event: (
      trx: Kysely<DB>,
      contactId: string,
      event: ContactEvent & { campaign?: string | null },
      visitorId: null,
    ) => Promise<void>;
  };
}

export interface LeadAnswer {
  statusCode: 200 | 201;
  body: LeadResult;
  replayed: boolean;
}

const keyReused = () =>
  new AppError(
    'validation',
    'idempotency.key_reused',
    'This Idempotency-Key was already used with a different request body: use a new key for a new lead.',
    { errors: [{ field: 'Idempotency-Key', message: 'Already used with a different body.' }] },
  );

/** How long an Idempotency-Key is remembered: retries come within minutes; a day is generous. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/** Expired keys are pruned at most this often per process, inside a lead's transaction. */
const PRUNE_EVERY_MS = 3_600_000;
const expiredBefore = (now: Date) => new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString();

export function createLeadsService(deps: LeadsServiceDeps) {
  const { clock, outbox, capture } = deps;
  const db = deps.database.db;
  const keys = createIdempotencyRepository();
  let prunedAt = -Infinity;

  /** Creates or updates the lead in one transaction; with a key, the answer is stored in the same one. */
  async function write(
    actor: Actor,
    input: LeadInput,
    audit: AuditContext,
    key: string | null,
    hash: string,
  ): Promise<LeadAnswer> {
    const now = clock.now();
    const cutoff = expiredBefore(now);
    return db.transaction().execute(async (trx) => {
      if (key) {
        const stored = await keys.find(trx, actor.id, key, cutoff);
        if (stored) return replay(stored, hash);
        await keys.forgetExpired(trx, actor.id, key, cutoff);
        if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = now.getTime();
          await keys.pruneExpired(trx, cutoff);
        }
      }
      const accountId = input.company ? await capture.account(trx, audit, input.company) : null;
      const { company: _company, event, ...person } = input;
      const contact = await capture.contact(trx, audit, { ...person, source: person.source ?? 'api' }, accountId);
      if (event) await capture.event(trx, contact.id, { ...event, campaign: input.campaign ?? null }, null);
      const answer: LeadAnswer = {
        statusCode: contact.created ? 201 : 200,
        body: { contactId: contact.id, created: contact.created },
        replayed: false,
      };
      if (key) {
        await keys.save(
          trx,
          actor.id,
          key,
          { requestHash: hash, statusCode: answer.statusCode, body: answer.body },
          clock.now().toISOString(),
        );
      }
      return answer;
    });
  }

  function replay(stored: { requestHash: string; statusCode: number; body: unknown }, hash: string): LeadAnswer {
    if (stored.requestHash !== hash) throw keyReused();
    return { statusCode: stored.statusCode as 200 | 201, body: stored.body as LeadResult, replayed: true };
  }

  return {
    async create(
      actor: Actor,
      input: LeadInput,
      options: { key: string | null; audit?: AuditContext },
    ): Promise<LeadAnswer> {
      // A capture channel: it matches all contacts by email and phone, whoever owns them, answers which one
      // and fills its blanks. Open to a scoped role, that would show and change contacts the caller may not see.
      if (!can(actor, 'marketing.manage')) {
        throw forbidden('Only marketing and admins send leads; sales creates contacts through /api/v1/contacts.');
      }
      const audit = options.audit ?? { actor };
      const hash = requestHash(input);
      try {
        const answer = await write(actor, input, audit, options.key, hash);
        if (!answer.replayed) outbox.notify();
        return answer;
      } catch (err) {
        // Two requests with the same key at once (PostgreSQL): the loser rolled back everything it did
        // and answers what the winner stored.
        if (options.key && isUniqueViolation(err)) {
          const stored = await keys.find(db, actor.id, options.key, expiredBefore(clock.now()));
          if (stored) return replay(stored, hash);
        }
        throw err;
      }
    },
  };
}

export type LeadsService = ReturnType<typeof createLeadsService>;
