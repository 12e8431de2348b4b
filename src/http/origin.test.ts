import { describe, expect, it } from 'vitest';
import { linkOrigin } from './origin.js';

describe('linkOrigin', () => {
  const unset = linkOrigin({ publicUrl: 'http://localhost:3000', publicUrlConfigured: false });

  it('follows the address the request came to while PUBLIC_URL is unset', () => {
    expect(unset({ protocol: 'http', host: '192.0.2.2:3000' })).toBe('http://192.0.2.2:3000');
    expect(unset({ protocol: 'https', host: 'crm.example.com' })).toBe('https://crm.example.com');
    expect(unset({ protocol: 'http', host: '[2001:db8::1]:3000' })).toBe('http://[2001:db8::1]:3000');
  });

  it('never echoes a Host header that is more than a host and a port', () => {
    for (const host of [
      'evil.test"><img src=x onerror=alert(1)>',
      'evil.test/path',
      'user@evil.test',
      'evil.test:80:80',
      'evil test',
      '',
    ]) {
      expect(unset({ protocol: 'http', host }), host).toBe('http://localhost:3000');
    }
  });

  it('uses PUBLIC_URL whenever it is set, with its path and without a trailing slash', () => {
    const set = linkOrigin({ publicUrl: 'https://crm.example.com/', publicUrlConfigured: true });
    expect(set({ protocol: 'http', host: '192.0.2.2:3000' })).toBe('https://crm.example.com');
    const below = linkOrigin({ publicUrl: 'https://example.com/crm/', publicUrlConfigured: true });
    expect(below({ protocol: 'http', host: '192.0.2.2:3000' })).toBe('https://example.com/crm');
  });
});
