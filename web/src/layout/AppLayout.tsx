import { AppShell, Burger, Group, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useCurrentUser } from '../api/auth.js';
import { normalizeLocale } from '../i18n/format.js';
import { readStoredLocale } from '../i18n/index.js';
import { useLocale } from '../i18n/useLocale.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NavLinks } from './NavLinks.js';
import { NotificationsBell } from './NotificationsBell.js';
import { UserMenu } from './UserMenu.js';

/** Until the user picks a language on this device, the language of their profile applies. */
function useProfileLocale() {
  const user = useCurrentUser();
  const { locale, setLocale } = useLocale();
  // Applied once per signed-in user, not again after every language switch.
  const applied = useRef<string | null>(null);
  useEffect(() => {
    if (applied.current === user.id) return;
    applied.current = user.id;
    if (readStoredLocale()) return;
    const profile = normalizeLocale(user.locale);
    if (profile && profile !== locale) setLocale(profile, false);
  }, [user.id, user.locale, locale, setLocale]);
}

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  useProfileLocale();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Title order={3} size="h4">
              <Link to="/contacts" style={{ color: 'inherit', textDecoration: 'none' }} data-testid="app-name">
                {t('app.name')}
              </Link>
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationsBell />
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <NavLinks onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
