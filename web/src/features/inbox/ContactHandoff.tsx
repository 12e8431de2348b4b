import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { REJECT_REASONS, useHandoffs, type Handoff, type RejectReason } from '../../api/handoffs.js';
import { DateText, UserText } from '../../components/Formatted.js';
import { HandoffActions } from './HandoffActions.js';
import { HandoffCountdown } from './HandoffCountdown.js';

const SALES_ROLES = new Set(['sales_rep', 'sales_manager', 'admin']);
/** Who follows what sales does with a lead they do not hold themselves (see canSeeHandoff). */
const FOLLOWERS = new Set(['marketing', 'sales_manager', 'admin']);

/**
 * On a contact's page: its open handoff with the countdown and the actions when it is the user's to work;
 * otherwise, for marketing, managers and admins, where the lead stands with sales (waiting in a queue or
 * with a rep, accepted, sent back), so marketing sees its side of the agreement kept or not.
 */
export function ContactHandoff({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const worksLeads = SALES_ROLES.has(user.role);
  const own = useHandoffs({ contactId, status: 'open', assignee: 'me', limit: 1 }, worksLeads);
  const mine = own.data?.items[0];
  const latest = useHandoffs(
    { contactId, limit: 1 },
    FOLLOWERS.has(user.role) && (!worksLeads || own.isFetched) && !mine,
  );
  if (mine) {
    return (
      <Paper withBorder radius="md" p="md" data-testid="contact-handoff">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('inbox.contactPanel')}
          </Title>
          <Group justify="space-between" wrap="wrap">
            <Text size="sm">{t('inbox.gradeOf', { grade: mine.grade })}</Text>
            <HandoffCountdown handoff={mine} />
          </Group>
          <HandoffActions handoff={mine} />
        </Stack>
      </Paper>
    );
  }
  const handoff = latest.data?.items[0];
  if (!handoff) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="contact-follow-up" data-status={handoff.status}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('inbox.followUp.title')}
        </Title>
        <FollowUp handoff={handoff} />
      </Stack>
    </Paper>
  );
}

function FollowUp({ handoff }: { handoff: Handoff }) {
  const { t } = useTranslation();
  const holder = handoff.assignee ? (
    <UserText value={handoff.assignee.name} />
  ) : handoff.teamId ? (
    t('inbox.followUp.teamQueue')
  ) : (
    t('inbox.followUp.generalQueue')
  );
  switch (handoff.status) {
    case 'open':
      return (
        <Group justify="space-between" wrap="wrap">
          <Text size="sm">
            {t('inbox.followUp.waiting')} {holder} · <DateText value={handoff.assignedAt} withTime />
          </Text>
          <HandoffCountdown handoff={handoff} />
        </Group>
      );
    case 'accepted':
      return (
        <Text size="sm">
          {t('inbox.followUp.accepted')} {holder} · <DateText value={handoff.decidedAt} withTime />
        </Text>
      );
    case 'rejected': {
      const reason = REJECT_REASONS.includes(handoff.rejectReason as RejectReason)
        ? t(`inbox.reasons.${handoff.rejectReason as RejectReason}`)
        : null;
      return (
        <Stack gap={2}>
          <Text size="sm">
            {t('inbox.followUp.rejected')} {holder} · <DateText value={handoff.decidedAt} withTime />
          </Text>
          {reason && <Text size="sm">{reason}</Text>}
          {handoff.rejectNote && (
            <Text size="sm" c="dimmed">
              <UserText value={handoff.rejectNote} />
            </Text>
          )}
        </Stack>
      );
    }
    case 'closed':
      return (
        <Text size="sm">
          {t('inbox.followUp.closed')} · <DateText value={handoff.decidedAt ?? handoff.assignedAt} withTime />
        </Text>
      );
  }
}
