import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256-bit random secrets; only their sha256 is stored. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export const API_TOKEN_PREFIX = 'tdm_';

export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = API_TOKEN_PREFIX + newSecret();
  return { token, prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), hash: sha256(token) };
}

/**
 * The one-time code that proves the person creating the first admin can read the server's console (or
 * its data directory): whoever merely reaches the port of a fresh installation cannot claim it. Derived
 * from the session secret, so every server process of one installation prints the same code.
 */
export function setupCode(secret: string): string {
  return createHmac('sha256', secret).update('tandem first-run setup').digest('base64url').slice(0, 12);
}

export function sameSecretText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
