import { useMemo } from 'react';
import { CONTACT_SORTS, type ContactListParams, type ContactSort } from '../../api/contacts.js';
import { SENIORITIES, type Seniority, type SortOrder } from '../../api/types.js';
import { useUrlParams } from '../../components/urlState.js';

const KEYS = ['q', 'ownerId', 'seniority', 'sort', 'order'] as const;

function isSort(value: string | undefined): value is ContactSort {
  return (CONTACT_SORTS as readonly string[]).includes(value ?? '');
}

function isSeniority(value: string | undefined): value is Seniority {
  return (SENIORITIES as readonly string[]).includes(value ?? '');
}

/** The contact list's search, filters and sort, kept in the URL. */
export function useContactFilters() {
  const [raw, update] = useUrlParams(KEYS);
  const params = useMemo(() => {
    const sort: ContactSort = isSort(raw.sort) ? raw.sort : 'createdAt';
    const order: SortOrder =
      raw.order === 'asc' || raw.order === 'desc'
        ? raw.order
        : sort === 'createdAt' || sort === 'updatedAt'
          ? 'desc'
          : 'asc';
    const result: ContactListParams = { sort, order };
    if (raw.q) result.q = raw.q;
    if (raw.ownerId) result.ownerId = raw.ownerId;
    if (isSeniority(raw.seniority)) result.seniority = raw.seniority;
    return result;
  }, [raw]);
  const filtered = Boolean(params.q || params.ownerId || params.seniority);
  return { params, update, filtered };
}
