import type { ContactListParams, ContactSort } from '../../api/contacts.js';
import type { ContactView, ViewFilters } from '../../api/contactViews.js';
import { defaultOrder, VIEW_FILTER_KEYS, type ContactFilterKey } from './useContactFilters.js';

/** The list's current filters as a view saves them. */
export function viewFiltersOf(params: ContactListParams): ViewFilters {
  const filters: ViewFilters = {};
  for (const key of VIEW_FILTER_KEYS) {
    const value = params[key];
    if (value !== undefined && value !== '') filters[key] = value;
  }
  return filters;
}

/** The URL change that shows a view: its filters, sort and direction replace the list's. */
export function urlPatchForView(view: ContactView): Partial<Record<ContactFilterKey, string | null>> {
  const patch: Partial<Record<ContactFilterKey, string | null>> = { view: view.id };
  for (const key of VIEW_FILTER_KEYS) {
    const value = view.filters[key];
    patch[key] = value === undefined || value === '' ? null : String(value);
  }
  return patch;
}

/**
 * Filters compared as the URL holds them: text values, the list's default sort and that sort's default
 * direction spelt out (a view saved before views kept the direction shows in its sort's default one).
 */
function canonical(filters: ViewFilters): string {
  const sort = String(filters.sort ?? 'createdAt') as ContactSort;
  const spelt: ViewFilters = { sort, order: defaultOrder(sort), ...filters };
  const entries = Object.entries(spelt)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => [key, String(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/** True when the two sets of filters show the same list. */
export function sameFilters(a: ViewFilters, b: ViewFilters): boolean {
  return canonical(a) === canonical(b);
}

/** The view picked (when it still exists and is visible) and whether the list's filters changed since. */
export function activeView(
  views: readonly ContactView[],
  viewId: string | undefined,
  params: ContactListParams,
): { view: ContactView; modified: boolean } | null {
  const view = viewId ? views.find((v) => v.id === viewId) : undefined;
  if (!view) return null;
  return { view, modified: !sameFilters(view.filters, viewFiltersOf(params)) };
}
