import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseJson, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { CapturedAccount } from '../accounts/index.js';
import { appendAudit, changedFields, type AuditContext } from '../audit/index.js';
import { can, type Actor } from '../auth/index.js';
import type { CapturedContact } from '../contacts/index.js';
import { pageOf, safeUrl, visitorIdSchema, type ContactEvent, type Utm } from '../tracking/index.js';
import {
  checkSubmission,
  formDefinitionSchema,
  publicView,
  thankYouAnswer,
  type Form,
  type FormDefinition,
  type PublicForm,
  type Submission,
  type UpdateFormInput,
} from './form.js';
import { createFormsRepository, type FormRow } from './forms.repository.js';
import { escapeHtml } from '../../shared/html.js';
import { csvLine, UTF8_BOM } from '../../shared/csv.js';
import { SUBMISSIONS_PAGE_SIZE, submissionCells, submissionsHeader, type AnswerValue } from './export.js';

export interface FormsServiceDeps {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  phoneRegion: string;
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
      event: ContactEvent & { referrer?: string | undefined; campaign?: string | null | undefined },
      visitorId: string | null,
    ) => Promise<void>;
    identify: (trx: Kysely<DB>, visitorId: string, contactId: string) => Promise<number>;
    /** The UTM parameters of the visitor's latest visit that had them (tracking's lastTouch). */
    lastTouch: (trx: Kysely<DB>, visitorId: string) => Promise<Utm | null>;
  };
  /** Submissions read per query by an export (tests page with a few submissions). */
  exportPageSize?: number | undefined;
}

/** 128 random bits, base64url: a public form id nobody can enumerate. */
function newPublicId(): string {
  return randomBytes(16).toString('base64url');
}

export const formUnavailable = () =>
  new AppError('not_found', 'form.not_found', 'This form does not exist or no longer takes submissions.');

/** A stored submission's UTM parameters, as the API shows them. */
function utmOf(r: {
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
}) {
  return {
    source: r.utm_source,
    medium: r.utm_medium,
    campaign: r.utm_campaign,
    term: r.utm_term,
    content: r.utm_content,
  };
}

export function createFormsService(deps: FormsServiceDeps) {
  const { clock, outbox, capture } = deps;
  const exportPageSize = deps.exportPageSize ?? SUBMISSIONS_PAGE_SIZE;
  const db = deps.database.db;
  const repo = createFormsRepository(db);

  function definitionOf(row: FormRow): FormDefinition {
    return formDefinitionSchema.parse(parseJson(row.definition, {}));
  }

  function toForm(row: FormRow, origin: string): Form {
    const d = definitionOf(row);
    const hosted = `${origin}/f/${row.public_id}`;
    const embedScript = `${hosted}/embed.js`;
    return {
      id: row.id,
      publicId: row.public_id,
      name: d.name,
      status: row.status,
      locale: d.locale,
      fields: d.fields,
      consent: d.consent,
      submitLabel: d.submitLabel,
      thankYou: d.thankYou,
      campaign: d.campaign,
      source: d.source,
      submissionCount: Number(row.submission_count),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      urls: { hosted, embedScript },
      embedHtml: `<div data-tandem-form="${escapeHtml(row.public_id)}"></div>\n<script src="${escapeHtml(embedScript)}" async></script>`,
    };
  }

  function requireManager(actor: Actor): void {
    if (!can(actor, 'marketing.manage')) throw forbidden('Only marketing and admins manage forms.');
  }

  async function load(id: string, trx: Kysely<DB> = db): Promise<FormRow> {
    const row = await repo.findById(id, trx);
    if (!row) throw notFound('form');
    return row;
  }

  async function activeForm(publicId: string): Promise<{ row: FormRow; definition: FormDefinition }> {
    const row = /^[A-Za-z0-9_-]{22}$/.test(publicId) ? await repo.findByPublicId(publicId) : undefined;
    if (!row || row.status !== 'active') throw formUnavailable();
    return { row, definition: definitionOf(row) };
  }

  return {
    async list(
      _actor: Actor,
      query: {
        status: 'active' | 'archived' | 'all';
        cursor?: string | undefined;
        limit: number;
        order: 'asc' | 'desc';
      },
      origin: string,
    ): Promise<{ items: Form[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await repo.list(query);
      return { items: rows.map((r) => toForm(r, origin)), nextCursor };
    },

    get: async (_actor: Actor, id: string, origin: string): Promise<Form> => toForm(await load(id), origin),

    async create(actor: Actor, input: FormDefinition, origin: string, audit?: AuditContext): Promise<Form> {
      requireManager(actor);
      const id = newId();
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await repo.insert(
          {
            id,
            public_id: newPublicId(),
            name: input.name,
            definition: JSON.stringify(input),
            status: 'active',
            created_by: actor.id,
            created_at: now,
            updated_at: now,
          },
          trx,
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'form',
          entityId: id,
          action: 'create',
          before: null,
          after: { ...input },
        });
      });
      return toForm((await repo.findById(id))!, origin);
    },

    async update(
      actor: Actor,
      id: string,
      patch: UpdateFormInput,
      origin: string,
      audit?: AuditContext,
    ): Promise<Form> {
      requireManager(actor);
      await db.transaction().execute(async (trx) => {
        const row = await load(id, trx);
        const before = definitionOf(row);
        const { status, ...definitionPatch } = patch;
        const merged = { ...before };
        for (const [key, value] of Object.entries(definitionPatch)) {
          if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
        }
        const after = formDefinitionSchema.parse(merged);
        const nextStatus = status ?? row.status;
        const diff = changedFields({ ...before, status: row.status }, { ...after, status: nextStatus });
        if (Object.keys(diff.after).length === 0) return;
        const now = clock.now().toISOString();
        await repo.update(
          id,
          { name: after.name, definition: JSON.stringify(after), status: nextStatus, updated_at: now },
          trx,
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'form',
          entityId: id,
          action: 'update',
          ...diff,
        });
      });
      return toForm(await load(id), origin);
    },

    async delete(actor: Actor, id: string, audit?: AuditContext): Promise<void> {
      requireManager(actor);
      await db.transaction().execute(async (trx) => {
        const row = await load(id, trx);
        if (Number(row.submission_count) > 0) {
          throw new AppError(
            'conflict',
            'form.has_submissions',
            'This form has submissions, which stay with their contacts: archive it instead.',
          );
        }
        await repo.delete(id, trx);
        await appendAudit(trx, audit ?? { actor }, {
          at: clock.now().toISOString(),
          entityType: 'form',
          entityId: id,
          action: 'delete',
          before: { ...definitionOf(row) },
          after: null,
        });
      });
    },

    /** Marketing's and admins': a submission names its person whoever owns the contact (any scope). */
    async submissions(actor: Actor, id: string, query: { cursor?: string | undefined; limit: number }) {
      requireManager(actor);
      await load(id);
      const { rows, nextCursor } = await repo.submissions(id, query);
      return {
        items: rows.map((r) => ({
          id: String(r.id),
          submittedAt: r.submitted_at,
          contact: r.contact_id
            ? { id: r.contact_id, name: `${r.contact_first_name ?? ''} ${r.contact_last_name ?? ''}`.trim() }
            : null,
          data: parseJson<Record<string, string | number | boolean>>(r.data, {}),
          utm: utmOf(r),
          referrer: r.referrer,
          url: r.url,
          consentText: r.consent_text,
        })),
        nextCursor,
      };
    },

    /**
     * A form's submissions as CSV, for whoever may read them (as the list): one column per field of the form
     * as it is now, answers to removed fields as JSON, consent and where the person came from. Read a page at
     * a time as the download goes out; audited with the number of rows.
     */
    async submissionsCsv(
      actor: Actor,
      id: string,
      audit: AuditContext,
    ): Promise<{ fileName: string; lines: AsyncIterable<string> }> {
      requireManager(actor);
      const fields = definitionOf(await load(id)).fields;
      async function* lines(): AsyncIterable<string> {
        let rows = 0;
        let complete = false;
        try {
          yield UTF8_BOM + csvLine(submissionsHeader(fields));
          let after = 0;
          for (;;) {
            const page = await repo.submissionsAfter(id, after, exportPageSize);
            let chunk = '';
            for (const r of page) {
              chunk += csvLine(
                submissionCells(fields, {
                  submittedAt: r.submitted_at,
                  contactId: r.contact_id,
                  data: parseJson<Record<string, AnswerValue>>(r.data, {}),
                  consentText: r.consent_text,
                  utm: utmOf(r),
                  referrer: r.referrer,
                  url: r.url,
                }),
              );
            }
            rows += page.length;
            if (chunk) yield chunk;
            if (page.length < exportPageSize) break;
            after = Number(page[page.length - 1]!.id);
          }
          complete = true;
        } finally {
          await appendAudit(db, audit, {
            at: clock.now().toISOString(),
            entityType: 'form',
            entityId: id,
            action: 'export_submissions',
            before: null,
            after: { rows, complete },
          });
        }
      }
      return { fileName: `form-submissions-${clock.now().toISOString().slice(0, 10)}.csv`, lines: lines() };
    },

    /** The public view of an active form (for the embed script and the hosted page). */
    async publicForm(publicId: string): Promise<{ form: PublicForm; definition: FormDefinition }> {
      const { row, definition } = await activeForm(publicId);
      return { form: publicView(row.public_id, definition), definition };
    },

    /**
     * A visitor's submission. Checked field by field first (nothing is written when any field is wrong);
     * a filled honeypot gets the same friendly answer with nothing written, so a bot learns nothing. Then,
     * in one transaction: the company and the person (deduplicated; an existing contact only gets blanks
     * filled), the submission, a `form_submitted` event with UTM and referrer, and the visitor's anonymous
     * history merged into the contact.
     */
    async submit(
      publicId: string,
      submission: Submission,
      requestId: string,
    ): Promise<
      { ok: true; message: string } | { ok: true; redirect: string } | { ok: false; errors: Record<string, string> }
    > {
      const { row, definition } = await activeForm(publicId);
      const answer = thankYouAnswer(definition);
      if (submission.website && submission.website.trim() !== '') return answer;
      const checked = checkSubmission(definition, submission, deps.phoneRegion);
      if (!checked.ok) return checked;

      // The page's URL as kept and its UTM parameters, read once.
      const { url, utm: pageUtm } = pageOf(submission.url);
      const visitor = visitorIdSchema.safeParse(submission.visitorId);
      const visitorId = visitor.success ? visitor.data : null;
      const now = clock.now().toISOString();
      const audit: AuditContext = { actor: null, requestId };

      await db.transaction().execute(async (trx) => {
        // A form on a page without UTM parameters (the visitor came from an ad, then browsed to the contact
        // page) is attributed to the visitor's latest visit that had them.
        const pageHasUtm = Object.values(pageUtm).some((value) => value !== null);
        const utm = !pageHasUtm && visitorId ? ((await capture.lastTouch(trx, visitorId)) ?? pageUtm) : pageUtm;
        const accountId = checked.value.account
          ? await capture.account(trx, audit, checked.value.account as CapturedAccount)
          : null;
        const { customFields, ...person } = checked.value.contact;
        const contact = await capture.contact(
          trx,
          audit,
          {
            ...person,
            customFields,
            source: definition.source ?? 'form',
            campaign: definition.campaign ?? utm.campaign,
          },
          accountId,
        );
        await repo.insertSubmission(
          {
            form_id: row.id,
            contact_id: contact.id,
            visitor_id: visitorId,
            submitted_at: now,
            data: JSON.stringify({
              ...checked.value.data,
              ...(definition.consent ? { consent: submission.consent === true } : {}),
            }),
            url,
            referrer: safeUrl(submission.referrer) ?? null,
            utm_source: utm.source,
            utm_medium: utm.medium,
            utm_campaign: utm.campaign,
            utm_term: utm.term,
            utm_content: utm.content,
            consent_text: definition.consent?.text ?? null,
          },
          trx,
        );
        if (visitorId) await capture.identify(trx, visitorId, contact.id);
        await capture.event(
          trx,
          contact.id,
          {
            type: 'form_submitted',
            url: url ?? undefined,
            referrer: submission.referrer,
            campaign: definition.campaign,
            properties: {
              formId: row.id,
              formName: definition.name,
              ...(definition.campaign ? { campaign: definition.campaign } : {}),
              ...(definition.consent
                ? { consent: submission.consent === true, consentText: definition.consent.text }
                : {}),
            },
          },
          visitorId,
        );
      });
      outbox.notify();
      return answer;
    },
  };
}

export type FormsService = ReturnType<typeof createFormsService>;
