import { Button, Code, CopyButton, Group } from '@mantine/core';
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

/** Code to paste elsewhere (an HTML snippet), selectable at a click, with its Copy button beside it. */
export function CopyableCode({ value, testId, copyTestId }: { value: string; testId: string; copyTestId: string }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Code
        block
        dir="ltr"
        style={{ flex: 1, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', userSelect: 'all' }}
        data-testid={testId}
      >
        {value}
      </Code>
      <CopyAction value={value} testId={copyTestId} />
    </Group>
  );
}
