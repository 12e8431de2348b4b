import { Button, Group, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CONTACT_SORTS, type ContactListParams, type ContactSort } from '../../api/contacts.js';
import { SENIORITIES, type SortOrder } from '../../api/types.js';
import { OwnerSelect } from '../../components/OwnerSelect.js';
import { SearchInput } from '../../components/SearchInput.js';
import { SortControls } from '../../components/SortControls.js';

interface Props {
  params: ContactListParams;
  filtered: boolean;
  update: (patch: Partial<Record<'q' | 'ownerId' | 'seniority' | 'sort' | 'order', string | null>>) => void;
}

export function ContactsFilters({ params, filtered, update }: Props) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
      <SearchInput
        value={params.q ?? ''}
        onChange={(q) => update({ q })}
        placeholder={t('contacts.searchPlaceholder')}
        testId="contacts-search"
      />
      <OwnerSelect
        label={t('fields.owner')}
        placeholder={t('pickers.anyOwner')}
        value={params.ownerId ?? null}
        onChange={(ownerId) => update({ ownerId })}
        w={200}
        data-testid="contacts-owner-filter"
      />
      <Select
        label={t('fields.seniority')}
        placeholder={t('pickers.anySeniority')}
        clearable
        data={SENIORITIES.map((s) => ({ value: s, label: t(`seniority.${s}`) }))}
        value={params.seniority ?? null}
        onChange={(seniority) => update({ seniority })}
        w={170}
        data-testid="contacts-seniority-filter"
      />
      <SortControls<ContactSort>
        sort={params.sort ?? 'createdAt'}
        order={params.order ?? 'desc'}
        options={CONTACT_SORTS.map((s) => ({ value: s, label: t(`contacts.sort.${s}`) }))}
        onChange={(sort: ContactSort, order: SortOrder) => update({ sort, order })}
      />
      {filtered && (
        <Button variant="subtle" onClick={() => update({ q: null, ownerId: null, seniority: null })}>
          {t('common.clearFilters')}
        </Button>
      )}
    </Group>
  );
}
