import type { TFunction } from 'i18next';
import type { TranslationResources } from '../i18n/index.js';

type FieldKey = keyof TranslationResources['fields'];

/** The translated name of a record field, or the field itself for fields we do not know. */
export function fieldLabel(field: string, t: TFunction): string {
  const known: readonly string[] = FIELD_KEYS;
  if (known.includes(field)) return t(`fields.${field as FieldKey}`);
  return field;
}

const FIELD_KEYS: readonly FieldKey[] = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'jobTitle',
  'seniority',
  'account',
  'accountId',
  'owner',
  'ownerId',
  'source',
  'campaign',
  'mergedContact',
  'mergedInto',
  'domain',
  'industry',
  'employeeCount',
  'country',
  'city',
  'annualRevenue',
  'contactCount',
  'customFields',
  'role',
  'team',
  'teamId',
  'status',
  'password',
  'locale',
  'timeZone',
  'createdAt',
  'updatedAt',
];
