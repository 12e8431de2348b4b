import { z } from 'zod';

/** The most contacts one bulk change may name: a page of the leads list and more, one transaction. */
export const BULK_MAX_IDS = 500;

const id = z.string().min(1).max(64);

/**
 * A change to many contacts at once: the same values set on each. Only the owner for now; other fields go in
 * `set` as they are needed (each then optional, at least one given).
 */
export const bulkUpdateInput = z.strictObject({
  ids: z
    .array(id)
    .min(1, 'Name at least one contact.')
    .max(BULK_MAX_IDS, `At most ${BULK_MAX_IDS} contacts at once.`)
    .superRefine((ids, ctx) => {
      const seen = new Set<string>();
      ids.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: 'This contact is named twice.' });
        seen.add(value);
      });
    }),
  set: z.strictObject({ ownerId: id.nullable() }),
});
export type BulkUpdateInput = z.infer<typeof bulkUpdateInput>;

export const bulkUpdateResultSchema = z.object({
  /** Contacts that changed (each with its audit entry and `contact.updated` event). */
  updated: z.number().int(),
  /** Contacts that already had these values. */
  unchanged: z.number().int(),
});
export type BulkUpdateResult = z.infer<typeof bulkUpdateResultSchema>;

/** Ids for an error's text: the first few, and how many more (the full list goes in the problem's `ids`). */
export function listIds(ids: readonly string[], shown = 5): string {
  const head = ids.slice(0, shown).join(', ');
  return ids.length > shown ? `${head} and ${ids.length - shown} more` : head;
}
