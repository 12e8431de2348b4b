import { MERGE_FIELDS, type Contact, type MergeChoice, type MergeField, type MergeSide } from '../../api/types.js';
import type { ContactFormValues } from './contactForm.js';

/** One side of a merge as the dialog compares it: a saved contact, or values typed in the new-contact form. */
export interface MergeSideValues {
  fields: Record<MergeField, string | null>;
  /** Names to show for the reference fields. */
  labels: { accountId: string | null; ownerId: string | null };
  customFields: Record<string, unknown>;
}

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

export function sideOfContact(contact: Contact): MergeSideValues {
  return {
    fields: {
      firstName: contact.firstName,
      lastName: contact.lastName || null,
      email: contact.email,
      phone: contact.phone,
      jobTitle: contact.jobTitle,
      seniority: contact.seniority,
      accountId: contact.accountId,
      ownerId: contact.ownerId,
      source: contact.source,
      campaign: contact.campaign,
    },
    labels: { accountId: contact.account?.name ?? null, ownerId: contact.owner?.name ?? null },
    customFields: contact.customFields ?? {},
  };
}

export function sideOfForm(values: ContactFormValues): MergeSideValues {
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    fields: {
      firstName: text(values.firstName),
      lastName: text(values.lastName),
      email: text(values.email),
      phone: text(values.phone),
      jobTitle: text(values.jobTitle),
      seniority: values.seniority,
      accountId: values.accountId,
      ownerId: values.ownerId,
      source: text(values.source),
      campaign: text(values.campaign),
    },
    labels: { accountId: values.accountLabel, ownerId: values.ownerLabel },
    customFields: {},
  };
}

function same(a: unknown, b: unknown): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields whose values differ, in form order: the only ones where a choice means something. */
export function differingFields(winner: MergeSideValues, loser: MergeSideValues): MergeField[] {
  return MERGE_FIELDS.filter((f) => !same(winner.fields[f], loser.fields[f]));
}

/** Custom fields both contacts have with different values; the others simply combine. */
export function conflictingCustomFields(winner: MergeSideValues, loser: MergeSideValues): string[] {
  return Object.keys(winner.customFields)
    .filter((k) => k in loser.customFields && !same(winner.customFields[k], loser.customFields[k]))
    .sort();
}

/** The server's default, made explicit: the winner's value, unless it is blank and the duplicate has one. */
export function defaultSide(winnerValue: unknown, loserValue: unknown): MergeSide {
  return isBlank(winnerValue) && !isBlank(loserValue) ? 'loser' : 'winner';
}

export function defaultChoice(winner: MergeSideValues, loser: MergeSideValues): MergeChoice {
  const choice: MergeChoice = {};
  for (const f of differingFields(winner, loser)) choice[f] = defaultSide(winner.fields[f], loser.fields[f]);
  const custom: Record<string, MergeSide> = {};
  for (const k of conflictingCustomFields(winner, loser)) {
    custom[k] = defaultSide(winner.customFields[k], loser.customFields[k]);
  }
  if (Object.keys(custom).length > 0) choice.customFields = custom;
  return choice;
}
