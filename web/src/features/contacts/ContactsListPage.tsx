import { ActionIcon, Box, Button, Group, Menu, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { canAssignOwners, contactExportUrl, useContactList } from '../../api/contacts.js';
import { LoadMore } from '../../components/LoadMore.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useBelowBreakpoint } from '../../components/useBelowBreakpoint.js';
import { BulkActionBar } from './BulkActionBar.js';
import { ContactViews } from './ContactViews.js';
import { ContactsFilterPanel } from './ContactsFilterPanel.js';
import { ContactsTable } from './ContactsTable.js';
import { useContactFilters } from './useContactFilters.js';
import { useRowSelection } from './useRowSelection.js';

export function ContactsListPage() {
  const { t } = useTranslation();
  const { params, update, filtered, viewId } = useContactFilters();
  const list = useContactList(params);
  const contacts = list.data?.pages.flatMap((page) => page.items) ?? [];
  // Ticks for bulk actions, for those who may reassign leads; another filter or sort starts over.
  const bulk = canAssignOwners(useCurrentUser().role);
  const selection = useRowSelection(contacts, JSON.stringify(params));
  const phone = useBelowBreakpoint('sm');

  // On a phone the export, desk work, waits in a menu, and the actions take their own row under the title.
  const actions = phone ? (
    <Group gap="xs" wrap="nowrap" w="100%" data-testid="contacts-actions">
      {/* A long view name gives way to the other actions, cut short, rather than push them off the screen. */}
      <Box style={{ minWidth: 0, flex: '0 1 auto' }}>
        <ContactViews params={params} viewId={viewId} update={update} maw="100%" />
      </Box>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="default"
            size="input-sm"
            aria-label={t('contacts.moreActions')}
            title={t('contacts.moreActions')}
            data-testid="contacts-more-actions"
          >
            <span aria-hidden="true">⋯</span>
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            component="a"
            href={contactExportUrl(params)}
            download
            title={t('contacts.exportCsvHint')}
            data-testid="contacts-export"
          >
            {t('contacts.exportCsv')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Button component={Link} to="/contacts/new" ms="auto" style={{ flexShrink: 0 }} data-testid="contact-new">
        {t('contacts.new')}
      </Button>
    </Group>
  ) : (
    <Group gap="xs" data-testid="contacts-actions">
      <ContactViews params={params} viewId={viewId} update={update} />
      <Button
        component="a"
        href={contactExportUrl(params)}
        download
        variant="default"
        title={t('contacts.exportCsvHint')}
        data-testid="contacts-export"
      >
        {t('contacts.exportCsv')}
      </Button>
      <Button component={Link} to="/contacts/new" data-testid="contact-new">
        {t('contacts.new')}
      </Button>
    </Group>
  );

  return (
    <>
      <PageHeader title={t('contacts.title')} actions={actions} titleTestId="contacts-title" />
      <ContactsFilterPanel
        params={params}
        filtered={filtered}
        update={update}
        resultCount={list.isSuccess && !list.hasNextPage && !list.isPlaceholderData ? contacts.length : undefined}
      />
      <Paper withBorder radius="md" p="xs">
        {list.isPending ? (
          <LoadingBlock />
        ) : list.isError ? (
          <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
        ) : contacts.length === 0 ? (
          filtered ? (
            <EmptyBlock title={t('common.noResults')} />
          ) : (
            <EmptyBlock
              title={t('contacts.empty')}
              hint={t('contacts.emptyHint')}
              action={
                <Button component={Link} to="/contacts/new" variant="light">
                  {t('contacts.new')}
                </Button>
              }
            />
          )
        ) : (
          <>
            {bulk && <BulkActionBar selection={selection} />}
            <ContactsTable
              contacts={contacts}
              dimmed={list.isPlaceholderData}
              selection={bulk ? selection : undefined}
            />
            <LoadMore
              shown={contacts.length}
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
              testId="contacts-load-more"
            />
          </>
        )}
      </Paper>
    </>
  );
}
