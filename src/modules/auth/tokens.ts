import { createHash, randomBytes } from 'node:crypto';

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
