import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useEraseContact } from '../../api/contacts.js';
import type { Contact } from '../../api/types.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { notifySuccess } from '../../components/notify.js';
import { contactName } from './contactName.js';
import { erasureConfirmation } from './erasure.js';

/**
 * "Erase personal data" (GDPR Article 17): a dialog that says what goes and that it cannot be undone, and asks
 * for the contact's email (else phone, else id) typed out before the button works. The API checks it too.
 */
export function EraseContactButton({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const erase = useEraseContact();
  const [opened, setOpened] = useState(false);
  const [typed, setTyped] = useState('');
  const expected = erasureConfirmation(contact);
  const name = `\u2068${contactName(contact, t)}\u2069`;
  const label = {
    email: t('contacts.erase.confirmEmail', { value: expected.value }),
    phone: t('contacts.erase.confirmPhone', { value: expected.value }),
    id: t('contacts.erase.confirmId', { value: expected.value }),
  }[expected.field];

  const close = () => {
    setOpened(false);
    setTyped('');
    erase.reset();
  };
  const submit = () => {
    erase.mutate(
      { id: contact.id, confirm: typed.trim() },
      {
        onSuccess: () => {
          notifySuccess(t('contacts.erase.done'));
          void navigate('/contacts', { replace: true });
        },
      },
    );
  };

  return (
    <>
      <Button color="red" variant="subtle" onClick={() => setOpened(true)} data-testid="contact-erase">
        {t('contacts.erase.action')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('contacts.erase.title')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (expected.matches(typed)) submit();
          }}
        >
          <Stack>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {t('contacts.erase.body', { name })}
            </Text>
            <TextInput
              label={<bdi>{label}</bdi>}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              dir="ltr"
              data-autofocus
              data-testid="contact-erase-confirm"
            />
            <FormErrorAlert error={erase.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={erase.isPending}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="red"
                loading={erase.isPending}
                disabled={!expected.matches(typed)}
                data-testid="contact-erase-submit"
              >
                {t('contacts.erase.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
