import type { ContactListParams } from '../../api/contacts.js';

/**
 * How many of the filters behind the "Filters" button are set. The search box stays in view and the sort is
 * no filter; the reason and the event type among the reasons are one choice ("why").
 */
export function activeFilterCount(params: ContactListParams): number {
  const set = (value: unknown) => value !== undefined && value !== null && value !== '';
  const fields = [
    params.ownerId,
    params.seniority,
    params.temperature,
    params.fitGrade,
    params.minFitScore,
    params.maxFitScore,
    params.minEngagement,
    params.source,
    params.campaign,
  ];
  return fields.filter(set).length + (set(params.reason) || set(params.reasonEvent) ? 1 : 0);
}
