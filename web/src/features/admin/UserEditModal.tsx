import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { USER_STATUSES, type Role, type User, type UserStatus } from '../../api/types.js';
import { useUpdateUser, type UpdateUserInput } from '../../api/users.js';
import { useFieldErrors } from '../../components/errors.js';
import { changedFields } from '../../components/form.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { notifySuccess } from '../../components/notify.js';
import { RoleSelect } from './RoleSelect.js';
import { TeamSelect } from './TeamSelect.js';

const FIELDS = ['name', 'role', 'teamId', 'status', 'team'] as const;

interface Values {
  name: string;
  role: Role;
  teamId: string | null;
  status: UserStatus;
}

function valuesOf(user: User): Values {
  return { name: user.name, role: user.role, teamId: user.teamId, status: user.status };
}

/** Admins change a user's name, role, team and status (deactivating keeps their records). */
export function UserEditModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const self = me.id === user.id;
  const update = useUpdateUser();
  const [values, setValues] = useState<Values>(() => valuesOf(user));
  const errors = useFieldErrors(update.error);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patch: UpdateUserInput = changedFields(valuesOf(user), { ...values, name: values.name.trim() });
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: user.id, patch },
      {
        onSuccess: () => {
          notifySuccess(t('admin.users.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('admin.users.editTitle', { name: user.name })}>
      <form onSubmit={submit} noValidate data-testid="user-edit-form">
        <Stack>
          <FormErrorAlert error={update.error} knownFields={FIELDS} />
          {self && (
            <Alert color="blue" variant="light">
              {t('admin.users.selfHint')}
            </Alert>
          )}
          <TextInput
            label={t('fields.name')}
            required
            value={values.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors['name']}
            data-testid="user-edit-name"
          />
          <RoleSelect
            allowDeselect={false}
            disabled={self}
            value={values.role}
            onChange={(role) => role && set('role', role)}
            error={errors['role']}
            data-testid="user-edit-role"
          />
          <TeamSelect
            value={values.teamId}
            onChange={(teamId) => set('teamId', teamId)}
            error={errors['teamId'] ?? errors['team']}
            data-testid="user-edit-team"
          />
          <Select
            label={t('fields.status')}
            allowDeselect={false}
            disabled={self}
            data={USER_STATUSES.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))}
            value={values.status}
            onChange={(status) => status && set('status', status as UserStatus)}
            error={errors['status']}
            data-testid="user-edit-status"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={update.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="user-edit-submit">
              {t('common.saveChanges')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
