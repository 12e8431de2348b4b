import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One titled, bordered part of the routing page, with a hint under its title: both come from
 * routingAdmin.<part> in the translations, and its test id is routing-<part>.
 */
export function RoutingSection({
  part,
  children,
}: {
  part: 'rules' | 'members' | 'fairness' | 'preview';
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" data-testid={`routing-${part}`}>
      <Title order={4}>{t(`routingAdmin.${part}.title`)}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t(`routingAdmin.${part}.hint`)}
      </Text>
      {children}
    </Paper>
  );
}
