import { Center, Container } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { CurrentUserContext, useCurrentUser, useSession, wasSignedOutOnPurpose } from '../../api/auth.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { ForbiddenPage } from '../../components/NotFoundPage.js';

/** Routes below need a session; without one the user is sent to sign-in and brought back afterwards. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <Center h="100vh">
        <LoadingBlock />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorBlock error={session.error} onRetry={() => void session.refetch()} />
      </Container>
    );
  }
  if (!session.data) {
    const next = location.pathname + location.search;
    const to = next && next !== '/' && !wasSignedOutOnPurpose() ? `/login?next=${encodeURIComponent(next)}` : '/login';
    return <Navigate to={to} replace />;
  }
  return (
    <CurrentUserContext value={session.data.user}>
      <Outlet />
    </CurrentUserContext>
  );
}

export function RequireAdmin() {
  const user = useCurrentUser();
  return user.role === 'admin' ? <Outlet /> : <ForbiddenPage />;
}
