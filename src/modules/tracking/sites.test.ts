import { describe, expect, it } from 'vitest';
import { mayCarryIdentity, MAX_SITE_DOMAINS, normalizeSiteDomain, readableDomain, siteDomainsSchema } from './sites.js';

describe('normalizeSiteDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Example.COM ', 'example.com'],
    ['https://www.example.com/pricing?x=1', 'www.example.com'],
    ['http://shop.example.com:8080', 'shop.example.com'],
    ['*.example.com', 'example.com'],
    ['example.com.', 'example.com'],
    ['فروشگاه.ir', 'xn--mgbtj4c7ad63e.ir'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
  ])('reads %j as %j', (input, expected) => {
    expect(normalizeSiteDomain(input)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'exa mple.com',
    'ftp://example.com',
    'javascript://example.com',
    'https://user:pw@example.com',
    '[::1]',
    '-bad-.com',
    'a..b',
    '*.',
    // Top-level domains and bare numbers are not sites.
    'com',
    'IR',
    '*.ir',
    '4',
    '0x7f.1',
  ])('refuses %j', (input) => {
    expect(normalizeSiteDomain(input)).toBeNull();
  });
});

describe('siteDomainsSchema', () => {
  it('normalises each entry and keeps repeats once, in order', () => {
    expect(siteDomainsSchema.parse(['B.example', 'a.example', 'https://b.example/'])).toEqual([
      'b.example',
      'a.example',
    ]);
  });

  it('names each entry that is not a domain', () => {
    const result = siteDomainsSchema.safeParse(['ok.example', 'not a domain', 'mailto:x@y']);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([[1], [2]]);
  });

  it(`refuses more than ${MAX_SITE_DOMAINS} domains`, () => {
    const many = Array.from({ length: MAX_SITE_DOMAINS + 1 }, (_, i) => `s${i}.example`);
    expect(siteDomainsSchema.safeParse(many).success).toBe(false);
    expect(siteDomainsSchema.parse(many.slice(1))).toHaveLength(MAX_SITE_DOMAINS);
  });
});

describe('readableDomain', () => {
  it('shows an IDN in its own script and leaves others as they are', () => {
    expect(readableDomain('xn--mgbtj4c7ad63e.ir')).toBe('فروشگاه.ir');
    expect(readableDomain(normalizeSiteDomain('www.فروشگاه.ir')!)).toBe('www.فروشگاه.ir');
    expect(readableDomain('example.com')).toBe('example.com');
  });
});

describe('mayCarryIdentity', () => {
  const sites = ['example.com', 'shop.example.org'];
  const own = 'https://crm.example.net:8443';

  it('allows a listed site and its subdomains, whatever the port or path', () => {
    expect(mayCarryIdentity('https://example.com/pricing', sites, own)).toBe(true);
    expect(mayCarryIdentity('https://www.example.com:444/a?b=c', sites, own)).toBe(true);
    expect(mayCarryIdentity('http://eu.shop.example.org/', sites, own)).toBe(true);
  });

  it('matches a host written with the trailing dot of a fully qualified name, in any case', () => {
    expect(mayCarryIdentity('https://WWW.Example.COM./pricing', sites, own)).toBe(true);
    expect(mayCarryIdentity('https://crm.example.net./f/abc', [], own)).toBe(true);
    expect(mayCarryIdentity('https://example.com.evil.example./', sites, own)).toBe(false);
  });

  it('matches a Persian domain however the link spells it', () => {
    const saved = siteDomainsSchema.parse(['فروشگاه.ir']);
    expect(mayCarryIdentity('https://www.فروشگاه.ir/محصولات', saved, own)).toBe(true);
    expect(mayCarryIdentity('https://www.xn--mgbtj4c7ad63e.ir/', saved, own)).toBe(true);
  });

  it("allows Tandem's own host, where hosted forms live", () => {
    expect(mayCarryIdentity('https://crm.example.net/f/abc', [], own)).toBe(true);
  });

  it('refuses any other site, including look-alikes', () => {
    expect(mayCarryIdentity('https://partner.example/', sites, own)).toBe(false);
    expect(mayCarryIdentity('https://notexample.com/', sites, own)).toBe(false);
    expect(mayCarryIdentity('https://example.com.evil.example/', sites, own)).toBe(false);
    expect(mayCarryIdentity('https://example.org/', sites, own)).toBe(false);
    expect(mayCarryIdentity('https://net/', sites, own)).toBe(false);
    expect(mayCarryIdentity('not a url', sites, own)).toBe(false);
  });
});
