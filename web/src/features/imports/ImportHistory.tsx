import { Anchor, Badge, Button, Group, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isRemovableImport,
  rejectionsUrl,
  useImportList,
  useRemoveImport,
  type Import,
  type ImportStatus,
} from '../../api/imports.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
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

/**
 * Past and running imports, newest first; a row opens its result (or continues an unfinished upload). An
 * import that never ran for real (an upload, or only dry runs) can be removed, after a confirmation.
 */
export function ImportHistory({
  onOpen,
  onRemoved,
  activeId,
}: {
  onOpen: (id: string) => void;
  onRemoved: (id: string) => void;
  activeId: string | null;
}) {
  const { t } = useTranslation();
  const list = useImportList();
  const remove = useRemoveImport();
  const [removing, setRemoving] = useState<Import | null>(null);
  const closeRemove = () => {
    setRemoving(null);
    remove.reset();
  };
  return (
    <Paper withBorder radius="md" p="xs" data-testid="import-history">
      <Title order={4} p="xs">
        {t('imports.history.title')}
      </Title>
      <PagedTable
        list={list}
        minWidth={840}
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
          <VisuallyHidden key="actions">{t('imports.history.actions')}</VisuallyHidden>,
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
            <Table.Td>
              {isRemovableImport(item) && (
                <Button
                  variant="subtle"
                  color="red"
                  size="compact-sm"
                  onClick={(event) => {
                    event.stopPropagation();
                    setRemoving(item);
                  }}
                  onKeyDown={(event) => event.stopPropagation()}
                  data-testid="import-history-remove"
                >
                  {t('imports.history.remove')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
      <ConfirmModal
        opened={removing !== null}
        title={t('imports.history.removeTitle')}
        message={removing ? t('imports.history.removeMessage', { file: removing.fileName }) : ''}
        confirmLabel={t('imports.history.removeConfirm')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (!removing) return;
          const id = removing.id;
          remove.mutate(id, {
            onSuccess: () => {
              closeRemove();
              onRemoved(id);
            },
          });
        }}
        onClose={closeRemove}
      />
    </Paper>
  );
}
