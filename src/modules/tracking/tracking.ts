import { z } from 'zod';

/**
 * Website tracking rules, pure: what a valid batch looks like, who is a bot, what the UTM parameters say,
 * and when an event happened. The browser is not trusted: everything is bounded and normalised here.
 */

/** 128 bits or more of randomness, base64url: never a sequential or guessable id. */
export const visitorIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,64}$/, 'A visitor id is 22-64 characters of base64url (128 random bits or more).');

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

const trackedEvent = z.strictObject({
  type: z
    .string()
    .regex(EVENT_TYPE_RE, 'Lower-case letters, digits and _ . : - (e.g. page_view).')
    .refine((type) => !SERVER_EVENT_TYPES.has(type), {
      message: 'Recorded by Tandem itself (forms, emails, the API), not accepted from a page.',
    }),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  url: z.string().max(2048).optional(),
  referrer: z.string().max(2048).optional(),
  title: z.string().max(500).optional(),
  properties: z
    .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
    .refine((p) => Object.keys(p).length <= 20, 'At most 20 properties.')
    .optional(),
});

export const eventBatchSchema = z.strictObject({
  visitorId: visitorIdSchema,
  events: z.array(trackedEvent).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;
export type TrackedEvent = z.infer<typeof trackedEvent>;

const BOT_RE =
  /bot\b|bot\/|crawl|spider|slurp|headless|lighthouse|pingdom|uptime|monitor|preview|facebookexternalhit|embedly|curl\/|wget\/|python-requests|python-urllib|httpclient|okhttp|go-http-client|java\/|phantomjs|scrapy|axios\//i;

/** Automated clients by user agent. An empty user agent is a script, not a person. */
export function isBot(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.trim() === '') return true;
  return BOT_RE.test(userAgent);
}

export interface Utm {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

/** UTM parameters of a page URL (absent or unparsable: all null). */
export function utmOf(url: string | undefined): Utm {
  const empty: Utm = { source: null, medium: null, campaign: null, term: null, content: null };
  if (!url) return empty;
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return empty;
  }
  return utmOfParams(params);
}

function utmOfParams(params: URLSearchParams): Utm {
  const get = (k: string) => {
    const v = params.get(`utm_${k}`);
    return v ? v.slice(0, 200) : null;
  };
  return {
    source: get('source'),
    medium: get('medium'),
    campaign: get('campaign'),
    term: get('term'),
    content: get('content'),
  };
}

/**
 * `safeUrl(url)` and `utmOf` of the result, parsing the URL once (this runs for every tracked event): the
 * same answers as calling both.
 */
export function pageOf(url: string | undefined): { url: string | null; utm: Utm } {
  const none = { url: null, utm: utmOf(undefined) };
  if (!url) return none;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return none;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return none;
  const text = parsed.toString();
  if (text.length > 2048) {
    const kept = text.slice(0, 2048);
    return { url: kept, utm: utmOf(kept) };
  }
  return { url: text, utm: utmOfParams(parsed.searchParams) };
}

/** Only http(s) URLs are kept; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString().slice(0, 2048) : null;
  } catch {
    return null;
  }
}

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
