import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

function Message({ title, body }: { title: string; body: string }) {
  const { t } = useTranslation();
  return (
    <Stack align="center" py={64} gap="sm" data-testid="not-found">
      <Title order={2}>{title}</Title>
      <Text c="dimmed" ta="center">
        {body}
      </Text>
      <Button component={Link} to="/contacts" variant="light" mt="sm">
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}

export function NotFoundPage({ body }: { body?: string }) {
  const { t } = useTranslation();
  return <Message title={t('notFound.title')} body={body ?? t('notFound.body')} />;
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return <Message title={t('forbidden.title')} body={t('errors.forbidden')} />;
}
