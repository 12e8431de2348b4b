import { describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/errors.js';
import { applyMapSpec, customKeyFor, headerKey, isTarget, suggestMapping, validateMapping } from './mapping.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as AppError).details.errors?.[0]?.field;
  }
  return undefined;
}

describe('header suggestions', () => {
  it('maps common English headers in any case and separator style', () => {
    expect(
      suggestMapping(['First Name', 'last_name', 'E-Mail', 'Mobile Phone', 'Job Title', 'Company', 'Website', 'Notes']),
    ).toEqual(['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'account.name', 'account.domain', null]);
  });

  it('maps Persian headers, with Arabic-keyboard letters and zero-width non-joiners', () => {
    expect(
      suggestMapping(['نام', 'نام خانوادگی', 'ایمیل', 'تلفن', 'موبایل', 'شرکت', 'سمت', 'منبع', 'کمپین', 'کشور']),
    ).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      null, // a second phone column is left for the user to choose
      'account.name',
      'jobTitle',
      'source',
      'campaign',
      'account.country',
    ]);
    // Arabic yeh and kaf, and a ZWNJ typed inside the header.
    expect(suggestMapping(['نام خانوادگي', 'شركت', 'ایمیل\u200C'])).toEqual(['lastName', 'account.name', 'email']);
  });

  it('suggests a full name for a full-name column, English or Persian', () => {
    for (const header of ['Full name', 'Full Name', 'full_name', 'Contact name', 'نام و نام خانوادگی', 'نام کامل']) {
      expect(suggestMapping([header, 'Email']), header).toEqual(['fullName', 'email']);
    }
    expect(suggestMapping(['نام‌و‌نام‌خانوادگی', 'ايميل'])).toEqual(['fullName', 'email']);
  });

  it('reads a bare "Name" as the full name, unless the file has a first- or last-name column', () => {
    expect(suggestMapping(['Name', 'Email'])).toEqual(['fullName', 'email']);
    expect(suggestMapping(['نام', 'ایمیل'])).toEqual(['fullName', 'email']);
    expect(suggestMapping(['Name', 'Surname', 'Email'])).toEqual(['firstName', 'lastName', 'email']);
    expect(suggestMapping(['Email', 'نام خانوادگی', 'نام'])).toEqual(['email', 'lastName', 'firstName']);
    // A column of first names is taken as it says; the bare name is left for the user to choose.
    expect(suggestMapping(['Name', 'First name'])).toEqual([null, 'firstName']);
    // First and last names beside a full name: the parts are suggested, the full name left out.
    expect(suggestMapping(['Full name', 'First name', 'Last name'])).toEqual([null, 'firstName', 'lastName']);
    expect(suggestMapping(['Full name', 'Name'])).toEqual(['fullName', null]);
  });

  it('suggests each target once and leaves unknown headers unmapped', () => {
    expect(suggestMapping(['Email', 'email address', 'Favourite colour'])).toEqual(['email', null, null]);
  });

  it('folds headers for comparison', () => {
    expect(headerKey(' First-Name ')).toBe(headerKey('first_name'));
    expect(headerKey('نام\u200Cخانوادگی')).toBe(headerKey('نام خانوادگی'));
  });

  it('makes custom field keys from headers', () => {
    expect(customKeyFor('Lead Score (2024)')).toBe('Lead_Score_2024');
    expect(customKeyFor('علاقه‌مندی')).toBe('علاقهمندی');
    expect(customKeyFor('   ')).toBeNull();
  });
});

describe('mapping validation', () => {
  const headers = ['First', 'Mail', 'Firm', 'Size'];

  it('accepts known targets and custom fields, one per column', () => {
    expect(validateMapping(['firstName', 'email', 'account.name', 'custom:size'], headers)).toEqual([
      'firstName',
      'email',
      'account.name',
      'custom:size',
    ]);
    expect(validateMapping(['firstName', '', null, null], headers)).toEqual(['firstName', null, null, null]);
  });

  it('names the column of an unknown target', () => {
    expect(fieldOf(() => validateMapping(['firstName', 'mail', null, null], headers))).toBe('mapping.1');
    expect(fieldOf(() => validateMapping(['firstName', 'custom:bad key', null, null], headers))).toBe('mapping.1');
    expect(isTarget('custom:نمره')).toBe(true);
  });

  it('refuses a target mapped twice, a missing first name, and account fields without a name', () => {
    expect(fieldOf(() => validateMapping(['firstName', 'email', 'email', null], headers))).toBe('mapping.2');
    expect(fieldOf(() => validateMapping(['lastName', 'email', null, null], headers))).toBe('mapping');
    expect(fieldOf(() => validateMapping(['firstName', null, 'account.domain', null], headers))).toBe('mapping');
  });

  it('takes a full name in place of a first name, never beside a first or last name', () => {
    expect(validateMapping(['fullName', 'email', null, null], headers)).toEqual(['fullName', 'email', null, null]);
    for (const mapping of [
      ['fullName', 'email', 'firstName', null],
      ['fullName', 'email', null, 'lastName'],
    ]) {
      expect(fieldOf(() => validateMapping(mapping, headers))).toBe('mapping');
    }
    expect(() => validateMapping(['fullName', null, 'lastName', null], headers)).toThrow(
      'Map either a column to fullName (split into first and last name) or columns to firstName and lastName, not both: "First" is mapped to fullName and "Firm" to lastName.',
    );
  });

  it('refuses more custom fields than a contact holds', () => {
    const many = Array.from({ length: 102 }, (_, i) => `Field ${i}`);
    const custom = (n: number) => ['firstName', ...many.slice(1, n + 1).map((_, i) => `custom:f${i}`)];
    const within = custom(100);
    expect(validateMapping(within, many.slice(0, within.length))).toHaveLength(101);
    const over = custom(101);
    expect(fieldOf(() => validateMapping(over, many.slice(0, over.length)))).toBe('mapping');
    expect(() => validateMapping(over, many.slice(0, over.length))).toThrow(
      '101 columns are mapped to custom fields; a contact holds at most 100.',
    );
  });

  it('needs one entry per column', () => {
    expect(fieldOf(() => validateMapping(['firstName'], headers))).toBe('mapping');
  });
});

describe('--map', () => {
  const headers = ['Name', 'E-mail', 'Company', 'Notes', 'Notes'];
  const base = suggestMapping(headers);

  it('sets and clears columns by header or position, on top of the suggestion', () => {
    expect(base).toEqual(['fullName', 'email', 'account.name', null, null]);
    expect(applyMapSpec('Name=firstName, #5=custom:notes2,Company=-', headers, base)).toEqual([
      'firstName',
      'email',
      null,
      null,
      'custom:notes2',
    ]);
  });

  it('moves a target off the column it was suggested for', () => {
    expect(applyMapSpec('Notes=email', headers, base)).toEqual(['fullName', null, 'account.name', 'email', null]);
  });

  it('maps a full name in place of suggested first and last names, and the other way round', () => {
    const parts = ['First', 'Last', 'Contact', 'Email'];
    expect(applyMapSpec('Contact=fullName', parts, suggestMapping(parts))).toEqual([null, null, 'fullName', 'email']);
    const whole = ['Full name', 'Given', 'Email'];
    expect(suggestMapping(whole)).toEqual(['fullName', null, 'email']);
    expect(applyMapSpec('Given=firstName', whole, suggestMapping(whole))).toEqual([null, 'firstName', 'email']);
    // Both given: refused by the mapping's check, not silently resolved.
    expect(applyMapSpec('Full name=fullName,Given=firstName', whole, suggestMapping(whole))).toEqual([
      'fullName',
      'firstName',
      'email',
    ]);
  });

  it('takes the column named exactly before one whose name only folds to the same key', () => {
    const twins = ['E-mail', 'Email', 'Name'];
    expect(applyMapSpec('Email=email,E-mail=custom:old_email', twins, [null, null, 'firstName'])).toEqual([
      'custom:old_email',
      'email',
      'firstName',
    ]);
    // A name written another way still finds its column.
    expect(applyMapSpec('name=custom:n', twins, [null, null, null])).toEqual([null, null, 'custom:n']);
  });

  it('names the option when a header does not exist or the pair is malformed', () => {
    expect(fieldOf(() => applyMapSpec('Phone=phone', headers, base))).toBe('map');
    expect(fieldOf(() => applyMapSpec('firstName', headers, base))).toBe('map');
  });
});
