import { z } from 'zod';
import { CONTACT_SORTS, SENIORITIES } from './contact.js';
import { REASON_EVENT_RE, REASON_FILTERS } from './reasons.js';

/**
 * The leads list's filters and sort, shared by the list, its CSV export and the saved views that store a
 * set of them (a view holds exactly what the list accepts).
 */
export const listFilterQuery = {
  q: z.string().max(200).optional(),
  ownerId: z.string().max(64).optional(),
  accountId: z.string().max(64).optional(),
  source: z.string().max(100).optional(),
  seniority: z.enum(SENIORITIES).optional(),
  temperature: z.enum(['cold', 'warm', 'qualified']).optional(),
  fitGrade: z.enum(['A', 'B', 'C', 'D']).optional(),
  minFitScore: z.coerce.number().int().min(0).max(100).optional(),
  maxFitScore: z.coerce.number().int().min(0).max(100).optional(),
  minEngagement: z.coerce.number().min(0).max(1_000_000).optional(),
  campaign: z.string().max(200).optional(),
  reason: z.enum(REASON_FILTERS).optional(),
  reasonEvent: z
    .string()
    .regex(REASON_EVENT_RE, 'An event type: lower-case letters, digits and _ . : - (e.g. form_submitted).')
    .optional(),
  sort: z.enum(CONTACT_SORTS).default('createdAt'),
};
