import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { http, seg, type ApiError } from '../../api/client.js';
import { queryKeys } from '../../api/keys.js';
import type { Contact } from '../../api/types.js';
import type { ContactFormValues } from './contactForm.js';
import { contactName } from './contactName.js';
import { MergeButton } from './MergeButton.js';

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
  /**
   * Offers "Merge" per duplicate. Editing (`excludeId`): the duplicate merges into the contact being
   * edited. Creating (`typed`): the typed person is created and merged into the duplicate, which stays.
   */
  typed?: ContactFormValues;
  /** After a merge; the page of the contact that stayed is shown when this is not given. */
  onMerged?: (winner: Contact) => void;
}

/** 409 contact.duplicate: say which contacts clash and let the user save anyway (?allowDuplicate=true). */
export function DuplicateAlert({ error, excludeId, actionLabel, pending, onProceed, typed, onMerged }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ids = duplicateIds(error, excludeId);
  // The contact being edited comes first (from the page's cache), then the duplicates.
  const results = useQueries({
    queries: [...(excludeId ? [excludeId] : []), ...ids].map((id) => ({
      queryKey: queryKeys.contact(id),
      queryFn: () => http.get<Contact>(`/api/v1/contacts/${seg(id)}`),
      retry: false,
    })),
  });
  const winnerOfEdit = excludeId ? results[0]?.data : undefined;
  const existing = excludeId ? results.slice(1) : results;
  const merged = (winner: Contact) => {
    if (onMerged) onMerged(winner);
    else void navigate(`/contacts/${encodeURIComponent(winner.id)}`, { replace: true });
  };
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
                  {contact && winnerOfEdit && (
                    <Text span ms="xs">
                      <MergeButton winner={winnerOfEdit} duplicate={contact} onMerged={merged} />
                    </Text>
                  )}
                  {contact && typed && !excludeId && (
                    <Text span ms="xs">
                      <MergeButton winner={contact} typed={typed} onMerged={merged} />
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
