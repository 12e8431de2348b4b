import { Group, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SortOrder } from '../api/types.js';

interface Props<S extends string> {
  sort: S;
  order: SortOrder;
  options: { value: S; label: string }[];
  onChange: (sort: S, order: SortOrder) => void;
}

export function SortControls<S extends string>({ sort, order, options, onChange }: Props<S>) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        label={t('common.sortBy')}
        data={options}
        value={sort}
        allowDeselect={false}
        onChange={(value) => value && onChange(value as S, order)}
        w={170}
        data-testid="sort-field"
      />
      <Select
        label={t('common.order')}
        data={[
          { value: 'asc', label: t('common.asc') },
          { value: 'desc', label: t('common.desc') },
        ]}
        value={order}
        allowDeselect={false}
        onChange={(value) => value && onChange(sort, value as SortOrder)}
        w={140}
        data-testid="sort-order"
      />
    </Group>
  );
}
