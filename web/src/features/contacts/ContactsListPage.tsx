import { Button, Group, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { canAssignOwners, contactExportUrl, useContactList } from '../../api/contacts.js';
import { LoadMore } from '../../components/LoadMore.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
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

  const actions = (
    <Group gap="xs">
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
      <PageHeader title={t('contacts.title')} actions={actions} />
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
