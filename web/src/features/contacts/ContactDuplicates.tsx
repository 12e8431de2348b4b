import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useContactDuplicates } from '../../api/contacts.js';
import type { Contact } from '../../api/types.js';
import { LtrText, PhoneText } from '../../components/Formatted.js';
import { contactName } from './contactName.js';
import { MergeButton } from './MergeButton.js';

/**
 * Contacts that look like this one (same email, same E.164 phone, or the same normalised name at the same
 * company), each with a Merge action that keeps this contact. Shows nothing when there are none.
 */
export function ContactDuplicates({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const probe = {
    email: contact.email,
    phone: contact.phone,
    firstName: contact.firstName,
    lastName: contact.lastName,
    accountId: contact.accountId,
  };
  const query = useContactDuplicates(probe);
  const duplicates = (query.data?.items ?? []).filter((d) => d.id !== contact.id);
  if (duplicates.length === 0) return null;
  return (
    <Alert color="yellow" title={t('merge.duplicatesTitle')} data-testid="contact-duplicates">
      <Stack gap="xs">
        <Text size="sm">{t('merge.duplicatesBody')}</Text>
        {duplicates.map((duplicate) => (
          <Group key={duplicate.id} gap="sm" wrap="wrap" data-testid="contact-duplicate">
            <Anchor component={Link} to={`/contacts/${encodeURIComponent(duplicate.id)}`} size="sm">
              <bdi>{contactName(duplicate, t)}</bdi>
            </Anchor>
            {duplicate.email && (
              <Text size="xs" c="dimmed">
                <LtrText value={duplicate.email} />
              </Text>
            )}
            {duplicate.phone && (
              <Text size="xs" c="dimmed">
                <PhoneText value={duplicate.phone} />
              </Text>
            )}
            <MergeButton winner={contact} duplicate={duplicate} />
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
