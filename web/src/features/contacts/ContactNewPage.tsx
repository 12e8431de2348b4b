import { Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { isApiError } from '../../api/client.js';
import { useCreateContact } from '../../api/contacts.js';
import type { Contact } from '../../api/types.js';
import { useFormValues } from '../../components/form.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ContactForm } from './ContactForm.js';
import { createInput, emptyContactValues } from './contactForm.js';
import { DuplicateAlert } from './DuplicateAlert.js';

export function ContactNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [params] = useSearchParams();
  // "Add contact" on an account page passes the account along; its name is looked up by the picker.
  const accountId = params.get('accountId');
  const { values, set } = useFormValues(() =>
    emptyContactValues({ id: user.id, name: user.name }, accountId ? { id: accountId, name: '' } : null),
  );
  const create = useCreateContact();
  const duplicate = isApiError(create.error) && create.error.code === 'contact.duplicate' ? create.error : null;

  const save = (allowDuplicate: boolean) => {
    create.mutate(
      { input: createInput(values), allowDuplicate },
      {
        onSuccess: (contact: Contact) => {
          notifySuccess(t('contacts.created'));
          void navigate(`/contacts/${encodeURIComponent(contact.id)}`, { replace: true });
        },
      },
    );
  };

  return (
    <>
      <PageHeader title={t('contacts.newTitle')} back={{ to: '/contacts', label: t('contacts.title') }} />
      <Paper withBorder radius="md" p="lg" maw={900}>
        <ContactForm
          values={values}
          set={set}
          onSubmit={() => save(false)}
          onCancel={() => void navigate(accountId ? `/accounts/${encodeURIComponent(accountId)}` : '/contacts')}
          submitLabel={t('common.create')}
          submitting={create.isPending}
          error={create.error}
          notice={
            duplicate && (
              <DuplicateAlert
                error={duplicate}
                actionLabel={t('contacts.duplicate.createAnyway')}
                pending={create.isPending}
                onProceed={() => save(true)}
                typed={values}
              />
            )
          }
        />
      </Paper>
    </>
  );
}
