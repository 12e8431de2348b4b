import type { Services } from './app.js';
import type { Actor } from './modules/auth/index.js';
import { formDefinitionSchema } from './modules/forms/form.js';
import type { ScoringSettings } from './modules/scoring/settings.js';

/**
 * The marketing half of the demo: an ideal customer profile with the research behind it and two personas,
 * a demo-request form in English and one in Persian, a week of website visits and email engagement, form
 * submissions from the keenest leads, a few decisions made by hand, and won/lost outcomes for the
 * predictive score to learn from. Written through the services, so the scores, temperatures and their
 * reasons are the product's own (once the outbox has been handled).
 */

/** How interested a demo lead is: decides its week of activity (and, with its fit, its outcome). */
export type Interest = 'hot' | 'warm' | 'browsing' | 'none';

export function interestOf(r: () => number): Interest {
  const x = r();
  return x < 0.12 ? 'hot' : x < 0.37 ? 'warm' : x < 0.7 ? 'browsing' : 'none';
}

/** The industries, sizes, countries and seniorities the demo's ICP favours (also what makes a lead "good"). */
const ICP_INDUSTRIES = ['Software', 'Insurance', 'Manufacturing', 'Logistics', 'Energy'];
const ICP_COUNTRIES = ['IR', 'DE', 'GB', 'NL', 'CH'];
const ICP_SENIORITIES = ['manager', 'director', 'vp', 'c_level', 'owner'];
const ICP_EMPLOYEES = { min: 100, max: 5000 };

export interface DemoLead {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  persian: boolean;
  interest: Interest;
  account: { industry: string; employees: number; country: string } | null;
  seniority: string;
}

/** Whether a lead matches most of the demo ICP (used to make outcomes follow fit, as they would). */
export function matchesIcp(lead: Pick<DemoLead, 'account' | 'seniority'>): boolean {
  const a = lead.account;
  let points = ICP_SENIORITIES.includes(lead.seniority) ? 1 : 0;
  if (a) {
    if (ICP_INDUSTRIES.includes(a.industry)) points++;
    if (a.employees >= ICP_EMPLOYEES.min && a.employees <= ICP_EMPLOYEES.max) points++;
    if (ICP_COUNTRIES.includes(a.country)) points++;
  }
  return points >= 3;
}

/**
 * A known outcome for almost half of the leads (the custom field the predictive score learns from by
 * default), won more often by leads that fit and engage: null for the others.
 */
export function outcomeOf(r: () => number, lead: Pick<DemoLead, 'account' | 'seniority' | 'interest'>): string | null {
  if (r() >= 0.45) return null;
  const engaged = lead.interest === 'hot' ? 0.45 : lead.interest === 'warm' ? 0.25 : 0;
  return r() < 0.05 + (matchesIcp(lead) ? 0.45 : 0) + engaged ? 'won' : 'lost';
}

export function demoScoringSettings(base: ScoringSettings): ScoringSettings {
  return {
    ...base,
    icp: [
      { field: 'account.industry', kind: 'in', values: ICP_INDUSTRIES, weight: 30 },
      { field: 'account.employeeCount', kind: 'range', ...ICP_EMPLOYEES, weight: 25 },
      { field: 'account.country', kind: 'in', values: ICP_COUNTRIES, weight: 15 },
      { field: 'seniority', kind: 'in', values: ICP_SENIORITIES, weight: 30 },
    ],
    notes: [
      {
        id: 'win-loss-2026',
        title: 'Win/loss review, first half of 2026',
        body: 'Deals closed fastest at companies of 100 to 5,000 people in software, insurance, manufacturing, logistics and energy, where a manager or above owned the decision.',
        kind: 'market_research',
        date: '2026-07-15',
        author: 'Mark Marketer',
      },
      {
        id: 'tehran-focus-group',
        title: 'گروه کانونی مدیران فروش تهران',
        body: 'مدیران فروش شرکت‌های متوسط بیشترین نیاز را به پیگیری سریع سرنخ‌ها و گزارش مشترک با بازاریابی داشتند.',
        kind: 'focus_group',
        date: '2026-09-02',
        author: 'مریم احمدی',
      },
    ],
    personas: [
      {
        id: 'operations-lead',
        name: 'Operations lead',
        description: 'Runs a team of 20+ and is measured on response times.',
        criteria: [
          { field: 'seniority', kind: 'in', values: ['manager', 'director'], weight: 60 },
          { field: 'account.employeeCount', kind: 'range', min: 100, weight: 40 },
        ],
        notes: [],
      },
      {
        id: 'tehran-it-manager',
        name: 'مدیر فناوری اطلاعات',
        description: 'تصمیم‌گیرنده خرید نرم‌افزار در شرکت‌های ایرانی.',
        criteria: [
          { field: 'jobTitle', kind: 'contains', values: ['فناوری', 'IT'], weight: 70 },
          { field: 'account.country', kind: 'in', values: ['IR'], weight: 30 },
        ],
        notes: [],
      },
    ],
  };
}

const DEMO_REQUEST_EN = formDefinitionSchema.parse({
  name: 'Request a demo',
  locale: 'en',
  fields: [
    { key: 'first_name', label: 'First name', type: 'text', required: true, mapTo: 'firstName' },
    { key: 'last_name', label: 'Last name', type: 'text', required: false, mapTo: 'lastName' },
    { key: 'email', label: 'Work email', type: 'email', required: true, mapTo: 'email' },
    { key: 'company', label: 'Company', type: 'text', required: false, mapTo: 'account.name' },
  ],
  consent: { text: 'I agree to be contacted about Tandem.', required: true },
  submitLabel: 'Request a demo',
  thankYou: { kind: 'message', message: 'Thank you! We will be in touch within one business day.' },
  campaign: 'demo-request',
  source: 'website',
});

const DEMO_REQUEST_FA = formDefinitionSchema.parse({
  name: 'درخواست دمو',
  locale: 'fa',
  fields: [
    { key: 'first_name', label: 'نام', type: 'text', required: true, mapTo: 'firstName' },
    { key: 'last_name', label: 'نام خانوادگی', type: 'text', required: false, mapTo: 'lastName' },
    { key: 'email', label: 'ایمیل کاری', type: 'email', required: true, mapTo: 'email' },
    { key: 'company', label: 'شرکت', type: 'text', required: false, mapTo: 'account.name' },
  ],
  consent: { text: 'موافقم که درباره Tandem با من تماس گرفته شود.', required: true },
  submitLabel: 'درخواست دمو',
  thankYou: { kind: 'message', message: 'سپاس! تا یک روز کاری دیگر با شما تماس می‌گیریم.' },
  campaign: 'demo-request',
  source: 'website',
});

const SITE = 'https://www.tandem-demo.example';
const PAGES_EN = ['/', '/features', '/customers', '/blog/two-sided-sla', '/integrations'];
const PAGES_FA = ['/fa', '/fa/features', '/fa/customers', '/fa/blog/sla', '/fa/integrations'];
const DAY_MS = 86_400_000;

/** The ICP, personas and forms, before any contact exists (so nothing needs rescoring for them). */
export async function setUpMarketing(
  services: Services,
  marketer: Actor,
  origin: string,
): Promise<{ en: string; fa: string }> {
  const current = await services.scoring.settings();
  await services.scoring.updateSettings(marketer, demoScoringSettings(current.settings), current.version);
  const en = await services.forms.create(marketer, DEMO_REQUEST_EN, origin);
  const fa = await services.forms.create(marketer, DEMO_REQUEST_FA, origin);
  return { en: en.publicId, fa: fa.publicId };
}

/** A week of activity per lead, as its interest says; the keenest submit the demo-request form. */
export async function recordActivity(
  services: Services,
  marketer: Actor,
  r: () => number,
  leads: readonly DemoLead[],
  forms: { en: string; fa: string },
  now: Date,
): Promise<{ events: number; submissions: number }> {
  let events = 0;
  let submissions = 0;
  // Within the last week (older claimed times are not accepted from trackers), oldest first.
  const at = () => new Date(now.getTime() - Math.floor(r() * 6.5 * DAY_MS)).toISOString();
  for (const lead of leads) {
    const pages = lead.persian ? PAGES_FA : PAGES_EN;
    const pricing = lead.persian ? '/fa/pricing' : '/pricing';
    const plan: { type: string; url?: string; properties?: Record<string, string> }[] = [];
    const views = { hot: 6, warm: 5, browsing: 2, none: 0 }[lead.interest] + Math.floor(r() * 3);
    for (let i = 0; i < views; i++)
      plan.push({ type: 'page_view', url: `${SITE}${pages[Math.floor(r() * pages.length)]}` });
    const pricingViews = { hot: 2, warm: r() < 0.75 ? 1 : 0, browsing: 0, none: 0 }[lead.interest];
    for (let i = 0; i < pricingViews; i++) plan.push({ type: 'page_view', url: `${SITE}${pricing}` });
    const opens = { hot: 2, warm: 3, browsing: r() < 0.5 ? 1 : 0, none: 0 }[lead.interest];
    const subject = lead.persian ? 'خبرنامه پاییز' : 'Autumn newsletter';
    for (let i = 0; i < opens; i++) plan.push({ type: 'email_opened', properties: { subject } });
    if (lead.interest === 'hot' || (lead.interest === 'warm' && r() < 0.7)) {
      plan.push({ type: 'email_clicked', url: `${SITE}${pricing}`, properties: { subject } });
    }
    if (lead.interest === 'none' && r() < 0.08) plan.push({ type: r() < 0.6 ? 'unsubscribed' : 'email_bounced' });
    for (const e of plan) {
      await services.tracking.recordForContact(lead.id, { ...e, occurredAt: at() });
      events++;
    }
    if (lead.interest === 'hot') {
      const answer = await services.forms.submit(
        lead.persian ? forms.fa : forms.en,
        {
          values: { first_name: lead.firstName, last_name: lead.lastName, email: lead.email },
          consent: true,
          url: `${SITE}${lead.persian ? '/fa/demo' : '/demo'}?utm_source=newsletter&utm_medium=email&utm_campaign=autumn-2026`,
        },
        `demo-${lead.id}`,
      );
      if (!answer.ok) throw new Error(`The demo form refused a submission: ${JSON.stringify(answer.errors)}`);
      submissions++;
    }
  }
  // Decisions by hand: marketing qualifies a promising lead that has not engaged yet, and sends one back.
  const quiet = leads.find((l) => l.interest === 'none' && matchesIcp(l));
  if (quiet) await services.scoring.setQualification(marketer, quiet.id, { decision: 'qualified' });
  const keen = leads.find((l) => l.interest === 'hot' && !matchesIcp(l));
  if (keen) {
    await services.scoring.setQualification(marketer, keen.id, {
      decision: 'not_qualified',
      reason: keen.persian ? 'دانشجو است، خریدار نیست' : 'A student, not a buyer',
    });
  }
  return { events, submissions };
}
