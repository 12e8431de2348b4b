import { ActionIcon, Button, type ActionIconProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The red "×" that removes one row of an editable list. */
export function RemoveItemButton({
  onClick,
  mt,
  'aria-label': ariaLabel,
  'data-testid': testId,
}: {
  onClick: () => void;
  mt?: ActionIconProps['mt'];
  /** Defaults to the common "Delete". */
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  return (
    <ActionIcon
      variant="subtle"
      color="red"
      mt={mt}
      aria-label={ariaLabel ?? t('common.delete')}
      onClick={onClick}
      data-testid={testId}
    >
      ×
    </ActionIcon>
  );
}

/** The small subtle button under an editable list that appends a row. */
export function AddItemButton({
  onClick,
  children,
  'data-testid': testId,
}: {
  onClick: () => void;
  children: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <Button size="xs" variant="subtle" w="fit-content" onClick={onClick} data-testid={testId}>
      {children}
    </Button>
  );
}
