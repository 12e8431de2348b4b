import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_TYPES,
  REJECT_REASONS,
  useAcceptHandoff,
  useLogActivity,
  useRejectHandoff,
  type ActivityType,
  type Handoff,
  type RejectReason,
} from '../../api/handoffs.js';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { notifySuccess } from '../../components/notify.js';

/** Log touch, Accept and Reject… for an open handoff. */
export function HandoffActions({ handoff }: { handoff: Handoff }) {
  const { t } = useTranslation();
  const accept = useAcceptHandoff();
  const [touching, setTouching] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const name = handoff.contact?.name ?? '';

  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Button size="compact-sm" variant="light" onClick={() => setTouching(true)} data-testid="handoff-touch">
          {t('inbox.logTouch')}
        </Button>
        <Button
          size="compact-sm"
          variant="light"
          color="green"
          loading={accept.isPending}
          onClick={() => accept.mutate(handoff, { onSuccess: () => notifySuccess(t('inbox.accepted', { name })) })}
          data-testid="handoff-accept"
        >
          {t('inbox.accept')}
        </Button>
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => {
            accept.reset();
            setRejecting(true);
          }}
          data-testid="handoff-reject"
        >
          {t('inbox.reject')}
        </Button>
      </Group>
      <FormErrorAlert error={accept.error} />
      {touching && <TouchModal handoff={handoff} onClose={() => setTouching(false)} />}
      {rejecting && <RejectModal handoff={handoff} onClose={() => setRejecting(false)} />}
    </Stack>
  );
}

function TouchModal({ handoff, onClose }: { handoff: Handoff; onClose: () => void }) {
  const { t } = useTranslation();
  const log = useLogActivity();
  const [type, setType] = useState<ActivityType>('call');
  const [notes, setNotes] = useState('');
  const fieldErrors = useFieldErrors(log.error);
  const close = () => {
    if (!log.isPending) onClose();
  };
  const confirm = () => {
    const trimmed = notes.trim();
    log.mutate(
      { contactId: handoff.contactId, type, ...(trimmed ? { notes: trimmed } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t('inbox.touchLogged'));
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={close} title={t('inbox.touchTitle', { name: handoff.contact?.name ?? '' })} centered>
      <Stack>
        <Select
          label={t('inbox.touchType')}
          data={ACTIVITY_TYPES.map((v) => ({ value: v, label: t(`inbox.activity.${v}`) }))}
          value={type}
          onChange={(v) => v && setType(v as ActivityType)}
          allowDeselect={false}
          error={fieldErrors['type']}
          comboboxProps={{ withinPortal: false }}
          data-testid="handoff-touch-type"
        />
        <Textarea
          label={t('inbox.touchNotes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          maxLength={10_000}
          error={fieldErrors['notes']}
          autosize
          minRows={2}
          maxRows={8}
          dir="auto"
          data-testid="handoff-touch-notes"
        />
        <FormErrorAlert error={log.error} knownFields={['type', 'notes']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={log.isPending}>
            {t('common.cancel')}
          </Button>
          <Button onClick={confirm} loading={log.isPending} data-testid="handoff-touch-confirm">
            {t('inbox.touchConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RejectModal({ handoff, onClose }: { handoff: Handoff; onClose: () => void }) {
  const { t } = useTranslation();
  const reject = useRejectHandoff();
  const [reason, setReason] = useState<RejectReason | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<'reason' | 'note' | null>(null);
  const fieldErrors = useFieldErrors(reject.error);
  const close = () => {
    if (!reject.isPending) onClose();
  };
  const confirm = () => {
    const trimmed = note.trim();
    if (!reason) return setMissing('reason');
    if (reason === 'other' && !trimmed) return setMissing('note');
    setMissing(null);
    reject.mutate(
      { handoff, reason, ...(trimmed ? { note: trimmed } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t('inbox.rejected', { name: handoff.contact?.name ?? '' }));
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={close} title={t('inbox.rejectTitle')} centered>
      <Stack>
        <Select
          label={t('inbox.rejectReason')}
          placeholder={t('inbox.rejectReasonPlaceholder')}
          data={REJECT_REASONS.map((v) => ({ value: v, label: t(`inbox.reasons.${v}`) }))}
          value={reason}
          onChange={(v) => setReason(v as RejectReason | null)}
          error={missing === 'reason' ? t('common.required') : fieldErrors['reason']}
          withAsterisk
          comboboxProps={{ withinPortal: false }}
          data-testid="handoff-reject-reason"
        />
        <Textarea
          label={t('inbox.rejectNote')}
          description={reason === 'other' ? t('inbox.rejectNoteRequired') : undefined}
          withAsterisk={reason === 'other'}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={2000}
          error={missing === 'note' ? t('common.required') : fieldErrors['note']}
          autosize
          minRows={3}
          maxRows={8}
          dir="auto"
          data-testid="handoff-reject-note"
        />
        <FormErrorAlert error={reject.error} knownFields={['reason', 'note']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={reject.isPending}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={confirm} loading={reject.isPending} data-testid="handoff-reject-confirm">
            {t('inbox.rejectConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
