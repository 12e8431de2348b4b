import type { Duty } from './clocks.js';

/**
 * The email of an in-app notification, pure: subject and plain-text body in the recipient's language
 * (English or Persian), times in the recipient's time zone (Jalali dates in Persian), and a link to the
 * lead. Plain text only: names typed by users are never interpreted as markup, and line breaks in them
 * cannot reach the subject header.
 */
export interface NotificationMailInput {
  kind: string;
  payload: Record<string, unknown>;
  contactId: string | null;
  recipient: { name: string; locale: string; timeZone: string };
  publicUrl: string;
}

export interface NotificationMail {
  subject: string;
  text: string;
}

type Lang = 'en' | 'fa';

const DUTY: Record<Lang, Record<Duty, string>> = {
  en: {
    first_touch: 'first touch',
    attempts: 'contact attempts',
    decision: 'accept/reject decision',
    outcome: 'outcome',
  },
  fa: { first_touch: 'اولین تماس', attempts: 'تلاش‌های تماس', decision: 'تصمیم پذیرش یا رد', outcome: 'نتیجه' },
};

const TEXT: Record<Lang, Record<string, (p: Vars) => { subject: string; line: string }>> = {
  en: {
    'handoff.assigned': (p) => ({
      subject: `New lead: ${p.name}`,
      line: `${p.name} is yours. First touch due ${p.firstTouch}; decision due ${p.decision}.`,
    }),
    'handoff.queued': (p) => ({
      subject: `A lead waits in the queue: ${p.name}`,
      line: `No rep could take ${p.name}: it waits in your team's queue. First touch due ${p.firstTouch}.`,
    }),
    'handoff.reminder': (p) => ({
      subject: `Due soon: ${p.name}`,
      line: `The ${p.duty} for ${p.name} is due ${p.due}.`,
    }),
    'handoff.breached': (p) => ({
      subject: `Overdue: ${p.name}`,
      line: `The ${p.duty} for ${p.name} was due ${p.due} and is overdue.`,
    }),
    'handoff.escalated': (p) => ({
      subject: `Overdue in your team: ${p.name}`,
      line: `The ${p.duty} for ${p.name}${p.assignee ? ` (held by ${p.assignee})` : ''} was due ${p.due} and is overdue.`,
    }),
    'handoff.reassigned_away': (p) => ({
      subject: `${p.name} was given to someone else`,
      line: `${p.name} is no longer yours.`,
    }),
  },
  fa: {
    'handoff.assigned': (p) => ({
      subject: `سرنخ جدید: ${p.name}`,
      line: `${p.name} به شما سپرده شد. مهلت اولین تماس: ${p.firstTouch}؛ مهلت تصمیم: ${p.decision}.`,
    }),
    'handoff.queued': (p) => ({
      subject: `سرنخی در صف منتظر است: ${p.name}`,
      line: `هیچ کارشناسی نتوانست ${p.name} را بگیرد و در صف تیم شما است. مهلت اولین تماس: ${p.firstTouch}.`,
    }),
    'handoff.reminder': (p) => ({
      subject: `مهلت نزدیک است: ${p.name}`,
      line: `مهلت ${p.duty} برای ${p.name}: ${p.due}.`,
    }),
    'handoff.breached': (p) => ({
      subject: `از مهلت گذشته: ${p.name}`,
      line: `مهلت ${p.duty} برای ${p.name} ${p.due} بود و گذشته است.`,
    }),
    'handoff.escalated': (p) => ({
      subject: `از مهلت گذشته در تیم شما: ${p.name}`,
      line: `مهلت ${p.duty} برای ${p.name}${p.assignee ? ` (در دست ${p.assignee})` : ''} ${p.due} بود و گذشته است.`,
    }),
    'handoff.reassigned_away': (p) => ({
      subject: `${p.name} به فرد دیگری سپرده شد`,
      line: `${p.name} دیگر با شما نیست.`,
    }),
  },
};

const GENERIC: Record<Lang, (p: Vars) => { subject: string; line: string }> = {
  en: (p) => ({ subject: `A lead needs your attention: ${p.name}`, line: `${p.name} needs your attention.` }),
  fa: (p) => ({ subject: `سرنخی نیاز به توجه شما دارد: ${p.name}`, line: `${p.name} نیاز به توجه شما دارد.` }),
};

const CLOSING: Record<Lang, { greeting: (name: string) => string; open: string; footer: string }> = {
  en: {
    greeting: (name) => `Hello ${name},`,
    open: 'Open the lead:',
    footer: 'You get this email because Tandem notified you in the app as well.',
  },
  fa: {
    greeting: (name) => `${name} گرامی،`,
    open: 'باز کردن سرنخ:',
    footer: 'این ایمیل را دریافت می‌کنید چون Tandem در برنامه نیز به شما اطلاع داده است.',
  },
};

interface Vars {
  name: string;
  duty: string;
  due: string;
  firstTouch: string;
  decision: string;
  assignee: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** One line: control characters (line breaks included) become spaces. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

function formatTime(iso: unknown, lang: Lang, timeZone: string): string {
  const at = str(iso);
  if (!at || Number.isNaN(Date.parse(at))) return lang === 'fa' ? 'نامشخص' : 'unknown';
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone };
  try {
    return new Intl.DateTimeFormat(lang === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', options).format(new Date(at));
  } catch {
    // An unknown time zone on the user: UTC, said so.
    return `${new Intl.DateTimeFormat(lang === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', { ...options, timeZone: 'UTC' }).format(new Date(at))} UTC`;
  }
}

export function notificationMail(input: NotificationMailInput): NotificationMail {
  const lang: Lang = input.recipient.locale.toLowerCase().startsWith('fa') ? 'fa' : 'en';
  const p = input.payload;
  const duty = str(p.duty);
  const vars: Vars = {
    name: oneLine(str(p.contactName) ?? (lang === 'fa' ? 'یک سرنخ' : 'A lead')),
    duty: duty && duty in DUTY[lang] ? DUTY[lang][duty as Duty] : (duty ?? ''),
    due: formatTime(p.dueAt, lang, input.recipient.timeZone),
    firstTouch: formatTime(p.firstTouchDueAt, lang, input.recipient.timeZone),
    decision: formatTime(p.decisionDueAt, lang, input.recipient.timeZone),
    assignee: str(p.assigneeName) ? oneLine(str(p.assigneeName)!) : null,
  };
  const { subject, line } = (TEXT[lang][input.kind] ?? GENERIC[lang])(vars);
  const closing = CLOSING[lang];
  const base = input.publicUrl.replace(/\/+$/, '');
  const link = input.contactId ? `${base}/contacts/${encodeURIComponent(input.contactId)}` : `${base}/sales/inbox`;
  return {
    subject: oneLine(subject),
    text: [
      closing.greeting(oneLine(input.recipient.name)),
      '',
      line,
      '',
      closing.open,
      link,
      '',
      '-- ',
      closing.footer,
      '',
    ].join('\n'),
  };
}
