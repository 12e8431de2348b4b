import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { SENIORITIES, ROLES, USER_STATUSES, type AuditEntry, type AuditPage } from '../api/types.js';
import { useFormat } from '../i18n/useFormat.js';
import { countryName } from '../i18n/countries.js';
import { auditActionKind, auditChanges, isBlank, looksLikeTimestamp, type AuditActionKind } from './auditDiff.js';
import { RefName } from './RefName.js';
import { DateText, Empty, PhoneText, UserText } from './Formatted.js';
import { fieldLabel } from './fieldLabels.js';
import { LoadMore } from './LoadMore.js';
import { ErrorBlock, LoadingBlock } from './QueryState.js';

type AuditQuery = UseInfiniteQueryResult<InfiniteData<AuditPage>, Error>;

/** Who changed what and when, newest first, with the before/after value of each changed field. */
export function AuditHistory({ query }: { query: AuditQuery }) {
  const { t } = useTranslation();
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder p="md" radius="md" data-testid="audit-history">
      <Title order={4} mb="md">
        {t('audit.title')}
      </Title>
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('audit.empty')}
        </Text>
      ) : (
        <Stack gap="lg">
          {entries.map((entry) => (
            <AuditEntryItem key={String(entry.id)} entry={entry} />
          ))}
          {query.hasNextPage && (
            <LoadMore
              shown={entries.length}
              hasNextPage={query.hasNextPage}
              isFetchingNextPage={query.isFetchingNextPage}
              fetchNextPage={query.fetchNextPage}
            />
          )}
        </Stack>
      )}
    </Paper>
  );
}

/** What the entry did, in a sentence; an import names its file (isolated for bidirectional text) and row. */
function AuditSentence({ entry, kind }: { entry: AuditEntry; kind: AuditActionKind }) {
  const { t } = useTranslation();
  const format = useFormat();
  const fileName = entry.after?.fileName;
  if (kind === 'import' && typeof fileName === 'string') {
    // The file name is the component's child, never part of the parsed sentence: markup in it stays text.
    return (
      <Trans
        i18nKey="audit.actions.importFrom"
        values={{ row: format.number(Number(entry.after?.row ?? 0)) }}
        components={{ file: <bdi data-testid="audit-import-file">{fileName}</bdi> }}
      />
    );
  }
  return <>{t(`audit.actions.${kind}`, { action: entry.action })}</>;
}

function AuditEntryItem({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const kind = auditActionKind(entry.action);
  // An import's entry names the file and row in its sentence; it changed no field of its own.
  const changes = kind === 'import' ? [] : auditChanges(entry);
  const showBefore = kind !== 'create';
  const showAfter = kind !== 'delete';
  return (
    <Stack gap="xs" data-testid="audit-entry">
      <Group gap="xs" wrap="wrap">
        <Text fw={600} size="sm">
          {entry.actor ? <bdi>{entry.actor.name}</bdi> : t('audit.system')}
        </Text>
        <Text size="sm">
          <AuditSentence entry={entry} kind={kind} />
        </Text>
        <Text size="sm" c="dimmed">
          <DateText value={entry.at} withTime />
        </Text>
      </Group>
      {changes.length === 0 ? (
        kind === 'update' && (
          <Text size="xs" c="dimmed">
            {t('audit.noFieldChanges')}
          </Text>
        )
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="25%">{t('audit.field')}</Table.Th>
                {showBefore && <Table.Th>{t('audit.before')}</Table.Th>}
                {showAfter && <Table.Th>{t('audit.after')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((change) => (
                <Table.Tr key={change.field}>
                  <Table.Td>{fieldLabel(change.field, t)}</Table.Td>
                  {showBefore && (
                    <Table.Td>
                      <AuditValue field={change.field} value={change.before} />
                    </Table.Td>
                  )}
                  {showAfter && (
                    <Table.Td>
                      <AuditValue field={change.field} value={change.after} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function includes<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function AuditValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (isBlank(value)) return <Empty />;
  if (typeof value === 'string' && (field === 'ownerId' || field === 'accountId' || field === 'teamId')) {
    return <RefName field={field} id={value} />;
  }
  if (field === 'country' && typeof value === 'string') return <UserText value={countryName(value, format.locale)} />;
  if (field === 'seniority' && includes(SENIORITIES, value)) return <>{t(`seniority.${value}`)}</>;
  if (field === 'role' && includes(ROLES, value)) return <>{t(`roles.${value}`)}</>;
  if (field === 'status' && includes(USER_STATUSES, value)) return <>{t(`userStatus.${value}`)}</>;
  if (field === 'phone' && typeof value === 'string') return <PhoneText value={value} />;
  if (typeof value === 'number') return <>{format.number(value)}</>;
  if (looksLikeTimestamp(value)) return <DateText value={value} withTime />;
  if (typeof value === 'string') return <UserText value={value} />;
  if (typeof value === 'boolean') return <Badge variant="light">{String(value)}</Badge>;
  if (typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string') {
    return <UserText value={value.name} />;
  }
  return (
    <Text span ff="monospace" size="xs" style={{ overflowWrap: 'anywhere' }}>
      {JSON.stringify(value)}
    </Text>
  );
}
