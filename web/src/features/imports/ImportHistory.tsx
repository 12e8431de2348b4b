import { Anchor, Badge, Group, Paper, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { rejectionsUrl, useImportList, type ImportStatus } from '../../api/imports.js';
import { DateText, NumberText, UserText } from '../../components/Formatted.js';
import { LoadMore } from '../../components/LoadMore.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';

const STATUS_COLORS: Record<ImportStatus, string> = {
  uploaded: 'gray',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
  interrupted: 'orange',
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="import-status" data-status={status}>
      {t(`imports.status.${status}`)}
    </Badge>
  );
}

/** Past and running imports, newest first; a row opens its result (or continues an unfinished upload). */
export function ImportHistory({ onOpen, activeId }: { onOpen: (id: string) => void; activeId: string | null }) {
  const { t } = useTranslation();
  const list = useImportList();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Paper withBorder radius="md" p="xs" data-testid="import-history">
      <Title order={4} p="xs">
        {t('imports.history.title')}
      </Title>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyBlock title={t('imports.history.empty')} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.history.file')}</Table.Th>
                  <Table.Th>{t('imports.history.status')}</Table.Th>
                  <Table.Th>{t('imports.counts.created')}</Table.Th>
                  <Table.Th>{t('imports.counts.updated')}</Table.Th>
                  <Table.Th>{t('imports.counts.skipped')}</Table.Th>
                  <Table.Th>{t('imports.counts.rejected')}</Table.Th>
                  <Table.Th>{t('imports.history.by')}</Table.Th>
                  <Table.Th>{t('imports.history.at')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr
                    key={item.id}
                    data-testid="import-history-row"
                    data-clickable="true"
                    aria-current={item.id === activeId ? 'true' : undefined}
                    tabIndex={0}
                    onClick={() => onOpen(item.id)}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter' && event.target === event.currentTarget) onOpen(item.id);
                    }}
                  >
                    <Table.Td>
                      <bdi>{item.fileName}</bdi>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <ImportStatusBadge status={item.status} />
                        {item.dryRun && item.status !== 'uploaded' && (
                          <Badge variant="outline" color="grape" size="sm">
                            {t('imports.dryRunBadge')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <NumberText value={item.progress.created} />
                    </Table.Td>
                    <Table.Td>
                      <NumberText value={item.progress.updated} />
                    </Table.Td>
                    <Table.Td>
                      <NumberText value={item.progress.skipped} />
                    </Table.Td>
                    <Table.Td>
                      {item.progress.rejected > 0 ? (
                        <Anchor
                          href={rejectionsUrl(item.id)}
                          download
                          onClick={(event) => event.stopPropagation()}
                          data-testid="import-history-report"
                        >
                          <NumberText value={item.progress.rejected} />
                        </Anchor>
                      ) : (
                        <NumberText value={0} />
                      )}
                    </Table.Td>
                    <Table.Td>
                      {item.createdBy ? (
                        <UserText value={item.createdBy.name} />
                      ) : (
                        t(`imports.history.actor.${item.actorKind === 'cli' ? 'cli' : 'unknown'}`)
                      )}
                    </Table.Td>
                    <Table.Td>
                      <DateText value={item.createdAt} withTime />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
            testId="import-history-more"
          />
        </>
      )}
    </Paper>
  );
}
