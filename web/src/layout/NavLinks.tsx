import { NavLink, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../api/auth.js';

interface Item {
  to: string;
  label: string;
  testId: string;
}

function Section({ title, items, onNavigate }: { title?: string; items: Item[]; onNavigate: () => void }) {
  const { pathname } = useLocation();
  return (
    <Stack gap={2}>
      {title && (
        <Text size="xs" c="dimmed" fw={600} px="sm" mt="md" mb={4}>
          {title}
        </Text>
      )}
      {items.map((item) => {
        const active = pathname === item.to || pathname.startsWith(`${item.to}/`);
        return (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={active}
            aria-current={active ? 'page' : undefined}
            onClick={onNavigate}
            data-testid={item.testId}
          />
        );
      })}
    </Stack>
  );
}

export function NavLinks({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <nav aria-label={t('nav.main')}>
      <Section
        onNavigate={onNavigate}
        items={[
          { to: '/contacts', label: t('nav.contacts'), testId: 'nav-contacts' },
          { to: '/accounts', label: t('nav.accounts'), testId: 'nav-accounts' },
        ]}
      />
      {(user.role === 'admin' || user.role === 'sales_rep' || user.role === 'sales_manager') && (
        <Section
          title={t('nav.salesSection')}
          onNavigate={onNavigate}
          items={[
            { to: '/sales/inbox', label: t('nav.inbox'), testId: 'nav-inbox' },
            { to: '/sla/dashboard', label: t('nav.slaDashboard'), testId: 'nav-sla-dashboard' },
            { to: '/sales/sla', label: t('nav.slaEditor'), testId: 'nav-sla-editor' },
            ...(user.role === 'admin' || user.role === 'sales_manager'
              ? [{ to: '/sales/routing', label: t('nav.routing'), testId: 'nav-routing' }]
              : []),
          ]}
        />
      )}
      {(user.role === 'admin' || user.role === 'marketing') && (
        <Section
          title={t('nav.marketingSection')}
          onNavigate={onNavigate}
          items={[
            { to: '/marketing/icp', label: t('nav.icp'), testId: 'nav-icp' },
            { to: '/marketing/scoring', label: t('nav.scoring'), testId: 'nav-scoring' },
            { to: '/marketing/forms', label: t('nav.forms'), testId: 'nav-forms' },
            { to: '/marketing/tracking', label: t('nav.tracking'), testId: 'nav-tracking' },
            { to: '/imports', label: t('nav.imports'), testId: 'nav-imports' },
            { to: '/marketing/model', label: t('predictive.nav'), testId: 'nav-predictive' },
            // Admins find the SLA dashboard under Sales; marketing has no Sales section.
            ...(user.role === 'marketing'
              ? [{ to: '/sla/dashboard', label: t('nav.slaDashboard'), testId: 'nav-sla-dashboard' }]
              : []),
          ]}
        />
      )}
      {user.role === 'admin' && (
        <Section
          title={t('nav.adminSection')}
          onNavigate={onNavigate}
          items={[
            { to: '/admin/users', label: t('nav.users'), testId: 'nav-users' },
            { to: '/admin/teams', label: t('nav.teams'), testId: 'nav-teams' },
          ]}
        />
      )}
      <Section
        title={t('nav.settingsSection')}
        onNavigate={onNavigate}
        items={[{ to: '/settings/tokens', label: t('nav.tokens'), testId: 'nav-tokens' }]}
      />
    </nav>
  );
}
