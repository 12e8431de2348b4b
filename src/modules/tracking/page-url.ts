/**
 * Page URLs as tracking keeps them, read without the URL parser when they are already in the form it would
 * write them in. Every beacon carries its page's URL and usually a referrer, and a browser's `location.href`
 * is already serialised by the URL standard; parsing it again (and its query with URLSearchParams) cost as
 * much, under load, as checking the whole batch (docs/benchmarks.md). A URL that is not plainly in that form
 * goes to the parser, so the answers are always the parser's (page-url.test.ts compares the two on many
 * generated URLs).
 */

/** The longest URL kept (a longer one is cut to this, then read again). */
export const MAX_URL_LENGTH = 2048;

/**
 * The longest page URL or referrer a page may send (the tracking script, a form): a page with a long query
 * (UTM parameters, ad click ids) is still recorded, its URL cut to MAX_URL_LENGTH, rather than refused with
 * the whole batch or submission. Bounded, so a batch of them stays within the request body limits.
 */
export const MAX_SENT_URL_LENGTH = 8192;

export interface Utm {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

export interface Page {
  /** The URL as kept: http(s) only, serialised, at most MAX_URL_LENGTH characters; null otherwise. */
  url: string | null;
  utm: Utm;
}

function noUtm(): Utm {
  return { source: null, medium: null, campaign: null, term: null, content: null };
}

const UTM_VALUE_LENGTH = 200;

// Pieces of an http(s) URL that the URL standard serialises unchanged:
// - host: lower-case ASCII labels of letters, digits and inner hyphens; the last one starts with a letter (so
//   it is a domain, never read as an IPv4 number), none is an IDN label (xn--, which the parser checks); no
//   user, password or port (a default port would be dropped);
// - path: starts with "/", only characters no component encodes or rewrites (no backslash, space, quotes,
//   angle brackets, braces, ^, `, |), "%" only before two hex digits; dot segments are excluded below;
// - query: the same without the apostrophe (encoded in special URLs' queries) and with "?"; fragment: the
//   same with "?" and the apostrophe.
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const LAST_LABEL = '[a-z](?:[a-z0-9-]*[a-z0-9])?';
const PCT = '%[0-9A-Fa-f]{2}';
const PATH_CHAR = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/]|${PCT})`;
const QUERY_CHAR = `(?:[A-Za-z0-9\\-._~!$&()*+,;=:@/?]|${PCT})`;
const FRAGMENT_CHAR = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|${PCT})`;
const CANONICAL = new RegExp(
  `^https?://(?:${LABEL}\\.)*${LAST_LABEL}(/${PATH_CHAR}*)(?:\\?(${QUERY_CHAR}*))?(?:#${FRAGMENT_CHAR}*)?$`,
);
const IDN_LABEL = /(?:^|[/.])xn--/i;
/** "." and ".." segments, written plainly or percent-encoded, which the parser resolves. */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=\/|$)/i;

/**
 * The URL when it is already serialised as the URL standard would serialise it (then the parser would give
 * it back unchanged), with its query (without "?"; null when it has none); null for any other input.
 */
export function canonicalUrl(url: string): { url: string; query: string | null } | null {
  if (url.length > MAX_URL_LENGTH) return null;
  const m = CANONICAL.exec(url);
  if (!m) return null;
  const authorityEnd = url.indexOf('/', url.indexOf('//') + 2);
  if (IDN_LABEL.test(url.slice(0, authorityEnd)) || DOT_SEGMENT.test(m[1]!)) return null;
  return { url, query: m[2] ?? null };
}

/**
 * UTM parameters of a URL's query (the text after its first "?"), as the URL's searchParams read them: the
 * first of each name, trimmed, cut to 200 characters.
 */
export function utmOfQuery(query: string): Utm {
  // The constructor drops one leading "?", which a URL's own searchParams keep: give it one to drop.
  if (query.includes('%') || query.includes('+')) return utmOfParams(new URLSearchParams('?' + query));
  // Nothing to decode: the pairs are the raw text between "&", split at the first "=".
  if (!query.includes('utm_')) return noUtm();
  // undefined: not seen yet; '' : seen without a value (the first occurrence wins, as URLSearchParams.get).
  let source: string | undefined;
  let medium: string | undefined;
  let campaign: string | undefined;
  let term: string | undefined;
  let content: string | undefined;
  for (const pair of query.split('&')) {
    if (!pair.startsWith('utm_')) continue;
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    const raw = eq === -1 ? '' : pair.slice(eq + 1);
    const value = raw.trim().slice(0, UTM_VALUE_LENGTH).trimEnd();
    if (name === 'utm_source') source ??= value;
    else if (name === 'utm_medium') medium ??= value;
    else if (name === 'utm_campaign') campaign ??= value;
    else if (name === 'utm_term') term ??= value;
    else if (name === 'utm_content') content ??= value;
  }
  return {
    source: source || null,
    medium: medium || null,
    campaign: campaign || null,
    term: term || null,
    content: content || null,
  };
}

export function utmOfParams(params: URLSearchParams): Utm {
  const get = (k: string) => {
    // Spaces around a value (`utm_campaign=+spring+`) are not part of it: campaigns are matched exactly.
    const v = params.get(`utm_${k}`)?.trim().slice(0, UTM_VALUE_LENGTH).trimEnd();
    return v || null;
  };
  return {
    source: get('source'),
    medium: get('medium'),
    campaign: get('campaign'),
    term: get('term'),
    content: get('content'),
  };
}

/** The URL parsed, when it is an http(s) URL; null otherwise (javascript:, data:, not a URL). */
function parseWebUrl(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
}

/** A page URL read by the URL parser: http(s) only, serialised, cut to MAX_URL_LENGTH and read again. */
export function parsedPage(url: string): Page {
  const parsed = parseWebUrl(url);
  if (!parsed) return { url: null, utm: noUtm() };
  const text = parsed.href;
  if (text.length > MAX_URL_LENGTH) {
    const kept = text.slice(0, MAX_URL_LENGTH);
    return { url: kept, utm: utmOf(kept) };
  }
  return { url: text, utm: utmOfParams(parsed.searchParams) };
}

/** UTM parameters of a page URL (absent or unparsable: all null). */
export function utmOf(url: string | undefined): Utm {
  if (!url) return noUtm();
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return noUtm();
  }
  return utmOfParams(params);
}

/** The URL as kept and its UTM parameters, parsing it only when it is not already serialised. */
export function pageOf(url: string | undefined): Page {
  if (!url) return { url: null, utm: noUtm() };
  const canonical = canonicalUrl(url);
  if (!canonical) return parsedPage(url);
  return { url: canonical.url, utm: canonical.query === null ? noUtm() : utmOfQuery(canonical.query) };
}

/** Only http(s) URLs are kept, serialised and cut to MAX_URL_LENGTH; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  if (canonicalUrl(url)) return url;
  return parseWebUrl(url)?.href.slice(0, MAX_URL_LENGTH) ?? null;
}
