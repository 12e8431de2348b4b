import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalUrl, pageOf, parsedPage, safeUrl, utmOfParams, utmOfQuery } from './page-url.js';

/** What the URL parser says: the reference every shortcut must agree with. */
function parserSafeUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href.slice(0, 2048) : null;
  } catch {
    return null;
  }
}

// Pieces chosen to hit what the parser rewrites: case, default and bad ports, credentials, IPv4 and IDN
// hosts, backslashes, dot segments (plain and encoded), characters it percent-encodes in one component and
// not another, bad percent sequences, "+" and "%" in UTM values, repeated and empty parameters.
const piece = (options: string[]) => fc.constantFrom(...options);
const scheme = piece(['http', 'https', 'HTTP', 'Https', 'ftp', 'javascript', 'data']);
const separator = piece(['://', '://', '://', ':/', ':\\\\', ':']);
const userinfo = piece(['', '', '', 'user@', 'u:p@', '@']);
const label = piece([
  'acme',
  'x',
  'ACME',
  'a-b',
  '-a',
  'a-',
  'xn--p1ai',
  'xn--zz',
  '0x7f',
  '01',
  '127',
  '1',
  'é',
  'a_b',
  '%41',
  'b2b',
  'www',
]);
const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const hostEnd = piece(['', '', '', '.', '..']);
const port = piece(['', '', '', ':80', ':443', ':8080', ':', ':99999', ':0080']);
const pathPiece = piece([
  '/',
  '/',
  'a',
  'pricing',
  '.',
  '..',
  '%2e',
  '%2E',
  '.%2e',
  '%20',
  '%zz',
  '%',
  '%4',
  ' ',
  '\\',
  "'",
  '"',
  '<',
  '>',
  '`',
  '{',
  '}',
  '^',
  '|',
  '~',
  '!',
  '*',
  '(',
  ')',
  ';',
  ':',
  '@',
  '&',
  '=',
  '+',
  '$',
  ',',
  'é',
  '\t',
  '\n',
  '%C3%A9',
  '[',
  ']',
  'A',
  'Z',
  '_',
  '-',
]);
const queryPiece = piece([
  'utm_source=',
  'utm_medium=',
  'utm_campaign=',
  'utm_term=',
  'utm_content=',
  'utm_source',
  'utm%5Fsource=',
  'x=',
  'a',
  'li',
  'Q1',
  '&',
  '&',
  '=',
  '+',
  '%20',
  '%2B',
  '%',
  '%zz',
  "'",
  '"',
  '<',
  '>',
  '`',
  ' ',
  '?',
  '/',
  'é',
  '~',
  '[',
  ']',
  '{',
  '}',
  '^',
  '|',
  '\\',
  'x'.repeat(150),
]);
const fragmentPiece = piece(['', 'top', "'", '?', '#', ' ', '`', '<', 'é', '%20', '%']);
const messy = fc
  .tuple(
    scheme,
    separator,
    userinfo,
    host,
    hostEnd,
    port,
    fc.array(pathPiece, { maxLength: 8 }),
    fc.option(fc.array(queryPiece, { maxLength: 10 })),
    fc.option(fc.array(fragmentPiece, { maxLength: 3 })),
  )
  .map(
    ([s, sep, user, h, end, p, path, query, fragment]) =>
      `${s}${sep}${user}${h}${end}${p}${path.join('')}${query ? '?' + query.join('') : ''}` +
      (fragment ? '#' + fragment.join('') : ''),
  );
// Mostly what browsers send, with one odd piece now and then: the shortcut's edges.
const often = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: odd, weight: 1 });
const plainLabel = piece(['acme', 'www', 'b2b', 'a-b', 'shop', 'x1', 'example']);
const plainPath = piece([
  '/',
  'a',
  'pricing',
  '-',
  '_',
  '~',
  '.',
  'A',
  '%20',
  '%C3%A9',
  '(',
  ')',
  '!',
  '*',
  "'",
  ':',
  '@',
]);
const plainQuery = piece([
  'utm_source=',
  'utm_campaign=',
  'utm_medium=',
  'li',
  'q1',
  '&',
  '=',
  '.',
  '~',
  '/',
  '?',
  '_',
]);
const nearCanonical = fc
  .tuple(
    often(piece(['https', 'http']), scheme),
    often(fc.constant('://'), separator),
    often(fc.constant(''), userinfo),
    fc.array(often(plainLabel, label), { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.')),
    often(fc.constant(''), port),
    fc.array(often(plainPath, pathPiece), { maxLength: 8 }),
    fc.option(fc.array(often(plainQuery, queryPiece), { maxLength: 10 })),
    fc.option(fc.array(often(piece(['', 'top', "'", '?']), fragmentPiece), { maxLength: 3 })),
  )
  .map(
    ([s, sep, user, h, p, path, query, fragment]) =>
      `${s}${sep}${user}${h}${p}/${path.join('')}${query ? '?' + query.join('') : ''}` +
      (fragment ? '#' + fragment.join('') : ''),
  );
const urls = fc.oneof(messy, nearCanonical);

describe('page URLs without the parser', () => {
  it('give the parser’s answers for any URL', () => {
    let shortcuts = 0;
    fc.assert(
      fc.property(urls, (url) => {
        if (canonicalUrl(url)) shortcuts += 1;
        expect(pageOf(url)).toEqual(parsedPage(url));
        expect(safeUrl(url)).toBe(parserSafeUrl(url));
      }),
      { numRuns: 20_000 },
    );
    // The generator must reach the shortcut often, or this test would only compare the parser with itself.
    expect(shortcuts).toBeGreaterThan(1_000);
  });

  it('take the shortcut for pages as browsers report them', () => {
    for (const url of [
      'https://acme.example/pricing',
      'https://www.acme.example/blog/2026/11/why-sla?utm_source=linkedin&utm_medium=paid&utm_campaign=q1#pricing',
      'http://shop.acme.example/p/123?ref=nav&gclid=Cj0KCQiA',
      'https://acme.example/fa/%D9%82%DB%8C%D9%85%D8%AA?utm_campaign=%D9%86%D9%88%D8%B1%D9%88%D8%B2',
    ]) {
      expect(canonicalUrl(url)?.url).toBe(url);
      expect(new URL(url).href).toBe(url);
    }
    // Not already serialised: parsed instead.
    for (const url of [
      'HTTPS://acme.example/',
      'https://Acme.example/',
      'https://acme.EXAMPLE/',
      'https://acme.Example/',
      'https://acme.example',
      'https://acme.example:443/',
      'https://u:p@acme.example/',
      'https://acme.example/a/../b',
      'https://acme.example/a b',
      'https://127.0.0.1/',
      'https://xn--p1ai/',
    ]) {
      expect(canonicalUrl(url)).toBeNull();
    }
  });

  it('read UTM parameters of a query as URLSearchParams does', () => {
    const queries = fc.array(queryPiece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(queries, (query) => {
        expect(utmOfQuery(query)).toEqual(utmOfParams(new URLSearchParams(`?${query}`)));
      }),
      { numRuns: 20_000 },
    );
    expect(utmOfQuery('utm_source&utm_source=late&utm_medium=&utm_campaign=q1&utm_campaign=q2')).toEqual({
      source: null,
      medium: null,
      campaign: 'q1',
      term: null,
      content: null,
    });
  });
});
