import { Button, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAccountList } from '../../api/accounts.js';
import { LoadMore } from '../../components/LoadMore.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { AccountsFilters } from './AccountsFilters.js';
import { AccountsTable } from './AccountsTable.js';
import { useAccountFilters } from './useAccountFilters.js';

export function AccountsListPage() {
  const { t } = useTranslation();
  const { params, update, filtered } = useAccountFilters();
  const list = useAccountList(params);
  const accounts = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title={t('accounts.title')}
        actions={
          <Button component={Link} to="/accounts/new" data-testid="account-new">
            {t('accounts.new')}
          </Button>
        }
      />
      <AccountsFilters params={params} filtered={filtered} update={update} />
      <Paper withBorder radius="md" p="xs">
        {list.isPending ? (
          <LoadingBlock />
        ) : list.isError ? (
          <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
        ) : accounts.length === 0 ? (
          filtered ? (
            <EmptyBlock title={t('common.noResults')} />
          ) : (
            <EmptyBlock
              title={t('accounts.empty')}
              hint={t('accounts.emptyHint')}
              action={
                <Button component={Link} to="/accounts/new" variant="light">
                  {t('accounts.new')}
                </Button>
              }
            />
          )
        ) : (
          <>
            <AccountsTable accounts={accounts} dimmed={list.isPlaceholderData} />
            <LoadMore
              shown={accounts.length}
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
              testId="accounts-load-more"
            />
          </>
        )}
      </Paper>
    </>
  );
}
