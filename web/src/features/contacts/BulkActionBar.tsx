import { Button, Group, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BULK_MAX_IDS, useBulkSetOwner } from '../../api/contacts.js';
import { notifyError, notifySuccess } from '../../components/notify.js';
import { OwnerSelect } from '../../components/OwnerSelect.js';
import { useFormat } from '../../i18n/useFormat.js';
import { bulkErrorMessage } from './bulkErrors.js';
import type { RowSelection } from './useRowSelection.js';

/**
 * What can be done to the ticked leads at once, shown while some are ticked: give them an owner (the people the
 * user may assign to), leave them without one, or start over. Says what happened and leaves the list refreshed, the ticks cleared.
 */
export function BulkActionBar({ selection }: { selection: RowSelection }) {
  const { t } = useTranslation();
  const format = useFormat();
  const setOwner = useBulkSetOwner();
  const [owner, setOwnerChoice] = useState<{ id: string; label: string } | null>(null);
  const count = selection.ids.length;
  if (count === 0) return null;
  const tooMany = count > BULK_MAX_IDS;

  const number = (n: number) => ({ count: n, formatted: format.number(n) });

  /**
   * Gives the ticked leads this owner (null: none, back in the shared pool) and says what changed: the
   * leads changed, then those that already had it, or that nothing needed changing.
   */
  const setTo = (target: { id: string; label: string } | null) => {
    // The name as typed, isolated so a Persian name keeps its direction inside an English sentence.
    const owner = target ? `\u2068${target.label}\u2069` : '';
    const changed = (n: number) =>
      target ? t('contacts.bulk.assigned', { ...number(n), owner }) : t('contacts.bulk.unassigned', number(n));
    const already = (n: number) =>
      target ? t('contacts.bulk.alreadyOwned', number(n)) : t('contacts.bulk.alreadyUnowned', number(n));
    setOwner.mutate(
      { ids: selection.ids, ownerId: target?.id ?? null },
      {
        onSuccess: ({ updated, unchanged }) => {
          notifySuccess(
            updated === 0
              ? target
                ? t('contacts.bulk.noneChanged', { owner })
                : t('contacts.bulk.noneUnassigned')
              : unchanged === 0
                ? changed(updated)
                : `${changed(updated)} ${already(unchanged)}`,
          );
          selection.clear();
          setOwnerChoice(null);
        },
        onError: (error) => notifyError(bulkErrorMessage(error, t)),
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="xs" mb="xs" data-testid="contacts-bulk-bar">
      <Group gap="sm" wrap="wrap">
        <Text fw={500} size="sm" data-testid="contacts-bulk-count">
          {t('contacts.bulk.selected', { count, formatted: format.number(count) })}
        </Text>
        <OwnerSelect
          aria-label={t('contacts.bulk.owner')}
          placeholder={t('contacts.bulk.pickOwner')}
          limitToAssignable
          clearable={false}
          size="xs"
          w={220}
          value={owner?.id ?? null}
          selectedLabel={owner?.label ?? null}
          onChange={(id, option) => setOwnerChoice(id ? { id, label: option?.label ?? '' } : null)}
          data-testid="contacts-bulk-owner"
        />
        <Button
          size="xs"
          onClick={() => owner && setTo(owner)}
          disabled={!owner || tooMany}
          loading={setOwner.isPending}
          data-testid="contacts-bulk-assign"
        >
          {t('contacts.bulk.assign')}
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={() => setTo(null)}
          disabled={tooMany || setOwner.isPending}
          data-testid="contacts-bulk-unassign"
        >
          {t('contacts.bulk.unassign')}
        </Button>
        <Button
          size="xs"
          variant="subtle"
          onClick={selection.clear}
          disabled={setOwner.isPending}
          data-testid="contacts-bulk-clear"
        >
          {t('contacts.bulk.clear')}
        </Button>
        {tooMany && (
          <Text size="sm" c="red" role="alert">
            {t('contacts.bulk.tooMany', { formatted: format.number(BULK_MAX_IDS) })}
          </Text>
        )}
      </Group>
    </Paper>
  );
}
