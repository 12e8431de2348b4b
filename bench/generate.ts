import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';
import type { AccountsTable, ContactsTable, DB, EventsTable, Role, TeamsTable, UsersTable } from '../src/db/schema.js';
import { accountDbFields, emptyAccount, type AccountFields } from '../src/modules/accounts/account.js';
import {
  SENIORITIES,
  canonicalizeContact,
  contactNameNorm,
  contactSearchText,
  type ContactFields,
} from '../src/modules/contacts/contact.js';
import type { CustomFields } from '../src/shared/fields.js';
import { newId } from '../src/shared/ids.js';
import { normalizeText } from '../src/shared/text.js';
import { DEFAULT_BATCH_SHAPE, insertInBatches, type BatchShape } from './batch.js';
import {
  EMAIL_PROVIDERS,
  ENGLISH_COMPANY_CORES,
  ENGLISH_COMPANY_SUFFIXES,
  ENGLISH_FIRST_NAMES,
  ENGLISH_LAST_NAMES,
  FOREIGN_LOCATIONS,
  INDUSTRIES,
  INTERESTS,
  IR_CITIES,
  IR_MOBILE_PREFIXES,
  JOB_TITLES,
  PERSIAN_COMPANY_CORES,
  PERSIAN_COMPANY_PREFIXES,
  PERSIAN_FIRST_NAMES,
  PERSIAN_LAST_NAMES,
  SOURCES,
  CAMPAIGNS,
  US_AREA_CODES,
  type Named,
} from './names.js';
import { Random, ZipfPicker } from './random.js';

/**
 * Synthetic CRM data written straight into the database (no HTTP, no audit log, no outbox), with every
 * derived column computed by the same pure functions the services use, so search, sorting and duplicate
 * lookups behave as they would on real data.
 *
 * Deterministic: the same seed and `now` give the same names, emails, phones, owners and timestamps. Ids
 * come from newId (UUIDv7 stamped with each row's created_at), whose random bits are not seeded.
 * Expects a freshly migrated, empty database (user emails and team names are unique).
 */

/** The most common Persian surname in the data (~11% of Persian contacts, ~7% of all): the search term. */
export const COMMON_PERSIAN_LAST_NAME: string = PERSIAN_LAST_NAMES[0]![0];

export interface GenerateOptions {
  contacts: number;
  seed: number;
  /** Default: one account per 20 contacts (at least 1). */
  accounts?: number;
  /** The newest possible timestamp, in ms. Default: now. Rows spread over `spanDays` before it. */
  now?: number;
  spanDays?: number;
  /** The region assumed for phones without a country code (the app's DEFAULT_PHONE_REGION). */
  phoneRegion?: string;
  shape?: BatchShape;
  onProgress?: (table: string, inserted: number, total: number) => void;
}

export interface GenerateResult {
  teams: number;
  users: number;
  accounts: number;
  contacts: number;
  /** All rows written, every table. */
  rows: number;
  ms: number;
  rowsPerSecond: number;
  teamIds: string[];
  userIds: string[];
  accountIds: string[];
}

const PERSIAN_SHARE = 0.65;
/** Share of Persian names typed on an Arabic keyboard (ي and ك): search must still find them. */
const ARABIC_KEYBOARD_SHARE = 0.1;
const DAY_MS = 86_400_000;

interface Context {
  random: Random;
  now: number;
  spanMs: number;
  phoneRegion: string;
  userIds: string[];
}

interface AccountRef {
  id: string;
  domain: string | null;
  ownerId: string | null;
}

export async function generate(database: Database, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const shape = options.shape ?? DEFAULT_BATCH_SHAPE;
  const ctx: Context = {
    random: new Random(options.seed),
    now: options.now ?? Date.now(),
    spanMs: (options.spanDays ?? 730) * DAY_MS,
    phoneRegion: options.phoneRegion ?? 'IR',
    userIds: [],
  };
  const db = database.db;
  const accountCount = options.accounts ?? Math.max(1, Math.ceil(options.contacts / 20));
  const progress = (table: string, total: number) => (n: number) => options.onProgress?.(table, n, total);

  const teams = teamRows(ctx);
  await insertInBatches(db, 'teams', teams, shape);
  const users = userRows(
    ctx,
    teams.map((t) => t.id),
  );
  await insertInBatches(db, 'users', users, shape);
  ctx.userIds = users.map((u) => u.id);

  const accounts: AccountRef[] = [];
  await insertInBatches(
    db,
    'accounts',
    accountRows(ctx, accountCount, accounts),
    shape,
    progress('accounts', accountCount),
  );
  await insertInBatches(
    db,
    'contacts',
    contactRows(ctx, options.contacts, accounts),
    shape,
    progress('contacts', options.contacts),
  );
  // The app keeps contact_count current through the outbox, which this bypass skips: recount once.
  await recountAllAccounts(db);
  // PostgreSQL plans from table statistics, which autovacuum refreshes a while after a bulk load. Until then
  // the contacts search plans as a sequential scan plus sort (~100x slower at 100k rows), so a benchmark
  // started right away would measure a state production leaves within a minute. SQLite keeps no statistics
  // unless the app runs ANALYZE, which it does not, so it gets none here either.
  if (database.dialect === 'postgres') await sql`analyze teams, users, accounts, contacts`.execute(db);

  const ms = performance.now() - started;
  const rows = teams.length + users.length + accountCount + options.contacts;
  return {
    teams: teams.length,
    users: users.length,
    accounts: accountCount,
    contacts: options.contacts,
    rows,
    ms,
    rowsPerSecond: rows / (ms / 1000),
    teamIds: teams.map((t) => t.id),
    userIds: ctx.userIds,
    accountIds: accounts.map((a) => a.id),
  };
}

async function recountAllAccounts(db: Kysely<DB>): Promise<void> {
  await db
    .updateTable('accounts')
    .set((eb) => ({
      contact_count: eb
        .selectFrom('contacts')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('contacts.account_id', '=', 'accounts.id'),
    }))
    .execute();
}

/**
 * Creation time at `position` (0 = start of the span, 1 = now) and a later (or equal) update time. Rows are
 * generated in creation order, as a live CRM accumulates them, so the primary key (UUIDv7) and the created_at
 * index grow at their ends and table pages cluster by age, as they do in production. Inserting in random
 * time order would make every list page touch rows scattered over the whole file: a pessimistic layout.
 */
function timestamps(ctx: Context, position: number): { createdMs: number; created: string; updated: string } {
  const createdMs = Math.round(ctx.now - ctx.spanMs + position * ctx.spanMs);
  const updatedMs = ctx.random.chance(0.3) ? ctx.random.int(createdMs, ctx.now) : createdMs;
  return { createdMs, created: new Date(createdMs).toISOString(), updated: new Date(updatedMs).toISOString() };
}

function teamRows(ctx: Context): Insertable<TeamsTable>[] {
  return ['تیم فروش تهران', 'Sales EMEA'].map((name) => {
    const t = timestamps(ctx, 0);
    return { id: newId(t.createdMs), name, created_at: t.created, updated_at: t.created };
  });
}

/** A handful of users: one marketer, a manager per team, reps spread over the teams. No passwords. */
function userRows(ctx: Context, teamIds: string[]): Insertable<UsersTable>[] {
  const roles: [Role, number | null][] = [
    ['marketing', null],
    ['sales_manager', 0],
    ['sales_manager', 1],
    ['sales_rep', 0],
    ['sales_rep', 0],
    ['sales_rep', 0],
    ['sales_rep', 1],
    ['sales_rep', 1],
  ];
  return roles.map(([role, team], i) => {
    const t = timestamps(ctx, 0);
    const persian = ctx.random.chance(PERSIAN_SHARE);
    const name = persian
      ? `${ctx.random.pick(PERSIAN_FIRST_NAMES)[0]} ${ctx.random.pick(PERSIAN_LAST_NAMES)[0]}`
      : `${ctx.random.pick(ENGLISH_FIRST_NAMES)} ${ctx.random.pick(ENGLISH_LAST_NAMES)}`;
    return {
      id: newId(t.createdMs),
      email: `bench-user-${i + 1}@example.com`,
      name,
      name_norm: normalizeText(name),
      role,
      team_id: team === null ? null : (teamIds[team] ?? null),
      password_hash: null,
      locale: persian ? 'fa' : 'en',
      time_zone: persian ? 'Asia/Tehran' : 'Europe/Berlin',
      status: 'active',
      created_at: t.created,
      updated_at: t.updated,
    };
  });
}

function* accountRows(ctx: Context, count: number, out: AccountRef[]): Generator<Insertable<AccountsTable>> {
  const { random } = ctx;
  for (let i = 0; i < count; i++) {
    const t = timestamps(ctx, (i + random.next()) / count);
    const ownerId = random.chance(0.85) ? random.pick(ctx.userIds) : null;
    const fields = accountFields(ctx, i, ownerId);
    const id = newId(t.createdMs);
    out.push({ id, domain: fields.domain, ownerId });
    yield {
      id,
      ...accountDbFields(fields),
      contact_count: 0,
      created_by: ownerId,
      created_at: t.created,
      updated_at: t.updated,
    };
  }
}

function accountFields(ctx: Context, index: number, ownerId: string | null): AccountFields {
  const { random } = ctx;
  const persian = random.chance(0.6);
  let name: string;
  let slug: string;
  if (persian) {
    const prefix = random.pick(PERSIAN_COMPANY_PREFIXES);
    const core = random.pick(PERSIAN_COMPANY_CORES);
    name = `${prefix[0]} ${core[0]}`;
    slug = `${core[1]}-${prefix[1]}`;
  } else {
    const core = random.pick(ENGLISH_COMPANY_CORES);
    const suffix = random.pick(ENGLISH_COMPANY_SUFFIXES);
    name = `${core} ${suffix}`;
    slug = `${core}-${suffix}`.toLowerCase().replace(/\s+/g, '-');
  }
  const [country, city] =
    persian || random.chance(0.5) ? ['IR', random.pick(IR_CITIES)] : random.pick(FOREIGN_LOCATIONS);
  return {
    ...emptyAccount(name, ownerId),
    // The index makes domains unique, as they are in real life, so contact emails do not collide.
    domain: random.chance(0.8) ? `${slug}-${index}.${country === 'IR' ? 'ir' : 'com'}` : null,
    industry: random.chance(0.7) ? random.pick(INDUSTRIES) : null,
    employeeCount: random.chance(0.6) ? Math.round(Math.exp(random.next() * Math.log(5000))) : null,
    country,
    city,
    annualRevenue: random.chance(0.4) ? random.int(1, 500) * 100_000 : null,
    customFields: random.chance(0.3) ? { tier: random.pick(['gold', 'silver', 'bronze']) } : {},
  };
}

function* contactRows(ctx: Context, count: number, accounts: AccountRef[]): Generator<Insertable<ContactsTable>> {
  const lastNames = new ZipfPicker(PERSIAN_LAST_NAMES, 0.6);
  const englishLastNames = new ZipfPicker(ENGLISH_LAST_NAMES, 0.6);
  // Some accounts have many contacts, most have a few.
  const accountPicker = new ZipfPicker(accounts, 0.5);
  for (let i = 0; i < count; i++) {
    const t = timestamps(ctx, (i + ctx.random.next()) / count);
    const account = ctx.random.chance(0.8) ? accountPicker.pick(ctx.random) : null;
    const fields = contactFields(ctx, i, account, lastNames, englishLastNames);
    yield {
      id: newId(t.createdMs),
      first_name: fields.firstName,
      last_name: fields.lastName,
      email: fields.email,
      phone: fields.phone,
      job_title: fields.jobTitle,
      seniority: fields.seniority,
      account_id: fields.accountId,
      owner_id: fields.ownerId,
      source: fields.source,
      campaign: fields.campaign,
      custom_fields: JSON.stringify(fields.customFields),
      name_norm: contactNameNorm(fields),
      search_text: contactSearchText(fields),
      created_by: fields.ownerId,
      created_at: t.created,
      updated_at: t.updated,
    };
  }
}

/** A contact as a user would type it, then canonicalised exactly as the service does. */
function contactFields(
  ctx: Context,
  index: number,
  account: AccountRef | null,
  persianLastNames: ZipfPicker<Named>,
  englishLastNames: ZipfPicker<string>,
): ContactFields {
  const { random } = ctx;
  const persian = random.chance(PERSIAN_SHARE);
  let first: Named;
  let last: Named;
  if (persian) {
    first = random.pick(PERSIAN_FIRST_NAMES);
    last = persianLastNames.pick(random);
    if (random.chance(ARABIC_KEYBOARD_SHARE)) {
      first = [arabicKeyboard(first[0]), first[1]];
      last = [arabicKeyboard(last[0]), last[1]];
    }
  } else {
    const f = random.pick(ENGLISH_FIRST_NAMES);
    const l = englishLastNames.pick(random);
    first = [f, latin(f)];
    last = [l, latin(l)];
  }
  const domain = account?.domain && random.chance(0.6) ? account.domain : random.pick(EMAIL_PROVIDERS);
  const email = random.chance(0.9) ? `${first[1]}.${last[1]}.${index.toString(36)}@${domain}` : null;
  const ownerId = random.chance(0.15) ? null : (account?.ownerId ?? random.pick(ctx.userIds));
  const raw: ContactFields = {
    firstName: first[0],
    lastName: random.chance(0.97) ? last[0] : '',
    // Some typed with capitals: canonicalisation lower-cases emails.
    email: email && random.chance(0.2) ? capitalizeFirst(email) : email,
    phone: persian ? iranianPhone(random) : americanPhone(random),
    jobTitle: random.chance(0.85) ? random.pick(JOB_TITLES) : null,
    seniority: random.chance(0.7) ? random.pick(SENIORITIES) : null,
    accountId: account?.id ?? null,
    ownerId,
    source: random.chance(0.9) ? random.pick(SOURCES) : null,
    campaign: random.chance(0.4) ? random.pick(CAMPAIGNS) : null,
    customFields: customFields(random),
  };
  try {
    return canonicalizeContact(raw, ctx.phoneRegion);
  } catch {
    // A generated phone the metadata rejects: keep the contact, without a phone, like a form would.
    return canonicalizeContact({ ...raw, phone: null }, ctx.phoneRegion);
  }
}

function customFields(random: Random): CustomFields {
  if (random.chance(0.4)) return {};
  return {
    interest: random.pick(INTERESTS),
    budget: random.int(1, 100) * 1_000_000,
    newsletter: random.chance(0.5),
  };
}

/** 85% have a mobile, typed in one of the ways Iranians write it (Persian digits included). */
function iranianPhone(random: Random): string | null {
  if (!random.chance(0.85)) return null;
  const prefix = random.pick(IR_MOBILE_PREFIXES);
  const a = random.digits(3);
  const b = random.digits(4);
  switch (random.int(0, 3)) {
    case 0:
      return `0${prefix} ${a} ${b}`;
    case 1:
      return `+98 ${prefix} ${a} ${b}`;
    case 2:
      return `0${prefix}${a}${b}`;
    default:
      return toPersianDigits(`0${prefix}${a}${b}`);
  }
}

function americanPhone(random: Random): string | null {
  if (!random.chance(0.7)) return null;
  return `+1 (${random.pick(US_AREA_CODES)}) ${random.int(2, 9)}${random.digits(2)}-${random.digits(4)}`;
}

function arabicKeyboard(s: string): string {
  return s.replace(/\u06CC/g, '\u064A').replace(/\u06A9/g, '\u0643');
}

function toPersianDigits(s: string): string {
  return s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
}

/** "Müller" -> "muller", "O'Brien" -> "obrien": an email-safe local part. */
function latin(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function capitalizeFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface GenerateEventsOptions {
  seed: number;
  /** Share of contacts that did anything at all (the rest have no events). */
  share: number;
  /** The newest possible timestamp, in ms. Default: now. Events spread over the 180 days before it. */
  now?: number;
  shape?: BatchShape;
  onProgress?: (inserted: number) => void;
}

export interface GenerateEventsResult {
  contactsWithEvents: number;
  events: number;
  ms: number;
}

/** What a person does, with rough real-world frequencies: mostly page views, rarely a form. */
const EVENT_MIX: readonly (readonly [type: string, weight: number])[] = [
  ['page_view', 0.55],
  ['email_opened', 0.2],
  ['email_clicked', 0.1],
  ['ad_clicked', 0.08],
  ['form_submitted', 0.05],
  ['unsubscribed', 0.01],
  ['email_bounced', 0.01],
];
const PAGES = ['/', '/blog/crm-for-sales', '/features', '/pricing', '/pricing?plan=pro', '/about', '/contact'];
const EVENT_SPAN_DAYS = 180;

function pickEventType(random: Random): string {
  let target = random.next();
  for (const [type, weight] of EVENT_MIX) {
    target -= weight;
    if (target < 0) return type;
  }
  return 'page_view';
}

/**
 * Behaviour for a share of the contacts already in the database (call after `generate`): each engaged
 * contact gets a few events (geometric, mean about 5, at most 60) over the last 180 days, more of them
 * recent, so engagement scoring with decay has real work. Written straight into `events`, like generate().
 */
export async function generateEvents(
  database: Database,
  options: GenerateEventsOptions,
): Promise<GenerateEventsResult> {
  const started = performance.now();
  const random = new Random(options.seed ^ 0x5eed);
  const now = options.now ?? Date.now();
  const shape = options.shape ?? DEFAULT_BATCH_SHAPE;
  const db = database.db;
  let after = '';
  let contactsWithEvents = 0;
  let events = 0;
  for (;;) {
    const page = await db
      .selectFrom('contacts')
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .limit(10_000)
      .execute();
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const rows: Insertable<EventsTable>[] = [];
    for (const { id } of page) {
      if (!random.chance(options.share)) continue;
      contactsWithEvents += 1;
      const count = Math.min(60, 1 + Math.floor(-Math.log(1 - random.next()) * 4));
      for (let i = 0; i < count; i++) {
        const type = pickEventType(random);
        // Squared: recent days are likelier than old ones, as with people who are still in the market.
        const ageMs = random.next() ** 2 * EVENT_SPAN_DAYS * DAY_MS;
        const at = new Date(now - ageMs).toISOString();
        const campaign = random.chance(0.3) ? random.pick(CAMPAIGNS) : null;
        const path = random.pick(PAGES);
        const query = campaign ? `${path.includes('?') ? '&' : '?'}utm_campaign=${campaign}` : '';
        const url = type === 'page_view' || type === 'ad_clicked' ? `https://acme.example${path}${query}` : null;
        rows.push({
          visitor_id: null,
          contact_id: id,
          type,
          occurred_at: at,
          received_at: at,
          url,
          referrer: null,
          utm_source: campaign ? 'newsletter' : null,
          utm_medium: campaign ? 'email' : null,
          utm_campaign: campaign,
          utm_term: null,
          utm_content: null,
          properties: '{}',
        });
      }
    }
    events += await insertInBatches(db, 'events', rows, shape);
    options.onProgress?.(events);
  }
  if (database.dialect === 'postgres') await sql`analyze events`.execute(db);
  return { contactsWithEvents, events, ms: performance.now() - started };
}
