import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENSE_MATCHES } from '../../src/db/listing.js';
import {
  canonicalizeContact,
  contactNameNorm,
  contactSearchText,
  fieldsFromInput,
} from '../../src/modules/contacts/contact.js';
import { newId } from '../../src/shared/ids.js';
import { createTestApp, type TestApp, type TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';

/**
 * Search goes through a trigram index for rare terms and scans in sort order for common ones (SQLite picks
 * by asking the index how many rows match). Both paths must return exactly the matching rows, in order.
 */
describe.each(dialects())('indexed search on %s', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  const common = DENSE_MATCHES + 50;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.user('admin');
    const db = t.app.tandem.database.db;
    const rows = [];
    const start = Date.parse('2027-01-01T00:00:00Z');
    for (let i = 0; i < common + 3; i++) {
      const lastName = i < common ? `Commonname${i}` : `Rarename${i}`;
      const f = canonicalizeContact(fieldsFromInput({ firstName: 'Test', lastName }, null), 'IR');
      const at = new Date(start + i * 1000).toISOString();
      rows.push({
        id: newId(start + i * 1000),
        first_name: f.firstName,
        last_name: f.lastName,
        custom_fields: '{}',
        name_norm: contactNameNorm(f),
        search_text: contactSearchText(f),
        created_at: at,
        updated_at: at,
      });
    }
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('contacts')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  afterAll(() => t.close());

  async function all(q: string): Promise<string[]> {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.as(admin, {
        method: 'GET',
        url: `/api/v1/contacts?q=${q}&limit=200&order=asc${cursor ? `&cursor=${cursor}` : ''}`,
      });
      expect(res.statusCode).toBe(200);
      names.push(...res.json().items.map((c: { lastName: string }) => c.lastName));
      cursor = res.json().nextCursor;
    } while (cursor);
    return names;
  }

  it('returns every row of a common term, in order', async () => {
    const names = await all('commonname');
    expect(names).toHaveLength(common);
    expect(names[0]).toBe('Commonname0');
    expect(names.at(-1)).toBe(`Commonname${common - 1}`);
  });

  it('returns exactly the rows of a rare term', async () => {
    expect(await all('RARENAME')).toEqual([`Rarename${common}`, `Rarename${common + 1}`, `Rarename${common + 2}`]);
    expect(await all(`rarename${common + 1}`)).toEqual([`Rarename${common + 1}`]);
    expect(await all('nosuchname')).toEqual([]);
  });

  it('sees changes: an updated name is found by its new text and not by the old', async () => {
    const res = await t.as(admin, { method: 'GET', url: `/api/v1/contacts?q=rarename${common}` });
    const id = res.json().items[0].id;
    await t.as(admin, { method: 'PATCH', url: `/api/v1/contacts/${id}`, payload: { lastName: 'Renamedperson' } });
    expect(await all('renamedperson')).toEqual(['Renamedperson']);
    expect(await all(`rarename${common}`)).toEqual([]);
    await t.as(admin, { method: 'DELETE', url: `/api/v1/contacts/${id}` });
    expect(await all('renamedperson')).toEqual([]);
  });

  it('matches short terms and literal wildcard characters', async () => {
    expect((await all('ra')).length).toBeGreaterThanOrEqual(2);
    expect(await all(encodeURIComponent('100%'))).toEqual([]);
    expect(await all('_')).toEqual([]);
  });
});
