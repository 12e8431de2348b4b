import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useContactList } from '../../api/contacts.js';
import type { Account } from '../../api/types.js';
import { LoadMore } from '../../components/LoadMore.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { ContactsTable } from '../contacts/ContactsTable.js';

/** The people who work at an account (GET /api/v1/contacts?accountId=). */
export function AccountContacts({ account }: { account: Account }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useContactList({ accountId: account.id, sort: 'lastName', order: 'asc' });
  const contacts = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Paper withBorder radius="md" p="lg" data-testid="account-contacts">
      <Group justify="space-between" mb="md">
        <div>
          <Title order={4}>{t('accounts.contactsTitle')}</Title>
          <Text size="sm" c="dimmed">
            {t('accounts.contactCount', {
              count: account.contactCount,
              formatted: format.number(account.contactCount),
            })}
          </Text>
        </div>
        <Button
          component={Link}
          to={`/contacts/new?accountId=${encodeURIComponent(account.id)}`}
          variant="light"
          data-testid="account-add-contact"
        >
          {t('accounts.addContact')}
        </Button>
      </Group>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
      ) : contacts.length === 0 ? (
        <EmptyBlock title={t('accounts.noContacts')} />
      ) : (
        <>
          <ContactsTable contacts={contacts} hideAccount />
          {list.hasNextPage && (
            <LoadMore
              shown={contacts.length}
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
            />
          )}
        </>
      )}
    </Paper>
  );
}
