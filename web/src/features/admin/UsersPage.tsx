import { Button, Group, Paper, Select } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, USER_STATUSES, type Role, type User, type UserStatus } from '../../api/types.js';
import { useUserList, type UserListParams } from '../../api/users.js';
import { LoadMore } from '../../components/LoadMore.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { SearchInput } from '../../components/SearchInput.js';
import { useUrlParams } from '../../components/urlState.js';
import { UserCreateModal } from './UserCreateModal.js';
import { UserEditModal } from './UserEditModal.js';
import { UsersTable } from './UsersTable.js';

const KEYS = ['q', 'role', 'status'] as const;

export function UsersPage() {
  const { t } = useTranslation();
  const [raw, update] = useUrlParams(KEYS);
  const params = useMemo(() => {
    const result: UserListParams = {};
    if (raw.q) result.q = raw.q;
    if ((ROLES as readonly string[]).includes(raw.role ?? '')) result.role = raw.role as Role;
    if ((USER_STATUSES as readonly string[]).includes(raw.status ?? '')) result.status = raw.status as UserStatus;
    return result;
  }, [raw]);
  const list = useUserList(params);
  const users = list.data?.pages.flatMap((page) => page.items) ?? [];
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);

  return (
    <>
      <PageHeader
        title={t('admin.users.title')}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="user-new">
            {t('admin.users.new')}
          </Button>
        }
      />
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        <SearchInput
          value={params.q ?? ''}
          onChange={(q) => update({ q })}
          placeholder={t('admin.users.searchPlaceholder')}
          testId="users-search"
        />
        <Select
          label={t('admin.users.roleFilter')}
          placeholder={t('admin.users.anyRole')}
          clearable
          data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          value={params.role ?? null}
          onChange={(role) => update({ role })}
          w={180}
        />
        <Select
          label={t('admin.users.statusFilter')}
          placeholder={t('admin.users.anyStatus')}
          clearable
          data={USER_STATUSES.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))}
          value={params.status ?? null}
          onChange={(status) => update({ status })}
          w={160}
        />
      </Group>
      <Paper withBorder radius="md" p="xs">
        {list.isPending ? (
          <LoadingBlock />
        ) : list.isError ? (
          <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
        ) : users.length === 0 ? (
          <EmptyBlock title={t('admin.users.empty')} />
        ) : (
          <>
            <UsersTable users={users} onEdit={setEditing} dimmed={list.isPlaceholderData} />
            <LoadMore
              shown={users.length}
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
            />
          </>
        )}
      </Paper>
      <UserCreateModal opened={creating} onClose={() => setCreating(false)} />
      {editing && <UserEditModal key={editing.id} user={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
