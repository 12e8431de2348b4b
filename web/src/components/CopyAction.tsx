import { Button, CopyButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A small "Copy" button that says "Copied" for two seconds. */
export function CopyAction({ value, testId }: { value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Button
          size="xs"
          variant={copied ? 'filled' : 'light'}
          color={copied ? 'teal' : undefined}
          onClick={copy}
          data-testid={testId}
        >
          {copied ? t('common.copied') : t('common.copy')}
        </Button>
      )}
    </CopyButton>
  );
}
