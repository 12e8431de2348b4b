import { z } from 'zod';
import { MAX_SENT_URL_LENGTH } from './page-url.js';

/**
 * Website tracking rules, pure: what a valid batch looks like, who is a bot, what the UTM parameters say,
 * and when an event happened. The browser is not trusted: everything is bounded and normalised here.
 */

const VISITOR_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** 128 bits or more of randomness, base64url: never a sequential or guessable id. */
export const visitorIdSchema = z
  .string()
  .regex(VISITOR_ID_PATTERN, 'A visitor id is 22-64 characters of base64url (128 random bits or more).');

export const EVENT_TYPE_RE = /^[a-z][a-z0-9_.:-]{0,63}$/;
export const MAX_EVENTS_PER_BATCH = 50;

/**
 * Event types Tandem records only from what it can vouch for: a form's submission, an email's open pixel
 * and signed links, and integrations that sign in (the API). An anonymous browser that tied its visitor id
 * to someone's contact (by submitting a form with their email) could otherwise score that contact up or
 * down at will; public capture refuses them.
 */
export const SERVER_EVENT_TYPES: ReadonlySet<string> = new Set([
  'form_submitted',
  'email_opened',
  'email_clicked',
  'ad_clicked',
  'unsubscribed',
  'email_bounced',
]);

/** May an anonymous page (the tracking script, the image pixel) report an event of this type? */
export function isBrowserEventType(type: string): boolean {
  return EVENT_TYPE_RE.test(type) && !SERVER_EVENT_TYPES.has(type);
}

/** An event's claimed time: an ISO date-time with seconds and a zone (Z or an offset). */
const isoDateTime = z.iso.datetime({ offset: true });

const trackedEvent = z.strictObject({
  type: z
    .string()
    .regex(EVENT_TYPE_RE, 'Lower-case letters, digits and _ . : - (e.g. page_view).')
    .refine((type) => !SERVER_EVENT_TYPES.has(type), {
      message: 'Recorded by Tandem itself (forms, emails, the API), not accepted from a page.',
    }),
  occurredAt: isoDateTime.optional(),
  url: z.string().max(MAX_SENT_URL_LENGTH).optional(),
  referrer: z.string().max(MAX_SENT_URL_LENGTH).optional(),
  title: z.string().max(500).optional(),
  properties: z
    .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
    .refine((p) => Object.keys(p).length <= 20, 'At most 20 properties.')
    .optional(),
});

/**
 * Properties of a `form_submitted` event that only Tandem's own forms write: the contact page shows them as
 * the form's name and the consent the person gave, in the words they read. An integration's event claiming
 * them would show its claim as consent given on a Tandem form.
 */
export const FORM_OWN_PROPERTIES = ['formId', 'formName', 'consent', 'consentText'] as const;

/** An event an integration records for a known contact (the leads API, `POST /contacts/:id/events`). */
export const integrationEventSchema = z
  .strictObject({
    type: z.string().regex(EVENT_TYPE_RE, 'Lower-case letters, digits and _ . : - (e.g. webinar_attended).'),
    occurredAt: isoDateTime.optional(),
    url: z.string().max(2048).optional(),
    properties: z
      .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
      .refine((p) => Object.keys(p).length <= 20, 'At most 20 properties.')
      .optional(),
  })
  .superRefine((event, ctx) => {
    if (event.type !== 'form_submitted' || !event.properties) return;
    for (const key of FORM_OWN_PROPERTIES) {
      if (key in event.properties) {
        ctx.addIssue({
          code: 'custom',
          path: ['properties', key],
          message: "Written by Tandem's own forms only: name it otherwise (e.g. source_consent).",
        });
      }
    }
  });

export const eventBatchSchema = z.strictObject({
  visitorId: visitorIdSchema,
  events: z.array(trackedEvent).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;
export type TrackedEvent = z.infer<typeof trackedEvent>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string of at most `max` UTF-16 units (as zod counts) without NUL. */
function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max && !value.includes('\u0000');
}

function isPlainProperties(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.length > 20) return false;
  for (const key of keys) {
    // "__proto__" (an own key from JSON.parse of a text/plain beacon) is one zod's record leaves out.
    if (!isText(key, 64) || key === '__proto__') return false;
    const v = value[key];
    // JSON numbers past the double range parse as Infinity, which z.number() refuses.
    if (!(v === null || Number.isFinite(v) || typeof v === 'boolean' || isText(v, 500))) return false;
  }
  return true;
}

function isPlainEvent(value: unknown): boolean {
  if (!isRecord(value)) return false;
  let typed = false;
  for (const key of Object.keys(value)) {
    const v = value[key];
    switch (key) {
      case 'type':
        if (typeof v !== 'string' || !isBrowserEventType(v)) return false;
        typed = true;
        break;
      case 'occurredAt':
        if (typeof v !== 'string' || !isoDateTime.safeParse(v).success) return false;
        break;
      case 'url':
      case 'referrer':
        if (!isText(v, MAX_SENT_URL_LENGTH)) return false;
        break;
      case 'title':
        if (!isText(v, 500)) return false;
        break;
      case 'properties':
        if (!isPlainProperties(v)) return false;
        break;
      default:
        return false;
    }
  }
  return typed;
}

/**
 * The batch when it is plainly valid, checked without building zod's result: every beacon is checked, and
 * almost all are valid. Accepts only what `eventBatchSchema` accepts unchanged (and nothing holding a NUL);
 * anything else is null, and the caller asks the schema, which says what is wrong (tracking.test.ts compares
 * the two on generated batches).
 */
export function plainBatch(body: unknown): EventBatch | null {
  if (!isRecord(body)) return null;
  const keys = Object.keys(body);
  if (keys.length !== 2 || !Object.hasOwn(body, 'visitorId') || !Object.hasOwn(body, 'events')) return null;
  const { visitorId, events } = body;
  if (typeof visitorId !== 'string' || !VISITOR_ID_PATTERN.test(visitorId)) return null;
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_EVENTS_PER_BATCH) return null;
  for (const event of events) if (!isPlainEvent(event)) return null;
  return body as EventBatch;
}

const BOT_RE =
  /bot\b|bot\/|crawl|spider|slurp|headless|lighthouse|pingdom|uptime|monitor|preview|facebookexternalhit|embedly|curl\/|wget\/|python-requests|python-urllib|httpclient|okhttp|go-http-client|java\/|phantomjs|scrapy|axios\//i;

/** Automated clients by user agent. An empty user agent is a script, not a person. */
export function isBot(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.trim() === '') return true;
  return BOT_RE.test(userAgent);
}

export { MAX_SENT_URL_LENGTH, pageOf, safeUrl, utmOf, type Utm } from './page-url.js';

const PAST_LIMIT_MS = 7 * 86_400_000;
const FUTURE_LIMIT_MS = 5 * 60_000;

/**
 * When the event happened: the browser's clock when plausible (batches are sent late, from tabs woken
 * up), the server's receive time otherwise.
 */
export function occurredAt(claimed: string | undefined, receivedAt: Date): string {
  if (!claimed) return receivedAt.toISOString();
  const t = Date.parse(claimed);
  const now = receivedAt.getTime();
  if (Number.isNaN(t) || t < now - PAST_LIMIT_MS || t > now + FUTURE_LIMIT_MS) return receivedAt.toISOString();
  return new Date(t).toISOString();
}
