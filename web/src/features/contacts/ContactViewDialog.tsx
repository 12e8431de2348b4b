import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';

/** As the API allows (src/modules/views/view.ts). */
const NAME_MAX = 80;

interface Props {
  title: string;
  submitLabel: string;
  initial: { name: string; shared: boolean };
  submitting: boolean;
  error: unknown;
  onSubmit: (value: { name: string; shared: boolean }) => void;
  onClose: () => void;
}

/** Saving a view and renaming or sharing one both ask for a name and whether everyone may pick it. */
export function ContactViewDialog({ title, submitLabel, initial, submitting, error, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial.name);
  const [shared, setShared] = useState(initial.shared);
  const [missing, setMissing] = useState(false);
  const errors = useFieldErrors(error);
  const code = isApiError(error) ? error.code : null;
  const nameError = missing
    ? t('common.required')
    : code === 'contact_view.name_taken'
      ? t('contacts.views.nameTaken')
      : code === 'contact_view.limit_reached'
        ? undefined
        : errors['name'];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    onSubmit({ name: name.trim(), shared });
  };
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormErrorAlert error={error} knownFields={['name', 'shared']} ignoreCodes={['contact_view.name_taken']} />
          <TextInput
            label={t('contacts.views.name')}
            required
            autoFocus
            maxLength={NAME_MAX}
            value={name}
            onChange={(e) => {
              setMissing(false);
              setName(e.currentTarget.value);
            }}
            error={nameError}
            data-testid="contact-view-name"
          />
          <Checkbox
            label={t('contacts.views.sharedLabel')}
            description={t('contacts.views.sharedHint')}
            checked={shared}
            onChange={(e) => setShared(e.currentTarget.checked)}
            data-testid="contact-view-shared"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={submitting}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={submitting} data-testid="contact-view-submit">
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
