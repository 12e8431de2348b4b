import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateToken } from '../../api/tokens.js';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { TokenSecret } from './TokenSecret.js';

/** Asks for a name, then shows the new secret once. The modal cannot be dismissed by a stray click then. */
export function TokenCreateModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const errors = useFieldErrors(create.error);
  const secret = create.data?.token;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    create.mutate(name.trim());
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={secret ? t('tokens.createdTitle') : t('tokens.createTitle')}
      closeOnClickOutside={!secret}
      closeOnEscape={!secret}
      size="lg"
    >
      {secret ? (
        <TokenSecret token={secret} onDone={onClose} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormErrorAlert error={create.error} knownFields={['name']} />
            <TextInput
              label={t('fields.name')}
              description={t('tokens.nameHint')}
              required
              autoFocus
              value={name}
              onChange={(e) => {
                setMissing(false);
                setName(e.currentTarget.value);
              }}
              error={missing ? t('common.required') : errors['name']}
              data-testid="token-name"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} disabled={create.isPending}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="token-submit">
                {t('tokens.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
