import { Badge, Button, Collapse, Drawer, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_SORTS, type ContactListParams, type ContactSort } from '../../api/contacts.js';
import type { SortOrder } from '../../api/types.js';
import { SearchInput } from '../../components/SearchInput.js';
import { SortControls } from '../../components/SortControls.js';
import { useBelowBreakpoint } from '../../components/useBelowBreakpoint.js';
import { useFormat } from '../../i18n/useFormat.js';
import { CLEAR_FILTERS, ContactsFilters } from './ContactsFilters.js';
import { activeFilterCount } from './filterCount.js';
import type { ContactFilterKey } from './useContactFilters.js';

interface Props {
  params: ContactListParams;
  filtered: boolean;
  update: (patch: Partial<Record<ContactFilterKey, string | null>>) => void;
  /** How many leads the filters leave, when the whole list is loaded (the drawer's button says it). */
  resultCount?: number | undefined;
}

/** Wide enough for the filters to open beside the list without pushing it off the first screen. */
const WIDE = '(min-width: 62em)';

/**
 * The search and the sort, always in view, and the other filters behind a "Filters" button that counts the
 * ones set. The panel opens by itself only on a wide screen with a filter set (a shared link, the back
 * button), so that what narrows the list is seen; otherwise the list comes first. The filters stay in the URL.
 * On a phone the filters open in a drawer from the bottom instead, over the list, one under the other, with
 * "Clear filters" and a button back to the results at the bottom within reach of the thumb; each filter still
 * applies as it is picked.
 */
export function ContactsFilterPanel({ params, filtered, update, resultCount }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const phone = useBelowBreakpoint('sm');
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
          aria-haspopup={phone ? 'dialog' : undefined}
          aria-controls={phone ? undefined : 'contacts-filter-panel'}
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
      {phone ? (
        <Drawer.Root opened={opened} onClose={() => setOpened(false)} position="bottom" size="90%">
          <Drawer.Overlay />
          <Drawer.Content radius="md" data-testid="contacts-filter-drawer-content">
            {/* The filters scroll between a fixed title and fixed buttons, the buttons within reach of the thumb. */}
            <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
              <Drawer.Header>
                <Drawer.Title fw={600}>{t('contacts.filters')}</Drawer.Title>
                <Drawer.CloseButton aria-label={t('common.close')} />
              </Drawer.Header>
              <Drawer.Body style={{ flex: '1 1 auto', overflowY: 'auto' }}>
                <ContactsFilters params={params} filtered={filtered} update={update} stacked />
              </Drawer.Body>
              <Group
                justify="space-between"
                wrap="nowrap"
                gap="sm"
                p="md"
                style={{ flex: 'none', borderTop: '1px solid var(--mantine-color-default-border)' }}
              >
                <Button
                  variant="subtle"
                  disabled={!filtered}
                  onClick={() => update(CLEAR_FILTERS)}
                  data-testid="contacts-clear-filters"
                >
                  {t('common.clearFilters')}
                </Button>
                <Button onClick={() => setOpened(false)} data-testid="contacts-filters-done">
                  {resultCount === undefined
                    ? t('contacts.showResults')
                    : t('contacts.showCount', { count: resultCount, formatted: format.number(resultCount) })}
                </Button>
              </Group>
            </div>
          </Drawer.Content>
        </Drawer.Root>
      ) : (
        <Collapse expanded={opened} id="contacts-filter-panel" data-testid="contacts-filter-panel">
          <ContactsFilters params={params} filtered={filtered} update={update} />
        </Collapse>
      )}
    </Stack>
  );
}
