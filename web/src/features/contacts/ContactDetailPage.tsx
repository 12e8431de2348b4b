import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { canEraseContacts, useContact, useContactAudit, useContactLive, useDeleteContact } from '../../api/contacts.js';
import { AuditHistory } from '../../components/AuditHistory.js';
import { DetailsCard, EditDeleteActions } from '../../components/RecordPage.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { isNotFound } from '../../components/errors.js';
import { NotFoundPage } from '../../components/NotFoundPage.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { ContactActivity } from './ContactActivity.js';
import { ContactDetails } from './ContactDetails.js';
import { ContactEditForm } from './ContactEditForm.js';
import { ContactTemperature } from './ContactTemperature.js';
import { EraseContactButton } from './EraseContactButton.js';
import { ContactPrediction } from '../predictive/ContactPrediction.js';
import { ContactHandoff } from '../inbox/ContactHandoff.js';
import { contactName, contactSubtitle } from './contactName.js';

export function ContactDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const { id = '' } = useParams();
  const contact = useContact(id);
  const audit = useContactAudit(id);
  useContactLive(id);
  const remove = useDeleteContact();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  if (contact.isPending) return <LoadingBlock />;
  if (contact.isError) {
    if (isNotFound(contact.error)) return <NotFoundPage body={t('errors.contactNotFound')} />;
    return <ErrorBlock error={contact.error} onRetry={() => void contact.refetch()} />;
  }

  const data = contact.data;
  const name = contactName(data, t);
  const subtitle = contactSubtitle(data, t);

  const onDelete = () => {
    remove.mutate(data.id, {
      onSuccess: () => {
        notifySuccess(t('contacts.deleted'));
        void navigate('/contacts', { replace: true });
      },
    });
  };

  return (
    <>
      <PageHeader
        title={<bdi>{name}</bdi>}
        documentTitle={name}
        titleTestId="contact-name"
        subtitle={subtitle}
        back={{ to: '/contacts', label: t('contacts.title') }}
        actions={
          !editing && (
            <>
              <EditDeleteActions
                testIdPrefix="contact"
                onEdit={() => setEditing(true)}
                onDelete={() => setConfirming(true)}
              />
              {canEraseContacts(me.role) && <EraseContactButton contact={data} />}
            </>
          )
        }
      />
      <Stack gap="lg" maw={900}>
        <DetailsCard title={t('contacts.details')}>
          {editing ? (
            <ContactEditForm contact={data} onDone={() => setEditing(false)} />
          ) : (
            <ContactDetails contact={data} />
          )}
        </DetailsCard>
        <ContactHandoff contactId={data.id} />
        <ContactTemperature contactId={data.id} />
        <ContactPrediction contactId={data.id} />
        <ContactActivity contact={data} />
        <AuditHistory query={audit} />
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('contacts.deleteTitle')}
        message={t('contacts.deleteBody', { name })}
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
