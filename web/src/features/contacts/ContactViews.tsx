import { Badge, Button, Menu, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import type { ContactListParams } from '../../api/contacts.js';
import {
  useContactViews,
  useCreateContactView,
  useDeleteContactView,
  useUpdateContactView,
  type ContactView,
} from '../../api/contactViews.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { errorMessage } from '../../components/errors.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { ContactViewDialog } from './ContactViewDialog.js';
import { activeView, urlPatchForView, viewFiltersOf } from './savedViews.js';
import type { ContactFilterKey } from './useContactFilters.js';

interface Props {
  params: ContactListParams;
  /** The view picked, from the URL. */
  viewId: string | undefined;
  update: (patch: Partial<Record<ContactFilterKey, string | null>>) => void;
  /** The button's widest; a long view name is cut short with an ellipsis. */
  maw?: number | string;
}

/**
 * The leads list's saved views: pick one (its filters go to the URL), save the current filters under a name,
 * and rename, share or delete a view you may change. The button names the view picked and says when its
 * filters were changed since.
 */
export function ContactViews({ params, viewId, update, maw = 260 }: Props) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const views = useContactViews();
  const create = useCreateContactView();
  const change = useUpdateContactView();
  const remove = useDeleteContactView();
  const [dialog, setDialog] = useState<'save' | 'edit' | null>(null);
  const [deleting, setDeleting] = useState<ContactView | null>(null);
  const all = views.data ?? [];
  const active = activeView(all, viewId, params);
  // Yours first; then what others share with everyone (an admin may change those too).
  const isOthers = (v: ContactView) => v.owner.id !== me.id;
  const mine = all.filter((v) => !isOthers(v));
  const others = all.filter(isOthers);

  const closeDialog = () => {
    setDialog(null);
    create.reset();
    change.reset();
  };
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  const saveChanges = (view: ContactView) =>
    change.mutate(
      { id: view.id, filters: viewFiltersOf(params) },
      {
        onSuccess: () => notifySuccess(t('contacts.views.updated')),
        onError: (error) => notifyError(errorMessage(error, t)),
      },
    );

  const item = (v: ContactView) => (
    <Menu.Item
      key={v.id}
      onClick={() => update(urlPatchForView(v))}
      data-testid="contact-view-item"
      data-name={v.name}
      aria-current={active?.view.id === v.id ? 'true' : undefined}
      fw={active?.view.id === v.id ? 600 : undefined}
      rightSection={
        v.shared ? (
          <Badge size="xs" variant="light" color="gray">
            {t('contacts.views.sharedBadge')}
          </Badge>
        ) : undefined
      }
    >
      <Text size="sm" truncate maw={260}>
        <bdi>{v.name}</bdi>
      </Text>
      {isOthers(v) && (
        <Text size="xs" c="dimmed" truncate maw={260}>
          {t('contacts.views.sharedBy', { name: v.owner.name })}
        </Text>
      )}
    </Menu.Item>
  );

  return (
    <>
      <Menu position="bottom-end" width={320} withinPortal>
        <Menu.Target>
          <Button
            variant={active ? 'light' : 'default'}
            maw={maw}
            data-testid="contact-views"
            data-view={active?.view.name ?? ''}
            data-modified={active?.modified ? 'true' : 'false'}
            title={active?.modified ? t('contacts.views.modifiedHint') : undefined}
            rightSection={
              active?.modified ? (
                <Badge
                  size="xs"
                  color="orange"
                  variant="light"
                  style={{ flexShrink: 0 }}
                  data-testid="contact-views-modified"
                >
                  {t('contacts.views.modified')}
                </Badge>
              ) : undefined
            }
          >
            <Text span inherit truncate>
              {active ? <bdi>{active.view.name}</bdi> : t('contacts.views.title')}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown mah={420} style={{ overflowY: 'auto' }} data-testid="contact-views-menu">
          {views.isPending ? (
            <Menu.Label>{t('common.loading')}</Menu.Label>
          ) : views.isError ? (
            <Menu.Label>{t('contacts.views.loadError')}</Menu.Label>
          ) : all.length === 0 ? (
            <Menu.Label>{t('contacts.views.none')}</Menu.Label>
          ) : (
            <>
              {mine.length > 0 && <Menu.Label>{t('contacts.views.mine')}</Menu.Label>}
              {mine.map(item)}
              {others.length > 0 && <Menu.Label>{t('contacts.views.shared')}</Menu.Label>}
              {others.map(item)}
            </>
          )}
          <Menu.Divider />
          <Menu.Item onClick={() => setDialog('save')} data-testid="contact-views-save">
            {t('contacts.views.save')}
          </Menu.Item>
          {active?.view.editable && (
            <>
              {active.modified && (
                <Menu.Item onClick={() => saveChanges(active.view)} data-testid="contact-views-update">
                  {t('contacts.views.saveChanges')}
                </Menu.Item>
              )}
              <Menu.Item onClick={() => setDialog('edit')} data-testid="contact-views-edit">
                {t('contacts.views.edit')}
              </Menu.Item>
              <Menu.Item color="red" onClick={() => setDeleting(active.view)} data-testid="contact-views-delete">
                {t('contacts.views.delete')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {dialog === 'save' && (
        <ContactViewDialog
          title={t('contacts.views.saveTitle')}
          submitLabel={t('contacts.views.submitSave')}
          initial={{ name: '', shared: false }}
          submitting={create.isPending}
          error={create.error}
          onClose={closeDialog}
          onSubmit={({ name, shared }) =>
            create.mutate(
              { name, shared, filters: viewFiltersOf(params) },
              {
                onSuccess: (view) => {
                  notifySuccess(t('contacts.views.saved'));
                  update({ view: view.id });
                  closeDialog();
                },
              },
            )
          }
        />
      )}
      {dialog === 'edit' && active && (
        <ContactViewDialog
          title={t('contacts.views.editTitle')}
          submitLabel={t('common.save')}
          initial={{ name: active.view.name, shared: active.view.shared }}
          submitting={change.isPending}
          error={change.error}
          onClose={closeDialog}
          onSubmit={({ name, shared }) =>
            change.mutate(
              { id: active.view.id, name, shared },
              {
                onSuccess: () => {
                  notifySuccess(t('contacts.views.updated'));
                  closeDialog();
                },
              },
            )
          }
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title={t('contacts.views.deleteTitle')}
        message={t('contacts.views.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onClose={closeDelete}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(t('contacts.views.deleted'));
              update({ view: null });
              closeDelete();
            },
          });
        }}
      />
    </>
  );
}
