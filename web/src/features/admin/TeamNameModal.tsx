import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';

interface Props {
  title: string;
  initialName: string;
  submitLabel: string;
  submitting: boolean;
  error: unknown;
  onSubmit: (name: string) => void;
  onClose: () => void;
}

/** Creating and renaming a team both ask for just a name. */
export function TeamNameModal({ title, initialName, submitLabel, submitting, error, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(initialName);
  const [missing, setMissing] = useState(false);
  const errors = useFieldErrors(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    onSubmit(name.trim());
  };
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormErrorAlert error={error} knownFields={['name']} />
          <TextInput
            label={t('fields.name')}
            required
            autoFocus
            value={name}
            onChange={(e) => {
              setMissing(false);
              setName(e.currentTarget.value);
            }}
            error={missing ? t('common.required') : errors['name']}
            data-testid="team-name"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={submitting}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={submitting} data-testid="team-submit">
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
