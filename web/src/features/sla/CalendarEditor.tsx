import { ActionIcon, Badge, Button, Code, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WEEKDAYS, type Weekday } from '../../api/sla.js';
import { RemoveItemButton } from '../../components/ListItemButtons.js';
import { useFormat } from '../../i18n/useFormat.js';
import {
  CALENDAR_PRESETS,
  formToCalendar,
  isLocalDate,
  timeZoneOptions,
  type CalendarForm,
  type IntervalForm,
} from './calendarForm.js';
import { formatLocalDate } from './zonedFormat.js';

interface Props {
  form: CalendarForm;
  onChange: (form: CalendarForm) => void;
  /** Errors by calendar path (`timeZone`, `week.mon.0.start`, `holidays.2`), already in the UI language. */
  errors: Record<string, string>;
  readOnly: boolean;
}

/** The business calendar: time zone, working intervals per weekday ("24:00" may end one), holidays. */
export function CalendarEditor({ form, onChange, errors, readOnly }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [holiday, setHoliday] = useState('');
  const zones = useMemo(() => timeZoneOptions(form.timeZone), [form.timeZone]);

  const setDay = (day: Weekday, intervals: IntervalForm[]) =>
    onChange({ ...form, week: { ...form.week, [day]: intervals } });
  const addHoliday = () => {
    if (!isLocalDate(holiday)) return;
    onChange({ ...form, holidays: [...new Set([...form.holidays, holiday])].sort() });
    setHoliday('');
  };

  return (
    <Stack gap="md" data-testid="calendar-editor">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label={t('slaEditor.calendar.timeZone')}
          data={zones}
          value={form.timeZone}
          onChange={(e) => onChange({ ...form, timeZone: e.currentTarget.value })}
          error={errors['timeZone']}
          disabled={readOnly}
          w={260}
          data-testid="calendar-timezone"
        />
        {!readOnly && (
          <>
            <Button
              variant="light"
              onClick={() => onChange(CALENDAR_PRESETS.tehran())}
              data-testid="calendar-preset-tehran"
            >
              {t('slaEditor.calendar.presetTehran')}
            </Button>
            <Button
              variant="light"
              onClick={() => onChange(CALENDAR_PRESETS.mondayFriday(form))}
              data-testid="calendar-preset-monfri"
            >
              {t('slaEditor.calendar.presetMonFri')}
            </Button>
          </>
        )}
      </Group>
      {errors['week'] && (
        <Text c="red" size="sm" role="alert" data-testid="calendar-week-error">
          {errors['week']}
        </Text>
      )}
      <Table withTableBorder verticalSpacing="xs">
        <Table.Tbody>
          {WEEKDAYS.map((day) => {
            const intervals = form.week[day];
            return (
              <Table.Tr key={day} data-testid={`calendar-day-${day}`}>
                <Table.Th w={120}>{t(`slaEditor.weekdays.${day}`)}</Table.Th>
                <Table.Td>
                  <Stack gap={6}>
                    {intervals.length === 0 && (
                      <Text size="sm" c="dimmed" data-testid="calendar-day-off">
                        {t('slaEditor.calendar.dayOff')}
                      </Text>
                    )}
                    {intervals.map((interval, i) => {
                      const path = `week.${day}.${i}`;
                      const set = (change: Partial<IntervalForm>) =>
                        setDay(
                          day,
                          intervals.map((it, j) => (j === i ? { ...it, ...change } : it)),
                        );
                      return (
                        <Stack key={i} gap={2}>
                          <Group gap="xs" wrap="nowrap" align="flex-start">
                            <TextInput
                              aria-label={t('slaEditor.calendar.from')}
                              value={interval.start}
                              onChange={(e) => set({ start: e.currentTarget.value })}
                              error={errors[`${path}.start`] ?? errors[`${path}.0`]}
                              readOnly={readOnly}
                              placeholder="08:00"
                              dir="ltr"
                              w={90}
                              data-testid={`calendar-${day}-${i}-start`}
                            />
                            <Text pt={6}>–</Text>
                            <TextInput
                              aria-label={t('slaEditor.calendar.to')}
                              value={interval.end}
                              onChange={(e) => set({ end: e.currentTarget.value })}
                              error={errors[`${path}.end`] ?? errors[`${path}.1`]}
                              readOnly={readOnly}
                              placeholder="16:00"
                              dir="ltr"
                              w={90}
                              data-testid={`calendar-${day}-${i}-end`}
                            />
                            {!readOnly && (
                              <RemoveItemButton
                                mt={4}
                                aria-label={t('slaEditor.calendar.removeInterval')}
                                onClick={() =>
                                  setDay(
                                    day,
                                    intervals.filter((_, j) => j !== i),
                                  )
                                }
                                data-testid={`calendar-${day}-${i}-remove`}
                              />
                            )}
                          </Group>
                          {errors[path] && (
                            <Text c="red" size="xs" data-testid="calendar-interval-error">
                              {errors[path]}
                            </Text>
                          )}
                        </Stack>
                      );
                    })}
                  </Stack>
                </Table.Td>
                <Table.Td w={150}>
                  {!readOnly && (
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => {
                        const last = intervals[intervals.length - 1];
                        setDay(day, [
                          ...intervals,
                          last ? { start: last.end, end: '24:00' } : { start: '09:00', end: '17:00' },
                        ]);
                      }}
                      data-testid={`calendar-${day}-add`}
                    >
                      {t('slaEditor.calendar.addInterval')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('slaEditor.calendar.intervalHint')}
      </Text>

      <Stack gap="xs">
        <Text fw={500} size="sm">
          {t('slaEditor.calendar.holidays')}
        </Text>
        {!readOnly && (
          <Group gap="xs" align="flex-end">
            <TextInput
              type="date"
              aria-label={t('slaEditor.calendar.holidayDate')}
              value={holiday}
              onChange={(e) => setHoliday(e.currentTarget.value)}
              dir="ltr"
              w={180}
              data-testid="calendar-holiday-input"
            />
            <Button
              variant="default"
              onClick={addHoliday}
              disabled={!isLocalDate(holiday)}
              data-testid="calendar-holiday-add"
            >
              {t('slaEditor.calendar.addHoliday')}
            </Button>
          </Group>
        )}
        {form.holidays.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('slaEditor.calendar.noHolidays')}
          </Text>
        ) : (
          <Group gap="xs">
            {form.holidays.map((date, i) => (
              <Badge
                key={date}
                variant="light"
                color={errors[`holidays.${i}`] ? 'red' : 'blue'}
                size="lg"
                data-testid="calendar-holiday"
                data-date={date}
                title={date}
                rightSection={
                  readOnly ? undefined : (
                    <ActionIcon
                      size="xs"
                      variant="transparent"
                      aria-label={t('slaEditor.calendar.removeHoliday', { date: formatLocalDate(date, format.locale) })}
                      onClick={() => onChange({ ...form, holidays: form.holidays.filter((h) => h !== date) })}
                    >
                      ×
                    </ActionIcon>
                  )
                }
              >
                {formatLocalDate(date, format.locale)}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
      <details>
        <summary>
          <Text span size="sm" c="dimmed">
            {t('slaEditor.calendar.json')}
          </Text>
        </summary>
        <Code block dir="ltr" data-testid="calendar-json">
          {JSON.stringify(formToCalendar(form))}
        </Code>
      </details>
    </Stack>
  );
}
