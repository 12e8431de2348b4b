import { Anchor, Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { rejectionsUrl, useImportList, type Import, type ImportStatus } from '../../api/imports.js';
import { DateText, NumberText, UserText } from '../../components/Formatted.js';
import { PagedTable } from '../../components/PagedTable.js';
import { EmptyBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';

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

/** Created or updated contacts; a dry run wrote nothing, so its counts say what an import would do. */
function WrittenCount({ item, what }: { item: Import; what: 'created' | 'updated' }) {
  const { t } = useTranslation();
  const format = useFormat();
  const value = item.progress[what];
  if (!item.dryRun) return <NumberText value={value} />;
  return (
    <Text span size="sm" c="dimmed" data-testid={`import-history-would-${what}`} data-value={value}>
      {t(what === 'created' ? 'imports.history.wouldCreate' : 'imports.history.wouldUpdate', {
        n: format.number(value),
      })}
    </Text>
  );
}

/** Past and running imports, newest first; a row opens its result (or continues an unfinished upload). */
export function ImportHistory({ onOpen, activeId }: { onOpen: (id: string) => void; activeId: string | null }) {
  const { t } = useTranslation();
  const list = useImportList();
  return (
    <Paper withBorder radius="md" p="xs" data-testid="import-history">
      <Title order={4} p="xs">
        {t('imports.history.title')}
      </Title>
      <PagedTable
        list={list}
        minWidth={760}
        tableProps={{ highlightOnHover: true }}
        columns={[
          t('imports.history.file'),
          t('imports.history.status'),
          t('imports.counts.created'),
          t('imports.counts.updated'),
          t('imports.counts.skipped'),
          t('imports.counts.rejected'),
          t('imports.history.by'),
          t('imports.history.at'),
        ]}
        empty={<EmptyBlock title={t('imports.history.empty')} />}
        loadMoreTestId="import-history-more"
        row={(item) => (
          <Table.Tr
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
              <WrittenCount item={item} what="created" />
            </Table.Td>
            <Table.Td>
              <WrittenCount item={item} what="updated" />
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
        )}
      />
    </Paper>
  );
}
