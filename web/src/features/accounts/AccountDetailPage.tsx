import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useAccount, useAccountAudit, useDeleteAccount } from '../../api/accounts.js';
import { AuditHistory } from '../../components/AuditHistory.js';
import { DetailsCard, EditDeleteActions } from '../../components/RecordPage.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { isNotFound } from '../../components/errors.js';
import { NotFoundPage } from '../../components/NotFoundPage.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { AccountContacts } from './AccountContacts.js';
import { AccountDetails } from './AccountDetails.js';
import { AccountEditForm } from './AccountEditForm.js';

export function AccountDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const account = useAccount(id);
  const audit = useAccountAudit(id);
  const remove = useDeleteAccount();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  if (account.isPending) return <LoadingBlock />;
  if (account.isError) {
    if (isNotFound(account.error)) return <NotFoundPage body={t('errors.accountNotFound')} />;
    return <ErrorBlock error={account.error} onRetry={() => void account.refetch()} />;
  }

  const data = account.data;
  const onDelete = () => {
    remove.mutate(data.id, {
      onSuccess: () => {
        notifySuccess(t('accounts.deleted'));
        void navigate('/accounts', { replace: true });
      },
    });
  };

  return (
    <>
      <PageHeader
        title={<bdi>{data.name}</bdi>}
        documentTitle={data.name}
        titleTestId="account-name-heading"
        subtitle={data.domain ? <bdi dir="ltr">{data.domain}</bdi> : undefined}
        back={{ to: '/accounts', label: t('accounts.title') }}
        actions={
          !editing && (
            <EditDeleteActions
              testIdPrefix="account"
              onEdit={() => setEditing(true)}
              onDelete={() => setConfirming(true)}
            />
          )
        }
      />
      <Stack gap="lg" maw={1100}>
        <DetailsCard title={t('accounts.details')}>
          {editing ? (
            <AccountEditForm account={data} onDone={() => setEditing(false)} />
          ) : (
            <AccountDetails account={data} />
          )}
        </DetailsCard>
        <AccountContacts account={data} />
        <AuditHistory query={audit} />
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('accounts.deleteTitle')}
        message={t('accounts.deleteBody', { name: data.name })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={onDelete}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
      />
    </>
  );
}
