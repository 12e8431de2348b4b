import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List filters live in the URL, so that a filtered list can be bookmarked or shared and the back button
 * restores it. `keys` must be a module-level constant. Updates replace the history entry instead of adding one per keystroke.
 */
export function useUrlParams<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  // Router updates render in a transition, so two quick changes (a filter, then the sort) could both start from
  // the URL before the first one. Each change therefore builds on the last URL asked for.
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
  }, [params]);
  const values = useMemo(() => {
    const result = {} as Record<K, string | undefined>;
    for (const key of keys) result[key] = params.get(key) || undefined;
    return result;
  }, [params, keys]);
  const update = useCallback(
    (patch: Partial<Record<K, string | null | undefined>>) => {
      const next = new URLSearchParams(latest.current);
      for (const [key, value] of Object.entries(patch) as [K, string | null | undefined][]) {
        if (value === null || value === undefined || value === '') next.delete(key);
        else next.set(key, value);
      }
      latest.current = next;
      setParams(next, { replace: true });
    },
    [setParams],
  );
  return [values, update] as const;
}
