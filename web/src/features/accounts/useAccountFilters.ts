import { useMemo } from 'react';
import { ACCOUNT_SORTS, type AccountListParams, type AccountSort } from '../../api/accounts.js';
import type { SortOrder } from '../../api/types.js';
import { useUrlParams } from '../../components/urlState.js';

const KEYS = ['q', 'industry', 'country', 'sort', 'order'] as const;

function isSort(value: string | undefined): value is AccountSort {
  return (ACCOUNT_SORTS as readonly string[]).includes(value ?? '');
}

/** The account list's search, filters and sort, kept in the URL. */
export function useAccountFilters() {
  const [raw, update] = useUrlParams(KEYS);
  const params = useMemo(() => {
    const sort: AccountSort = isSort(raw.sort) ? raw.sort : 'name';
    const order: SortOrder = raw.order === 'asc' || raw.order === 'desc' ? raw.order : sort === 'name' ? 'asc' : 'desc';
    const result: AccountListParams = { sort, order };
    if (raw.q) result.q = raw.q;
    if (raw.industry) result.industry = raw.industry;
    if (raw.country && /^[A-Z]{2}$/.test(raw.country)) result.country = raw.country;
    return result;
  }, [raw]);
  const filtered = Boolean(params.q || params.industry || params.country);
  return { params, update, filtered };
}
