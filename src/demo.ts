import type { Services } from './app.js';
import type { Actor } from './modules/auth/index.js';
import type { Role } from './db/schema.js';
import { interestOf, outcomeOf, recordActivity, setUpMarketing, type DemoLead } from './demo-marketing.js';

/** A small deterministic generator so every demo database looks the same. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_PASSWORD = 'tandem-demo-password';

const DEMO_USERS: { email: string; name: string; role: Role; team: string | null; locale: 'en' | 'fa' }[] = [
  { email: 'admin@demo.tandem.test', name: 'Ada Admin', role: 'admin', team: null, locale: 'en' },
  { email: 'maryam@demo.tandem.test', name: 'مریم احمدی', role: 'marketing', team: null, locale: 'fa' },
  { email: 'mark@demo.tandem.test', name: 'Mark Marketer', role: 'marketing', team: null, locale: 'en' },
  { email: 'reza@demo.tandem.test', name: 'رضا کریمی', role: 'sales_manager', team: 'Tehran', locale: 'fa' },
  { email: 'sara@demo.tandem.test', name: 'سارا محمدی', role: 'sales_rep', team: 'Tehran', locale: 'fa' },
  { email: 'ali@demo.tandem.test', name: 'علی رضایی', role: 'sales_rep', team: 'Tehran', locale: 'fa' },
  { email: 'hannah@demo.tandem.test', name: 'Hannah Schmidt', role: 'sales_manager', team: 'Europe', locale: 'en' },
  { email: 'tom@demo.tandem.test', name: 'Tom Becker', role: 'sales_rep', team: 'Europe', locale: 'en' },
  { email: 'lina@demo.tandem.test', name: 'Lina Novak', role: 'sales_rep', team: 'Europe', locale: 'en' },
];

const PERSIAN_COMPANIES: [string, string, string, number][] = [
  ['پارس داده‌پرداز', 'parsdadeh.ir', 'Software', 120],
  ['صنایع غذایی زرین', 'zarrinfood.ir', 'Food & Beverage', 850],
  ['کاشی سپاهان', 'sepahantile.ir', 'Manufacturing', 430],
  ['بیمه آسایش نوین', 'asayeshins.ir', 'Insurance', 2100],
  ['فن‌آوران سبز البرز', 'alborzgreen.ir', 'Energy', 65],
  ['داروسازی مهرگان', 'mehrganpharma.ir', 'Pharmaceuticals', 600],
  ['لجستیک آریا ترابر', 'ariatarabar.ir', 'Logistics', 310],
  ['آموزشگاه هوشمند نیکان', 'nikanedu.ir', 'Education', 40],
  ['فروشگاه‌های زنجیره‌ای کوروش', 'kouroshmarket.ir', 'Retail', 3200],
  ['مهندسی ساختمان ارگ', 'argbuild.ir', 'Construction', 280],
];
const ENGLISH_COMPANIES: [string, string, string, number, string, string][] = [
  ['Northwind Analytics', 'northwind-analytics.com', 'Software', 240, 'DE', 'Berlin'],
  ['Bluefin Logistics', 'bluefinlogistics.eu', 'Logistics', 900, 'NL', 'Rotterdam'],
  ['Helios Solar', 'heliossolar.de', 'Energy', 150, 'DE', 'Munich'],
  ['Crescent Health', 'crescenthealth.co.uk', 'Healthcare', 1300, 'GB', 'Manchester'],
  ['Alder & Finch Retail', 'alderfinch.com', 'Retail', 5200, 'GB', 'London'],
  ['Kestrel Robotics', 'kestrelrobotics.io', 'Manufacturing', 75, 'FR', 'Lyon'],
  ['Ivory Tower Learning', 'ivorytower.edu', 'Education', 60, 'IE', 'Dublin'],
  ['Granite Insurance Group', 'graniteinsure.com', 'Insurance', 4100, 'CH', 'Zurich'],
  ['Quill Legal Tech', 'quill-legal.com', 'Software', 35, 'AT', 'Vienna'],
  ['Orbit Media Works', 'orbitmedia.es', 'Media', 190, 'ES', 'Madrid'],
];
const PERSIAN_CITIES = ['تهران', 'اصفهان', 'شیراز', 'تبریز', 'مشهد', 'کرج'];
const PERSIAN_FIRST = [
  'محمد',
  'زهرا',
  'علی',
  'فاطمه',
  'حسین',
  'مریم',
  'رضا',
  'نرگس',
  'امیر',
  'سارا',
  'مهدی',
  'نیلوفر',
  'کیان',
  'یاسمن',
];
const PERSIAN_LAST = [
  'حسینی',
  'کریمی',
  'رحیمی',
  'موسوی',
  'جعفری',
  'صادقی',
  'نوری',
  'قاسمی',
  'کاظمی',
  'یزدانی',
  'شریفی',
  'اکبری',
];
const ENGLISH_FIRST = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Sophie',
  'Lukas',
  'Mia',
  'Jonas',
  'Chloe',
  'Daniel',
  'Isla',
  'Mateo',
];
const ENGLISH_LAST = [
  'Müller',
  'Smith',
  'García',
  'Dubois',
  'Rossi',
  'Jansen',
  "O'Brien",
  'Novak',
  'Fischer',
  'Brown',
  'Larsen',
  'Keller',
];
const TITLES_FA = ['مدیر فروش', 'مدیر عامل', 'کارشناس خرید', 'مدیر فناوری اطلاعات', 'مدیر بازاریابی', 'کارشناس مالی'];
const TITLES_EN = [
  'Head of Sales',
  'CEO',
  'Procurement Lead',
  'IT Director',
  'Marketing Manager',
  'CFO',
  'Operations Manager',
];
const SENIORITY_BY_TITLE: Record<string, string> = {
  'مدیر فروش': 'manager',
  'مدیر عامل': 'c_level',
  'کارشناس خرید': 'senior',
  'مدیر فناوری اطلاعات': 'director',
  'مدیر بازاریابی': 'manager',
  'کارشناس مالی': 'senior',
  'Head of Sales': 'director',
  CEO: 'c_level',
  'Procurement Lead': 'senior',
  'IT Director': 'director',
  'Marketing Manager': 'manager',
  CFO: 'c_level',
  'Operations Manager': 'manager',
};
const SOURCES = ['website', 'trade_show', 'referral', 'paid_ads', 'bought_list', 'webinar', 'direct_mail'];

const TRANSLIT: Record<string, string> = {
  محمد: 'mohammad',
  زهرا: 'zahra',
  علی: 'ali',
  فاطمه: 'fatemeh',
  حسین: 'hossein',
  مریم: 'maryam',
  رضا: 'reza',
  نرگس: 'narges',
  امیر: 'amir',
  سارا: 'sara',
  مهدی: 'mehdi',
  نیلوفر: 'niloufar',
  کیان: 'kian',
  یاسمن: 'yasaman',
  حسینی: 'hosseini',
  کریمی: 'karimi',
  رحیمی: 'rahimi',
  موسوی: 'mousavi',
  جعفری: 'jafari',
  صادقی: 'sadeghi',
  نوری: 'nouri',
  قاسمی: 'ghasemi',
  کاظمی: 'kazemi',
  یزدانی: 'yazdani',
  شریفی: 'sharifi',
  اکبری: 'akbari',
};

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function ascii(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase();
}

export interface DemoOptions {
  contacts: number;
  seed?: number;
  /** The address the demo forms' links use (PUBLIC_URL). */
  origin: string;
  /** Handles the outbox (scores, temperatures, reasons) before the model is trained. */
  drain: () => Promise<unknown>;
  /** The time the week of demo activity ends at. */
  now?: Date;
}

/**
 * Fills an empty database with a believable organisation: two sales teams (Tehran, Europe), marketing with
 * its ICP, personas and forms, companies and people in Persian and English with a week of website and email
 * activity, so leads are cold, warm and qualified for their reasons, and a predictive model trained on the
 * known outcomes. Goes through the services, so audit, events and scores are real.
 */
export async function runDemo(services: Services, options: DemoOptions): Promise<string[]> {
  const r = rng(options.seed ?? 2026);
  // Demo users share a published password: they may only ever land in an empty installation.
  if (!(await services.users.needsSetup())) {
    throw new Error(
      'The database already has users; the demo only fills an empty one (use a fresh DATA_DIR or database).',
    );
  }
  const teams = new Map<string, string>();
  for (const name of ['Tehran', 'Europe']) {
    const existing = (await services.users.listTeams()).find((t) => t.name === name);
    teams.set(name, existing ? existing.id : (await services.users.createTeam(null, name)).id);
  }
  const users = [];
  for (const u of DEMO_USERS) {
    users.push(
      await services.users.create(null, {
        email: u.email,
        name: u.name,
        role: u.role,
        teamId: u.team ? teams.get(u.team)! : null,
        password: DEMO_PASSWORD,
        locale: u.locale,
        timeZone: u.team === 'Europe' ? 'Europe/Berlin' : 'Asia/Tehran',
      }),
    );
  }
  const admin = users[0]!;
  const actor: Actor = { id: admin.id, role: 'admin', teamId: null, via: 'cli' };
  const marketer: Actor = { id: users[2]!.id, role: 'marketing', teamId: null, via: 'cli' };
  const forms = await setUpMarketing(services, marketer, options.origin);
  const tehranReps = users.filter((u) => u.teamId === teams.get('Tehran') && u.role !== 'admin');
  const europeReps = users.filter((u) => u.teamId === teams.get('Europe') && u.role !== 'admin');

  const accounts: {
    id: string;
    persian: boolean;
    domain: string;
    ownerId: string;
    profile: NonNullable<DemoLead['account']>;
  }[] = [];
  for (const [name, domain, industry, employees] of PERSIAN_COMPANIES) {
    const owner = pick(r, tehranReps);
    const a = await services.accounts.create(actor, {
      name,
      domain,
      industry,
      employeeCount: employees,
      country: 'IR',
      city: pick(r, PERSIAN_CITIES),
      annualRevenue: Math.round(employees * (40_000 + r() * 60_000)),
      ownerId: owner.id,
    });
    accounts.push({
      id: a.id,
      persian: true,
      domain,
      ownerId: owner.id,
      profile: { industry, employees, country: 'IR' },
    });
  }
  for (const [name, domain, industry, employees, country, city] of ENGLISH_COMPANIES) {
    const owner = pick(r, europeReps);
    const a = await services.accounts.create(actor, {
      name,
      domain,
      industry,
      employeeCount: employees,
      country,
      city,
      annualRevenue: Math.round(employees * (80_000 + r() * 90_000)),
      ownerId: owner.id,
    });
    accounts.push({ id: a.id, persian: false, domain, ownerId: owner.id, profile: { industry, employees, country } });
  }

  const leads: DemoLead[] = [];
  for (let i = 0; i < options.contacts; i++) {
    const account = r() < 0.85 ? pick(r, accounts) : null;
    const persian = account ? account.persian : r() < 0.5;
    const first = persian ? pick(r, PERSIAN_FIRST) : pick(r, ENGLISH_FIRST);
    const last = persian ? pick(r, PERSIAN_LAST) : pick(r, ENGLISH_LAST);
    const title = persian ? pick(r, TITLES_FA) : pick(r, TITLES_EN);
    const local = persian ? `${TRANSLIT[first] ?? 'user'}.${TRANSLIT[last] ?? i}` : `${ascii(first)}.${ascii(last)}`;
    const domain = account?.domain ?? (persian ? 'gmail.com' : 'outlook.com');
    const phone = persian
      ? `09${pick(r, ['12', '13', '19', '35', '36'])}${String(Math.floor(r() * 1e7)).padStart(7, '0')}`
      : `+49 30 ${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
    // A third of the leads are still unowned marketing leads; the rest belong to the account owner.
    const ownerId = !account || r() < 0.3 ? null : account.ownerId;
    const seniority = SENIORITY_BY_TITLE[title] ?? 'other';
    const profile = { account: account?.profile ?? null, seniority, interest: interestOf(r) };
    const outcome = outcomeOf(r, profile);
    const email = `${local}${i}@${domain}`;
    const contact = await services.contacts.create(
      actor,
      {
        firstName: first,
        lastName: last,
        email,
        phone,
        jobTitle: title,
        seniority: seniority as never,
        accountId: account?.id ?? null,
        ownerId,
        source: pick(r, SOURCES),
        ...(outcome ? { customFields: { outcome } } : {}),
      },
      { allowDuplicate: true },
    );
    leads.push({ id: contact.id, email, firstName: first, lastName: last, persian, ...profile });
  }

  const activity = await recordActivity(services, marketer, r, leads, forms, options.now ?? new Date());
  await options.drain();
  let model: string;
  try {
    const trained = await services.predictive.train(marketer, { scoring: 'inline' });
    model = `predictive model trained on ${trained.samples.positive + trained.samples.negative} known outcomes (ROC AUC ${trained.crossValidation.auc.toFixed(2)})`;
  } catch (err) {
    // Too few outcomes in a small demo: the model page says how many it needs.
    model = `no predictive model (${(err as Error).message})`;
  }

  return [
    `Demo data: ${users.length} users, ${teams.size} teams, ${accounts.length} accounts, ${leads.length} contacts.`,
    `Marketing: an ICP with two personas, 2 forms, ${activity.events} tracked events, ${activity.submissions} form submissions; ${model}.`,
    `Every demo user signs in with the password: ${DEMO_PASSWORD}`,
    ...DEMO_USERS.map(
      (u) => `  ${u.role.padEnd(14)} ${u.email.padEnd(28)} ${u.name}${u.team ? ` (team ${u.team})` : ''}`,
    ),
  ];
}
