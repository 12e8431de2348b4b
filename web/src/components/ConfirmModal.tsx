import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from './FormErrorAlert.js';

interface Props {
  opened: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  /** The button that closes the modal without acting (default: Cancel). */
  dismissLabel?: string;
  loading?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** A destructive action needs a second, explicit click. */
export function ConfirmModal({
  opened,
  title,
  message,
  confirmLabel,
  dismissLabel,
  loading,
  error,
  onConfirm,
  onClose,
}: Props) {
  const { t } = useTranslation();
  // While the modal fades out its subject is usually gone already; keep showing the last one.
  const [shown, setShown] = useState(message);
  if (opened && shown !== message) setShown(message);
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {shown}
        </Text>
        <FormErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading} data-testid="confirm-dismiss">
            {dismissLabel ?? t('common.cancel')}
          </Button>
          <Button color="red" onClick={onConfirm} loading={loading} data-testid="confirm-button">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
