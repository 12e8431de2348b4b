import { Badge, Button, Code, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQueries } from '@tanstack/react-query';
import { useCurrentUser } from '../../api/auth.js';
import { http, seg } from '../../api/client.js';
import type { ApiToken, User } from '../../api/types.js';
import { DateText, UserText } from '../../components/Formatted.js';
import { useFormat } from '../../i18n/useFormat.js';

export function TokensTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useCurrentUser();
  // Admins see everyone's tokens: then a column says whose each one is.
  const ownerIds = [...new Set(tokens.map((token) => token.userId))];
  const withOwner = ownerIds.some((id) => id !== me.id);
  const owners = useQueries({
    queries: (withOwner ? ownerIds : []).map((id) => ({
      queryKey: ['users', 'detail', id],
      queryFn: () => http.get<User>(`/api/v1/users/${seg(id)}`),
      staleTime: 5 * 60_000,
    })),
  });
  const ownerName = new Map(owners.flatMap((q) => (q.data ? [[q.data.id, q.data.name] as const] : [])));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" data-testid="tokens-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tokens.columns.name')}</Table.Th>
            <Table.Th>{t('tokens.columns.prefix')}</Table.Th>
            {withOwner && <Table.Th>{t('tokens.columns.owner')}</Table.Th>}
            <Table.Th>{t('tokens.columns.createdAt')}</Table.Th>
            <Table.Th>{t('tokens.columns.lastUsed')}</Table.Th>
            <Table.Th>{t('tokens.columns.status')}</Table.Th>
            <Table.Th aria-label={t('common.actions')} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id} data-testid="token-row" data-revoked={token.revokedAt ? 'true' : 'false'}>
              <Table.Td>
                <bdi>{token.name}</bdi>
              </Table.Td>
              <Table.Td>
                <Code dir="ltr">{token.tokenPrefix}…</Code>
              </Table.Td>
              {withOwner && (
                <Table.Td>
                  {token.userId === me.id ? t('common.you') : <UserText value={ownerName.get(token.userId)} />}
                </Table.Td>
              )}
              <Table.Td>
                <DateText value={token.createdAt} />
              </Table.Td>
              <Table.Td>
                {token.lastUsedAt ? <DateText value={token.lastUsedAt} withTime /> : t('tokens.never')}
              </Table.Td>
              <Table.Td>
                {token.revokedAt ? (
                  <Badge color="gray" variant="light">
                    {t('tokens.statusRevoked', { date: format.date(token.revokedAt) })}
                  </Badge>
                ) : (
                  <Badge color="teal" variant="light">
                    {t('tokens.statusActive')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                {!token.revokedAt && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => onRevoke(token)}
                    data-testid="token-revoke"
                  >
                    {t('tokens.revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
