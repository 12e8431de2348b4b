import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestUser } from '../support/app.js';
import { dialects } from '../support/db.js';
import { slaDocument } from '../support/sla.js';
import { poll, signIn, startBrowserApp, type BrowserApp } from './browser.js';

const NINE_TO_FIVE = [['09:00', '17:00']];
const CALENDAR = {
  timeZone: 'UTC',
  week: {
    sat: [],
    sun: [],
    mon: NINE_TO_FIVE,
    tue: NINE_TO_FIVE,
    wed: NINE_TO_FIVE,
    thu: NINE_TO_FIVE,
    fri: NINE_TO_FIVE,
  },
  holidays: [],
};

const editorSla = (calendarId: string) =>
  slaDocument(calendarId, {
    sales: {
      firstTouch: { rules: [{ grade: 'A', minutes: 60 }], otherwiseMinutes: 240 },
      attempts: { count: 3, withinBusinessDays: 5 },
    },
    escalation: { reassignAfterMinutes: 60 },
  });

/** Thursday 15:00 in Tehran: after Thursday's half day, and Friday is off. */
const QUALIFIED_AT = '2027-01-14T15:00';

describe.each(dialects())('the SLA editor and routing admin in Chromium on %s', (dialect) => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: TestUser;
  let marketing: TestUser;
  let repOne: TestUser;
  let repTwo: TestUser;
  let teamId: string;
  let southId: string;
  let slaId: string;

  beforeAll(async () => {
    started = await startBrowserApp(dialect, { worker: true });
    ({ t, browser, base } = started);
    admin = await t.user('admin', { email: 'e2e-admin@example.test', name: 'Ava Admin' });
    marketing = await t.user('marketing', { email: 'e2e-marketing@example.test', name: 'Mina Marketing' });
    repOne = await t.user('sales_rep', { team: 'North', email: 'e2e-rep1@example.test', name: 'Reza Rep' });
    repTwo = await t.user('sales_rep', { team: 'North', email: 'e2e-rep2@example.test', name: 'Sima Rep' });
    teamId = await t.team('North');
    southId = await t.team('South');
    const calendar = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/calendars',
      payload: { name: 'Office hours', definition: CALENDAR },
    });
    expect(calendar.statusCode, calendar.body).toBe(201);
    const sla = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/slas',
      payload: { name: 'Standard', document: editorSla(calendar.json<{ id: string }>().id) },
    });
    expect(sla.statusCode, sla.body).toBe(201);
    slaId = sla.json<{ id: string }>().id;
  });
  afterAll(() => started?.close());

  const due = (page: Page, duty: string) => page.locator(`[data-testid="sla-preview-due"][data-duty="${duty}"]`);

  it('edits the SLA with the Saturday-Wednesday preset, previews the due time and saves a new version', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, admin, '/sales/sla');
    await poll(() => page.getByTestId('sla-row').count()).toBe(1);
    expect(await page.getByTestId('nav-sla-editor').count()).toBe(1);
    await page.getByTestId('sla-link').click();
    await page.waitForURL((url) => url.pathname === `/sales/sla/${slaId}`);
    await poll(() => page.getByTestId('sla-version').getAttribute('data-version')).toBe('1');

    // The preset: Saturday-Wednesday 08:00-16:00, Thursday 08:00-12:00, Friday off, in Tehran.
    await page.getByTestId('calendar-preset-tehran').click();
    expect(await page.getByTestId('calendar-timezone').inputValue()).toBe('Asia/Tehran');
    expect(await page.getByTestId('calendar-sat-0-start').inputValue()).toBe('08:00');
    expect(await page.getByTestId('calendar-thu-0-end').inputValue()).toBe('12:00');
    expect(await page.getByTestId('calendar-day-fri').getByTestId('calendar-day-off').count()).toBe(1);
    await page.getByTestId('calendar-holiday-input').fill('2027-03-21');
    await page.getByTestId('calendar-holiday-add').click();
    await poll(() => page.getByTestId('calendar-holiday').textContent()).toContain('March 21, 2027');

    // A lead qualified Thursday 15:00 is due Saturday: grade A at 09:00, the rest at 12:00.
    await page.getByTestId('sla-preview-start').fill(QUALIFIED_AT);
    await poll(() => due(page, 'rule-0').getAttribute('data-due')).toBe('2027-01-16T05:30:00.000Z');
    await poll(() => due(page, 'otherwise').getAttribute('data-due')).toBe('2027-01-16T08:30:00.000Z');
    expect(await due(page, 'rule-0').textContent()).toBe(
      'A grade A lead must be touched by Saturday, January 16, 2027 at 09:00 (60 business minutes)',
    );

    // A mistake is shown next to its field, and nothing is saved.
    await page.getByTestId('sla-sales-attempts-count').fill('0');
    await page.getByTestId('sla-marketing-qualifiedLeads').fill('55');
    await page.getByTestId('sla-save').click();
    await poll(() => page.getByTestId('sla-sales').textContent()).toContain('From 1 to 100.');
    await page.getByTestId('sla-sales-attempts-count').fill('4');

    // The server's field errors appear next to their field too: a team deleted while the page was open.
    await page.getByTestId('sla-add-team-target').click();
    const target = page.getByTestId('sla-team-target');
    await target.locator('select').selectOption(southId);
    await target.locator('input').fill('10');
    const deleted = await t.as(admin, { method: 'DELETE', url: `/api/v1/teams/${southId}` });
    expect(deleted.statusCode, deleted.body).toBe(204);
    await page.getByTestId('sla-save').click();
    await poll(() => target.textContent()).toContain('No team with that id: it may have been deleted.');
    expect(await page.getByTestId('sla-version').getAttribute('data-version')).toBe('1');
    await target.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('sla-save').click();

    // The SLA's edit and its calendar's change are saved together: one new version.
    await poll(() => page.getByTestId('sla-version').getAttribute('data-version')).toBe('2');
    await poll(() => page.getByTestId('sla-history-row').count()).toBe(2);
    expect(await page.getByTestId('sla-dirty').getAttribute('data-dirty')).toBe('false');
    const saved = await t.as(admin, { method: 'GET', url: `/api/v1/slas/${slaId}` });
    expect(saved.json()).toMatchObject({
      currentVersion: 2,
      document: { marketing: { qualifiedLeads: 55 }, sales: { attempts: { count: 4 } } },
      calendarSnapshot: {
        timeZone: 'Asia/Tehran',
        week: { sat: [['08:00', '16:00']], thu: [['08:00', '12:00']], fri: [] },
        holidays: ['2027-03-21'],
      },
    });

    // Someone else saves meanwhile: a save from the stale page says so, and a reload shows their version.
    const other = await t.as(admin, {
      method: 'PUT',
      url: `/api/v1/slas/${slaId}`,
      payload: { expectedVersion: 2, document: saved.json<{ document: object }>().document, name: 'Standard 2027' },
    });
    expect(other.statusCode, other.body).toBe(200);
    await page.getByTestId('sla-marketing-qualifiedLeads').fill('60');
    await page.getByTestId('sla-save').click();
    await poll(() => page.getByTestId('sla-conflict').textContent()).toContain('Someone else changed this SLA');
    await page.getByTestId('sla-conflict-reload').click();
    await poll(() => page.getByTestId('sla-version').getAttribute('data-version')).toBe('3');
    expect(await page.getByTestId('sla-name').inputValue()).toBe('Standard 2027');
    expect(await page.getByTestId('sla-marketing-qualifiedLeads').inputValue()).toBe('55');

    // Version 1 kept its terms and its calendar copy.
    await page.locator('[data-testid="sla-history-row"][data-version="1"]').getByTestId('sla-history-view').click();
    await poll(() => page.getByTestId('sla-version-view').textContent()).toContain('"timeZone":"UTC"');
    expect(await page.getByTestId('sla-version-view').textContent()).toContain('"qualifiedLeads": 40');
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('sla-version-view').count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('sets up round robin routing for a team of two and shows how many each rep received', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, admin, '/sales/routing');
    await poll(() => page.getByTestId('routing-title').textContent()).toBe('Lead routing');

    // A catch-all rule to North, round robin.
    await page.getByTestId('routing-rule-new').click();
    await page.getByTestId('routing-rule-name').fill('Everyone to North');
    await page.getByTestId('routing-rule-team').selectOption(teamId);
    await page.getByTestId('routing-rule-method').selectOption('round_robin');
    await page.getByTestId('routing-rule-save').click();
    await poll(() => page.getByTestId('routing-rule').count()).toBe(1);
    expect(await page.getByTestId('routing-rule').textContent()).toContain('Round robin');

    // Both reps of North take leads.
    await page.getByTestId('routing-team').selectOption(teamId);
    for (const rep of [repOne, repTwo]) {
      await poll(() =>
        page.getByTestId('routing-member-add-user').locator(`option[value="${rep.user.id}"]`).count(),
      ).toBe(1);
      await page.getByTestId('routing-member-add-user').selectOption(rep.user.id);
      await page.getByTestId('routing-member-add').click();
      await poll(() => page.locator(`[data-testid="routing-member"][data-user-id="${rep.user.id}"]`).count()).toBe(1);
    }
    await poll(() =>
      page
        .getByTestId('routing-member-eligibility')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-eligibility'))),
    ).toEqual(['eligible', 'eligible']);

    // Two qualified leads: one each.
    const contactIds: string[] = [];
    for (const [firstName, lastName] of [
      ['Sara', 'Rahimi'],
      ['Omid', 'Kazemi'],
    ] as const) {
      const created = await t.as(marketing, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { firstName, lastName },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string }>().id;
      contactIds.push(id);
      const marked = await t.as(marketing, {
        method: 'PUT',
        url: `/api/v1/contacts/${id}/qualification`,
        payload: { decision: 'qualified' },
      });
      expect(marked.statusCode, marked.body).toBe(200);
      await poll(async () => {
        const res = await t.as(admin, { method: 'GET', url: `/api/v1/handoffs?contactId=${id}` });
        return res.json<{ items: unknown[] }>().items.length;
      }).toBe(1);
    }
    const received = () =>
      page
        .getByTestId('routing-fairness-rep')
        .evaluateAll((els) =>
          els.map((e) => `${e.getAttribute('data-user-id')}=${e.getAttribute('data-received')}`).sort(),
        );
    await poll(async () => {
      await page.getByTestId('routing-fairness-refresh').click();
      return received();
    }).toEqual([`${repOne.user.id}=1`, `${repTwo.user.id}=1`].sort());
    expect(await page.getByTestId('routing-fairness-team').textContent()).toContain(
      'North: 2 assigned, 0 in the queue',
    );

    // One rep away: the preview sends the next lead to the other.
    await page
      .locator(`[data-testid="routing-member"][data-user-id="${repOne.user.id}"]`)
      .getByTestId('routing-member-away')
      .click({ force: true });
    await poll(() =>
      page
        .locator(`[data-testid="routing-member"][data-user-id="${repOne.user.id}"]`)
        .getByTestId('routing-member-eligibility')
        .getAttribute('data-eligibility'),
    ).toBe('out_of_office');
    await page.getByTestId('routing-preview-contact').click();
    await page.getByTestId('routing-preview-contact').fill('Sara');
    await page.getByRole('option', { name: 'Sara Rahimi' }).click();
    await page.getByTestId('routing-preview-run').click();
    await poll(() => page.getByTestId('routing-preview-result').textContent()).toBe(
      'Rule "Everyone to North": team North, rep Sima Rep.',
    );

    // A second rule with a condition, moved first, then deleted.
    await page.getByTestId('routing-rule-new').click();
    await page.getByTestId('routing-rule-name').fill('Iran first');
    await page.getByTestId('routing-rule-team').selectOption(teamId);
    await page.getByTestId('routing-rule-method').selectOption('weighted');
    await page.getByTestId('routing-condition-add').click();
    await page.getByTestId('routing-condition-0-field').selectOption('account.country');
    await page.getByTestId('routing-condition-0-values').fill('IR');
    await page.getByTestId('routing-condition-0-values').press('Enter');
    await page.getByTestId('routing-rule-save').click();
    const names = () =>
      page.getByTestId('routing-rule').evaluateAll((rows) => rows.map((r) => r.children[1]?.textContent));
    await poll(names).toEqual(['Everyone to North', 'Iran first']);
    expect(await page.getByTestId('routing-rule').nth(1).textContent()).toContain('account.country is one of IR');
    await page.getByTestId('routing-rule').nth(1).getByTestId('routing-rule-up').click();
    await poll(names).toEqual(['Iran first', 'Everyone to North']);
    const order = await t.as(admin, { method: 'GET', url: '/api/v1/routing/rules' });
    expect(order.json<{ items: { name: string }[] }>().items.map((r) => r.name)).toEqual([
      'Iran first',
      'Everyone to North',
    ]);
    await page.getByTestId('routing-rule').nth(0).getByTestId('routing-rule-delete').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await poll(names).toEqual(['Everyone to North']);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a sales rep the SLA read-only, and no routing admin', async () => {
    const page = await browser.newPage();
    await signIn(page, base, repOne, `/sales/sla/${slaId}`);
    await poll(() => page.getByTestId('sla-read-only').count()).toBe(1);
    expect(await page.getByTestId('sla-save-bar').count()).toBe(0);
    expect(await page.getByTestId('calendar-preset-tehran').count()).toBe(0);
    expect(await page.getByTestId('sla-marketing-qualifiedLeads').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByTestId('nav-sla-editor').count()).toBe(1);
    expect(await page.getByTestId('nav-routing').count()).toBe(0);
    // The preview works for everyone.
    await page.getByTestId('sla-preview-start').fill(QUALIFIED_AT);
    await poll(() => due(page, 'rule-0').getAttribute('data-due')).toBe('2027-01-16T05:30:00.000Z');
    await page.close();
  });

  it('creates a new SLA with a calendar of its own', async () => {
    const page = await browser.newPage();
    await signIn(page, base, admin, '/sales/sla');
    await poll(() => page.getByTestId('sla-row').count()).toBe(1);
    await page.getByTestId('sla-new').click();
    await page.getByTestId('sla-new-name').fill('Express <b>lane</b>');
    await page.getByTestId('sla-new-calendar').selectOption('__new__');
    await page.getByTestId('sla-new-submit').click();
    await page.waitForURL((url) => /^\/sales\/sla\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(slaId));
    await poll(() => page.getByTestId('sla-version').getAttribute('data-version')).toBe('1');
    // What a user typed is shown as text.
    expect(await page.getByTestId('sla-title').textContent()).toBe('Express <b>lane</b>');
    expect(await page.getByTestId('sla-calendar').locator('option:checked').textContent()).toBe(
      'Express <b>lane</b> calendar',
    );
    expect(await page.getByTestId('calendar-mon-0-start').inputValue()).toBe('09:00');
    expect(await page.getByTestId('calendar-day-sat').getByTestId('calendar-day-off').count()).toBe(1);
    await page.close();
  });

  it('shows the SLA editor right to left in Persian, with Jalali dates', async () => {
    const page = await browser.newPage();
    await signIn(page, base, admin, `/sales/sla/${slaId}`);
    await poll(() => page.getByTestId('sla-version').getAttribute('data-version')).toBe('3');
    await page.getByTestId('lang-fa').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => page.getByTestId('sla-version').textContent()).toBe('نسخهٔ ۳');
    expect(await page.getByTestId('calendar-day-sat').textContent()).toContain('شنبه');

    await page.getByTestId('sla-preview-start').fill(QUALIFIED_AT);
    await poll(() => due(page, 'rule-0').getAttribute('data-due')).toBe('2027-01-16T05:30:00.000Z');
    // 16 January 2027 is Saturday 26 Dey 1405; Nowruz 1406 is 21 March 2027.
    const text = (await due(page, 'rule-0').textContent()) ?? '';
    expect(text).toBe('سرنخ درجهٔ A باید تا شنبه ۲۶ دی ۱۴۰۵، ساعت ۰۹:۰۰ تماس گرفته شود (۶۰ دقیقهٔ کاری)');
    expect(await page.getByTestId('calendar-holiday').textContent()).toContain('یکشنبه ۱ فروردین ۱۴۰۶');
    expect(await page.getByTestId('calendar-preset-tehran').textContent()).toContain('جمعه تعطیل');

    await page.getByTestId('lang-en').click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.close();
  });
});
