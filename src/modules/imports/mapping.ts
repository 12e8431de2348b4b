import { invalid } from '../../shared/errors.js';
import { MAX_CUSTOM_FIELDS } from '../../shared/fields.js';
import { normalizeText } from '../../shared/text.js';

/**
 * Where a CSV column goes: a contact field, a field of the contact's account (found or created by name), or
 * a custom field (`custom:<key>`). A column mapped to nothing is ignored. `fullName` is split into the first
 * and last name (full-name.ts), in place of columns for them.
 */
export const CONTACT_TARGETS = [
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'jobTitle',
  'seniority',
  'source',
  'campaign',
  'ownerEmail',
] as const;
export const ACCOUNT_TARGETS = [
  'account.name',
  'account.domain',
  'account.industry',
  'account.employeeCount',
  'account.country',
] as const;
export const FIXED_TARGETS = [...CONTACT_TARGETS, ...ACCOUNT_TARGETS] as const;

export type ContactTarget = (typeof CONTACT_TARGETS)[number];
export type AccountTarget = (typeof ACCOUNT_TARGETS)[number];
export type FixedTarget = (typeof FIXED_TARGETS)[number];
export type Target = FixedTarget | `custom:${string}`;

/** Custom field keys: the same rule as the contacts API's customFields (shared/fields.ts). */
export const CUSTOM_KEY_RE = /^[\p{L}\p{N}_.-]{1,64}$/u;
export const CUSTOM_PREFIX = 'custom:';

export function isTarget(value: string): value is Target {
  if ((FIXED_TARGETS as readonly string[]).includes(value)) return true;
  return value.startsWith(CUSTOM_PREFIX) && CUSTOM_KEY_RE.test(value.slice(CUSTOM_PREFIX.length));
}

/**
 * A mapping: one entry per CSV column (by position, so two columns with the same header stay apart), the
 * target or null for "ignore".
 */
export type Mapping = (Target | null)[];

/**
 * Header names people use, English and Persian, folded the way `headerKey` folds a header. Order matters:
 * a header takes the first target whose list names it, and a target is suggested for one column only.
 */
const SYNONYMS: readonly (readonly [FixedTarget, readonly string[]])[] = [
  ['firstName', ['firstname', 'first', 'givenname', 'forename', 'fname', 'نامکوچک', 'اسمکوچک']],
  ['lastName', ['lastname', 'last', 'surname', 'familyname', 'lname', 'نامخانوادگی', 'فامیلی', 'فامیل', 'شهرت']],
  ['fullName', ['fullname', 'contactname', 'نامونامخانوادگی', 'نامکامل', 'اسموفامیل', 'اسمونامخانوادگی', 'اسمکامل']],
  [
    'email',
    [
      'email',
      'emailaddress',
      'mail',
      'workemail',
      'businessemail',
      'ایمیل',
      'آدرسایمیل',
      'پستالکترونیک',
      'پستالکترونیکی',
      'رایانامه',
    ],
  ],
  [
    'phone',
    [
      'phone',
      'phonenumber',
      'mobile',
      'mobilephone',
      'mobilenumber',
      'cell',
      'cellphone',
      'tel',
      'telephone',
      'تلفن',
      'موبایل',
      'تلفنهمراه',
      'همراه',
      'شمارهتماس',
      'شمارهتلفن',
      'شمارهموبایل',
      'شمارههمراه',
    ],
  ],
  ['jobTitle', ['jobtitle', 'title', 'position', 'designation', 'سمت', 'عنوانشغلی', 'شغل', 'سمتشغلی', 'عنوان']],
  ['seniority', ['seniority', 'level', 'senioritylevel', 'ارشدیت', 'سطح', 'ردهشغلی']],
  ['source', ['source', 'leadsource', 'منبع', 'منبعسرنخ']],
  ['campaign', ['campaign', 'utmcampaign', 'campaignname', 'کمپین', 'کارزار']],
  ['ownerEmail', ['owner', 'owneremail', 'contactowner', 'leadowner', 'مالک', 'مسئول', 'ایمیلمالک']],
  [
    'account.name',
    [
      'company',
      'companyname',
      'account',
      'accountname',
      'organization',
      'organisation',
      'org',
      'employer',
      'شرکت',
      'نامشرکت',
      'سازمان',
      'نامسازمان',
    ],
  ],
  ['account.domain', ['website', 'domain', 'companydomain', 'companywebsite', 'url', 'web', 'وبسایت', 'سایت', 'دامنه']],
  ['account.industry', ['industry', 'sector', 'صنعت', 'حوزه']],
  [
    'account.employeeCount',
    ['employees', 'employeecount', 'numberofemployees', 'companysize', 'headcount', 'تعدادکارکنان', 'کارکنان'],
  ],
  ['account.country', ['country', 'countrycode', 'کشور']],
];

/** "First Name", "first_name", "FIRST-NAME" and "نام‌ خانوادگی" fold to one key each. */
export function headerKey(header: string): string {
  return normalizeText(header).replace(/[\s_\-.:/()]+/g, '');
}

const SYNONYM_INDEX: ReadonlyMap<string, FixedTarget> = (() => {
  const index = new Map<string, FixedTarget>();
  for (const [target, names] of SYNONYMS) {
    for (const name of names) if (!index.has(headerKey(name))) index.set(headerKey(name), target);
  }
  return index;
})();

/**
 * "Name" alone: the first name beside a column of last names ("Name", "Surname"), else the whole name (most
 * files with one name column hold "Ali Rezaei" in it).
 */
const BARE_NAMES: ReadonlySet<string> = new Set(['name', 'نام', 'اسم'].map(headerKey));

/**
 * A suggested mapping for a header row: known header names in English and Persian, each target once. A file
 * with columns for the first or last name gets them rather than a full name (a row takes one or the other).
 */
export function suggestMapping(headers: readonly string[]): Mapping {
  const taken = new Set<Target>();
  const out: Mapping = headers.map((header) => {
    const target = SYNONYM_INDEX.get(headerKey(header)) ?? null;
    if (target === null || taken.has(target)) return null;
    taken.add(target);
    return target;
  });
  const nameParts = taken.has('firstName') || taken.has('lastName');
  if (nameParts && taken.has('fullName')) {
    out[out.indexOf('fullName')] = null;
    taken.delete('fullName');
  }
  headers.forEach((header, column) => {
    if (!BARE_NAMES.has(headerKey(header))) return;
    const target = nameParts ? 'firstName' : 'fullName';
    if (taken.has(target)) return;
    taken.add(target);
    out[column] = target;
  });
  return out;
}

/** A custom-field key made from a header, for a column the user wants to keep as a custom field. */
export function customKeyFor(header: string): string | null {
  const key = header
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}_.-]/gu, '')
    .slice(0, 64);
  return key.length > 0 ? key : null;
}

/**
 * Column -> target, checked: known targets, each at most once, a first or full name (not both), account fields
 * need a name, at most MAX_CUSTOM_FIELDS custom fields (a contact holds no more).
 */
export function validateMapping(mapping: readonly (string | null)[], headers: readonly string[]): Mapping {
  if (mapping.length !== headers.length) {
    throw invalid('mapping', `Expected ${headers.length} entries (one per column), got ${mapping.length}.`);
  }
  const seen = new Map<string, number>();
  const out: Mapping = [];
  mapping.forEach((raw, column) => {
    const target = raw === null || raw === '' ? null : raw;
    if (target === null) return out.push(null);
    if (!isTarget(target)) {
      throw invalid(
        `mapping.${column}`,
        `Unknown target "${target}" for column "${headers[column] ?? column + 1}". Use one of ${FIXED_TARGETS.join(', ')} or custom:<key> (letters, digits, _ . -).`,
      );
    }
    const earlier = seen.get(target);
    if (earlier !== undefined) {
      throw invalid(
        `mapping.${column}`,
        `"${target}" is mapped twice: columns "${headers[earlier]}" and "${headers[column]}".`,
      );
    }
    seen.set(target, column);
    return out.push(target);
  });
  if (seen.has('fullName') && (seen.has('firstName') || seen.has('lastName'))) {
    const parts = (['firstName', 'lastName'] as const).filter((t) => seen.has(t));
    throw invalid(
      'mapping',
      `Map either a column to fullName (split into first and last name) or columns to firstName and lastName, not both: "${headers[seen.get('fullName')!]}" is mapped to fullName and ${parts.map((t) => `"${headers[seen.get(t)!]}" to ${t}`).join(', ')}.`,
    );
  }
  if (!seen.has('firstName') && !seen.has('fullName')) {
    throw invalid('mapping', 'Map a column to firstName or fullName: every contact needs a first name.');
  }
  const customs = [...seen.keys()].filter((t) => t.startsWith(CUSTOM_PREFIX)).length;
  if (customs > MAX_CUSTOM_FIELDS) {
    throw invalid(
      'mapping',
      `${customs} columns are mapped to custom fields; a contact holds at most ${MAX_CUSTOM_FIELDS}. Ignore ${customs - MAX_CUSTOM_FIELDS} of them.`,
    );
  }
  const accountFields = [...seen.keys()].filter((t) => t.startsWith('account.') && t !== 'account.name');
  if (accountFields.length > 0 && !seen.has('account.name')) {
    throw invalid('mapping', `${accountFields.join(', ')} need a column mapped to account.name.`);
  }
  return out;
}

/**
 * Parses the CLI's `--map "Header=field,Other=field"` on top of a suggested mapping. A header may be
 * written as `#3` (the third column) when headers repeat; `field` may be empty or `-` to ignore a column.
 */
export function applyMapSpec(spec: string, headers: readonly string[], base: Mapping): (string | null)[] {
  const out: (string | null)[] = [...base];
  const explicit = new Set<number>();
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.lastIndexOf('=');
    if (eq <= 0) throw invalid('map', `"${part.trim()}" is not Header=field.`);
    const name = part.slice(0, eq).trim();
    const target = part.slice(eq + 1).trim();
    const byNumber = /^#(\d+)$/.exec(name);
    // A header named exactly wins over an earlier one that only folds the same ("E-mail" beside "Email").
    const exact = headers.findIndex((h) => h.trim() === name);
    const column = byNumber
      ? Number(byNumber[1]) - 1
      : exact >= 0
        ? exact
        : headers.findIndex((h) => headerKey(h) === headerKey(name));
    if (column < 0 || column >= headers.length) {
      throw invalid('map', `No column "${name}" in the file. Columns: ${headers.map((h) => `"${h}"`).join(', ')}.`);
    }
    // A target given explicitly moves off any column that had it by suggestion.
    if (target !== '' && target !== '-') {
      for (let i = 0; i < out.length; i++) if (out[i] === target && i !== column) out[i] = null;
    }
    out[column] = target === '' || target === '-' ? null : target;
    explicit.add(column);
  }
  // A full name given explicitly replaces suggested first- and last-name columns, and the other way round
  // (a row takes one or the other); two given explicitly are left for validateMapping to refuse.
  const given = new Set([...explicit].map((column) => out[column]));
  const replaced = given.has('fullName')
    ? ['firstName', 'lastName']
    : given.has('firstName') || given.has('lastName')
      ? ['fullName']
      : [];
  out.forEach((target, column) => {
    if (target !== null && replaced.includes(target) && !explicit.has(column)) out[column] = null;
  });
  return out;
}
