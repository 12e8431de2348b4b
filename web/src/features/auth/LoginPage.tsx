import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogin, useSession, useSetupStatus } from '../../api/auth.js';
import { errorMessage, useFieldErrors } from '../../components/errors.js';
import { LoadingBlock } from '../../components/QueryState.js';
import { AuthLayout } from './AuthLayout.js';
import { safeNext } from './redirect.js';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSession();
  const setup = useSetupStatus();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = useFieldErrors(login.error);

  if (session.data) return <Navigate to={next} replace />;
  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (session.isPending) return <LoadingBlock />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  return (
    <AuthLayout title={t('auth.login.title')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {login.error && !errors['email'] && !errors['password'] ? (
            <Alert color="red" role="alert" data-testid="login-error">
              {errorMessage(login.error, t)}
            </Alert>
          ) : null}
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            autoFocus
            dir="ltr"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors['email']}
            data-testid="login-email"
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors['password']}
            visibilityToggleButtonProps={{ 'aria-label': t('common.showPassword') }}
            data-testid="login-password"
          />
          <Button type="submit" loading={login.isPending} fullWidth data-testid="login-submit">
            {t('auth.login.submit')}
          </Button>
          {setup.isError && (
            <Anchor component={Link} to="/setup" size="sm" ta="center">
              {t('auth.login.goToSetup')}
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthLayout>
  );
}
