import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentUser, useLogout } from '../api/auth.js';
import { notifyError } from '../components/notify.js';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

export function UserMenu() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  // The route guard notices the ended session and shows the sign-in page.
  const logout = useLogout();

  const signOut = () => {
    logout.mutate(undefined, { onError: () => notifyError(t('userMenu.signOutFailed')) });
  };

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" aria-label={t('userMenu.open')} px={6} py={4}>
          <Group gap="xs" wrap="nowrap">
            <Avatar radius="xl" size="sm" color="indigo">
              {initials(user.name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" maw={160} truncate="end">
              <bdi>{user.name}</bdi>
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate="end" data-testid="user-menu-name">
            <bdi>{user.name}</bdi>
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            <bdi dir="ltr">{user.email}</bdi>
          </Text>
          <Badge size="xs" variant="light" mt={6} data-testid="user-menu-role">
            {t(`roles.${user.role}`)}
          </Badge>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item onClick={() => void navigate('/settings/tokens')} data-testid="user-menu-tokens">
          {t('userMenu.tokens')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={signOut} disabled={logout.isPending} data-testid="sign-out">
          {t('userMenu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
