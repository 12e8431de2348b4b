import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateContact, useMergeContacts } from '../../api/contacts.js';
import type { Contact, MergeChoice } from '../../api/types.js';
import { notifySuccess } from '../../components/notify.js';
import { createInput, type ContactFormValues } from './contactForm.js';
import { contactName } from './contactName.js';
import { MergeContactsDialog } from './MergeContactsDialog.js';
import { sideOfContact, sideOfForm } from './mergeChoices.js';

type Props = {
  /** The contact that stays: it keeps its id and absorbs the other's history. */
  winner: Contact;
  onMerged?: (winner: Contact) => void;
  testId?: string;
} & (
  | { duplicate: Contact; typed?: undefined }
  /** New-contact form: the typed person is created on confirm, then merged into `winner`. */
  | { duplicate?: undefined; typed: ContactFormValues }
);

/** "Merge" next to a duplicate: opens the side-by-side comparison and merges on confirm. */
export function MergeButton({ winner, duplicate, typed, onMerged, testId = 'merge-button' }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  // A contact created for a merge that then failed is reused on the next attempt, not created twice.
  const [createdId, setCreatedId] = useState<string | null>(null);
  const create = useCreateContact();
  const merge = useMergeContacts();

  // First-strong isolates: a Persian name inside an English sentence (or the reverse) keeps its order.
  const isolate = (text: string) => `\u2068${text}\u2069`;
  const winnerName = isolate(contactName(winner, t));
  const loserName = isolate(duplicate ? contactName(duplicate, t) : t('merge.typed'));
  const pending = create.isPending || merge.isPending;

  const confirm = async (fields: MergeChoice) => {
    try {
      let duplicateId = duplicate?.id ?? createdId;
      if (!duplicateId && typed) {
        const created = await create.mutateAsync({ input: createInput(typed), allowDuplicate: true });
        duplicateId = created.id;
        setCreatedId(created.id);
      }
      if (!duplicateId) return;
      const merged = await merge.mutateAsync({ winnerId: winner.id, duplicateId, fields });
      notifySuccess(t('merge.merged'));
      setOpened(false);
      onMerged?.(merged);
    } catch {
      // Shown in the dialog from the mutation's error.
    }
  };

  return (
    <>
      <Button size="compact-sm" variant="light" onClick={() => setOpened(true)} data-testid={testId}>
        {t('merge.action')}
      </Button>
      {opened && (
        <MergeContactsDialog
          opened={opened}
          onClose={() => {
            setOpened(false);
            create.reset();
            merge.reset();
          }}
          winner={sideOfContact(winner)}
          loser={duplicate ? sideOfContact(duplicate) : sideOfForm(typed!)}
          winnerTitle={typed ? t('merge.existing') : t('merge.winner')}
          loserTitle={typed ? t('merge.typed') : t('merge.loser')}
          intro={typed ? t('merge.introNew') : t('merge.intro', { winner: winnerName, loser: loserName })}
          pending={pending}
          error={merge.error ?? create.error}
          onConfirm={(fields) => void confirm(fields)}
        />
      )}
    </>
  );
}
