import { z } from 'zod';
import { invalid } from '../../shared/errors.js';
import type { CustomFields } from '../../shared/fields.js';
import type { ContactFields } from './contact.js';

/**
 * Merging two records of the same person: the winner keeps its id, and for each field the caller may say
 * whose value to keep. Without a choice the winner's value stays, unless it is empty and the duplicate has
 * one. Custom fields combine: every key of either contact survives; on a key both have, the winner's value
 * stays unless the caller picks the duplicate's.
 */

export const MERGE_FIELDS = [
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
] as const satisfies readonly (keyof ContactFields)[];
export type MergeField = (typeof MERGE_FIELDS)[number];

const side = z.enum(['winner', 'loser']);
export type MergeSide = z.infer<typeof side>;

export const mergeInput = z.strictObject({
  /** The contact merged into this one and then removed (its history moves over). */
  duplicateId: z.string().min(1).max(64),
  fields: z
    .strictObject({
      firstName: side.optional(),
      lastName: side.optional(),
      email: side.optional(),
      phone: side.optional(),
      jobTitle: side.optional(),
      seniority: side.optional(),
      accountId: side.optional(),
      ownerId: side.optional(),
      source: side.optional(),
      campaign: side.optional(),
      /** Per custom field present on both contacts: whose value to keep. */
      customFields: z.record(z.string().min(1).max(64), side).optional(),
    })
    .optional(),
});
export type MergeInput = z.infer<typeof mergeInput>;
export type MergeChoice = NonNullable<MergeInput['fields']>;

function blank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function pick<T>(winner: T, loser: T, choice: MergeSide | undefined): T {
  if (choice === 'loser') return loser;
  if (choice === 'winner') return winner;
  return blank(winner) && !blank(loser) ? loser : winner;
}

/** The fields the merged contact will have. Throws a validation error naming a custom-field choice neither has. */
export function mergeFields(winner: ContactFields, loser: ContactFields, choice: MergeChoice = {}): ContactFields {
  const customChoice = choice.customFields ?? {};
  for (const key of Object.keys(customChoice)) {
    if (!(key in winner.customFields) && !(key in loser.customFields)) {
      throw invalid(`fields.customFields.${key}`, 'Neither contact has this custom field.');
    }
  }
  const customFields: CustomFields = {};
  for (const key of new Set([...Object.keys(winner.customFields), ...Object.keys(loser.customFields)])) {
    const w = winner.customFields[key];
    const l = loser.customFields[key];
    if (!(key in loser.customFields)) customFields[key] = w ?? null;
    else if (!(key in winner.customFields)) customFields[key] = l ?? null;
    else customFields[key] = pick(w, l, customChoice[key]) ?? null;
  }
  const merged = { ...winner, customFields };
  for (const field of MERGE_FIELDS) {
    (merged as Record<MergeField, unknown>)[field] = pick(winner[field], loser[field], choice[field]);
  }
  return merged;
}

/** A decision by hand stored on a contact: qualified, or not qualified (back to nurture). */
export interface ManualDecision {
  kind: string;
  by: string | null;
  reason: string | null;
  /** ISO 8601 UTC. */
  at: string;
}

/**
 * The decision by hand the merged contact keeps: the later of the two, so a merge neither drops a lead
 * marketing marked qualified nor forgets that sales rejected it.
 */
export function laterDecision(winner: ManualDecision | null, loser: ManualDecision | null): ManualDecision | null {
  if (!winner) return loser;
  if (!loser) return winner;
  return loser.at > winner.at ? loser : winner;
}
