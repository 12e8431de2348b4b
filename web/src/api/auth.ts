import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { http, isApiError, setCsrfToken } from './client.js';
import { queryKeys } from './keys.js';
import type { Session, User } from './types.js';

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await http.get<Session>('/api/v1/auth/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in user and CSRF token; `null` when nobody is signed in. */
export function useSession() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchSession, staleTime: Infinity });
}

/**
 * The signed-in user, provided by the route guard. Reading it from context (not from the query) keeps every
 * component below the guard consistent with the guard's own decision while a session ends.
 */
export const CurrentUserContext = createContext<User | null>(null);

export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser() used outside of an authenticated route');
  return user;
}

/** Forgets every cached record but keeps the session and setup state queries (and their observers). */
function forgetData(queryClient: QueryClient): void {
  void queryClient.cancelQueries();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' && query.queryKey[0] !== 'setup' });
}

export function useSetupStatus() {
  return useQuery({
    queryKey: queryKeys.setup,
    queryFn: () => http.get<{ needsSetup: boolean }>('/api/v1/setup'),
    staleTime: 60_000,
  });
}

function useStartSession() {
  const queryClient = useQueryClient();
  return (session: Session) => {
    signedOutOnPurpose = false;
    setCsrfToken(session.csrfToken);
    // Nothing cached for a previous user may leak into this session.
    forgetData(queryClient);
    queryClient.setQueryData(queryKeys.me, session);
    queryClient.setQueryData(queryKeys.setup, { needsSetup: false });
  };
}

export interface LoginInput {
  email: string;
  password: string;
}

export function useLogin() {
  const start = useStartSession();
  return useMutation({
    mutationFn: (input: LoginInput) => http.post<Session>('/api/v1/auth/login', input),
    onSuccess: start,
  });
}

export interface SetupInput {
  email: string;
  name: string;
  password: string;
  setupCode: string;
}

export function useSetup() {
  const start = useStartSession();
  return useMutation({
    mutationFn: (input: SetupInput) => http.post<Session>('/api/v1/setup', input),
    onSuccess: start,
  });
}

/**
 * Set by an explicit sign-out, so that the route guard sends the user to a plain /login instead of asking
 * them to come back to the page they left.
 */
let signedOutOnPurpose = false;

export function wasSignedOutOnPurpose(): boolean {
  return signedOutOnPurpose;
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => http.post<void>('/api/v1/auth/logout'),
    // Forget the session even when the request failed: a sign-out button must always sign out locally.
    onSettled: () => {
      signedOutOnPurpose = true;
      setCsrfToken(null);
      queryClient.setQueryData(queryKeys.me, null);
      forgetData(queryClient);
    },
  });
}
