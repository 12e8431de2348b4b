import { Button, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevokeToken, useTokens } from '../../api/tokens.js';
import type { ApiToken } from '../../api/types.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { LoadMore } from '../../components/LoadMore.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { TokenCreateModal } from './TokenCreateModal.js';
import { TokensTable } from './TokensTable.js';

export function TokensPage() {
  const { t } = useTranslation();
  const list = useTokens();
  const revoke = useRevokeToken();
  const tokens = list.data?.pages.flatMap((page) => page.items) ?? [];
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const closeRevoke = () => {
    setRevoking(null);
    revoke.reset();
  };

  return (
    <>
      <PageHeader
        title={t('tokens.title')}
        subtitle={<Text size="sm">{t('tokens.intro')}</Text>}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="token-new">
            {t('tokens.new')}
          </Button>
        }
      />
      <Paper withBorder radius="md" p="xs" maw={1100}>
        {list.isPending ? (
          <LoadingBlock />
        ) : list.isError ? (
          <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
        ) : tokens.length === 0 ? (
          <EmptyBlock title={t('tokens.empty')} />
        ) : (
          <>
            <TokensTable tokens={tokens} onRevoke={setRevoking} />
            {list.hasNextPage && (
              <LoadMore
                shown={tokens.length}
                hasNextPage={list.hasNextPage}
                isFetchingNextPage={list.isFetchingNextPage}
                fetchNextPage={list.fetchNextPage}
              />
            )}
          </>
        )}
      </Paper>
      {creating && <TokenCreateModal onClose={() => setCreating(false)} />}
      <ConfirmModal
        opened={revoking !== null}
        title={t('tokens.revokeTitle')}
        message={t('tokens.revokeBody', { name: revoking?.name ?? '' })}
        confirmLabel={t('tokens.revoke')}
        loading={revoke.isPending}
        error={revoke.error}
        onClose={closeRevoke}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifySuccess(t('tokens.revoked'));
              closeRevoke();
            },
          })
        }
      />
    </>
  );
}
