import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Handoff } from '../../api/handoffs.js';
import { useFormat } from '../../i18n/useFormat.js';
import { countdown, currentDuty, formatDuration } from './countdown.js';

/** The current time, ticking every second. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** The live countdown of the rep's current duty (first touch, then decision): "2h 14m left", red when overdue. */
export function HandoffCountdown({ handoff }: { handoff: Handoff }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow();
  const duty = currentDuty(handoff);
  if (!duty)
    return (
      <Text size="sm" c="dimmed">
        {t('common.none')}
      </Text>
    );
  const left = countdown(duty.dueAt, now);
  const time = formatDuration(left.seconds, format.locale);
  return (
    <Text
      size="sm"
      c={left.overdue ? 'red' : undefined}
      fw={left.overdue ? 600 : undefined}
      title={format.dateTimeLong(duty.dueAt)}
      data-testid="inbox-countdown"
      data-duty={duty.duty}
      data-overdue={left.overdue ? 'true' : 'false'}
      data-seconds={left.overdue ? -left.seconds : left.seconds}
    >
      {t(`inbox.duty.${duty.duty}`)}: {left.overdue ? t('inbox.overdueBy', { time }) : t('inbox.left', { time })}
    </Text>
  );
}
