import { createHash } from 'node:crypto';
import { z } from 'zod';
import { stableJson } from '../audit/index.js';
import { customFieldsSchema, optionalText } from '../../shared/fields.js';
import { contactEmail, SENIORITIES } from '../contacts/index.js';
import { integrationEventSchema } from '../tracking/index.js';

/**
 * Leads from other systems (a webinar tool, an ads platform, a partner portal): one person, optionally
 * their company and what they did. Retries carrying the same Idempotency-Key never create a second lead.
 */

export const leadInput = z
  .strictObject({
    firstName: optionalText(100),
    lastName: optionalText(100),
    // The contacts API's own rules: a lead is stored as a contact.
    email: contactEmail.optional(),
    phone: z.string().max(40).optional(),
    jobTitle: optionalText(200),
    seniority: z.enum(SENIORITIES).optional(),
    source: optionalText(100),
    campaign: optionalText(200),
    customFields: customFieldsSchema.optional(),
    company: z
      .strictObject({
        name: z.string().trim().min(1, 'Required.').max(200),
        domain: z
          .string()
          .max(300)
          .transform((d) =>
            d
              .trim()
              .toLowerCase()
              .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
              .replace(/[/?#].*$/, '')
              .replace(/^www\./, ''),
          )
          .pipe(z.string().regex(/^[\p{L}\p{N}.-]+\.[\p{L}]{2,63}$/u, 'Not a domain such as example.com.'))
          .optional(),
        industry: optionalText(100),
        employeeCount: z.number().int().min(0).max(10_000_000).optional(),
        country: z
          .string()
          .regex(/^[A-Za-z]{2}$/, 'Use a two-letter ISO country code such as IR or DE.')
          .transform((c) => c.toUpperCase())
          .optional(),
      })
      .optional(),
    /** What the lead did, recorded as an event on the contact (e.g. webinar_registered). */
    event: integrationEventSchema.optional(),
  })
  .refine((l) => l.email !== undefined || l.phone !== undefined, {
    message: 'An email address or a phone number is required.',
    path: ['email'],
  });
export type LeadInput = z.infer<typeof leadInput>;

export const leadResult = z.object({ contactId: z.string(), created: z.boolean() });
export type LeadResult = z.infer<typeof leadResult>;

/** Printable ASCII, as most APIs that take idempotency keys accept (UUIDs, ULIDs, hashes). */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'An Idempotency-Key is 1-200 printable ASCII characters.');

/** The fingerprint of a request body: the same key with a different body is a client bug, not a retry. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('hex');
}
