import { describe, expect, it } from 'vitest';
import { pageSecurityOptions, securityHeadersFor } from './security-headers.js';

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

  it('upgrades requests to https only when the public address is https', () => {
    const plain = securityHeadersFor(pageSecurityOptions('http://192.0.2.2:3000'));
    expect(plain['content-security-policy']).toContain("script-src 'self'");
    expect(plain['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(plain['strict-transport-security']).toMatch(/max-age=\d+/);
    const secure = securityHeadersFor(pageSecurityOptions('https://crm.example.com'));
    expect(secure['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(secure['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
