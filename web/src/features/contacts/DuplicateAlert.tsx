import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { http, seg, type ApiError } from '../../api/client.js';
import { queryKeys } from '../../api/keys.js';
import type { Contact } from '../../api/types.js';
import { contactName } from './contactName.js';

/** Ids from the 409 problem's `duplicates` member (ids, or objects with an id). */
export function duplicateIds(error: ApiError, excludeId?: string): string[] {
  const raw = error.problem['duplicates'];
  if (!Array.isArray(raw)) return [];
  const ids = raw
    .map((item: unknown) =>
      typeof item === 'string'
        ? item
        : typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string'
          ? (item as { id: string }).id
          : null,
    )
    .filter((id): id is string => id !== null && id !== excludeId);
  return [...new Set(ids)].slice(0, 5);
}

interface Props {
  error: ApiError;
  /** The contact being edited, which is not a duplicate of itself. */
  excludeId?: string;
  actionLabel: string;
  pending: boolean;
  onProceed: () => void;
}

/** 409 contact.duplicate: say which contacts clash and let the user save anyway (?allowDuplicate=true). */
export function DuplicateAlert({ error, excludeId, actionLabel, pending, onProceed }: Props) {
  const { t } = useTranslation();
  const ids = duplicateIds(error, excludeId);
  const existing = useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.contact(id),
      queryFn: () => http.get<Contact>(`/api/v1/contacts/${seg(id)}`),
      retry: false,
    })),
  });
  return (
    <Alert color="yellow" title={t('contacts.duplicate.title')} role="alert" data-testid="duplicate-alert">
      <Stack gap="sm">
        <Text size="sm">{t('contacts.duplicate.body')}</Text>
        {ids.length > 0 && (
          <List size="sm">
            {ids.map((id, index) => {
              const contact = existing[index]?.data;
              return (
                <List.Item key={id}>
                  <Anchor
                    component={Link}
                    to={`/contacts/${encodeURIComponent(id)}`}
                    target="_blank"
                    data-testid="duplicate-link"
                  >
                    {contact ? (
                      <bdi>{contactName(contact, t)}</bdi>
                    ) : (
                      t('contacts.duplicate.open', { index: index + 1 })
                    )}
                  </Anchor>
                  {contact?.email && (
                    <Text span size="xs" c="dimmed" ms="xs">
                      <bdi dir="ltr">{contact.email}</bdi>
                    </Text>
                  )}
                </List.Item>
              );
            })}
          </List>
        )}
        <Group>
          <Button
            color="yellow"
            variant="filled"
            onClick={onProceed}
            loading={pending}
            data-testid="contact-create-anyway"
          >
            {actionLabel}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
