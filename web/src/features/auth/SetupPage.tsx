import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession, useSetup, useSetupStatus } from '../../api/auth.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { useFieldErrors } from '../../components/errors.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { formatNumber } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { AuthLayout } from './AuthLayout.js';
import { PASSWORD_MIN } from './password.js';

const FIELDS = ['setupCode', 'email', 'name', 'password'] as const;

/** First run: creates the first administrator and signs them in. */
export function SetupPage() {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const status = useSetupStatus();
  const setup = useSetup();
  // The link the server prints carries the code (?code=...); typing it in works too.
  const [values, setValues] = useState({ setupCode: params.get('code') ?? '', email: '', name: '', password: '' });
  const [tooShort, setTooShort] = useState(false);
  const serverErrors = useFieldErrors(setup.error);
  const errors: Record<string, string | undefined> = {
    ...serverErrors,
    ...(tooShort ? { password: t('validation.minLength', { min: formatNumber(PASSWORD_MIN, locale) }) } : {}),
  };

  if (session.data) return <Navigate to="/contacts" replace />;
  if (status.isPending) return <LoadingBlock />;
  if (status.isError) {
    return (
      <AuthLayout title={t('auth.setup.title')}>
        <ErrorBlock error={status.error} onRetry={() => void status.refetch()} />
      </AuthLayout>
    );
  }
  if (!status.data.needsSetup) {
    return (
      <AuthLayout title={t('auth.setup.title')}>
        <Stack>
          <Alert color="blue">{t('errors.setupAlreadyDone')}</Alert>
          <Anchor component={Link} to="/login">
            {t('auth.setup.goToLogin')}
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (values.password.length < PASSWORD_MIN) {
      setTooShort(true);
      return;
    }
    setup.mutate(
      {
        setupCode: values.setupCode.trim(),
        email: values.email.trim(),
        name: values.name.trim(),
        password: values.password,
      },
      { onSuccess: () => void navigate('/contacts', { replace: true }) },
    );
  };
  const field = (key: (typeof FIELDS)[number]) => ({
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      if (key === 'password') setTooShort(false);
      setValues((v) => ({ ...v, [key]: value }));
    },
    error: errors[key],
  });

  return (
    <AuthLayout title={t('auth.setup.title')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('auth.setup.intro')}
          </Text>
          <FormErrorAlert error={setup.error} knownFields={FIELDS} />
          <TextInput
            label={t('auth.setup.code')}
            description={t('auth.setup.codeHint')}
            required
            dir="ltr"
            autoComplete="off"
            {...field('setupCode')}
            data-testid="setup-code"
          />
          <TextInput
            label={t('auth.name')}
            autoComplete="name"
            required
            autoFocus
            {...field('name')}
            data-testid="setup-name"
          />
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            dir="ltr"
            {...field('email')}
            data-testid="setup-email"
          />
          <PasswordInput
            label={t('auth.password')}
            description={t('auth.setup.passwordHint')}
            autoComplete="new-password"
            required
            visibilityToggleButtonProps={{ 'aria-label': t('common.showPassword') }}
            {...field('password')}
            data-testid="setup-password"
          />
          <Button type="submit" loading={setup.isPending} fullWidth data-testid="setup-submit">
            {t('auth.setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
