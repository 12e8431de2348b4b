import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readClick, readIdentify, readOpen, seal, withIdentityToken } from './email-links.js';

const key = randomBytes(32);
const click = { contactId: 'c1', messageId: 'm1', url: 'https://acme.example/pricing?x=1' };

describe('signed email links', () => {
  it('round-trips a click, an open and an identity token', () => {
    expect(readClick(key, seal(key, 'click', click))).toEqual({ ...click, campaign: undefined });
    expect(readOpen(key, seal(key, 'open', { contactId: 'c1', messageId: 'm1', campaign: 'q4' }))).toEqual({
      contactId: 'c1',
      messageId: 'm1',
      campaign: 'q4',
    });
    expect(readIdentify(key, seal(key, 'identify', { contactId: 'c1', exp: 2000 }), 1000)).toEqual({
      contactId: 'c1',
      exp: 2000,
    });
  });

  it('refuses a changed destination, another key, another purpose, no signature or garbage', () => {
    const token = seal(key, 'click', click);
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...click, url: 'https://evil.example' })).toString('base64url');
    expect(readClick(key, `${forged}.${sig}`)).toBeNull();
    expect(readClick(randomBytes(32), token)).toBeNull();
    expect(readOpen(key, seal(key, 'click', click))).toBeNull();
    expect(readClick(key, payload!)).toBeNull();
    expect(readClick(key, `${payload}.`)).toBeNull();
    expect(readClick(key, `${payload}.${sig!.slice(0, -2)}`)).toBeNull();
    expect(readClick(key, 'a.b.c')).toBeNull();
    expect(readClick(key, '')).toBeNull();
  });

  it('accepts the signature only as written: no other spelling of the same bytes', () => {
    const token = seal(key, 'click', click);
    const [payload, sig] = token.split('.') as [string, string];
    // The last of 43 characters carries 4 bits of the digest and 2 unused ones: a lenient decoder maps 4
    // characters to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1)!);
    const sameBytes = alphabet[(last & ~3) + ((last + 1) & 3)]!;
    expect(Buffer.from(sig.slice(0, -1) + sameBytes, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(readClick(key, `${payload}.${sig.slice(0, -1)}${sameBytes}`)).toBeNull();
    for (const suffix of ['=', '==', '%00', ' ', '*']) expect(readClick(key, `${token}${suffix}`), suffix).toBeNull();
    expect(readClick(key, token)).not.toBeNull();
  });

  it('refuses signed links to anything but a web page, and expired identity tokens', () => {
    expect(readClick(key, seal(key, 'click', { ...click, url: 'javascript:alert(1)' }))).toBeNull();
    expect(readIdentify(key, seal(key, 'identify', { contactId: 'c1', exp: 999 }), 1000)).toBeNull();
  });

  it('adds the identity token to the destination, keeping its query', () => {
    expect(withIdentityToken('https://acme.example/p?utm_source=mail#top', 'T.S')).toBe(
      'https://acme.example/p?utm_source=mail&_tdm=T.S#top',
    );
  });
});
