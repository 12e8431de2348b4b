import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Option {
  value: string;
  label: string;
}

type PassThrough = Omit<
  SelectProps,
  'data' | 'value' | 'defaultValue' | 'onChange' | 'searchable' | 'onSearchChange' | 'searchValue' | 'filter'
>;

export interface RemoteSelectProps extends PassThrough {
  value: string | null;
  onChange: (value: string | null, option: Option | null) => void;
  /** Label of the current value, when the caller already knows it (avoids a lookup). */
  selectedLabel?: string | null | undefined;
  /** Query key prefix for the option search; the search text is appended. */
  queryKey: readonly unknown[];
  /** Server-side search: the server normalises (Persian letters, digits, case), so no filtering here. */
  search: (text: string, signal: AbortSignal) => Promise<Option[]>;
  /** Finds the label of a value that is not among the loaded options (e.g. a filter read from the URL). */
  resolve?: (value: string, signal: AbortSignal) => Promise<Option | null>;
}

const passAll: NonNullable<SelectProps['filter']> = ({ options }) => options;

/** A searchable select whose options come from an API list endpoint with `q`. */
export function RemoteSelect({
  value,
  onChange,
  selectedLabel,
  queryKey,
  search,
  resolve,
  ...rest
}: RemoteSelectProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 250);
  // The option the user picked last, so its label survives a new search that no longer lists it.
  const [picked, setPicked] = useState<Option | null>(null);

  const knownLabel = selectedLabel || (picked && picked.value === value ? picked.label : null);
  const resolved = useQuery({
    queryKey: [...queryKey, 'resolve', value],
    queryFn: ({ signal }) => (value && resolve ? resolve(value, signal) : null),
    enabled: Boolean(value && resolve && !knownLabel),
    staleTime: 5 * 60_000,
  });

  const current: Option | null = useMemo(() => {
    if (!value) return null;
    if (knownLabel) return { value, label: knownLabel };
    return resolved.data ?? null;
  }, [value, knownLabel, resolved.data]);

  // When the input shows the selected label, the user has not typed a search yet.
  const term = current && debounced === current.label ? '' : debounced;
  const options = useQuery({
    queryKey: [...queryKey, 'search', term],
    queryFn: ({ signal }) => search(term, signal),
    enabled: opened,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

  const data = useMemo(() => {
    const list: Option[] = [];
    const seen = new Set<string>();
    for (const option of [...(current ? [current] : []), ...(options.data ?? [])]) {
      if (seen.has(option.value)) continue;
      seen.add(option.value);
      list.push(option);
    }
    return list;
  }, [current, options.data]);

  return (
    <Select
      {...rest}
      searchable
      value={value}
      data={data}
      filter={passAll}
      onSearchChange={setText}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      onChange={(next) => {
        const option = next ? (data.find((o) => o.value === next) ?? null) : null;
        setPicked(option);
        onChange(next, option);
      }}
      nothingFoundMessage={options.isFetching ? t('common.loading') : t('pickers.nothingFound')}
      rightSection={options.isFetching || resolved.isFetching ? <Loader size={14} /> : undefined}
    />
  );
}
