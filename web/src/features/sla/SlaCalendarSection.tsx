import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.js';
import { CalendarEditor } from './CalendarEditor.js';
import type { CalendarForm } from './calendarForm.js';
import { SlaSection } from './SlaSection.js';

/** The working hours and holidays of the SLA's calendar, which other SLAs may share. */
export function SlaCalendarSection({
  calendarName,
  sharedWith,
  value,
  onChange,
  errors,
  readOnly,
}: {
  calendarName: string;
  /** How many other SLAs use this calendar. */
  sharedWith: number;
  /** Null: the SLA names no calendar that exists. */
  value: CalendarForm | null;
  onChange: (next: CalendarForm) => void;
  errors: Record<string, string>;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <SlaSection title={t('slaEditor.calendarTitle', { name: calendarName })} testId="sla-calendar-section">
      <Text size="sm" c="dimmed" mb="sm">
        {t('slaEditor.calendarHint')}
      </Text>
      {sharedWith > 0 && (
        <Alert color="yellow" mb="sm" data-testid="sla-calendar-shared">
          {t('slaEditor.calendarShared', { n: format.number(sharedWith) })}
        </Alert>
      )}
      {value ? (
        <CalendarEditor form={value} errors={errors} readOnly={readOnly} onChange={onChange} />
      ) : (
        <Text c="dimmed">{t('slaEditor.noCalendar')}</Text>
      )}
    </SlaSection>
  );
}
