import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

/** A fair's leads: Persian headers, Persian and Arabic-Indic digits, a broken email and a repeated person. */
const LEADS_CSV =
  '\uFEFF' +
  [
    'نام,نام خانوادگی,ایمیل,موبایل,شرکت,Notes',
    'نگار,صادقی,negar@fair.example,۰۹۱۲ ۳۳۳ ۴۴۵۵,آروین,=1+1',
    'کاوه,نوری,kaveh@fair.example,٠٩٣٥١٢٣٤٥٦٧,آروین,',
    'Broken,Email,broken-at-fair.example,,,',
    'نگار,صادقی,NEGAR@fair.example,,,',
  ].join('\n') +
  '\n';

describe.each(dialects())('the import wizard in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let marketer: TestUser;
  let rep: TestUser;

  beforeAll(async () => {
    started = await startBrowserApp(dialect);
    ({ t, browser, base } = started);
    marketer = await t.user('marketing', { email: 'e2e-marketer@example.test', name: 'Marketer' });
    rep = await t.user('sales_rep', { email: 'e2e-rep@example.test', name: 'Rep' });
  });
  afterAll(() => started?.close());

  const count = (testId: string, page: Page) => page.getByTestId(testId).getAttribute('data-value');

  /** A marketer's page on the import wizard with `csv` uploaded, and the page errors it collects. */
  async function uploaded(name: string, csv: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketer);
    await page.getByTestId('nav-imports').click();
    await page.waitForURL(/\/imports/);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-upload').click();
    return { page, errors };
  }

  it('uploads, maps, dry-runs, imports and offers the rejected rows, in English and Persian', async () => {
    // Upload: the file goes to the server as it is.
    const { page, errors } = await uploaded('fair-leads.csv', LEADS_CSV);

    // Mapping: suggestions from the Persian headers are filled in; the notes column becomes a custom field.
    await poll(() => page.getByTestId('import-mapping-row').count()).toBe(6);
    expect(await page.getByTestId('import-map-0').inputValue()).toBe('First name');
    expect(await page.getByTestId('import-map-3').inputValue()).toBe('Phone');
    expect(await page.getByTestId('import-map-4').inputValue()).toBe('Company name');
    expect(await page.getByTestId('import-map-5').inputValue()).toBe('Ignore');
    await page.getByTestId('import-map-5').click();
    await page.getByRole('option', { name: 'Custom field “Notes”' }).click();
    expect(await page.getByTestId('import-map-5').inputValue()).toBe('Custom field “Notes”');
    await page.getByTestId('import-mapping-next').click();

    // Options, then a dry run: counted, nothing written.
    await page.getByTestId('import-campaign').fill('fair-2026');
    const contactsBefore = await t.count('contacts');
    await page.getByTestId('import-dry-run').click();
    await poll(() => page.getByTestId('import-result').getAttribute('data-status')).toBe('completed');
    expect(await page.getByTestId('import-result').getAttribute('data-dry-run')).toBe('true');
    expect(await count('import-count-created', page)).toBe('2');
    expect(await count('import-count-rejected', page)).toBe('2');
    expect(await count('import-count-accounts', page)).toBe('1');
    expect(await t.count('contacts')).toBe(contactsBefore);
    // The history says what the dry run would have done, not that it created anything.
    await poll(() => page.getByTestId('import-history-would-created').getAttribute('data-value')).toBe('2');
    expect(await page.getByTestId('import-history-would-created').textContent()).toBe('2 would be created');
    expect(await page.getByTestId('import-history-would-updated').textContent()).toBe('0 would be updated');
    await page.getByTestId('lang-fa').click();
    await poll(() => page.getByTestId('import-history-would-created').textContent()).toBe('۲ ساخته می‌شد');
    await page.getByTestId('lang-en').click();
    await poll(() => page.getByTestId('import-commit').textContent()).toBe('Import now');

    // "Import now" starts the real import at once, with the same mapping and options (no second "Import").
    await page.getByTestId('import-commit').click();
    expect(await page.getByTestId('import-options-step').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('import-result').getAttribute('data-dry-run'), { timeout: 20_000 })
      .toBe('false');
    expect(await page.getByTestId('import-result').getAttribute('data-status')).toBe('completed');
    expect(await count('import-count-created', page)).toBe('2');
    expect((await t.count('contacts')) - contactsBefore).toBe(2);
    const negar = await t.app.tandem.database.db
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'negar@fair.example')
      .executeTakeFirstOrThrow();
    expect(negar).toMatchObject({ first_name: 'نگار', phone: '+989123334455', campaign: 'fair-2026' });

    // The rejected rows, with reasons, downloaded with the session; the formula stays text.
    const href = await page.getByTestId('import-report-link').getAttribute('href');
    const report = await page.request.get(`${base}${href}`);
    expect(report.status()).toBe(200);
    const body = await report.text();
    expect(body).toContain('4,email,ایمیل,Not a valid email address.');
    expect(body).toContain('Same email as row 2 of this file.');

    // History: this import, completed.
    await poll(() => page.getByTestId('import-history-row').count()).toBe(1);
    expect(await page.getByTestId('import-history-row').first().textContent()).toContain('fair-leads.csv');
    expect(await page.getByTestId('import-status').first().getAttribute('data-status')).toBe('completed');
    expect(await page.getByTestId('import-history-would-created').count()).toBe(0);

    // Persian: right to left, Persian digits in the counts.
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.locator('h2').first().textContent()).toBe('ورود مخاطبان');
    expect(await page.getByTestId('import-count-created').textContent()).toBe('۲');
    await page.getByTestId('lang-en').click();

    // A new file starts the wizard over.
    await page.getByTestId('import-new').click();
    await poll(() => page.getByTestId('import-upload-step').count()).toBe(1);

    // The contact's own history says who imported it, from which file and row, in both languages.
    await page.goto(`${base}/contacts/${negar.id}`);
    await poll(() => page.getByTestId('audit-entry').first().textContent()).toContain(
      'Marketerimported this record from fair-leads.csv, row 2',
    );
    // The file name is isolated from the sentence's direction.
    expect(await page.locator('bdi[data-testid=audit-import-file]').textContent()).toBe('fair-leads.csv');
    await page.getByTestId('lang-fa').click();
    await poll(() => page.getByTestId('audit-entry').first().textContent()).toContain(
      'این رکورد را از fair-leads.csv، ردیف ۲، وارد کرد',
    );
    await page.getByTestId('lang-en').click();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('reads a full-name column and lets the delimiter be chosen, the preview read again with it', async () => {
    const { page, errors } = await uploaded(
      'full-names.csv',
      [
        'Full name;Email',
        'علی  حسین\u200Cزاده;ali@full-names.example',
        'Mary Ann Smith;mary@full-names.example',
        '',
      ].join('\n'),
    );

    // Detected: semicolon; the full name is suggested as one.
    await poll(() => page.getByTestId('import-mapping-row').count()).toBe(2);
    expect(await page.getByTestId('import-delimiter').inputValue()).toBe('Automatic (Semicolon (;))');
    expect(await page.getByTestId('import-map-0').inputValue()).toBe('Full name (split into first and last name)');
    expect(await page.getByTestId('import-delimiter-shown').textContent()).toBe('Delimiter: semicolon');

    // Every delimiter the server reads is offered; a comma makes the header one column, read again.
    await page.getByTestId('import-delimiter').click();
    const options = await page.getByRole('option').allTextContents();
    expect(options).toEqual(['Automatic (Semicolon (;))', 'Comma (,)', 'Semicolon (;)', 'Tab', 'Arabic semicolon (؛)']);
    await page.getByRole('option', { name: 'Comma (,)' }).click();
    await poll(() => page.getByTestId('import-mapping-step').getAttribute('data-delimiter')).toBe(',');
    expect(await page.getByTestId('import-mapping-row').count()).toBe(1);
    expect(await page.getByTestId('import-delimiter-shown').textContent()).toBe('Delimiter: comma');
    // No column is a name now: the wizard says so before anything is sent.
    expect(await page.getByTestId('import-mapping-problems').textContent()).toContain('First name or Full name');

    // In Persian, the same choices.
    await page.getByTestId('lang-fa').click();
    await poll(() => page.getByTestId('import-delimiter').inputValue()).toBe('ویرگول (,)');
    await page.getByTestId('import-delimiter').click();
    expect(await page.getByRole('option').allTextContents()).toEqual([
      'خودکار (نقطه‌ویرگول (;))',
      'ویرگول (,)',
      'نقطه‌ویرگول (;)',
      'تب',
      'نقطه‌ویرگول فارسی (؛)',
    ]);
    await page.getByRole('option', { name: 'نقطه‌ویرگول (;)', exact: true }).click();
    await poll(() => page.getByTestId('import-mapping-step').getAttribute('data-delimiter')).toBe(';');
    await poll(() => page.getByTestId('import-map-0').inputValue()).toBe(
      'نام کامل (به نام و نام خانوادگی تقسیم می‌شود)',
    );
    await page.getByTestId('lang-en').click();

    // A full name beside a first name is caught before sending.
    await page.getByTestId('import-map-1').click();
    await page.getByRole('option', { name: 'First name', exact: true }).click();
    expect(await page.getByTestId('import-mapping-problems').textContent()).toContain(
      'Map either Full name or First name and Last name, not both',
    );
    expect(await page.getByTestId('import-mapping-next').isDisabled()).toBe(true);
    await page.getByTestId('import-map-1').click();
    await page.getByRole('option', { name: 'Email', exact: true }).click();
    await page.getByTestId('import-mapping-next').click();
    await page.getByTestId('import-run').click();
    await poll(() => page.getByTestId('import-result').getAttribute('data-status')).toBe('completed');
    expect(await count('import-count-created', page)).toBe('2');
    const names = await t.app.tandem.database.db
      .selectFrom('contacts')
      .select(['email', 'first_name', 'last_name'])
      .where('email', 'like', '%@full-names.example')
      .orderBy('email')
      .execute();
    expect(names).toEqual([
      { email: 'ali@full-names.example', first_name: 'علی', last_name: 'حسین\u200Cزاده' },
      { email: 'mary@full-names.example', first_name: 'Mary', last_name: 'Ann Smith' },
    ]);
    const stored = await t.app.tandem.database.db
      .selectFrom('imports')
      .select('delimiter')
      .where('file_name', '=', 'full-names.csv')
      .executeTakeFirstOrThrow();
    expect(stored.delimiter).toBe(';');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('cancels a running import after a confirmation, keeping the batches it committed', async () => {
    // Long enough on either database for the clicks below to come while it runs (SQLite writes fast).
    const rows = 500_000;
    const csv =
      'Name,Email\n' + Array.from({ length: rows }, (_, i) => `Person ${i},cancel${i}@e2e.example`).join('\n') + '\n';
    const { page, errors } = await uploaded('long.csv', csv);
    await poll(() => page.getByTestId('import-mapping-row').count()).toBe(2);
    await page.getByTestId('import-mapping-next').click();
    await page.getByTestId('import-run').click();
    await poll(() => page.getByTestId('import-progress').isVisible()).toBe(true);

    // Asked first; "Keep importing" changes nothing.
    await page.getByTestId('import-cancel').click();
    await poll(() => page.getByTestId('confirm-dismiss').isVisible()).toBe(true);
    expect(await page.getByRole('dialog').textContent()).toContain('Cancel this import?');
    await page.getByTestId('confirm-dismiss').click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByTestId('import-progress').getAttribute('data-status')).toBe('running');

    await page.getByTestId('import-cancel').click();
    await page.getByTestId('confirm-button').click();
    await poll(() => page.getByTestId('import-result').getAttribute('data-status')).toBe('failed');
    expect(await page.getByTestId('import-error').textContent()).toContain(
      'The import was cancelled before the end of the file.',
    );
    const created = Number(await count('import-count-created', page));
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(rows);
    const written = await t.app.tandem.database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', 'like', 'cancel%@e2e.example')
      .executeTakeFirstOrThrow();
    expect(Number(written.n)).toBe(created);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('asks for the file again when an upload was left unused and its file deleted', async () => {
    const uploaded = await t.as(marketer, {
      method: 'POST',
      url: '/api/v1/imports?fileName=forgotten.csv',
      headers: { 'content-type': 'text/csv' },
      payload: Buffer.from(LEADS_CSV, 'utf8'),
    });
    expect(uploaded.statusCode).toBe(201);
    const id: string = uploaded.json().import.id;
    // What the sweep does after 7 days unused (tested in test/integration/imports.test.ts): the row first.
    await t.app.tandem.database.db.updateTable('imports').set({ file_path: null }).where('id', '=', id).execute();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketer);
    await page.goto(`${base}/imports?id=${id}`);
    await poll(() => page.getByTestId('import-file-gone').isVisible()).toBe(true);
    expect(await page.getByTestId('import-file-gone').innerText()).toContain('Upload the file again');
    expect(await page.getByTestId('import-mapping-row').count()).toBe(0);
    // Back to a fresh upload.
    await page.getByTestId('import-new').click();
    await poll(() => page.getByTestId('import-upload-step').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('removes an upload that never ran from the history after a confirmation, in English and Persian', async () => {
    const uploadFile = async (fileName: string) => {
      const res = await t.as(marketer, {
        method: 'POST',
        url: `/api/v1/imports?fileName=${fileName}`,
        headers: { 'content-type': 'text/csv' },
        payload: Buffer.from(LEADS_CSV, 'utf8'),
      });
      expect(res.statusCode).toBe(201);
      const id: string = res.json().import.id;
      const row = await t.app.tandem.database.db
        .selectFrom('imports')
        .select('file_path')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { id, file: row.file_path! };
    };
    const abandoned = await uploadFile('abandoned.csv');
    const other = await uploadFile('other-abandoned.csv');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, marketer);
    // The upload being worked on is the one removed: the page goes back to a fresh upload.
    await page.goto(`${base}/imports?id=${abandoned.id}`);
    const row = (fileName: string) => page.getByTestId('import-history-row').filter({ hasText: fileName });
    await poll(() => row('abandoned.csv').first().isVisible()).toBe(true);
    // An import that ran for real stays: it offers no removal.
    expect(await row('fair-leads.csv').getByTestId('import-history-remove').count()).toBe(0);

    // Dismissing the confirmation removes nothing.
    await row('other-abandoned.csv').getByTestId('import-history-remove').click();
    await poll(() => page.getByTestId('confirm-button').isVisible()).toBe(true);
    await page.getByTestId('confirm-dismiss').click();
    await poll(() => page.getByTestId('confirm-button').count()).toBe(0);
    expect(await row('other-abandoned.csv').count()).toBe(1);
    expect(page.url()).toContain(`id=${abandoned.id}`);

    const exact = (fileName: string) =>
      page.getByTestId('import-history-row').filter({ has: page.getByText(fileName, { exact: true }) });
    await exact('abandoned.csv').getByTestId('import-history-remove').click();
    expect(await page.getByRole('dialog').innerText()).toContain('“abandoned.csv” never ran for real');
    await page.getByTestId('confirm-button').click();
    await poll(() => exact('abandoned.csv').count()).toBe(0);
    await poll(() => page.getByTestId('import-upload-step').isVisible()).toBe(true);
    expect(page.url()).not.toContain('id=');
    expect(existsSync(abandoned.file)).toBe(false);
    expect(await row('other-abandoned.csv').count()).toBe(1);

    // In Persian the same action, confirmed in Persian.
    await page.getByTestId('lang-fa').click();
    await poll(() => row('other-abandoned.csv').getByTestId('import-history-remove').textContent()).toBe('حذف');
    await row('other-abandoned.csv').getByTestId('import-history-remove').click();
    await poll(() => page.getByRole('dialog').innerText()).toContain('«other-abandoned.csv» هرگز');
    await page.getByTestId('confirm-button').click();
    await poll(() => row('other-abandoned.csv').count()).toBe(0);
    expect(existsSync(other.file)).toBe(false);
    await page.getByTestId('lang-en').click();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps sales reps out: no menu entry, and the page says so', async () => {
    const page = await browser.newPage();
    await signIn(page, base, rep);
    expect(await page.getByTestId('nav-imports').count()).toBe(0);
    await page.goto(`${base}/imports`);
    await poll(() => page.getByTestId('imports-forbidden').count()).toBe(1);
    expect(await page.getByTestId('import-upload').count()).toBe(0);
    await page.close();
  });
});
