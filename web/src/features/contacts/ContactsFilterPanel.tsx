import { Badge, Button, Collapse, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_SORTS, type ContactListParams, type ContactSort } from '../../api/contacts.js';
import type { SortOrder } from '../../api/types.js';
import { SearchInput } from '../../components/SearchInput.js';
import { SortControls } from '../../components/SortControls.js';
import { useFormat } from '../../i18n/useFormat.js';
import { ContactsFilters } from './ContactsFilters.js';
import { activeFilterCount } from './filterCount.js';
import type { ContactFilterKey } from './useContactFilters.js';

interface Props {
  params: ContactListParams;
  filtered: boolean;
  update: (patch: Partial<Record<ContactFilterKey, string | null>>) => void;
}

/** Wide enough for the filters to open beside the list without pushing it off the first screen. */
const WIDE = '(min-width: 62em)';

/**
 * The search and the sort, always in view, and the other filters behind a "Filters" button that counts the
 * ones set. The panel opens by itself only on a wide screen with a filter set (a shared link, the back
 * button), so that what narrows the list is seen; otherwise the list comes first. The filters stay in the URL.
 */
export function ContactsFilterPanel({ params, filtered, update }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const active = activeFilterCount(params);
  const [opened, setOpened] = useState(
    () => active > 0 && typeof window !== 'undefined' && window.matchMedia(WIDE).matches,
  );
  return (
    <Stack gap="sm" mb="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput
          value={params.q ?? ''}
          onChange={(q) => update({ q })}
          placeholder={t('contacts.searchPlaceholder')}
          testId="contacts-search"
        />
        <Button
          variant={opened ? 'light' : 'default'}
          onClick={() => setOpened((o) => !o)}
          aria-expanded={opened}
          aria-controls="contacts-filter-panel"
          rightSection={
            active > 0 ? (
              <Badge size="sm" circle data-testid="contacts-filters-count" data-value={active}>
                {format.number(active)}
              </Badge>
            ) : undefined
          }
          data-testid="contacts-filters-toggle"
        >
          {t('contacts.filters')}
        </Button>
        <SortControls<ContactSort>
          sort={params.sort ?? 'createdAt'}
          order={params.order ?? 'desc'}
          options={CONTACT_SORTS.map((s) => ({ value: s, label: t(`contacts.sort.${s}`) }))}
          onChange={(sort: ContactSort, order: SortOrder) => update({ sort, order })}
        />
      </Group>
      <Collapse expanded={opened} id="contacts-filter-panel" data-testid="contacts-filter-panel">
        <ContactsFilters params={params} filtered={filtered} update={update} />
      </Collapse>
    </Stack>
  );
}
