import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetQualification, type QualificationInput } from '../../api/contacts.js';
import type { Role, TemperatureReason } from '../../api/types.js';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { notifySuccess } from '../../components/notify.js';
import { useFormat } from '../../i18n/useFormat.js';
import { manualDecision } from './reasonText.js';

/** The server's limit for the reason of a "not qualified" decision. */
const REASON_MAX = 500;

/** Who may decide a lead by hand (the server answers 403 to anyone else). */
export function canDecideQualification(role: Role): boolean {
  return role === 'admin' || role === 'marketing';
}

/**
 * Marketing's decision by hand, under the reasons of the "why" panel: mark the lead qualified, send it back to
 * nurture with an optional reason, or (when there is a decision by hand) let the scores decide again.
 */
export function QualificationControl({ contactId, reasons }: { contactId: string; reasons: TemperatureReason[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labelId = useId();
  const mutation = useSetQualification(contactId);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const fieldErrors = useFieldErrors(rejecting ? mutation.error : null);

  const manual = manualDecision(reasons);
  const markedQualified = manual === 'qualified';
  const byHand = manual !== null;
  const pending = mutation.isPending;
  const pendingFor = (decision: QualificationInput['decision']) => pending && mutation.variables?.decision === decision;

  const decide = (input: QualificationInput, done: string) => {
    mutation.mutate(input, {
      onSuccess: () => {
        notifySuccess(done);
        setRejecting(false);
        setReason('');
      },
    });
  };

  const openReject = () => {
    mutation.reset();
    setRejecting(true);
  };
  const closeReject = () => {
    if (pending) return;
    setRejecting(false);
    mutation.reset();
  };
  const confirmReject = () => {
    const trimmed = reason.trim();
    decide(
      trimmed ? { decision: 'not_qualified', reason: trimmed } : { decision: 'not_qualified' },
      t('temperature.qualification.rejected'),
    );
  };

  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id={labelId}>
        {t('temperature.qualification.label')}
      </Text>
      <Text size="sm" c="dimmed" data-testid="qualification-state" data-state={manual ?? 'none'}>
        {manual === 'qualified'
          ? t('temperature.qualification.stateQualified')
          : manual === 'not_qualified'
            ? t('temperature.qualification.stateNotQualified')
            : t('temperature.qualification.stateNone')}
      </Text>
      <Group gap="xs" role="group" aria-labelledby={labelId}>
        <Button
          size="compact-sm"
          variant="light"
          color="green"
          onClick={() => decide({ decision: 'qualified' }, t('temperature.qualification.marked'))}
          loading={pendingFor('qualified')}
          disabled={markedQualified || (pending && !pendingFor('qualified'))}
          data-testid="qualification-mark"
        >
          {t('temperature.qualification.mark')}
        </Button>
        <Button
          size="compact-sm"
          variant="default"
          onClick={openReject}
          disabled={pending}
          data-testid="qualification-reject"
        >
          {t('temperature.qualification.reject')}
        </Button>
        {byHand && (
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => decide({ decision: null }, t('temperature.qualification.cleared'))}
            loading={pendingFor(null)}
            disabled={pending && !pendingFor(null)}
            data-testid="qualification-clear"
          >
            {t('temperature.qualification.clear')}
          </Button>
        )}
      </Group>
      {!rejecting && <FormErrorAlert error={mutation.error} />}
      <Modal opened={rejecting} onClose={closeReject} title={t('temperature.qualification.rejectTitle')} centered>
        <Stack>
          <Text size="sm">{t('temperature.qualification.rejectBody')}</Text>
          <Textarea
            label={t('temperature.qualification.reason')}
            description={t('temperature.qualification.reasonHint', { max: format.number(REASON_MAX) })}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={REASON_MAX}
            error={fieldErrors['reason']}
            autosize
            minRows={3}
            maxRows={8}
            dir="auto"
            data-autofocus
            data-testid="qualification-reason"
          />
          <FormErrorAlert error={mutation.error} knownFields={['reason']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={closeReject} disabled={pending}>
              {t('common.cancel')}
            </Button>
            <Button onClick={confirmReject} loading={pending} data-testid="qualification-confirm">
              {t('temperature.qualification.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
