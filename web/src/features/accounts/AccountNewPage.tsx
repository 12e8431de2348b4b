import { Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateAccount } from '../../api/accounts.js';
import { useCurrentUser } from '../../api/auth.js';
import { useFormValues } from '../../components/form.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { AccountForm } from './AccountForm.js';
import { createAccountInput, emptyAccountValues } from './accountForm.js';

export function AccountNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const { values, set } = useFormValues(() => emptyAccountValues({ id: user.id, name: user.name }));
  const create = useCreateAccount();

  const save = () => {
    create.mutate(createAccountInput(values), {
      onSuccess: (account) => {
        notifySuccess(t('accounts.created'));
        void navigate(`/accounts/${encodeURIComponent(account.id)}`, { replace: true });
      },
    });
  };

  return (
    <>
      <PageHeader title={t('accounts.newTitle')} back={{ to: '/accounts', label: t('accounts.title') }} />
      <Paper withBorder radius="md" p="lg" maw={900}>
        <AccountForm
          values={values}
          set={set}
          onSubmit={save}
          onCancel={() => void navigate('/accounts')}
          submitLabel={t('common.create')}
          submitting={create.isPending}
          error={create.error}
        />
      </Paper>
    </>
  );
}
