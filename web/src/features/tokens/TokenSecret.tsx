import { Alert, Button, Code, CopyButton, Group, Stack, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The token's secret, shown once right after creation. */
export function TokenSecret({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="yellow" role="alert">
        {t('tokens.onceWarning')}
      </Alert>
      <Group gap="xs" wrap="nowrap" align="stretch">
        <Code
          block
          dir="ltr"
          style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', userSelect: 'all' }}
          data-testid="token-secret"
        >
          {token}
        </Code>
        <CopyButton value={token} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
              <Button
                variant={copied ? 'filled' : 'light'}
                color={copied ? 'teal' : 'indigo'}
                onClick={copy}
                data-testid="token-copy"
              >
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button onClick={onDone} data-testid="token-done">
          {t('tokens.done')}
        </Button>
      </Group>
    </Stack>
  );
}
