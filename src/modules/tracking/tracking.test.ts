import { describe, expect, it } from 'vitest';
import { createGroupCommitWriter } from './event-writer.js';
import fc from 'fast-check';
import {
  eventBatchSchema,
  isBot,
  MAX_SENT_URL_LENGTH,
  occurredAt,
  pageOf,
  plainBatch,
  safeUrl,
  utmOf,
} from './tracking.js';
import { findNulCharacter } from '../../http/input.js';

describe('tracking rules', () => {
  it('tells bots from browsers by user agent', () => {
    expect(isBot('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe(true);
    expect(
      isBot(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36',
      ),
    ).toBe(true);
    expect(isBot('curl/8.1.2')).toBe(true);
    expect(isBot(undefined)).toBe(true);
    expect(
      isBot(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      ),
    ).toBe(false);
    expect(
      isBot(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe(false);
  });

  it('reads UTM parameters', () => {
    expect(utmOf('https://x.io/?utm_source=linkedin&utm_medium=paid&utm_campaign=q1%20launch')).toEqual({
      source: 'linkedin',
      medium: 'paid',
      campaign: 'q1 launch',
      term: null,
      content: null,
    });
    expect(utmOf('not a url').source).toBeNull();
    // Spaces around a value are not part of it; a value of spaces is none.
    expect(utmOf('https://x.io/?utm_campaign=+spring%20&utm_source=%20%20&utm_medium=a+b')).toMatchObject({
      campaign: 'spring',
      source: null,
      medium: 'a b',
    });
  });

  it('reads a page URL once for what safeUrl and utmOf give', () => {
    const same = (url: string | undefined) => {
      const kept = safeUrl(url);
      expect(pageOf(url)).toEqual({ url: kept, utm: utmOf(kept ?? undefined) });
    };
    for (const url of [
      undefined,
      '',
      'not a url',
      'javascript:alert(1)',
      'https://x.io/pricing?utm_source=li&utm_campaign=q1%20launch&utm_medium=paid',
      'http://x.io/a b?utm_term=' + 'x'.repeat(300),
      `https://x.io/${'é'.repeat(700)}?utm_source=cut`,
    ]) {
      same(url);
    }
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true }), (url) => same(url)));
  });

  it('keeps only http(s) URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,x')).toBeNull();
    expect(safeUrl('https://x.io/a b')).toBe('https://x.io/a%20b');
  });

  it('trusts the browser clock only within a plausible window', () => {
    const now = new Date('2027-01-10T00:00:00Z');
    expect(occurredAt('2027-01-09T23:00:00+01:00', now)).toBe('2027-01-09T22:00:00.000Z');
    expect(occurredAt('2026-01-01T00:00:00Z', now)).toBe(now.toISOString());
    expect(occurredAt('2027-02-01T00:00:00Z', now)).toBe(now.toISOString());
    expect(occurredAt(undefined, now)).toBe(now.toISOString());
  });

  it('validates batches: random visitor ids, event type names, bounded sizes', () => {
    const ok = { visitorId: 'A'.repeat(22), events: [{ type: 'page_view' }] };
    expect(eventBatchSchema.safeParse(ok).success).toBe(true);
    expect(eventBatchSchema.safeParse({ ...ok, visitorId: '12345' }).success).toBe(false);
    expect(eventBatchSchema.safeParse({ ...ok, events: [{ type: 'Page View' }] }).success).toBe(false);
    expect(eventBatchSchema.safeParse({ ...ok, events: Array(51).fill({ type: 'x' }) }).success).toBe(false);
    expect(eventBatchSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });
});

describe('group commit writer', () => {
  it('commits everything queued in one turn together and answers each caller after the commit', async () => {
    const commits: number[][] = [];
    const writer = createGroupCommitWriter<number>(async (rows) => {
      commits.push(rows);
    });
    const done: number[] = [];
    await Promise.all([1, 2, 3].map((n) => writer.write([n, n * 10]).then(() => done.push(n))));
    expect(commits).toEqual([[1, 10, 2, 20, 3, 30]]);
    expect(done.sort()).toEqual([1, 2, 3]);
    expect(writer.stats()).toEqual({ flushes: 1, rows: 6 });
  });

  it('fails the callers of a failed commit, and only them', async () => {
    let fail = true;
    const writer = createGroupCommitWriter<number>(async () => {
      if (fail) throw new Error('disk full');
    });
    await expect(writer.write([1])).rejects.toThrow('disk full');
    fail = false;
    await expect(writer.write([2])).resolves.toBeUndefined();
  });

  it("when a shared commit fails, commits each request alone so only the failing one's caller fails", async () => {
    const committed: number[][] = [];
    const writer = createGroupCommitWriter<number>(async (rows) => {
      if (rows.includes(13)) throw new Error('no such contact');
      committed.push(rows);
    });
    const results = await Promise.allSettled([writer.write([1]), writer.write([13]), writer.write([2, 3])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed).toEqual([[1], [2, 3]]);
    expect(writer.stats()).toEqual({ flushes: 2, rows: 3 });
  });

  it("fails every caller of a shared commit at once when the error is not one request's doing", async () => {
    let attempts = 0;
    const writer = createGroupCommitWriter<number>(
      async () => {
        attempts += 1;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      },
      { mayBeOneRequest: (err) => (err as { code?: string }).code !== 'SQLITE_BUSY' },
    );
    const results = await Promise.allSettled([writer.write([1]), writer.write([2]), writer.write([3])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(attempts).toBe(1);
  });

  it('tries a lone request again in a fresh commit when what failed may have been the moment', async () => {
    let attempts = 0;
    const writer = createGroupCommitWriter<number>(
      async () => {
        attempts += 1;
        if (attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      },
      { mayBeOneRequest: (err) => (err as { code?: string }).code === '40P01' },
    );
    await expect(writer.write([1])).resolves.toBeUndefined();
    expect(attempts).toBe(2);
  });

  it('never splits a request and respects the row limit between requests', async () => {
    const commits: number[] = [];
    const writer = createGroupCommitWriter<number>(async (rows) => void commits.push(rows.length), { maxRows: 4 });
    await Promise.all([writer.write([1, 2, 3]), writer.write([4, 5]), writer.write([6, 7, 8, 9, 10])]);
    expect(commits).toEqual([3, 2, 5]);
  });

  it('with a gathering window, waits for more rows (or the window) before committing', async () => {
    const commits: { rows: number[]; at: number }[] = [];
    const writer = createGroupCommitWriter<number>(async (rows) => void commits.push({ rows, at: performance.now() }), {
      gather: { rows: 4, ms: 60 },
    });
    const started = performance.now();
    const first = writer.write([1]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Two turns later, still gathering: one row of four.
    expect(commits).toEqual([]);
    // Enough rows arrive: committed at once, all together, well before the window ends.
    await Promise.all([first, writer.write([2, 3]), writer.write([4])]);
    expect(commits.map((c) => c.rows)).toEqual([[1, 2, 3, 4]]);
    expect(commits[0]!.at - started).toBeLessThan(55);
    // Too few rows: committed when the window ends.
    const alone = performance.now();
    await writer.write([5]);
    expect(commits.map((c) => c.rows)).toEqual([[1, 2, 3, 4], [5]]);
    expect(commits[1]!.at - alone).toBeGreaterThanOrEqual(55);
  });
});

describe('plainly valid batches', () => {
  // Mostly valid, with an odd piece now and then: the edges of the plain check.
  const often = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: usual, weight: 20 }, { arbitrary: odd, weight: 1 });
  const text = (max: number) =>
    often(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '',
        '\u0000',
        'a\u0000b',
        'x'.repeat(max),
        'x'.repeat(max + 1),
        'é'.repeat(max),
        '🙂'.repeat(max),
        7,
      ),
    );
  const key = fc.oneof(
    { arbitrary: fc.string({ maxLength: 20 }), weight: 20 },
    { arbitrary: fc.constantFrom('', '\u0000', 'k'.repeat(64), 'k'.repeat(65)), weight: 1 },
  );
  const value = fc.oneof(
    text(500),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constant([]),
    fc.constant({}),
  );
  const event = fc.record(
    {
      type: often(
        fc.constantFrom('page_view', 'demo_requested', 'a', 'signup.done', 'x:y-z'),
        fc.constantFrom('form_submitted', 'email_clicked', 'Page', '1x', '', 'a'.repeat(65), null),
      ),
      occurredAt: often(
        fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()),
        fc.constantFrom('2026-11-28T10:00:00+03:30', '2026-11-28T10:00Z', '2026-02-30T10:00:00Z', 'yesterday', 5),
      ),
      url: text(MAX_SENT_URL_LENGTH),
      referrer: text(MAX_SENT_URL_LENGTH),
      title: text(500),
      properties: often(fc.dictionary(key, value, { maxKeys: 22 }), fc.constantFrom(null, ['a'], 'x')),
      extra: fc.constant(1),
    },
    { requiredKeys: [] },
  );
  const plainEvent = often(
    event.filter((e) => !('extra' in e) && 'type' in e),
    event,
  );
  const visitorId = often(
    fc.stringMatching(/^[A-Za-z0-9_-]{22,64}$/),
    fc.constantFrom('A'.repeat(21), 'A'.repeat(65), 'A'.repeat(21) + '=', 'A'.repeat(22) + '\u0000', 42),
  );
  const events = often(
    fc.array(plainEvent, { minLength: 1, maxLength: 4 }),
    fc.oneof(fc.array(plainEvent, { minLength: 50, maxLength: 51 }), fc.constantFrom([], {})),
  );
  const batch = often(
    fc.record({ visitorId, events }),
    fc.oneof(
      fc.record({ visitorId, events, extra: fc.constant(true) }),
      fc.record({ events }),
      fc.record({ visitorId }),
    ),
  );

  it('are only batches the schema accepts unchanged, without NUL', () => {
    let plain = 0;
    fc.assert(
      fc.property(batch, (body) => {
        const fast = plainBatch(body);
        if (fast === null) return;
        plain += 1;
        const checked = eventBatchSchema.safeParse(body);
        expect(checked.success).toBe(true);
        expect(checked.data).toEqual(body);
        expect(findNulCharacter(body)).toBeNull();
      }),
      { numRuns: 4_000 },
    );
    expect(plain).toBeGreaterThan(300);
  });

  it('include what the tracking script sends', () => {
    const body = JSON.parse(
      JSON.stringify({
        visitorId: 'Vq3k1x9_T0-aZbYc2dEfGh',
        events: [
          {
            type: 'page_view',
            occurredAt: new Date().toISOString(),
            url: 'https://acme.example/pricing?utm_source=li',
            referrer: 'https://www.google.com/',
            title: 'قیمت‌ها',
          },
          {
            type: 'demo_requested',
            url: 'https://acme.example/demo',
            properties: { plan: 'team', seats: 5, trial: true, note: null },
          },
        ],
      }),
    );
    expect(plainBatch(body)).toBe(body);
    expect(plainBatch({ ...body, events: [{ type: 'form_submitted' }] })).toBeNull();
    expect(plainBatch({ ...body, events: [{ url: 'https://acme.example/' }] })).toBeNull();
    // As JSON.parse gives them: numbers past the double range, an own "__proto__" key.
    for (const properties of ['{"a":1e999}', '{"a":-1e999}', '{"__proto__":"x"}', '{"__proto__":null}']) {
      const odd = { ...body, events: [{ type: 'page_view', properties: JSON.parse(properties) }] };
      expect(plainBatch(odd)).toBeNull();
      const checked = eventBatchSchema.safeParse(odd);
      expect(checked.success && JSON.stringify(checked.data) === JSON.stringify(odd)).toBe(false);
    }
    const properties = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));
    expect(plainBatch({ ...body, events: [{ type: 'page_view', properties: properties(20) }] })).not.toBeNull();
    expect(plainBatch({ ...body, events: [{ type: 'page_view', properties: properties(21) }] })).toBeNull();
    expect(plainBatch({ ...body, events: [{ type: 'page_view', title: 'a\u0000' }] })).toBeNull();
  });
});
