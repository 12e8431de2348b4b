import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types.js';
import { useCreateUser } from '../../api/users.js';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { notifySuccess } from '../../components/notify.js';
import { isLocale, LOCALES, type Locale } from '../../i18n/format.js';
import { currentLocale } from '../../i18n/index.js';
import { useFormat } from '../../i18n/useFormat.js';
import { PASSWORD_MIN } from '../auth/password.js';
import { RoleSelect } from './RoleSelect.js';
import { TeamSelect } from './TeamSelect.js';

const FIELDS = ['email', 'name', 'role', 'teamId', 'password', 'team', 'locale'] as const;

interface Values {
  email: string;
  name: string;
  role: Role | null;
  teamId: string | null;
  password: string;
  locale: Locale;
}

const empty = (): Values => ({
  email: '',
  name: '',
  role: 'sales_rep',
  teamId: null,
  password: '',
  locale: currentLocale(),
});

export function UserCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [values, setValues] = useState<Values>(empty);
  const format = useFormat();
  const [tooShort, setTooShort] = useState(false);
  const serverErrors = useFieldErrors(create.error);
  const errors: Record<string, string | undefined> = {
    ...serverErrors,
    ...(tooShort ? { password: t('validation.minLength', { min: format.number(PASSWORD_MIN) }) } : {}),
  };
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  const close = () => {
    setValues(empty());
    setTooShort(false);
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.role) return;
    if (values.password.length < PASSWORD_MIN) {
      setTooShort(true);
      return;
    }
    create.mutate(
      {
        email: values.email.trim(),
        name: values.name.trim(),
        role: values.role,
        password: values.password,
        locale: values.locale,
        ...(values.teamId ? { teamId: values.teamId } : {}),
      },
      {
        onSuccess: () => {
          notifySuccess(t('admin.users.created'));
          close();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('admin.users.createTitle')}>
      <form onSubmit={submit} noValidate data-testid="user-create-form">
        <Stack>
          <FormErrorAlert error={create.error} knownFields={FIELDS} />
          <TextInput
            label={t('fields.name')}
            required
            autoFocus
            value={values.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors['name']}
            data-testid="user-name"
          />
          <TextInput
            label={t('fields.email')}
            type="email"
            dir="ltr"
            required
            autoComplete="off"
            value={values.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={errors['email']}
            data-testid="user-email"
          />
          <RoleSelect
            required
            allowDeselect={false}
            value={values.role}
            onChange={(role) => set('role', role)}
            error={errors['role']}
            data-testid="user-role"
          />
          <TeamSelect
            value={values.teamId}
            onChange={(teamId) => set('teamId', teamId)}
            error={errors['teamId'] ?? errors['team']}
            data-testid="user-team"
          />
          <Select
            label={t('fields.locale')}
            allowDeselect={false}
            data={LOCALES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
            value={values.locale}
            onChange={(value) => isLocale(value) && set('locale', value)}
            error={errors['locale']}
            data-testid="user-locale"
          />
          <PasswordInput
            label={t('fields.password')}
            description={t('admin.users.passwordHint')}
            required
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => {
              setTooShort(false);
              set('password', e.currentTarget.value);
            }}
            error={errors['password']}
            visibilityToggleButtonProps={{ 'aria-label': t('common.showPassword') }}
            data-testid="user-password"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={create.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="user-submit">
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
