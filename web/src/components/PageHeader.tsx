import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface Props {
  title: ReactNode;
  /** The browser tab's title; defaults to `title` when that is plain text. */
  documentTitle?: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  back?: { to: string; label: string };
  titleTestId?: string;
}

export function PageHeader({ title, documentTitle, subtitle, actions, back, titleTestId }: Props) {
  const { t } = useTranslation();
  const tabTitle = documentTitle ?? (typeof title === 'string' ? title : null);
  const appName = t('app.name');
  useEffect(() => {
    document.title = tabTitle ? `${tabTitle} · ${appName}` : appName;
  }, [tabTitle, appName]);
  return (
    <Stack gap={4} mb="lg">
      {back && (
        <Anchor component={Link} to={back.to} size="sm" c="dimmed">
          {back.label}
        </Anchor>
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 auto' }}>
          <Title order={2} data-testid={titleTestId} style={{ overflowWrap: 'anywhere' }}>
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" component="div">
              {subtitle}
            </Text>
          )}
        </Stack>
        {/* Never wider than the page: on a phone the actions wrap, or give way, instead of running off the edge. */}
        {actions && (
          <Group gap="sm" maw="100%">
            {actions}
          </Group>
        )}
      </Group>
    </Stack>
  );
}
