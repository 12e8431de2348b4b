import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { useUpdateContact } from '../../api/contacts.js';
import type { Contact } from '../../api/types.js';
import { useFormValues } from '../../components/form.js';
import { notifySuccess } from '../../components/notify.js';
import { ContactForm } from './ContactForm.js';
import { contactValues, patchInput } from './contactForm.js';
import { DuplicateAlert } from './DuplicateAlert.js';

/** Edits a contact and PATCHes only the fields that changed. */
export function ContactEditForm({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const { t } = useTranslation();
  // The record as it was when editing began: the PATCH carries only what this user changed, so edits made
  // meanwhile by someone else (picked up by a refetch) are not overwritten with stale values.
  const [initial] = useState(() => contactValues(contact));
  const { values, set } = useFormValues(initial);
  const update = useUpdateContact(contact.id);

  const duplicate = isApiError(update.error) && update.error.code === 'contact.duplicate' ? update.error : null;

  const save = (allowDuplicate = false) => {
    const patch = patchInput(initial, values);
    if (Object.keys(patch).length === 0) {
      notifySuccess(t('common.noChanges'));
      onDone();
      return;
    }
    update.mutate(
      { patch, allowDuplicate },
      {
        onSuccess: () => {
          notifySuccess(t('contacts.saved'));
          onDone();
        },
      },
    );
  };

  return (
    <ContactForm
      values={values}
      set={set}
      onSubmit={() => save(false)}
      onCancel={onDone}
      submitLabel={t('common.saveChanges')}
      submitting={update.isPending}
      error={update.error}
      notice={
        duplicate && (
          <DuplicateAlert
            error={duplicate}
            excludeId={contact.id}
            actionLabel={t('contacts.duplicate.saveAnyway')}
            pending={update.isPending}
            onProceed={() => save(true)}
            onMerged={onDone}
          />
        )
      }
    />
  );
}
