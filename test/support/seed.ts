import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';

/**
 * A handoff sales rejected with a note, as the handoffs module stores it, and its audit entry: for tests of
 * what keeps a person's words (the note names them) without running the routing and the SLA.
 */
export async function insertRejectedHandoff(
  db: Kysely<DB>,
  h: { id: string; contactId: string; decidedBy: string; note: string; auditNote?: string },
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('handoffs')
    .values({
      id: h.id,
      contact_id: h.contactId,
      sla_id: null,
      sla_version: null,
      team_id: null,
      assignee_id: null,
      status: 'rejected',
      grade: 'B',
      priority: 'normal',
      qualified_at: now,
      assigned_at: now,
      first_touch_due_at: null,
      first_touched_at: null,
      attempts_required: null,
      attempts_due_at: null,
      attempts_met_at: null,
      decision_due_at: null,
      decided_at: now,
      decided_by: h.decidedBy,
      reject_reason: 'bad_fit',
      reject_note: h.note,
      outcome: null,
      outcome_due_at: null,
      outcome_at: null,
      closed_reason: null,
      next_due_at: null,
      previous_assignees: '[]',
      routing_reason: 'no_rule_matched',
      rule_id: null,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  // The rejection as the handoffs module records it in the audit log, note and all.
  await db
    .insertInto('audit_log')
    .values({
      at: now,
      actor_id: h.decidedBy,
      actor_kind: 'user',
      entity_type: 'handoff',
      entity_id: h.id,
      action: 'reject',
      before: JSON.stringify({ status: 'open' }),
      after: JSON.stringify({ status: 'rejected', reason: 'bad_fit', note: h.auditNote ?? h.note }),
      request_id: null,
    })
    .execute();
}

/**
 * A form submission as the forms module stores it, holding `data` as typed; with no contact, one whose contact
 * was deleted earlier.
 */
export async function insertSubmission(
  db: Kysely<DB>,
  f: { formId: string; data: object; contactId?: string; visitorId?: string; consentText?: string },
): Promise<void> {
  await db
    .insertInto('form_submissions')
    .values({
      form_id: f.formId,
      contact_id: f.contactId ?? null,
      visitor_id: f.visitorId ?? null,
      submitted_at: new Date().toISOString(),
      data: JSON.stringify(f.data),
      url: null,
      referrer: null,
      utm_source: null,
      utm_medium: null,
      utm_campaign: null,
      utm_term: null,
      utm_content: null,
      consent_text: f.consentText ?? null,
    })
    .execute();
}

/** A finished import of a file with an email and a phone column, run by `createdBy`. */
export async function insertFinishedImport(
  db: Kysely<DB>,
  i: { id: string; fileName: string; createdBy: string },
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('imports')
    .values({
      id: i.id,
      status: 'completed',
      file_name: i.fileName,
      file_path: null,
      file_bytes: 100,
      delimiter: ',',
      headers: JSON.stringify(['email', 'phone']),
      options: null,
      created_by: i.createdBy,
      actor_kind: 'user',
      created_at: now,
      updated_at: now,
      started_at: now,
      finished_at: now,
      error: null,
    })
    .execute();
}
