import { Button, Group, Paper, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTeam, useDeleteTeam, useRenameTeam, useTeams } from '../../api/teams.js';
import type { Team } from '../../api/types.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { DateText, NumberText } from '../../components/Formatted.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { TeamNameModal } from './TeamNameModal.js';

export function TeamsPage() {
  const { t } = useTranslation();
  const teams = useTeams();
  const create = useCreateTeam();
  const rename = useRenameTeam();
  const remove = useDeleteTeam();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Team | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);

  const closeCreate = () => {
    setCreating(false);
    create.reset();
  };
  const closeRename = () => {
    setRenaming(null);
    rename.reset();
  };
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <>
      <PageHeader
        title={t('admin.teams.title')}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="team-new">
            {t('admin.teams.new')}
          </Button>
        }
      />
      <Paper withBorder radius="md" p="xs" maw={900}>
        {teams.isPending ? (
          <LoadingBlock />
        ) : teams.isError ? (
          <ErrorBlock error={teams.error} onRetry={() => void teams.refetch()} />
        ) : teams.data.length === 0 ? (
          <EmptyBlock title={t('admin.teams.empty')} hint={t('admin.teams.emptyHint')} />
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="sm" data-testid="teams-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.teams.columns.name')}</Table.Th>
                  <Table.Th>{t('admin.teams.columns.members')}</Table.Th>
                  <Table.Th>{t('admin.teams.columns.createdAt')}</Table.Th>
                  <Table.Th aria-label={t('common.actions')} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {teams.data.map((team) => (
                  <Table.Tr key={team.id} data-testid="team-row">
                    <Table.Td>
                      <bdi>{team.name}</bdi>
                    </Table.Td>
                    <Table.Td>
                      <NumberText value={team.memberCount} />
                    </Table.Td>
                    <Table.Td>
                      <DateText value={team.createdAt} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setRenaming(team)} data-testid="team-rename">
                          {t('admin.teams.rename')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setDeleting(team)}
                          data-testid="team-delete"
                        >
                          {t('common.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {creating && (
        <TeamNameModal
          title={t('admin.teams.createTitle')}
          initialName=""
          submitLabel={t('common.create')}
          submitting={create.isPending}
          error={create.error}
          onClose={closeCreate}
          onSubmit={(name) =>
            create.mutate(name, {
              onSuccess: () => {
                notifySuccess(t('admin.teams.created'));
                closeCreate();
              },
            })
          }
        />
      )}
      {renaming && (
        <TeamNameModal
          title={t('admin.teams.renameTitle')}
          initialName={renaming.name}
          submitLabel={t('common.save')}
          submitting={rename.isPending}
          error={rename.error}
          onClose={closeRename}
          onSubmit={(name) =>
            rename.mutate(
              { id: renaming.id, name },
              {
                onSuccess: () => {
                  notifySuccess(t('admin.teams.renamed'));
                  closeRename();
                },
              },
            )
          }
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title={t('admin.teams.deleteTitle')}
        message={t('admin.teams.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onClose={closeDelete}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(t('admin.teams.deleted'));
              closeDelete();
            },
          })
        }
      />
    </>
  );
}
