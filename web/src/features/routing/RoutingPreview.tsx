import { Alert, Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { http } from '../../api/client.js';
import { usePreviewRouting } from '../../api/routing.js';
import type { ContactListItem, Page } from '../../api/types.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { RemoteSelect } from '../../components/RemoteSelect.js';
import { RoutingSection } from './RoutingSection.js';

/** Where the rules would send one contact's lead now, without routing it. */
export function RoutingPreview() {
  const { t } = useTranslation();
  const preview = usePreviewRouting();
  const [contactId, setContactId] = useState<string | null>(null);
  const result = preview.data;
  return (
    <RoutingSection part="preview">
      <Group align="flex-end" gap="sm">
        <RemoteSelect
          label={t('routingAdmin.preview.contact')}
          placeholder={t('routingAdmin.preview.search')}
          value={contactId}
          onChange={(value) => {
            setContactId(value);
            preview.reset();
          }}
          queryKey={['routing', 'preview-contacts']}
          search={async (q, signal) => {
            const page = await http.get<Page<ContactListItem>>(
              '/api/v1/contacts',
              { q: q || undefined, limit: 20 },
              signal,
            );
            return page.items.map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}`.trim() }));
          }}
          w={300}
          data-testid="routing-preview-contact"
        />
        <Button
          onClick={() => contactId && preview.mutate(contactId)}
          disabled={!contactId}
          loading={preview.isPending}
          data-testid="routing-preview-run"
        >
          {t('routingAdmin.preview.run')}
        </Button>
      </Group>
      <FormErrorAlert error={preview.error} />
      {result && (
        <Alert
          mt="sm"
          color={result.assigneeId ? 'teal' : 'yellow'}
          data-testid="routing-preview-result"
          data-reason={result.reason}
        >
          {result.reason === 'rule' && result.assigneeName
            ? t('routingAdmin.preview.toRep', {
                rule: result.ruleName ?? '',
                team: result.teamName ?? '',
                rep: result.assigneeName,
              })
            : result.reason === 'no_eligible_rep'
              ? t('routingAdmin.preview.toQueue', { rule: result.ruleName ?? '', team: result.teamName ?? '' })
              : t('routingAdmin.preview.noRule')}
        </Alert>
      )}
    </RoutingSection>
  );
}
