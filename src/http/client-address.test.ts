import { describe, expect, it } from 'vitest';
import { rateLimitKey } from './client-address.js';

describe('rateLimitKey', () => {
  it('counts an IPv4 address as itself, written plainly or IPv4-mapped', () => {
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    const key = rateLimitKey('2001:db8:abcd:12::1');
    expect(key).toBe('2001:db8:abcd:12::/64');
    expect(rateLimitKey('2001:0db8:abcd:0012:ffff:1:2:3')).toBe(key);
    expect(rateLimitKey('2001:DB8:ABCD:12:a::b')).toBe(key);
    expect(rateLimitKey('2001:db8:abcd:12::1%eth0')).toBe(key);
    expect(rateLimitKey('2001:db8:abcd:13::1')).not.toBe(key);
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
  });

  it('leaves anything else as it is', () => {
    expect(rateLimitKey('')).toBe('');
    expect(rateLimitKey('not:an:address')).toBe('not:an:address');
  });
});
