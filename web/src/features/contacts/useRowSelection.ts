import { useCallback, useState } from 'react';

/** Rows ticked in a list, forgotten when `resetKey` (the list's filters and sort) changes. */
export interface RowSelection {
  /** The ticked ids among the rows shown, in their order. */
  ids: string[];
  isSelected(id: string): boolean;
  toggle(id: string): void;
  /** Ticks every shown row, or none. */
  setAll(checked: boolean): void;
  clear(): void;
  /** Every shown row is ticked (and there is at least one). */
  all: boolean;
  /** Some but not all shown rows are ticked. */
  some: boolean;
}

/**
 * Selection among the rows shown (`shown`): a row that leaves the list (filtered out, reassigned away, deleted)
 * leaves the selection too, so the action bar never acts on rows the user no longer sees.
 */
export function useRowSelection(shown: readonly { id: string }[], resetKey: string): RowSelection {
  const shownIds = shown.map((row) => row.id);
  const [state, setState] = useState<{ key: string; ids: ReadonlySet<string> }>({ key: resetKey, ids: new Set() });
  // Another list (filters changed): the ticks are dropped while rendering, not after (no flash of old ticks).
  const ticked = state.key === resetKey ? state.ids : new Set<string>();
  if (state.key !== resetKey) setState({ key: resetKey, ids: ticked });

  const ids = shownIds.filter((id) => ticked.has(id));
  const update = useCallback(
    (next: (current: ReadonlySet<string>) => ReadonlySet<string>) =>
      setState((s) => ({ key: resetKey, ids: next(s.key === resetKey ? s.ids : new Set()) })),
    [resetKey],
  );
  return {
    ids,
    isSelected: (id) => ticked.has(id),
    toggle: (id) =>
      update((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    setAll: (checked) => update(() => new Set(checked ? shownIds : [])),
    clear: () => update(() => new Set()),
    all: shownIds.length > 0 && ids.length === shownIds.length,
    some: ids.length > 0 && ids.length < shownIds.length,
  };
}
