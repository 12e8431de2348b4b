import type { ContactInput } from '../../api/contacts.js';
import type { Contact, Ref, Seniority } from '../../api/types.js';
import { changedFields, textOrNull, withoutNulls } from '../../components/form.js';

export interface ContactFormValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  jobTitle: string;
  seniority: Seniority | null;
  accountId: string | null;
  accountLabel: string | null;
  ownerId: string | null;
  ownerLabel: string | null;
  source: string;
  campaign: string;
}

/** Inputs of the form, by the API field their errors are reported under. */
export const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'jobTitle',
  'seniority',
  'accountId',
  'ownerId',
  'source',
  'campaign',
] as const;

export function emptyContactValues(owner: Ref | null, account: Ref | null = null): ContactFormValues {
  return {
    firstName: '',
    lastName: '',
    email: '',
    phone: '',
    jobTitle: '',
    seniority: null,
    accountId: account?.id ?? null,
    accountLabel: account?.name || null,
    ownerId: owner?.id ?? null,
    ownerLabel: owner?.name ?? null,
    source: '',
    campaign: '',
  };
}

export function contactValues(contact: Contact): ContactFormValues {
  return {
    firstName: contact.firstName ?? '',
    lastName: contact.lastName ?? '',
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    jobTitle: contact.jobTitle ?? '',
    seniority: contact.seniority,
    accountId: contact.accountId,
    accountLabel: contact.account?.name ?? null,
    ownerId: contact.ownerId,
    ownerLabel: contact.owner?.name ?? null,
    source: contact.source ?? '',
    campaign: contact.campaign ?? '',
  };
}

/** Every field as the API takes it: blank optional fields become null. */
function toInput(values: ContactFormValues): Required<ContactInput> {
  return {
    firstName: values.firstName.trim(),
    lastName: values.lastName.trim(),
    email: textOrNull(values.email),
    phone: textOrNull(values.phone),
    jobTitle: textOrNull(values.jobTitle),
    seniority: values.seniority,
    accountId: values.accountId,
    ownerId: values.ownerId,
    source: textOrNull(values.source),
    campaign: textOrNull(values.campaign),
  };
}

/** POST body: only the fields that were filled in. */
export function createInput(values: ContactFormValues): ContactInput {
  const input = withoutNulls(toInput(values));
  if (!input.lastName) delete input.lastName;
  return input;
}

/** PATCH body: only the fields that changed; a cleared optional field is sent as null. */
export function patchInput(initial: ContactFormValues, values: ContactFormValues): ContactInput {
  return changedFields(toInput(initial), toInput(values));
}
