import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One figure of the dashboard: a label, the value (with a test id), an optional badge and a note below. */
export function Stat({
  label,
  value,
  testId,
  badge,
  note,
}: {
  label: string;
  value: ReactNode;
  testId: string;
  badge?: ReactNode;
  note?: ReactNode;
}) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Group gap="xs" align="center" wrap="wrap">
        <Text fz="xl" fw={600} data-testid={testId}>
          {value}
        </Text>
        {badge}
      </Group>
      {note && (
        <Text size="xs" c="dimmed" component="div">
          {note}
        </Text>
      )}
    </Stack>
  );
}
