import { Badge, Button, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { useTeams } from '../../api/teams.js';
import type { User } from '../../api/types.js';
import { DateText, Empty, LtrText } from '../../components/Formatted.js';

export function UsersTable({
  users,
  onEdit,
  dimmed,
}: {
  users: User[];
  onEdit: (user: User) => void;
  dimmed: boolean;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const teams = useTeams();
  const teamName = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="sm" style={{ opacity: dimmed ? 0.6 : 1 }} data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.users.columns.name')}</Table.Th>
            <Table.Th>{t('admin.users.columns.email')}</Table.Th>
            <Table.Th>{t('admin.users.columns.role')}</Table.Th>
            <Table.Th>{t('admin.users.columns.team')}</Table.Th>
            <Table.Th>{t('admin.users.columns.status')}</Table.Th>
            <Table.Th>{t('admin.users.columns.createdAt')}</Table.Th>
            <Table.Th aria-label={t('common.actions')} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id} data-testid="user-row">
              <Table.Td>
                <bdi>{user.name}</bdi>
                {user.id === me.id && (
                  <Badge size="xs" variant="outline" ms="xs">
                    {t('common.you')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <LtrText value={user.email} />
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={user.role === 'admin' ? 'grape' : 'indigo'}>
                  {t(`roles.${user.role}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {user.teamId ? <bdi>{teamName.get(user.teamId) ?? t('common.none')}</bdi> : <Empty />}
              </Table.Td>
              <Table.Td>
                <Badge variant="dot" color={user.status === 'active' ? 'teal' : 'gray'}>
                  {t(`userStatus.${user.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <DateText value={user.createdAt} />
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" onClick={() => onEdit(user)} data-testid="user-edit">
                  {t('common.edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
