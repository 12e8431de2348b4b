import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateAccount } from '../../api/accounts.js';
import type { Account } from '../../api/types.js';
import { useFormValues } from '../../components/form.js';
import { notifySuccess } from '../../components/notify.js';
import { AccountForm } from './AccountForm.js';
import { accountValues, patchAccountInput } from './accountForm.js';

/** Edits an account and PATCHes only the fields that changed. */
export function AccountEditForm({ account, onDone }: { account: Account; onDone: () => void }) {
  const { t } = useTranslation();
  // The record as it was when editing began: the PATCH carries only what this user changed, so edits made
  // meanwhile by someone else (picked up by a refetch) are not overwritten with stale values.
  const [initial] = useState(() => accountValues(account));
  const { values, set } = useFormValues(initial);
  const update = useUpdateAccount(account.id);

  const save = () => {
    const patch = patchAccountInput(initial, values);
    if (Object.keys(patch).length === 0) {
      notifySuccess(t('common.noChanges'));
      onDone();
      return;
    }
    update.mutate(patch, {
      onSuccess: () => {
        notifySuccess(t('accounts.saved'));
        onDone();
      },
    });
  };

  return (
    <AccountForm
      values={values}
      set={set}
      onSubmit={save}
      onCancel={onDone}
      submitLabel={t('common.saveChanges')}
      submitting={update.isPending}
      error={update.error}
    />
  );
}
