import { Alert, Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Form } from '../../api/forms.js';
import { CopyAction, CopyableCode } from '../../components/CopyAction.js';

/** Where the form lives: the hosted page and the HTML to paste into a website. */
export function FormShare({ form }: { form: Form }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="lg" data-testid="form-share">
      <Title order={4} mb="md">
        {t('forms.share.title')}
      </Title>
      <Stack gap="md">
        {form.status === 'archived' && (
          <Alert color="yellow" data-testid="form-share-archived">
            {t('forms.share.archived')}
          </Alert>
        )}
        <Stack gap={4}>
          <Text fw={500} size="sm">
            {t('forms.share.hosted')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('forms.share.hostedHint')}
          </Text>
          <Group gap="sm" wrap="nowrap" align="center">
            <Anchor
              href={form.urls.hosted}
              target="_blank"
              rel="noopener noreferrer"
              dir="ltr"
              size="sm"
              style={{ overflowWrap: 'anywhere', flex: 1 }}
              data-testid="form-hosted-url"
            >
              {form.urls.hosted}
            </Anchor>
            <CopyAction value={form.urls.hosted} testId="form-hosted-copy" />
          </Group>
        </Stack>
        <Stack gap={4}>
          <Text fw={500} size="sm">
            {t('forms.share.embed')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('forms.share.embedHint')}
          </Text>
          <CopyableCode value={form.embedHtml} testId="form-embed-html" copyTestId="form-embed-copy" />
        </Stack>
      </Stack>
    </Paper>
  );
}
