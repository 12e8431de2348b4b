import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { useHandoffs } from '../../api/handoffs.js';
import { HandoffActions } from './HandoffActions.js';
import { HandoffCountdown } from './HandoffCountdown.js';

const SALES_ROLES = new Set(['sales_rep', 'sales_manager', 'admin']);

/** On a contact's page: its open handoff when it is the user's to work, with the countdown and the actions. */
export function ContactHandoff({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const list = useHandoffs({ contactId, status: 'open', assignee: 'me', limit: 1 }, SALES_ROLES.has(user.role));
  const handoff = list.data?.items[0];
  if (!handoff) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="contact-handoff">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('inbox.contactPanel')}
        </Title>
        <Group justify="space-between" wrap="wrap">
          <Text size="sm">{t('inbox.gradeOf', { grade: handoff.grade })}</Text>
          <HandoffCountdown handoff={handoff} />
        </Group>
        <HandoffActions handoff={handoff} />
      </Stack>
    </Paper>
  );
}
