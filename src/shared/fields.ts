import { z } from 'zod';

/** Free-form fields a team adds to records. Bounded so one record cannot grow without limit. */
export const customFieldsSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\p{L}\p{N}_.-]+$/u, 'Use letters, digits, _ . or - in field names.'),
    z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
  )
  .refine((o) => Object.keys(o).length <= 100, 'At most 100 custom fields.');

export type CustomFields = z.infer<typeof customFieldsSchema>;

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
