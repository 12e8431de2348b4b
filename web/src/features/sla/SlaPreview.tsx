import { Alert, Group, List, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addBusinessMinutes, slaKeys, type CalendarDefinition, type SlaDocument } from '../../api/sla.js';
import { errorMessage } from '../../components/errors.js';
import { useFormat } from '../../i18n/useFormat.js';
import { zonedLocalNow, zonedLocalToIso } from './calendarForm.js';
import { firstTouchDuties } from './slaForm.js';
import { formatZoned } from './zonedFormat.js';

interface PreviewRequest {
  calendar: CalendarDefinition;
  start: string;
  minutes: number[];
}

interface Props {
  /** The calendar being edited; null while it has errors. */
  calendar: CalendarDefinition | null;
  document: SlaDocument;
}

/**
 * "A lead qualified at <time> must be touched by <due>", for each first-touch duty, computed by the server's
 * business-time arithmetic over the calendar being edited (not yet saved).
 */
export function SlaPreview({ calendar, document }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const timeZone = calendar?.timeZone ?? 'UTC';
  const [start, setStart] = useState(() => zonedLocalNow(timeZone));
  const startIso = calendar ? zonedLocalToIso(start, timeZone) : null;
  const duties = firstTouchDuties(document).filter((d) => Number.isInteger(d.minutes) && d.minutes >= 1);
  const request: PreviewRequest | null =
    calendar && startIso ? { calendar, start: startIso, minutes: duties.map((d) => d.minutes) } : null;
  // Debounced as text: a new object each render would restart the timer forever.
  const requestKey = request ? JSON.stringify(request) : '';
  const [debouncedKey] = useDebouncedValue(requestKey, 400);
  const debounced = useMemo(() => (debouncedKey ? (JSON.parse(debouncedKey) as PreviewRequest) : null), [debouncedKey]);
  const query = useQuery({
    queryKey: slaKeys.preview(debounced ?? {}),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      Promise.all(
        debounced!.minutes.map((minutes) =>
          addBusinessMinutes({ calendar: debounced!.calendar, start: debounced!.start, minutes }, signal).then(
            (r) => r.due,
          ),
        ),
      ),
  });
  const settled = requestKey === debouncedKey && !query.isFetching;

  const dutyLabel = (d: (typeof duties)[number]) => {
    if (d.grade && d.priority)
      return t('slaEditor.preview.gradeAndPriority', {
        grade: d.grade,
        priority: t(`slaEditor.priorities.${d.priority}`),
      });
    if (d.grade) return t('slaEditor.preview.grade', { grade: d.grade });
    if (d.priority) return t('slaEditor.preview.priority', { priority: t(`slaEditor.priorities.${d.priority}`) });
    return t('slaEditor.preview.otherwise');
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="sla-preview">
      <Stack gap="sm">
        <Title order={4}>{t('slaEditor.preview.title')}</Title>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            type="datetime-local"
            label={t('slaEditor.preview.qualifiedAt', { zone: timeZone })}
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            dir="ltr"
            w={240}
            data-testid="sla-preview-start"
          />
          {startIso && (
            <Text size="sm" c="dimmed" pb={8} data-testid="sla-preview-start-text">
              {formatZoned(startIso, format.locale, timeZone)}
            </Text>
          )}
          {query.isFetching && <Loader size="xs" mb={10} />}
        </Group>
        {!calendar && (
          <Text size="sm" c="dimmed">
            {t('slaEditor.preview.fixCalendar')}
          </Text>
        )}
        {query.isError && (
          <Alert color="red" data-testid="sla-preview-error">
            {errorMessage(query.error, t)}
          </Alert>
        )}
        {calendar && query.data && (
          <List spacing={4} size="sm" data-testid="sla-preview-lines" data-settled={settled ? 'true' : 'false'}>
            {duties.map((d, i) => {
              const due = query.data[i];
              return (
                <List.Item key={d.key} data-testid="sla-preview-due" data-duty={d.key} data-due={due ?? ''}>
                  {due
                    ? t('slaEditor.preview.line', {
                        duty: dutyLabel(d),
                        minutes: format.number(d.minutes),
                        due: formatZoned(due, format.locale, timeZone),
                      })
                    : dutyLabel(d)}
                </List.Item>
              );
            })}
          </List>
        )}
      </Stack>
    </Paper>
  );
}
