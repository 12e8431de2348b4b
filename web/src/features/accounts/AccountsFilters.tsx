import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_SORTS, type AccountListParams, type AccountSort } from '../../api/accounts.js';
import type { SortOrder } from '../../api/types.js';
import { SearchInput } from '../../components/SearchInput.js';
import { SortControls } from '../../components/SortControls.js';
import { CountrySelect } from './CountrySelect.js';

type Key = 'q' | 'industry' | 'country' | 'sort' | 'order';

interface Props {
  params: AccountListParams;
  filtered: boolean;
  update: (patch: Partial<Record<Key, string | null>>) => void;
}

export function AccountsFilters({ params, filtered, update }: Props) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
      <SearchInput
        value={params.q ?? ''}
        onChange={(q) => update({ q })}
        placeholder={t('accounts.searchPlaceholder')}
        testId="accounts-search"
      />
      <div style={{ width: 170 }}>
        <SearchInput
          label={t('accounts.industryFilter')}
          value={params.industry ?? ''}
          onChange={(industry) => update({ industry })}
          placeholder={t('accounts.anyIndustry')}
          testId="accounts-industry-filter"
        />
      </div>
      <CountrySelect
        label={t('accounts.countryFilter')}
        placeholder={t('accounts.anyCountry')}
        value={params.country ?? null}
        onChange={(country) => update({ country })}
        w={190}
        data-testid="accounts-country-filter"
      />
      <SortControls<AccountSort>
        sort={params.sort ?? 'name'}
        order={params.order ?? 'asc'}
        options={ACCOUNT_SORTS.map((s) => ({ value: s, label: t(`accounts.sort.${s}`) }))}
        onChange={(sort: AccountSort, order: SortOrder) => update({ sort, order })}
      />
      {filtered && (
        <Button variant="subtle" onClick={() => update({ q: null, industry: null, country: null })}>
          {t('common.clearFilters')}
        </Button>
      )}
    </Group>
  );
}
