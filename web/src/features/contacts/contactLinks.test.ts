import { describe, expect, it } from 'vitest';
import { mailtoHref, telHref } from './contactLinks.js';

/** What a mail app reads from a mailto: link: the recipients and the header fields (RFC 6068). */
function readMailto(href: string): { to: string; headers: string[] } {
  const url = new URL(href);
  expect(url.protocol).toBe('mailto:');
  return { to: decodeURIComponent(url.pathname), headers: [...url.searchParams.keys()] };
}

describe('mailtoHref', () => {
  it('links a plain address as it is', () => {
    expect(mailtoHref('sara.ahmadi@example.com')).toBe('mailto:sara.ahmadi@example.com');
    expect(mailtoHref("o'brien+news@sub.example.ir")).toBe("mailto:o'brien%2Bnews@sub.example.ir");
    expect(readMailto(mailtoHref("o'brien+news@sub.example.ir")).to).toBe("o'brien+news@sub.example.ir");
  });

  it('never lets a stored address add recipients, a subject or a body', () => {
    for (const email of [
      'sales@acme.co?bcc=spy%40evil.example&body=hi',
      'sales@acme.co?cc=spy@evil.example',
      'a@b.example#x?bcc=spy@evil.example',
      'a&bcc=spy@evil.example',
      'a@b.example&subject=x',
      'no-at-sign?body=x',
      'a b@example.com',
    ]) {
      const href = mailtoHref(email);
      expect(href, email).not.toMatch(/[?#&\s]/);
      expect(readMailto(href), email).toEqual({ to: email, headers: [] });
    }
  });
});

describe('telHref', () => {
  it('keeps the digits and a leading +, Persian and Arabic digits included', () => {
    expect(telHref('+989121234567')).toBe('tel:+989121234567');
    expect(telHref('۰۹۱۲ ۱۲۳ ۴۵۶۷')).toBe('tel:09121234567');
    expect(telHref('+49 (30) 123-٤٥٦')).toBe('tel:+4930123456');
  });

  it('gives no link for anything that is not plainly a number', () => {
    expect(telHref('+1555;phone-context=evil?x=1')).toBeNull();
    expect(telHref('javascript:alert(1)')).toBeNull();
    expect(telHref('n/a')).toBeNull();
    expect(telHref('')).toBeNull();
  });
});
