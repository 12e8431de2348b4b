import { Anchor, Badge, Group, Paper, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { useHandoffs, type Handoff } from '../../api/handoffs.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { HandoffActions } from './HandoffActions.js';
import { HandoffCountdown } from './HandoffCountdown.js';

/** The sales rep's open leads (a manager: their team's, with the assignee), with live SLA countdowns. */
export function InboxPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const [overdue, setOverdue] = useState(false);
  const manager = user.role !== 'sales_rep';
  const list = useHandoffs({
    ...(manager ? {} : { assignee: 'me' }),
    status: 'open',
    overdue,
    limit: 100,
  });
  const items = list.data?.items ?? [];
  const canAct = (h: Handoff) => h.status === 'open' && (h.assignee?.id === user.id || manager);

  return (
    <>
      <PageHeader title={t('inbox.title')} subtitle={t('inbox.subtitle')} />
      <Group mb="sm">
        <Switch
          label={t('inbox.overdueOnly')}
          checked={overdue}
          onChange={(e) => setOverdue(e.currentTarget.checked)}
          data-testid="inbox-overdue-filter"
        />
      </Group>
      <Paper withBorder radius="md" p="xs">
        {list.isPending ? (
          <LoadingBlock />
        ) : list.isError ? (
          <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyBlock title={overdue ? t('inbox.emptyOverdue') : t('inbox.empty')} />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" data-testid="inbox-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('inbox.contact')}</Table.Th>
                  <Table.Th>{t('inbox.grade')}</Table.Th>
                  {manager && <Table.Th>{t('inbox.assignee')}</Table.Th>}
                  <Table.Th>{t('inbox.assigned')}</Table.Th>
                  <Table.Th>{t('inbox.due')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((h) => (
                  <Table.Tr key={h.id} data-testid="inbox-row" data-handoff-id={h.id} data-contact-id={h.contactId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/contacts/${h.contactId}`} data-testid="inbox-contact">
                        <bdi>{h.contact?.name ?? t('common.none')}</bdi>
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{h.grade}</Badge>
                    </Table.Td>
                    {manager && (
                      <Table.Td>
                        {h.assignee ? <bdi>{h.assignee.name}</bdi> : <Text c="dimmed">{t('inbox.queue')}</Text>}
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Text size="sm" title={format.dateTimeLong(h.assignedAt)}>
                        {format.dateTime(h.assignedAt)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('inbox.qualifiedAt', { time: format.dateTime(h.qualifiedAt) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <HandoffCountdown handoff={h} />
                    </Table.Td>
                    <Table.Td>{canAct(h) && <HandoffActions handoff={h} />}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </>
  );
}
