import { Button, Center, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat.js';

interface Props {
  shown: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  testId?: string;
}

/** Cursor pagination: how many rows are shown, and a button for the next page while there is one. */
export function LoadMore({ shown, hasNextPage, isFetchingNextPage, fetchNextPage, testId = 'load-more' }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const count = format.number(shown);
  return (
    <Center mt="md" style={{ flexDirection: 'column', gap: 8 }}>
      {hasNextPage ? (
        <Button
          variant="default"
          loading={isFetchingNextPage}
          onClick={() => void fetchNextPage()}
          data-testid={testId}
        >
          {t('common.loadMore')}
        </Button>
      ) : null}
      <Text size="xs" c="dimmed" aria-live="polite">
        {hasNextPage ? t('common.shown', { shown: count }) : t('common.allShown', { shown: count })}
      </Text>
    </Center>
  );
}
