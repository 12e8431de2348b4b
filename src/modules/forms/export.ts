import type { FormField } from './form.js';

/** Submissions read per query while an export streams. */
export const SUBMISSIONS_PAGE_SIZE = 1000;

/**
 * Answers to fields the form no longer has go to one JSON column rather than being dropped: what a person
 * submitted stays in the export (a campaign may have asked for it), while the columns follow today's form.
 */
export const OTHER_ANSWERS_COLUMN = 'other_answers';

export type AnswerValue = string | number | boolean;

export function submissionsHeader(fields: readonly Pick<FormField, 'key'>[]): string[] {
  return [
    'submitted_at',
    'contact_id',
    ...fields.map((f) => f.key),
    OTHER_ANSWERS_COLUMN,
    'consent_given',
    'consent_text',
    'utm_source',
    'utm_medium',
    'utm_campaign',
    'utm_term',
    'utm_content',
    'referrer',
    'page_url',
  ];
}

const cell = (value: AnswerValue | undefined): string | number | null =>
  value === undefined ? null : typeof value === 'boolean' ? String(value) : value;

/** One submission's cells, in the header's order. */
export function submissionCells(
  fields: readonly Pick<FormField, 'key'>[],
  s: {
    submittedAt: string;
    contactId: string | null;
    data: Record<string, AnswerValue>;
    consentText: string | null;
    utm: {
      source: string | null;
      medium: string | null;
      campaign: string | null;
      term: string | null;
      content: string | null;
    };
    referrer: string | null;
    url: string | null;
  },
): (string | number | null)[] {
  const current = new Set(fields.map((f) => f.key));
  // `consent` is the consent box's answer (its own column), not a field.
  const others = Object.entries(s.data).filter(([k]) => !current.has(k) && k !== 'consent');
  const consent = Object.hasOwn(s.data, 'consent') ? s.data['consent'] : undefined;
  return [
    s.submittedAt,
    s.contactId,
    ...fields.map((f) => cell(Object.hasOwn(s.data, f.key) ? s.data[f.key] : undefined)),
    others.length > 0 ? JSON.stringify(Object.fromEntries(others)) : null,
    cell(consent),
    s.consentText,
    s.utm.source,
    s.utm.medium,
    s.utm.campaign,
    s.utm.term,
    s.utm.content,
    s.referrer,
    s.url,
  ];
}
