import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { auditEntrySchema, booleanQuery, idParams, RECORD_BODY_LIMIT } from '../../http/schemas.js';
import { contactSchema, createContactInput, updateContactInput } from './contact.js';
import type { ContactService } from './contacts.service.js';
import { bulkUpdateInput, bulkUpdateResultSchema } from './bulk.js';
import { eraseInput, erasureResultSchema } from './erasure.js';
import { listFilterQuery } from './list-filters.js';
import { mergeInput } from './merge.js';
import { timelineItemSchema } from './timeline.js';
import { VALUE_FIELDS } from './values.js';

const tags = ['contacts'];

/** A list item: the contact and its latest temperature change with the reasons ("why is this lead warm?"). */
const contactListItemSchema = contactSchema.extend({
  why: z
    .object({
      at: z.string(),
      from: z.string(),
      to: z.string(),
      cause: z.string(),
      reasons: z.array(z.record(z.string(), z.unknown())),
    })
    .nullable(),
});

export function contactRoutes(contacts: ContactService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contacts',
      {
        schema: {
          tags,
          summary: 'List and search contacts you may see',
          querystring: z.strictObject({ ...listFilterQuery, ...paginationQuery }),
          response: { 200: pageSchema(contactListItemSchema) },
        },
      },
      (req) => contacts.list(requireActor(req), req.query),
    );

    app.get(
      '/contacts/export.csv',
      {
        schema: {
          tags,
          summary: 'Every contact the list filters show you, as CSV (UTF-8 with a BOM; formulas neutralised)',
          querystring: z.strictObject({ ...listFilterQuery, order: paginationQuery.order }),
          produces: ['text/csv'],
        },
      },
      async (req, reply) => {
        const file = await contacts.exportCsv(requireActor(req), req.query, { actor: req.actor, requestId: req.id });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(file.lines));
      },
    );

    app.get(
      '/contacts/duplicates',
      {
        schema: {
          tags,
          summary: 'Find contacts that look like the given person',
          querystring: z.strictObject({
            email: z.string().max(254).optional(),
            phone: z.string().max(40).optional(),
            firstName: z.string().max(100).optional(),
            lastName: z.string().max(100).optional(),
            accountId: z.string().max(64).optional(),
          }),
          response: { 200: z.object({ items: z.array(contactSchema) }) },
        },
      },
      async (req) => ({ items: await contacts.duplicates(requireActor(req), req.query) }),
    );

    app.post(
      '/contacts',
      {
        bodyLimit: RECORD_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Create a contact',
          querystring: z.strictObject({ allowDuplicate: booleanQuery }),
          body: createContactInput,
          response: { 201: contactSchema },
        },
      },
      async (req, reply) => {
        const contact = await contacts.create(requireActor(req), req.body, {
          allowDuplicate: req.query.allowDuplicate ?? false,
          audit: { actor: req.actor, requestId: req.id },
        });
        return reply.status(201).send(contact);
      },
    );

    app.post(
      '/contacts/bulk-update',
      {
        schema: {
          tags,
          summary:
            'Set the owner of many contacts at once (up to 500), all or nothing: contacts you may not see or ' +
            'change are named in the error and nothing changes',
          body: bulkUpdateInput,
          response: { 200: bulkUpdateResultSchema },
        },
      },
      (req) => contacts.bulkUpdate(requireActor(req), req.body, { audit: { actor: req.actor, requestId: req.id } }),
    );

    app.get(
      '/contacts/:id',
      { schema: { tags, summary: 'Get a contact', params: idParams, response: { 200: contactSchema } } },
      (req) => contacts.get(requireActor(req), req.params.id),
    );

    app.patch(
      '/contacts/:id',
      {
        bodyLimit: RECORD_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Change a contact (null clears a field)',
          params: idParams,
          querystring: z.strictObject({ allowDuplicate: booleanQuery }),
          body: updateContactInput,
          response: { 200: contactSchema },
        },
      },
      (req) =>
        contacts.update(requireActor(req), req.params.id, req.body, {
          allowDuplicate: req.query.allowDuplicate ?? false,
          audit: { actor: req.actor, requestId: req.id },
        }),
    );

    app.delete(
      '/contacts/:id',
      { schema: { tags, summary: 'Delete a contact', params: idParams } },
      async (req, reply) => {
        await contacts.delete(requireActor(req), req.params.id, { audit: { actor: req.actor, requestId: req.id } });
        return reply.status(204).send();
      },
    );

    app.post(
      '/contacts/:id/erase',
      {
        schema: {
          tags,
          summary:
            'Erase a person (GDPR Article 17): the contact, its events, visitors, form submissions, merge ' +
            'snapshots and history go, and the audit entries about it keep who and when but lose the values. ' +
            'Admins and marketing only; cannot be undone.',
          params: idParams,
          body: eraseInput,
          response: { 200: erasureResultSchema },
        },
      },
      (req) =>
        contacts.erase(requireActor(req), req.params.id, req.body, { audit: { actor: req.actor, requestId: req.id } }),
    );

    app.get(
      '/contacts/values',
      {
        schema: {
          tags,
          summary: 'Source or campaign values in use on the contacts you may see, matching what was typed',
          querystring: z.strictObject({
            field: z.enum(VALUE_FIELDS),
            q: z.string().max(200).optional(),
          }),
          response: { 200: z.object({ items: z.array(z.string()) }) },
        },
      },
      async (req) => ({ items: await contacts.values(requireActor(req), req.query.field, req.query.q) }),
    );

    app.get(
      '/contacts/:id/timeline',
      {
        schema: {
          tags,
          summary: 'What the contact did and how their temperature moved, newest first',
          params: idParams,
          querystring: z.strictObject({
            cursor: paginationQuery.cursor,
            limit: paginationQuery.limit,
          }),
          response: { 200: pageSchema(timelineItemSchema) },
        },
      },
      (req) => contacts.timeline(requireActor(req), req.params.id, req.query),
    );

    app.post(
      '/contacts/:id/merge',
      {
        schema: {
          tags,
          summary: 'Merge a duplicate into this contact; its history moves here and it is removed',
          params: idParams,
          body: mergeInput,
          response: { 200: contactSchema },
        },
      },
      (req) =>
        contacts.merge(requireActor(req), req.params.id, req.body, { audit: { actor: req.actor, requestId: req.id } }),
    );

    app.get(
      '/contacts/:id/audit',
      {
        schema: {
          tags,
          summary: 'Who changed what on a contact',
          params: idParams,
          response: { 200: z.object({ items: z.array(auditEntrySchema) }) },
        },
      },
      async (req) => ({ items: await contacts.audit(requireActor(req), req.params.id) }),
    );
  };
}
