import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed email links, pure. A click link carries the contact, the message and the destination inside a
 * payload signed with the server's key (HMAC-SHA256), so nobody can point a Tandem link somewhere else or
 * attribute a click to another person: a tampered or unsigned link verifies as null and the server never
 * redirects it (no open redirect). The same scheme signs open pixels and the short-lived identity token
 * that lets the landing page's tracking script merge the visitor into the contact.
 */

export type LinkPurpose = 'click' | 'open' | 'identify';

export interface ClickPayload {
  contactId: string;
  messageId: string;
  url: string;
  campaign?: string | undefined;
}
export interface OpenPayload {
  contactId: string;
  messageId: string;
  campaign?: string | undefined;
}
export interface IdentifyPayload {
  contactId: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

/**
 * The longest token a link may carry: the server reads path parameters up to this length (its router's
 * maxParamLength), so a longer link could never be followed. Minting refuses one.
 */
export const MAX_LINK_TOKEN = 4096;

/** An HMAC-SHA256 in unpadded base64url. */
const SIG_CHARS = 43;

function sign(key: Buffer, purpose: LinkPurpose, payload: string): string {
  return createHmac('sha256', key).update(`${purpose}.${payload}`).digest('base64url');
}

/** `<payload>.<signature>`, both base64url: safe in a URL path segment. */
export function seal(key: Buffer, purpose: LinkPurpose, value: object): string {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${payload}.${sign(key, purpose, payload)}`;
}

/** The signed value, or null for anything tampered, truncated, unsigned or signed for another purpose. */
export function unseal(key: Buffer, purpose: LinkPurpose, token: string): unknown {
  if (token.length > 8192) return null;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return null;
  const payload = token.slice(0, dot);
  // The signature as text, exactly as sign() writes it: decoding first would accept other spellings of the
  // same bytes (a changed last character, padding, stray characters the decoder skips).
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(sign(key, purpose, payload));
  if (given.length !== SIG_CHARS || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** Only web destinations: a signed link to javascript: or data: is still refused. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function readClick(key: Buffer, token: string): ClickPayload | null {
  const v = unseal(key, 'click', token) as Partial<ClickPayload> | null;
  if (!v || !isString(v.contactId, 64) || !isString(v.messageId, 200) || !isString(v.url, 2048)) return null;
  if (!isWebUrl(v.url)) return null;
  return {
    contactId: v.contactId,
    messageId: v.messageId,
    url: v.url,
    campaign: isString(v.campaign, 200) ? v.campaign : undefined,
  };
}

export function readOpen(key: Buffer, token: string): OpenPayload | null {
  const v = unseal(key, 'open', token) as Partial<OpenPayload> | null;
  if (!v || !isString(v.contactId, 64) || !isString(v.messageId, 200)) return null;
  return {
    contactId: v.contactId,
    messageId: v.messageId,
    campaign: isString(v.campaign, 200) ? v.campaign : undefined,
  };
}

export function readIdentify(key: Buffer, token: string, nowSeconds: number): IdentifyPayload | null {
  const v = unseal(key, 'identify', token) as Partial<IdentifyPayload> | null;
  if (!v || !isString(v.contactId, 64) || typeof v.exp !== 'number' || v.exp < nowSeconds) return null;
  return { contactId: v.contactId, exp: v.exp };
}

/** The destination with the identity token added, for the landing page's tracking script to pick up. */
export function withIdentityToken(url: string, token: string): string {
  const u = new URL(url);
  u.searchParams.set('_tdm', token);
  return u.toString();
}
