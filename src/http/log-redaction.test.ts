import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it('replaces signed email tokens in the path', () => {
    expect(redactUrl('/t/c/eyJjb250YWN0SWQiOiJ4In0.abcDEF123_-')).toBe('/t/c/[redacted]');
    expect(redactUrl('/t/o/eyJ4IjoxfQ.sig.gif')).toBe('/t/o/[redacted]');
    expect(redactUrl('/t/c/payload.sig?utm_source=x')).toBe('/t/c/[redacted]?utm_source=x');
  });

  it('replaces secret query parameters and keeps the others', () => {
    expect(redactUrl('/setup?code=12345-secret')).toBe('/setup?code=[redacted]');
    expect(redactUrl('/pricing?utm_source=mail&_tdm=tok.sig&x')).toBe('/pricing?utm_source=mail&_tdm=[redacted]&x');
    expect(redactUrl('/api/v1/contacts?limit=50&q=code')).toBe('/api/v1/contacts?limit=50&q=code');
  });

  it('leaves other URLs as they are', () => {
    for (const url of ['/', '/t/events', '/t/tandem.js', '/t/p.gif?v=abc&e=page_view', '/f/abc/embed.js']) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});
