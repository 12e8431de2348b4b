import { describe, expect, it } from 'vitest';
import { notificationMail } from './notification-mail.js';

const rep = { name: 'Sara Karimi', locale: 'en', timeZone: 'Asia/Tehran' };

describe('notification mail', () => {
  it('tells a rep about a new lead with its due times in their time zone and a link to the lead', () => {
    const mail = notificationMail({
      kind: 'handoff.assigned',
      payload: {
        contactName: 'Ali Rezaei',
        reason: 'new',
        firstTouchDueAt: '2027-01-02T05:30:00.000Z',
        decisionDueAt: '2027-01-03T05:30:00.000Z',
      },
      contactId: 'c-1',
      recipient: rep,
      publicUrl: 'https://crm.example/',
    });
    expect(mail.subject).toBe('New lead: Ali Rezaei');
    // 05:30 UTC is 09:00 in Tehran.
    expect(mail.text).toContain('First touch due 2 Jan 2027, 09:00');
    expect(mail.text).toContain('https://crm.example/contacts/c-1');
    expect(mail.text.startsWith('Hello Sara Karimi,')).toBe(true);
  });

  it('writes Persian with Jalali dates for a Persian-speaking user', () => {
    const mail = notificationMail({
      kind: 'handoff.breached',
      payload: { contactName: 'علی رضایی', duty: 'first_touch', dueAt: '2027-03-21T05:30:00.000Z' },
      contactId: 'c-2',
      recipient: { ...rep, locale: 'fa' },
      publicUrl: 'https://crm.example',
    });
    expect(mail.subject).toBe('از مهلت گذشته: علی رضایی');
    expect(mail.text).toContain('اولین تماس');
    // 1 Farvardin 1406, in Persian digits.
    expect(mail.text).toContain('۱ فروردین ۱۴۰۶');
  });

  it('names the holder and the duty when a manager is told of a breach', () => {
    const mail = notificationMail({
      kind: 'handoff.escalated',
      payload: { contactName: 'Ali', duty: 'decision', dueAt: '2027-01-02T05:30:00.000Z', assigneeName: 'Reza' },
      contactId: null,
      recipient: rep,
      publicUrl: 'https://crm.example',
    });
    expect(mail.text).toContain('The accept/reject decision for Ali (held by Reza) was due');
    expect(mail.text).toContain('https://crm.example/sales/inbox');
  });

  it('keeps user-typed names on one line (no header injection) and falls back for unknown kinds', () => {
    const mail = notificationMail({
      kind: 'something.new',
      payload: { contactName: 'Eve\r\nBcc: victim@example.com' },
      contactId: 'c-3',
      recipient: rep,
      publicUrl: 'https://crm.example',
    });
    expect(mail.subject).toBe('A lead needs your attention: Eve Bcc: victim@example.com');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('survives an unknown time zone on the user', () => {
    const mail = notificationMail({
      kind: 'handoff.reminder',
      payload: { contactName: 'Ali', duty: 'first_touch', dueAt: '2027-01-02T05:30:00.000Z' },
      contactId: 'c-4',
      recipient: { ...rep, timeZone: 'Mars/Olympus' },
      publicUrl: 'https://crm.example',
    });
    expect(mail.text).toContain('is due 2 Jan 2027, 05:30 UTC');
  });
});
