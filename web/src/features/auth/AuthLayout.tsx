import { Center, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../layout/LanguageSwitch.js';

/** The centred card used by sign-in and first-run setup. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const appName = t('app.name');
  useEffect(() => {
    document.title = `${title} · ${appName}`;
  }, [title, appName]);
  return (
    <Container size={440} py={48}>
      <Group justify="flex-end" mb="md">
        <LanguageSwitch />
      </Group>
      <Center mb="lg">
        <Stack gap={0} align="center">
          <Title order={1} c="indigo">
            {t('app.name')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('app.tagline')}
          </Text>
        </Stack>
      </Center>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        <Title order={2} size="h3" mb="lg">
          {title}
        </Title>
        {children}
      </Paper>
    </Container>
  );
}
