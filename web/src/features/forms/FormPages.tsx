import { Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { ApiError, isApiError } from '../../api/client.js';
import { useDeleteForm, useForm, useUpdateForm, type Form } from '../../api/forms.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { isNotFound } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { ForbiddenPage, NotFoundPage } from '../../components/NotFoundPage.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useUrlParams } from '../../components/urlState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { FormEditor } from './FormEditor.js';
import { FormShare } from './FormShare.js';
import { FormStatusBadge } from './FormsListPage.js';
import { FormSubmissions } from './FormSubmissions.js';
import { canEditForms } from './permissions.js';

const TAB_KEYS = ['tab'] as const;

export function FormNewPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  if (!canEditForms(user)) return <ForbiddenPage />;
  return (
    <>
      <PageHeader title={t('forms.newTitle')} back={{ to: '/marketing/forms', label: t('forms.title') }} />
      <FormEditor editable />
    </>
  );
}

/** The API's 409 in the UI language: a form that collected submissions is archived, not deleted. */
function deleteError(error: unknown, message: string): unknown {
  if (isApiError(error) && error.code === 'form.has_submissions') {
    return new ApiError(error.status, { ...error.problem, detail: message });
  }
  return error;
}

function FormActions({ form, onDelete }: { form: Form; onDelete: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateForm(form.id);
  const archived = form.status === 'archived';
  const toggle = () =>
    update.mutate(
      { status: archived ? 'active' : 'archived' },
      { onSuccess: () => notifySuccess(archived ? t('forms.restored') : t('forms.archived')) },
    );
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="sm">
        <Button
          variant="default"
          loading={update.isPending}
          onClick={toggle}
          data-testid={archived ? 'form-restore' : 'form-archive'}
        >
          {archived ? t('forms.restore') : t('forms.archive')}
        </Button>
        {form.submissionCount === 0 && (
          <Button color="red" variant="light" onClick={onDelete} data-testid="form-delete">
            {t('common.delete')}
          </Button>
        )}
      </Group>
      {update.error ? <FormErrorAlert error={update.error} /> : null}
    </Stack>
  );
}

export function FormDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const { id = '' } = useParams();
  const query = useForm(id);
  const remove = useDeleteForm();
  const [confirming, setConfirming] = useState(false);
  const [{ tab }, updateUrl] = useUrlParams(TAB_KEYS);
  const editable = canEditForms(user);

  if (query.isPending) return <LoadingBlock />;
  if (query.isError) {
    if (isNotFound(query.error)) return <NotFoundPage body={t('forms.notFound')} />;
    return <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />;
  }
  const form = query.data;

  const onDelete = () =>
    remove.mutate(form.id, {
      onSuccess: () => {
        notifySuccess(t('forms.deleted'));
        void navigate('/marketing/forms', { replace: true });
      },
    });

  return (
    <>
      <PageHeader
        title={<bdi>{form.name}</bdi>}
        documentTitle={form.name}
        titleTestId="form-title"
        subtitle={
          <Group gap="xs">
            <FormStatusBadge status={form.status} />
            <Text size="sm" c="dimmed" span data-testid="form-submission-count">
              {t('forms.submissionCount', { count: form.submissionCount, n: format.number(form.submissionCount) })}
            </Text>
          </Group>
        }
        back={{ to: '/marketing/forms', label: t('forms.title') }}
        actions={editable && <FormActions form={form} onDelete={() => setConfirming(true)} />}
      />
      <Stack gap="lg">
        <FormShare form={form} />
        <Tabs
          value={tab === 'submissions' && editable ? 'submissions' : 'builder'}
          onChange={(value) => updateUrl({ tab: value === 'submissions' ? value : null })}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="builder" data-testid="form-tab-builder">
              {editable ? t('forms.tabs.builder') : t('forms.tabs.definition')}
            </Tabs.Tab>
            {/* Submissions name people whoever owns them: marketing's and admins' to read (as the API says). */}
            {editable && (
              <Tabs.Tab value="submissions" data-testid="form-tab-submissions">
                {t('forms.tabs.submissions', { n: format.number(form.submissionCount) })}
              </Tabs.Tab>
            )}
          </Tabs.List>
          <Tabs.Panel value="builder">
            {/* A fresh editor per form: its state starts from the saved definition. */}
            <FormEditor key={form.id} form={form} editable={editable} />
          </Tabs.Panel>
          {editable && (
            <Tabs.Panel value="submissions">
              <FormSubmissions form={form} />
            </Tabs.Panel>
          )}
        </Tabs>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('forms.deleteTitle')}
        message={t('forms.deleteBody', { name: form.name })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={deleteError(remove.error, t('forms.hasSubmissions'))}
        onConfirm={onDelete}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
      />
    </>
  );
}
