import type { AccountInput } from '../../api/accounts.js';
import type { Account, Ref } from '../../api/types.js';
import { changedFields, textOrNull, withoutNulls } from '../../components/form.js';
import { resolveCountryCode } from '../../i18n/countries.js';
import { parseNumberInput } from '../../i18n/format.js';

export interface AccountFormValues {
  name: string;
  domain: string;
  industry: string;
  employeeCount: string;
  country: string;
  city: string;
  annualRevenue: string;
  ownerId: string | null;
  ownerLabel: string | null;
}

export const ACCOUNT_FIELDS = [
  'name',
  'domain',
  'industry',
  'employeeCount',
  'country',
  'city',
  'annualRevenue',
  'ownerId',
] as const;

export function emptyAccountValues(owner: Ref | null): AccountFormValues {
  return {
    name: '',
    domain: '',
    industry: '',
    employeeCount: '',
    country: '',
    city: '',
    annualRevenue: '',
    ownerId: owner?.id ?? null,
    ownerLabel: owner?.name ?? null,
  };
}

export function accountValues(account: Account): AccountFormValues {
  return {
    name: account.name,
    domain: account.domain ?? '',
    industry: account.industry ?? '',
    employeeCount: account.employeeCount === null ? '' : String(account.employeeCount),
    country: account.country ?? '',
    city: account.city ?? '',
    annualRevenue: account.annualRevenue === null ? '' : String(account.annualRevenue),
    ownerId: account.ownerId,
    ownerLabel: account.owner?.name ?? null,
  };
}

/** Client-side checks that save a round trip; the server validates everything again. */
export function localAccountErrors(
  values: AccountFormValues,
  messages: { required: string; number: string; country: string },
) {
  const errors: Partial<Record<keyof AccountFormValues, string>> = {};
  if (!values.name.trim()) errors.name = messages.required;
  if (values.country.trim() && !resolveCountryCode(values.country)) errors.country = messages.country;
  if (Number.isNaN(parseNumberInput(values.employeeCount))) errors.employeeCount = messages.number;
  if (Number.isNaN(parseNumberInput(values.annualRevenue))) errors.annualRevenue = messages.number;
  return errors;
}

function toInput(values: AccountFormValues): Required<AccountInput> {
  return {
    name: values.name.trim(),
    domain: textOrNull(values.domain),
    industry: textOrNull(values.industry),
    employeeCount: parseNumberInput(values.employeeCount),
    // A name ("Iran", "ایران") or a code ("ir") becomes the ISO code the API stores.
    country: values.country.trim() ? (resolveCountryCode(values.country) ?? values.country.trim().toUpperCase()) : null,
    city: textOrNull(values.city),
    annualRevenue: parseNumberInput(values.annualRevenue),
    ownerId: values.ownerId,
  };
}

export function createAccountInput(values: AccountFormValues): AccountInput {
  return withoutNulls(toInput(values));
}

export function patchAccountInput(initial: AccountFormValues, values: AccountFormValues): AccountInput {
  return changedFields(toInput(initial), toInput(values));
}
