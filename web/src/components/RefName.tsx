import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { http, seg } from '../api/client.js';
import { useTeams } from '../api/teams.js';
import type { Account, User } from '../api/types.js';

const LOOKUPS = {
  ownerId: { key: 'users', path: '/api/v1/users/' },
  accountId: { key: 'accounts', path: '/api/v1/accounts/' },
} as const;

/**
 * The name behind an id recorded in the audit log (an owner, an account, a team). Falls back to the id when
 * the record is gone or out of the reader's scope.
 */
export function RefName({ field, id }: { field: 'ownerId' | 'accountId' | 'teamId'; id: string }) {
  const teams = useTeams();
  const lookup = field === 'teamId' ? null : LOOKUPS[field];
  const record = useQuery({
    queryKey: [lookup?.key ?? 'teams', 'detail', id],
    queryFn: ({ signal }) => http.get<User | Account>(`${lookup?.path ?? ''}${seg(id)}`, undefined, signal),
    enabled: lookup !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });
  const name = field === 'teamId' ? teams.data?.find((team) => team.id === id)?.name : record.data?.name;
  if (name) return <bdi>{name}</bdi>;
  return (
    <Text span ff="monospace" size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      {id}
    </Text>
  );
}
