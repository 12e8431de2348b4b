import { describe, expect, it } from 'vitest';
import { securityHeadersFor } from './security-headers.js';

describe('securityHeadersFor', () => {
  it("collects helmet's headers for the options, CSP directives included", () => {
    const headers = securityHeadersFor({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
    });
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('leaves out what the options turn off', () => {
    const headers = securityHeadersFor({ contentSecurityPolicy: false, strictTransportSecurity: false });
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});
