import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { pageSchema, paginationQuery } from '../../http/pagination.js';
import { sendProblem } from '../../http/problem.js';
import { AppError } from '../../shared/errors.js';
import { acceptTextJson } from '../../http/text-json.js';
import { idParams } from '../../http/schemas.js';
import { createFormInput, formSchema, publicFormSchema, submissionSchema, updateFormInput } from './form.js';
import type { FormsService } from './forms.service.js';
import { EMBED_SCRIPT, hostedPage, unavailablePage } from './page.js';

const tags = ['forms'];
const FORM_BODY_LIMIT = 256 * 1024;
const SUBMISSION_BODY_LIMIT = 32 * 1024;

const submissionSchemaOut = z.object({
  id: z.string(),
  submittedAt: z.string(),
  contact: z.object({ id: z.string(), name: z.string() }).nullable(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  utm: z.object({
    source: z.string().nullable(),
    medium: z.string().nullable(),
    campaign: z.string().nullable(),
    term: z.string().nullable(),
    content: z.string().nullable(),
  }),
  referrer: z.string().nullable(),
  url: z.string().nullable(),
  /** The consent box's text as the person saw it (null: no box, or a submission from before it was kept). */
  consentText: z.string().nullable(),
});

/** Marketing's form management (authenticated). */
export function formRoutes(
  forms: FormsService,
  options: { originOf: (req: FastifyRequest) => string },
): FastifyPluginAsyncZod {
  const { originOf } = options;
  return async (app) => {
    app.get(
      '/forms',
      {
        schema: {
          tags,
          summary: 'List forms',
          querystring: z.strictObject({
            status: z.enum(['active', 'archived', 'all']).default('active'),
            ...paginationQuery,
          }),
          response: { 200: pageSchema(formSchema) },
        },
      },
      (req) => forms.list(requireActor(req), req.query, originOf(req)),
    );

    app.post(
      '/forms',
      {
        bodyLimit: FORM_BODY_LIMIT,
        schema: { tags, summary: 'Create a form', body: createFormInput, response: { 201: formSchema } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await forms.create(requireActor(req), req.body, originOf(req), { actor: req.actor, requestId: req.id }),
          ),
    );

    app.get(
      '/forms/:id',
      { schema: { tags, summary: 'Get a form', params: idParams, response: { 200: formSchema } } },
      (req) => forms.get(requireActor(req), req.params.id, originOf(req)),
    );

    app.patch(
      '/forms/:id',
      {
        bodyLimit: FORM_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Change a form, archive or restore it',
          params: idParams,
          body: updateFormInput,
          response: { 200: formSchema },
        },
      },
      (req) =>
        forms.update(requireActor(req), req.params.id, req.body, originOf(req), {
          actor: req.actor,
          requestId: req.id,
        }),
    );

    app.delete(
      '/forms/:id',
      { schema: { tags, summary: 'Delete a form that has no submissions', params: idParams } },
      async (req, reply) => {
        await forms.delete(requireActor(req), req.params.id, { actor: req.actor, requestId: req.id });
        return reply.status(204).send();
      },
    );

    app.get(
      '/forms/:id/submissions',
      {
        schema: {
          tags,
          summary: "A form's submissions, newest first",
          params: idParams,
          querystring: z.strictObject({
            cursor: paginationQuery.cursor,
            limit: paginationQuery.limit,
          }),
          response: { 200: pageSchema(submissionSchemaOut) },
        },
      },
      (req) => forms.submissions(requireActor(req), req.params.id, req.query),
    );

    app.get(
      '/forms/:id/submissions.csv',
      {
        schema: {
          tags,
          summary: 'Every submission of a form as CSV (UTF-8 with a BOM; formulas neutralised)',
          params: idParams,
          querystring: z.strictObject({}),
          produces: ['text/csv'],
        },
      },
      async (req, reply) => {
        const file = await forms.submissionsCsv(requireActor(req), req.params.id, {
          actor: req.actor,
          requestId: req.id,
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(file.lines));
      },
    );
  };
}

const publicParams = z.strictObject({ publicId: z.string().min(1).max(64) });

/**
 * What visitors reach, without signing in: the hosted page, the embed script, the form's public view, and
 * the submission endpoint. Any origin may embed a form (no credentials are involved); submissions are
 * rate-limited per client address and bounded in size.
 */
export function formPublicRoutes(forms: FormsService, options: { perMinute: number }): FastifyPluginAsyncZod {
  return async (app) => {
    acceptTextJson(app, SUBMISSION_BODY_LIMIT);
    const cors = async (_req: FastifyRequest, reply: FastifyReply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    };
    const publicConfig = { public: true, csrfExempt: true };
    const limited = { ...publicConfig, rateLimit: { max: options.perMinute, timeWindow: 60_000 } };

    app.get(
      '/:publicId',
      {
        config: { ...publicConfig, rateLimit: { max: options.perMinute * 5, timeWindow: 60_000 } },
        // Any id: one no form could have gets the same page as an unknown one.
        schema: { hide: true, params: z.strictObject({ publicId: z.string() }) },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
        let page: Awaited<ReturnType<FormsService['publicForm']>>;
        try {
          page = await forms.publicForm(req.params.publicId);
        } catch (error) {
          // People follow this link in a browser: an archived or unknown form answers a page, not JSON.
          if (error instanceof AppError && error.code === 'form.not_found')
            return reply.status(404).send(unavailablePage());
          throw error;
        }
        const { form, definition } = page;
        return reply.send(hostedPage({ publicId: form.publicId, name: definition.name, locale: form.locale }));
      },
    );

    app.get(
      '/:publicId/embed.js',
      {
        onSend: cors,
        config: { ...publicConfig, securityHeaders: false },
        schema: { hide: true, params: publicParams },
      },
      async (_req, reply) =>
        reply
          .header('cache-control', 'public, max-age=300')
          .type('application/javascript; charset=utf-8')
          .send(EMBED_SCRIPT),
    );

    app.get(
      '/:publicId/definition',
      {
        onSend: cors,
        config: {
          ...publicConfig,
          securityHeaders: false,
          rateLimit: { max: options.perMinute * 5, timeWindow: 60_000 },
        },
        schema: {
          tags,
          summary: 'The public view of a form (public; used by the embed script)',
          params: publicParams,
          response: { 200: publicFormSchema },
        },
      },
      async (req, reply) => {
        const { form } = await forms.publicForm(req.params.publicId);
        return reply.header('cache-control', 'no-cache').send(form);
      },
    );

    app.options(
      '/:publicId/submissions',
      {
        onSend: cors,
        config: { ...publicConfig, securityHeaders: false },
        schema: { hide: true, params: publicParams },
      },
      async (_req, reply) =>
        reply
          .header('access-control-allow-methods', 'POST')
          .header('access-control-allow-headers', 'content-type')
          .header('access-control-max-age', '86400')
          .status(204)
          .send(),
    );

    app.post(
      '/:publicId/submissions',
      {
        onSend: cors,
        config: { ...limited, securityHeaders: false },
        bodyLimit: SUBMISSION_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Submit a form (public; used by the hosted page and the embed script)',
          params: publicParams,
          body: submissionSchema,
          response: {
            200: z.union([
              z.object({ ok: z.literal(true), message: z.string() }),
              z.object({ ok: z.literal(true), redirect: z.string() }),
            ]),
          },
        },
      },
      async (req, reply) => {
        const result = await forms.submit(req.params.publicId, req.body, req.id);
        if (result.ok) return reply.status(200).send(result);
        const errors = Object.entries(result.errors).map(([field, message]) => ({ field, message }));
        return sendProblem(reply, {
          type: 'about:blank',
          title: 'Unprocessable Content',
          status: 422,
          code: 'form.invalid_submission',
          detail: errors.map((e) => e.message).join(' '),
          errors,
          requestId: req.id,
        });
      },
    );
  };
}
