import { z } from 'zod';
import { normalizeText } from '../../shared/text.js';

/**
 * Marketing's choice for the predictive score, as one versioned document: which outcome to learn (a contact
 * field or custom field, with the values that count as converted and as not converted; any other value is
 * unknown and left out of training), which features to learn it from, and how many contacts of each class
 * training needs at least.
 */

/** Contact fields that can hold an outcome (custom fields are named `custom.<name>`). */
export const OUTCOME_CONTACT_FIELDS = ['source', 'campaign', 'seniority', 'jobTitle'] as const;

/**
 * Features a model can learn from. `events` stands for one count per event type (`events.page_view`, ...);
 * custom fields are named `custom.<name>`.
 */
export const BUILTIN_FEATURES = [
  'seniority',
  'jobTitle',
  'source',
  'campaign',
  'account.industry',
  'account.employeeCount',
  'account.country',
  'account.city',
  'account.annualRevenue',
  'fitScore',
  'engagementScore',
  'events',
] as const;
export type BuiltinFeature = (typeof BUILTIN_FEATURES)[number];

/** Fit-relevant contact and account fields, the scores, and what the contact did. */
export const DEFAULT_FEATURES: readonly BuiltinFeature[] = [
  'seniority',
  'jobTitle',
  'source',
  'campaign',
  'account.industry',
  'account.employeeCount',
  'account.country',
  'fitScore',
  'engagementScore',
  'events',
];

const CUSTOM_FIELD = /^custom\.[\p{L}\p{N}_.-]{1,64}$/u;
const customField = z.string().regex(CUSTOM_FIELD, 'Name a custom field as custom.<name> (letters, digits, _ . -).');

export const outcomeFieldSchema = z.union([z.enum(OUTCOME_CONTACT_FIELDS), customField]);
export const featureKeySchema = z.union([z.enum(BUILTIN_FEATURES), customField]);
const outcomeValue = z.string().trim().min(1, 'Empty value.').max(200, 'At most 200 characters.');

/** Values compare folded (case, accents, Persian/Arabic letters, digits), so "Won" and "won" are one. */
export const foldValue = (value: string): string => normalizeText(value);

export const predictiveSettingsSchema = z
  .strictObject({
    outcome: z.strictObject({
      field: outcomeFieldSchema,
      positiveValues: z.array(outcomeValue).min(1, 'Name at least one value that means converted.').max(50),
      negativeValues: z.array(outcomeValue).min(1, 'Name at least one value that means not converted.').max(50),
    }),
    features: z.array(featureKeySchema).min(1, 'Choose at least one feature.').max(40),
    minimumPerClass: z.number().int().min(5).max(100_000),
  })
  .superRefine((s, ctx) => {
    const positives = new Set(s.outcome.positiveValues.map(foldValue));
    const both = s.outcome.negativeValues.filter((v) => positives.has(foldValue(v)));
    if (both.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome', 'negativeValues'],
        message: `A value cannot be both positive and negative: ${both.join(', ')}.`,
      });
    }
    if (s.features.includes(s.outcome.field as never)) {
      ctx.addIssue({
        code: 'custom',
        path: ['features'],
        message: `The outcome field ${s.outcome.field} cannot also be a feature: it would leak the answer.`,
      });
    }
    if (new Set(s.features).size !== s.features.length) {
      ctx.addIssue({ code: 'custom', path: ['features'], message: 'A feature is listed twice.' });
    }
  });

export type PredictiveSettings = z.infer<typeof predictiveSettingsSchema>;
export type OutcomeSettings = PredictiveSettings['outcome'];

/** Out of the box: learn the custom field `outcome` (won / lost) from the default features. */
export const DEFAULT_PREDICTIVE_SETTINGS: PredictiveSettings = {
  outcome: { field: 'custom.outcome', positiveValues: ['won'], negativeValues: ['lost'] },
  features: [...DEFAULT_FEATURES],
  minimumPerClass: 20,
};
