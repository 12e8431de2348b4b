import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { pageSchema } from '../../http/pagination.js';
import { idParams } from '../../http/schemas.js';
import { delimiterSchema, importSchema, previewSchema, startImportInput } from './import.js';
import { ReceivedUpload, type ImportService } from './imports.service.js';

const tags = ['imports'];

/** Content types a browser or curl may give a CSV file. */
const CSV_TYPES = ['text/csv', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel'];

function unsupported(): Error {
  const err = new Error('Send the file itself as the request body with Content-Type: text/csv.') as Error & {
    statusCode: number;
  };
  err.statusCode = 415;
  return err;
}

/** "C:\\Users\\x\\leads.csv" -> "leads.csv"; control characters dropped; at most 200 characters. */
function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 200) || 'upload.csv';
}

export function importRoutes(imports: ImportService): FastifyPluginAsyncZod {
  return async (app) => {
    // The upload streams to a file under the data directory: never buffered, and refused before it is read
    // when the caller may not import or announces more than the limit.
    app.addContentTypeParser(CSV_TYPES, async (request: FastifyRequest, payload: Readable) => {
      if (request.method !== 'POST' || request.routeOptions.url !== `${app.prefix}/imports`) throw unsupported();
      const length = request.headers['content-length'];
      return imports.receiveUpload(requireActor(request), payload, length ? Number(length) : null);
    });

    app.post(
      '/imports',
      {
        schema: {
          tags,
          summary: 'Upload a CSV file of contacts (the body is the file, Content-Type: text/csv) and preview it',
          consumes: ['text/csv'],
          querystring: z.strictObject({ fileName: z.string().max(255).optional() }),
          response: { 201: z.object({ import: importSchema, preview: previewSchema }) },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        imports.assertMayImport(actor);
        if (!(req.body instanceof ReceivedUpload)) throw unsupported();
        const created = await imports.createUpload(actor, {
          fileName: cleanFileName(req.query.fileName),
          path: req.body.path,
          bytes: req.body.bytes,
        });
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/imports',
      {
        schema: {
          tags,
          summary: 'Past and running imports, newest first',
          querystring: z.strictObject({
            cursor: z.string().max(512).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: { 200: pageSchema(importSchema) },
        },
      },
      (req) => imports.list(requireActor(req), req.query),
    );

    app.get(
      '/imports/:id',
      {
        schema: {
          tags,
          summary: 'An import with its progress (poll while it runs)',
          params: idParams,
          response: { 200: importSchema },
        },
      },
      (req) => imports.get(requireActor(req), req.params.id),
    );

    app.get(
      '/imports/:id/preview',
      {
        schema: {
          tags,
          summary: 'The header, the first rows and a suggested mapping of an uploaded file',
          params: idParams,
          querystring: z.strictObject({ delimiter: delimiterSchema.optional() }),
          response: { 200: previewSchema },
        },
      },
      (req) => imports.preview(requireActor(req), req.params.id, req.query.delimiter),
    );

    app.post(
      '/imports/:id/start',
      {
        schema: {
          tags,
          summary: 'Start an uploaded import (or a dry run) in the background; poll GET /imports/{id} for progress',
          params: idParams,
          body: startImportInput,
          response: { 202: importSchema },
        },
      },
      async (req, reply) => {
        const started = await imports.start(requireActor(req), req.params.id, req.body, {
          actor: req.actor,
          requestId: req.id,
        });
        return reply.status(202).send(started);
      },
    );

    app.post(
      '/imports/:id/cancel',
      {
        schema: {
          tags,
          summary:
            'Cancel a running import between batches: what was committed stays and the import is marked failed ' +
            '(202 with cancelRequested when the server process running it has not stopped it within a few seconds; ' +
            '409 when it is not running)',
          params: idParams,
          body: z.strictObject({}).nullish(),
          response: { 200: importSchema, 202: importSchema },
        },
      },
      async (req, reply) => {
        const ended = await imports.cancel(requireActor(req), req.params.id, { actor: req.actor, requestId: req.id });
        return reply.status(ended.status === 'running' ? 202 : 200).send(ended);
      },
    );

    app.delete(
      '/imports/:id',
      {
        schema: {
          tags,
          summary:
            'Remove an import that never ran for real (an upload, or only dry runs) with its dry run report and its uploaded file (409 when it is running or ran for real)',
          params: idParams,
        },
      },
      async (req, reply) => {
        await imports.remove(requireActor(req), req.params.id, { actor: req.actor, requestId: req.id });
        return reply.status(204).send();
      },
    );

    app.get(
      '/imports/:id/rejections.csv',
      {
        schema: {
          tags,
          summary: 'The rejected rows with the reason and the field at fault, as CSV (formulas neutralised)',
          params: idParams,
          produces: ['text/csv'],
        },
      },
      async (req, reply) => {
        const report = await imports.rejectionsCsv(requireActor(req), req.params.id);
        const ascii = report.fileName.replace(/[^A-Za-z0-9_.-]/g, '_');
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(report.fileName)}`,
          )
          .header('cache-control', 'no-store')
          .send(Readable.from(report.lines));
      },
    );
  };
}
