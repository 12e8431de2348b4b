import { z } from 'zod';
import { normalizeText } from '../../shared/text.js';
import type { Actor } from '../auth/index.js';
import { listFilterQuery } from '../contacts/index.js';

/** At most this many views per person: a list to pick from, not a store. */
export const MAX_VIEWS_PER_USER = 50;
export const VIEW_NAME_MAX = 80;

/** The leads list's filters as the list reads them from its query string. */
export type ViewFilters = Record<string, string | number>;

export interface ContactView {
  id: string;
  name: string;
  shared: boolean;
  filters: ViewFilters;
  owner: { id: string; name: string };
  /** Whether the one asking may rename, share or delete it (its owner, or an admin for a shared view). */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

export const viewName = z
  .string({ error: 'Required: a name.' })
  .trim()
  .min(1, 'Required: a name.')
  .max(VIEW_NAME_MAX, `At most ${VIEW_NAME_MAX} characters.`);

/**
 * A view's filters: exactly the list's own filter schema (unknown keys refused) and the sort's direction
 * (`order`, as the list takes it), fed only strings and numbers, as a query string would give them, so null
 * or true is refused rather than coerced into a number.
 */
export const viewFilters = z.preprocess(
  (value, ctx) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) {
        if (typeof v !== 'string' && typeof v !== 'number') {
          ctx.addIssue({ code: 'custom', path: [key], message: 'A text or a number.', input: v });
        }
      }
    }
    return value;
  },
  z.strictObject({ ...listFilterQuery, order: z.enum(['asc', 'desc']).optional() }),
);

export const createViewInput = z.strictObject({
  name: viewName,
  shared: z.boolean().default(false),
  filters: viewFilters,
});

export const updateViewInput = z.strictObject({
  name: viewName.optional(),
  shared: z.boolean().optional(),
  filters: viewFilters.optional(),
});

export type CreateViewInput = z.output<typeof createViewInput>;
export type UpdateViewInput = z.output<typeof updateViewInput>;

/** Names that differ only in case, spacing or Persian/Arabic letter forms are the same name. */
export const viewNameKey = (name: string): string => normalizeText(name);

/** The view as the record policy sees it. */
export interface ViewOwnership {
  ownerId: string;
  shared: boolean;
}

/**
 * What an actor may do with a view: `none` (someone else's private view: it does not exist for them),
 * `read` (someone else's shared view) or `change` (their own; an admin's on a shared one).
 */
export function viewAccess(actor: Actor, view: ViewOwnership): 'none' | 'read' | 'change' {
  if (view.ownerId === actor.id) return 'change';
  if (!view.shared) return 'none';
  return actor.role === 'admin' ? 'change' : 'read';
}

/**
 * The fields the audit log keeps of a view: its filters without the search text, which may name a person (as
 * the list's CSV export records them), only whether there is one.
 */
export function auditedView(v: { name: string; shared: boolean; filters: ViewFilters }): Record<string, unknown> {
  const { q, ...filters } = v.filters;
  return { name: v.name, shared: v.shared, filters: { ...filters, search: q !== undefined && q !== '' } };
}
