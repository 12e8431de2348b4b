import { z } from 'zod';

/** Free-form fields a team adds to records. Bounded so one record cannot grow without limit. */
/** The most custom fields one record may hold. */
export const MAX_CUSTOM_FIELDS = 100;

export const customFieldsSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\p{L}\p{N}_.-]+$/u, 'Use letters, digits, _ . or - in field names.'),
    z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
  )
  .refine((o) => Object.keys(o).length <= MAX_CUSTOM_FIELDS, `At most ${MAX_CUSTOM_FIELDS} custom fields.`);

export type CustomFields = z.infer<typeof customFieldsSchema>;

/**
 * What captured custom fields (a form, a lead from another system) may add to a record holding `current`:
 * values for its own fields, and new fields while it stays within MAX_CUSTOM_FIELDS (the rest are left out:
 * a record past the limit could no longer be saved). Blank values take no room.
 */
export function customFieldsWithinLimit(current: CustomFields, offered: CustomFields): CustomFields {
  let room = MAX_CUSTOM_FIELDS - Object.keys(current).length;
  const out: CustomFields = {};
  for (const [key, value] of Object.entries(offered)) {
    if (Object.hasOwn(current, key) || value === null || value === '') out[key] = value;
    else if (room > 0) {
      out[key] = value;
      room--;
    }
  }
  return out;
}

/** Optional text: trimmed; empty means "no value". */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters.`)
    .transform((s) => s.trim())
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const refSchema = z.object({ id: z.string(), name: z.string() }).nullable();
