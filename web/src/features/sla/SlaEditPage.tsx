import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker, useParams } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { isApiError } from '../../api/client.js';
import {
  CALENDAR_SYSTEMS,
  canManageSla,
  REASSIGN_TARGETS,
  SLA_GRADES,
  SLA_PERIODS,
  SLA_PRIORITIES,
  useCalendars,
  useSaveSla,
  useSla,
  useSlas,
  useSlaVersion,
  useSlaVersions,
  type Calendar,
  type Sla,
} from '../../api/sla.js';
import { useTeams } from '../../api/teams.js';
import { normalizeField } from '../../components/errors.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { notifySuccess } from '../../components/notify.js';
import { translateServerMessage } from '../../components/serverMessages.js';
import { useFormat, type Formatters } from '../../i18n/useFormat.js';
import { CalendarEditor } from './CalendarEditor.js';
import {
  calendarToForm,
  formToCalendar,
  validateCalendar,
  type CalendarErrorCode,
  type CalendarForm,
} from './calendarForm.js';
import { SlaPreview } from './SlaPreview.js';
import { formPath, slaToForm, toDocument, type SlaFieldError, type SlaForm } from './slaForm.js';

/** Paths of API field errors the page shows next to an input (others are listed in the save bar). */
const SHOWN_PATHS =
  /^(name|calendarId|marketing\.(qualifiedLeads|acceptanceRateFloor|perTeam\.\d+\.(teamId|qualifiedLeads)|perSegment\.\d+\.(name|field|values|qualifiedLeads))|sales\.(firstTouch\.(otherwiseMinutes|rules\.\d+(\.minutes)?)|attempts\.(count|withinBusinessDays)|decisionWithinBusinessHours|outcomeWithinDays)|escalation\.(remindAtShare|reassignAfterMinutes)|calendar\.(timeZone|week(\.\w+\.\d+(\.[01])?)?|holidays\.\d+))$/;

const SEGMENT_FIELDS = [
  'source',
  'campaign',
  'seniority',
  'jobTitle',
  'account.industry',
  'account.country',
  'account.city',
];

function localError(e: SlaFieldError, t: TFunction, format: Formatters): string {
  switch (e.code) {
    case 'required':
      return t('common.required');
    case 'number':
      return t('common.notANumber');
    case 'whole':
      return t('slaEditor.errors.whole');
    case 'range':
      return t('slaEditor.errors.range', { min: format.number(e.min), max: format.number(e.max) });
    case 'ruleCondition':
      return t('slaEditor.errors.ruleCondition');
    case 'ruleShadowed':
      return t('slaEditor.errors.ruleShadowed', { rule: format.number(e.rule) });
    case 'duplicate':
      return t('slaEditor.errors.duplicate');
    case 'wholeMinutes':
      return t('slaEditor.errors.wholeMinutes');
  }
}

/** The API's messages for SLA documents and calendars, in the UI language where known. */
function slaServerMessage(message: string, t: TFunction): string {
  if (/^no team with that id/i.test(message)) return t('slaEditor.serverErrors.noTeam');
  if (/^no calendar with that id/i.test(message)) return t('slaEditor.serverErrors.noCalendar');
  if (/^(unknown iana time zone|time zone names are case-sensitive)/i.test(message))
    return t('slaEditor.calendarErrors.timeZone');
  if (/overlaps/i.test(message)) return t('slaEditor.calendarErrors.overlap');
  if (/^"24:00" may only end/i.test(message)) return t('slaEditor.calendarErrors.startAtMidnight');
  if (/^the calendar has no working hours/i.test(message)) return t('slaEditor.calendarErrors.noHours');
  return translateServerMessage(message, t);
}

/** Asks before leaving the page (or the app) with changes that are not saved. */
function UnsavedChangesGuard({ when }: { when: boolean }) {
  const { t } = useTranslation();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!when) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [when]);
  return (
    <ConfirmModal
      opened={blocker.state === 'blocked'}
      title={t('slaEditor.leave.title')}
      message={t('slaEditor.leave.body')}
      confirmLabel={t('slaEditor.leave.confirm')}
      onConfirm={() => blocker.proceed?.()}
      onClose={() => blocker.reset?.()}
    />
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** /sales/sla/:id: one SLA's terms and its calendar; a save makes a new version. */
export function SlaEditPage() {
  const { id = '' } = useParams();
  const query = useSla(id);
  const calendars = useCalendars();
  if (query.isPending || calendars.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />;
  if (calendars.isError) return <ErrorBlock error={calendars.error} onRetry={() => void calendars.refetch()} />;
  return (
    <SlaEditor
      key={query.data.id}
      sla={query.data}
      calendars={calendars.data}
      reload={() => {
        void query.refetch();
        void calendars.refetch();
      }}
    />
  );
}

function SlaEditor({ sla, calendars, reload }: { sla: Sla; calendars: Calendar[]; reload: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const canEdit = canManageSla(user.role);
  const readOnly = !canEdit;
  const teams = useTeams();
  const save = useSaveSla();
  const slas = useSlas();

  const base = useMemo(() => slaToForm(sla.name, sla.document), [sla]);
  const [draft, setDraft] = useState<SlaForm | null>(null);
  const form = draft ?? base;
  const calendar = calendars.find((c) => c.id === form.calendarId) ?? null;
  const [calDraft, setCalDraft] = useState<{ calendarId: string; form: CalendarForm } | null>(null);
  const calForm =
    calDraft && calDraft.calendarId === form.calendarId
      ? calDraft.form
      : calendar
        ? calendarToForm(calendar.definition)
        : null;
  const [attempted, setAttempted] = useState(false);
  // Other SLAs whose clocks use this calendar: a change to it gives each of them a new version too.
  const sharedWith = (slas.data ?? []).filter(
    (o) => o.id !== sla.id && o.document.calendarId === form.calendarId,
  ).length;

  const update = (change: (f: SlaForm) => SlaForm) => {
    setDraft((previous) => change(previous ?? base));
  };

  const { document, errors: localErrors } = toDocument(form);
  const calendarErrors = calForm ? validateCalendar(calForm) : {};
  const calendarDefinition = calForm && Object.keys(calendarErrors).length === 0 ? formToCalendar(calForm) : null;
  const slaChanged = form.name.trim() !== sla.name || JSON.stringify(document) !== JSON.stringify(sla.document);
  const calendarChanged =
    calendar !== null &&
    calForm !== null &&
    JSON.stringify(formToCalendar(calForm)) !== JSON.stringify(calendar.definition);
  const dirty = slaChanged || calendarChanged;
  const conflict = isApiError(save.error) && save.error.code === 'sla.version_conflict';

  const errors = useMemo(() => {
    const map: Record<string, string> = {};
    if (isApiError(save.error) && !conflict)
      for (const e of save.error.errors) {
        const path = formPath(e.field);
        if (!(path in map)) map[path] = slaServerMessage(e.message, t);
      }
    if (attempted) for (const [path, e] of Object.entries(localErrors)) map[path] = localError(e, t, format);
    return map;
  }, [save.error, conflict, attempted, localErrors, t, format]);

  const calendarCodeText = (code: CalendarErrorCode) => t(`slaEditor.calendarErrors.${code}`);
  const calErrors: Record<string, string> = {};
  for (const [path, value] of Object.entries(errors))
    if (path.startsWith('calendar.')) calErrors[path.slice('calendar.'.length)] = value;
  for (const [path, code] of Object.entries(calendarErrors)) calErrors[path] = calendarCodeText(code);

  const submit = () => {
    setAttempted(true);
    if (Object.keys(localErrors).length > 0 || Object.keys(calendarErrors).length > 0) return;
    save.mutate(
      {
        id: sla.id,
        expectedVersion: sla.currentVersion,
        name: form.name.trim(),
        document,
        calendar:
          calendarChanged && calendar && calForm
            ? {
                id: calendar.id,
                name: calendar.name,
                definition: formToCalendar(calForm),
                updatedAt: calendar.updatedAt,
              }
            : undefined,
      },
      {
        onSuccess: (saved) => {
          setDraft(null);
          setCalDraft(null);
          setAttempted(false);
          notifySuccess(t('slaEditor.saved', { version: format.number(saved.currentVersion) }));
        },
      },
    );
  };
  const discard = () => {
    setDraft(null);
    setCalDraft(null);
    setAttempted(false);
    save.reset();
  };

  const num = (
    label: string,
    path: string,
    value: string,
    set: (v: string) => void,
    extra: { rightSection?: ReactNode; description?: string } = {},
  ) => (
    <TextInput
      label={label}
      value={value}
      onChange={(e) => {
        const v = e.currentTarget.value;
        set(v);
      }}
      error={errors[path]}
      readOnly={readOnly}
      inputMode="decimal"
      rightSection={extra.rightSection}
      rightSectionWidth={extra.rightSection ? 60 : undefined}
      description={extra.description}
      data-testid={`sla-${path.replace(/\./g, '-')}`}
    />
  );
  const m = form.marketing;
  const s = form.sales;
  const esc = form.escalation;
  const setM = (change: Partial<SlaForm['marketing']>) =>
    update((f) => ({ ...f, marketing: { ...f.marketing, ...change } }));
  const setS = (change: Partial<SlaForm['sales']>) => update((f) => ({ ...f, sales: { ...f.sales, ...change } }));
  const setE = (change: Partial<SlaForm['escalation']>) =>
    update((f) => ({ ...f, escalation: { ...f.escalation, ...change } }));
  const gradeOptions = SLA_GRADES.map((g) => ({ value: g, label: g }));
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));
  const knownFields = isApiError(save.error)
    ? save.error.errors.map((e) => normalizeField(e.field)).filter((f) => SHOWN_PATHS.test(formPath(f)))
    : [];

  return (
    <Stack gap="md">
      <PageHeader
        title={sla.name}
        subtitle={t('slaEditor.versionLine', {
          version: format.number(sla.currentVersion),
          date: format.dateTime(sla.versionCreatedAt),
          name: sla.versionCreatedBy?.name ?? t('common.none'),
        })}
        back={{ to: '/sales/sla', label: t('slaEditor.back') }}
        titleTestId="sla-title"
        actions={
          <Badge size="lg" variant="light" data-testid="sla-version" data-version={sla.currentVersion}>
            {t('slaEditor.version', { version: format.number(sla.currentVersion) })}
          </Badge>
        }
      />
      {readOnly && (
        <Alert color="gray" data-testid="sla-read-only">
          {t('slaEditor.readOnly')}
        </Alert>
      )}

      <Section title={t('slaEditor.general')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('slaEditor.name')}
            value={form.name}
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, name: v }));
            }}
            error={errors['name']}
            readOnly={readOnly}
            dir="auto"
            data-testid="sla-name"
          />
          <NativeSelect
            label={t('slaEditor.calendarSelect')}
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            value={form.calendarId}
            onChange={(e) => {
              const v = e.currentTarget.value;
              update((f) => ({ ...f, calendarId: v }));
            }}
            error={errors['calendarId']}
            disabled={readOnly}
            data-testid="sla-calendar"
          />
        </SimpleGrid>
      </Section>

      <Section title={t('slaEditor.calendarTitle', { name: calendar?.name ?? '' })} testId="sla-calendar-section">
        <Text size="sm" c="dimmed" mb="sm">
          {t('slaEditor.calendarHint')}
        </Text>
        {sharedWith > 0 && (
          <Alert color="yellow" mb="sm" data-testid="sla-calendar-shared">
            {t('slaEditor.calendarShared', { n: format.number(sharedWith) })}
          </Alert>
        )}
        {calForm ? (
          <CalendarEditor
            form={calForm}
            errors={calErrors}
            readOnly={readOnly}
            onChange={(next) => setCalDraft({ calendarId: form.calendarId, form: next })}
          />
        ) : (
          <Text c="dimmed">{t('slaEditor.noCalendar')}</Text>
        )}
      </Section>

      <Section title={t('slaEditor.marketing.title')} testId="sla-marketing">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {num(t('slaEditor.marketing.qualifiedLeads'), 'marketing.qualifiedLeads', m.qualifiedLeads, (v) =>
              setM({ qualifiedLeads: v }),
            )}
            <NativeSelect
              label={t('slaEditor.marketing.period')}
              data={SLA_PERIODS.map((p) => ({ value: p, label: t(`slaEditor.periods.${p}`) }))}
              value={m.period}
              onChange={(e) => setM({ period: e.currentTarget.value as SlaForm['marketing']['period'] })}
              disabled={readOnly}
              data-testid="sla-marketing-period"
            />
            <NativeSelect
              label={t('slaEditor.marketing.calendarSystem')}
              data={CALENDAR_SYSTEMS.map((c) => ({ value: c, label: t(`slaEditor.calendarSystems.${c}`) }))}
              value={m.calendarSystem}
              onChange={(e) =>
                setM({ calendarSystem: e.currentTarget.value as SlaForm['marketing']['calendarSystem'] })
              }
              disabled={readOnly}
              data-testid="sla-marketing-calendarSystem"
            />
            <NativeSelect
              label={t('slaEditor.marketing.minFitGrade')}
              data={gradeOptions}
              value={m.minFitGrade}
              onChange={(e) => setM({ minFitGrade: e.currentTarget.value as SlaForm['marketing']['minFitGrade'] })}
              disabled={readOnly}
              data-testid="sla-marketing-minFitGrade"
            />
            {num(
              t('slaEditor.marketing.acceptanceFloor'),
              'marketing.acceptanceRateFloor',
              m.acceptancePercent,
              (v) => setM({ acceptancePercent: v }),
              { rightSection: <Text size="sm">%</Text> },
            )}
          </SimpleGrid>

          <Text fw={500} size="sm">
            {t('slaEditor.marketing.perTeam')}
          </Text>
          {m.perTeam.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('slaEditor.marketing.noTeams')}
            </Text>
          )}
          {m.perTeam.map((p, i) => (
            <Group key={i} gap="sm" align="flex-start" data-testid="sla-team-target">
              <NativeSelect
                aria-label={t('slaEditor.marketing.team')}
                data={[{ value: '', label: t('slaEditor.marketing.chooseTeam') }, ...teamOptions]}
                value={p.teamId}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setM({ perTeam: m.perTeam.map((x, j) => (j === i ? { ...x, teamId: v } : x)) });
                }}
                error={errors[`marketing.perTeam.${i}.teamId`]}
                disabled={readOnly}
                w={220}
              />
              <TextInput
                aria-label={t('slaEditor.marketing.qualifiedLeads')}
                value={p.qualifiedLeads}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setM({ perTeam: m.perTeam.map((x, j) => (j === i ? { ...x, qualifiedLeads: v } : x)) });
                }}
                error={errors[`marketing.perTeam.${i}.qualifiedLeads`]}
                readOnly={readOnly}
                inputMode="numeric"
                w={120}
              />
              {!readOnly && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={6}
                  aria-label={t('common.delete')}
                  onClick={() => setM({ perTeam: m.perTeam.filter((_, j) => j !== i) })}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          ))}
          {!readOnly && (
            <Button
              size="xs"
              variant="subtle"
              w="fit-content"
              onClick={() => setM({ perTeam: [...m.perTeam, { teamId: '', qualifiedLeads: '' }] })}
              data-testid="sla-add-team-target"
            >
              {t('slaEditor.marketing.addTeam')}
            </Button>
          )}

          <Text fw={500} size="sm">
            {t('slaEditor.marketing.perSegment')}
          </Text>
          {m.perSegment.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('slaEditor.marketing.noSegments')}
            </Text>
          )}
          {m.perSegment.map((seg, i) => {
            const setSeg = (change: Partial<SlaForm['marketing']['perSegment'][number]>) =>
              setM({ perSegment: m.perSegment.map((x, j) => (j === i ? { ...x, ...change } : x)) });
            return (
              <Group key={i} gap="sm" align="flex-start" wrap="wrap" data-testid="sla-segment-target">
                <TextInput
                  aria-label={t('slaEditor.marketing.segmentName')}
                  placeholder={t('slaEditor.marketing.segmentName')}
                  value={seg.name}
                  onChange={(e) => setSeg({ name: e.currentTarget.value })}
                  error={errors[`marketing.perSegment.${i}.name`]}
                  readOnly={readOnly}
                  dir="auto"
                  w={160}
                />
                <NativeSelect
                  aria-label={t('slaEditor.marketing.segmentField')}
                  data={[...new Set([...SEGMENT_FIELDS, seg.field])].map((f) => ({ value: f, label: f }))}
                  value={seg.field}
                  onChange={(e) => setSeg({ field: e.currentTarget.value })}
                  error={errors[`marketing.perSegment.${i}.field`]}
                  disabled={readOnly}
                  w={170}
                />
                <TagsInput
                  aria-label={t('slaEditor.marketing.segmentValues')}
                  placeholder={t('slaEditor.marketing.segmentValues')}
                  value={seg.values}
                  onChange={(values) => setSeg({ values })}
                  error={errors[`marketing.perSegment.${i}.values`]}
                  readOnly={readOnly}
                  w={220}
                />
                <TextInput
                  aria-label={t('slaEditor.marketing.qualifiedLeads')}
                  value={seg.qualifiedLeads}
                  onChange={(e) => setSeg({ qualifiedLeads: e.currentTarget.value })}
                  error={errors[`marketing.perSegment.${i}.qualifiedLeads`]}
                  readOnly={readOnly}
                  inputMode="numeric"
                  w={100}
                />
                {!readOnly && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={6}
                    aria-label={t('common.delete')}
                    onClick={() => setM({ perSegment: m.perSegment.filter((_, j) => j !== i) })}
                  >
                    ×
                  </ActionIcon>
                )}
              </Group>
            );
          })}
          {!readOnly && (
            <Button
              size="xs"
              variant="subtle"
              w="fit-content"
              onClick={() =>
                setM({ perSegment: [...m.perSegment, { name: '', field: 'source', values: [], qualifiedLeads: '' }] })
              }
            >
              {t('slaEditor.marketing.addSegment')}
            </Button>
          )}
        </Stack>
      </Section>

      <Section title={t('slaEditor.sales.title')} testId="sla-sales">
        <Stack gap="sm">
          <Text fw={500} size="sm">
            {t('slaEditor.sales.firstTouch')}
          </Text>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('slaEditor.sales.grade')}</Table.Th>
                <Table.Th>{t('slaEditor.sales.priority')}</Table.Th>
                <Table.Th>{t('slaEditor.sales.minutes')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.rules.map((r, i) => {
                const setRule = (change: Partial<SlaForm['sales']['rules'][number]>) =>
                  setS({ rules: s.rules.map((x, j) => (j === i ? { ...x, ...change } : x)) });
                const ruleError = errors[`sales.firstTouch.rules.${i}`];
                return (
                  <Table.Tr key={i} data-testid="sla-first-touch-rule">
                    <Table.Td>
                      <NativeSelect
                        aria-label={t('slaEditor.sales.grade')}
                        data={[{ value: '', label: t('slaEditor.sales.anyGrade') }, ...gradeOptions]}
                        value={r.grade}
                        onChange={(e) => setRule({ grade: e.currentTarget.value as typeof r.grade })}
                        disabled={readOnly}
                        error={ruleError}
                        data-testid={`sla-rule-${i}-grade`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={t('slaEditor.sales.priority')}
                        data={[
                          { value: '', label: t('slaEditor.sales.anyPriority') },
                          ...SLA_PRIORITIES.map((p) => ({ value: p, label: t(`slaEditor.priorities.${p}`) })),
                        ]}
                        value={r.priority}
                        onChange={(e) => setRule({ priority: e.currentTarget.value as typeof r.priority })}
                        disabled={readOnly}
                        data-testid={`sla-rule-${i}-priority`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('slaEditor.sales.minutes')}
                        value={r.minutes}
                        onChange={(e) => setRule({ minutes: e.currentTarget.value })}
                        error={errors[`sales.firstTouch.rules.${i}.minutes`]}
                        readOnly={readOnly}
                        inputMode="numeric"
                        w={120}
                        data-testid={`sla-rule-${i}-minutes`}
                      />
                    </Table.Td>
                    <Table.Td>
                      {!readOnly && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('common.delete')}
                          onClick={() => setS({ rules: s.rules.filter((_, j) => j !== i) })}
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {!readOnly && (
            <Button
              size="xs"
              variant="subtle"
              w="fit-content"
              onClick={() => setS({ rules: [...s.rules, { grade: '', priority: 'high', minutes: '60' }] })}
              data-testid="sla-add-rule"
            >
              {t('slaEditor.sales.addRule')}
            </Button>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {num(t('slaEditor.sales.otherwiseMinutes'), 'sales.firstTouch.otherwiseMinutes', s.otherwiseMinutes, (v) =>
              setS({ otherwiseMinutes: v }),
            )}
            {num(t('slaEditor.sales.attemptsCount'), 'sales.attempts.count', s.attemptsCount, (v) =>
              setS({ attemptsCount: v }),
            )}
            {num(t('slaEditor.sales.attemptsDays'), 'sales.attempts.withinBusinessDays', s.attemptsDays, (v) =>
              setS({ attemptsDays: v }),
            )}
            {num(t('slaEditor.sales.decisionHours'), 'sales.decisionWithinBusinessHours', s.decisionHours, (v) =>
              setS({ decisionHours: v }),
            )}
            {num(t('slaEditor.sales.outcomeDays'), 'sales.outcomeWithinDays', s.outcomeDays, (v) =>
              setS({ outcomeDays: v }),
            )}
          </SimpleGrid>
        </Stack>
      </Section>

      <SlaPreview calendar={calendarDefinition} document={document} />

      <Section title={t('slaEditor.escalation.title')} testId="sla-escalation">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {num(
            t('slaEditor.escalation.remindAt'),
            'escalation.remindAtShare',
            esc.remindPercent,
            (v) => setE({ remindPercent: v }),
            { rightSection: <Text size="sm">%</Text>, description: t('slaEditor.escalation.remindHint') },
          )}
          <Switch
            mt="lg"
            label={t('slaEditor.escalation.notifyManager')}
            checked={esc.notifyManager}
            onChange={(e) => setE({ notifyManager: e.currentTarget.checked })}
            disabled={readOnly}
            data-testid="sla-escalation-notifyManager"
          />
          {num(
            t('slaEditor.escalation.reassignAfter'),
            'escalation.reassignAfterMinutes',
            esc.reassignAfterMinutes,
            (v) => setE({ reassignAfterMinutes: v }),
            { description: t('slaEditor.escalation.reassignHint') },
          )}
          <NativeSelect
            label={t('slaEditor.escalation.reassignTo')}
            data={REASSIGN_TARGETS.map((r) => ({ value: r, label: t(`slaEditor.reassignTargets.${r}`) }))}
            value={esc.reassignTo}
            onChange={(e) => setE({ reassignTo: e.currentTarget.value as SlaForm['escalation']['reassignTo'] })}
            disabled={readOnly}
            data-testid="sla-escalation-reassignTo"
          />
        </SimpleGrid>
      </Section>

      {canEdit && (
        <Paper
          withBorder
          radius="md"
          p="md"
          shadow={dirty ? 'sm' : undefined}
          style={dirty ? { position: 'sticky', bottom: 'var(--mantine-spacing-md)', zIndex: 2 } : undefined}
          data-testid="sla-save-bar"
        >
          <UnsavedChangesGuard when={dirty && !save.isPending} />
          <Stack gap="sm">
            {conflict ? (
              <Alert color="orange" role="alert" data-testid="sla-conflict">
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">{t('slaEditor.conflict')}</Text>
                  <Button
                    size="xs"
                    variant="light"
                    color="orange"
                    onClick={() => {
                      discard();
                      reload();
                    }}
                    data-testid="sla-conflict-reload"
                  >
                    {t('slaEditor.reload')}
                  </Button>
                </Stack>
              </Alert>
            ) : (
              <FormErrorAlert error={save.error} knownFields={knownFields} />
            )}
            {attempted && Object.keys(localErrors).length + Object.keys(calendarErrors).length > 0 && (
              <Text size="sm" c="red" data-testid="sla-local-errors">
                {t('slaEditor.fixErrors')}
              </Text>
            )}
            <Group justify="space-between">
              <Text size="sm" c="dimmed" data-testid="sla-dirty" data-dirty={dirty ? 'true' : 'false'}>
                {dirty
                  ? calendarChanged
                    ? t('slaEditor.unsavedWithCalendar')
                    : t('slaEditor.unsaved')
                  : t('slaEditor.noChanges', { version: format.number(sla.currentVersion) })}
              </Text>
              <Group gap="sm">
                <Button
                  variant="default"
                  onClick={discard}
                  disabled={!dirty || save.isPending}
                  data-testid="sla-discard"
                >
                  {t('slaEditor.discard')}
                </Button>
                <Button onClick={submit} loading={save.isPending} disabled={!dirty} data-testid="sla-save">
                  {t('slaEditor.save')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </Paper>
      )}

      <VersionHistory slaId={sla.id} />
    </Stack>
  );
}

function VersionHistory({ slaId }: { slaId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const versions = useSlaVersions(slaId);
  const [shown, setShown] = useState<number | null>(null);
  return (
    <Section title={t('slaEditor.history.title')} testId="sla-history">
      {versions.isPending ? (
        <LoadingBlock />
      ) : versions.isError ? (
        <ErrorBlock error={versions.error} />
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('slaEditor.history.version')}</Table.Th>
              <Table.Th>{t('slaEditor.name')}</Table.Th>
              <Table.Th>{t('slaEditor.history.savedAt')}</Table.Th>
              <Table.Th>{t('slaEditor.history.savedBy')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.data.items.map((v) => (
              <Table.Tr key={v.version} data-testid="sla-history-row" data-version={v.version}>
                <Table.Td>{format.number(v.version)}</Table.Td>
                <Table.Td dir="auto">{v.name}</Table.Td>
                <Table.Td>{format.dateTime(v.createdAt)}</Table.Td>
                <Table.Td>{v.createdBy?.name ?? t('common.none')}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" onClick={() => setShown(v.version)} data-testid="sla-history-view">
                    {t('slaEditor.history.view')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {shown !== null && <VersionModal slaId={slaId} version={shown} onClose={() => setShown(null)} />}
    </Section>
  );
}

/** One saved version as the API keeps it: the document and the calendar copy its clocks use. */
function VersionModal({ slaId, version, onClose }: { slaId: string; version: number; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useSlaVersion(slaId, version);
  return (
    <Modal opened onClose={onClose} size="xl" title={t('slaEditor.version', { version: format.number(version) })}>
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorBlock error={query.error} />
      ) : (
        <Stack gap="xs" data-testid="sla-version-view">
          <Text size="sm" fw={500}>
            {t('slaEditor.history.document')}
          </Text>
          <Code block dir="ltr">
            {JSON.stringify(query.data.document, null, 2)}
          </Code>
          <Text size="sm" fw={500}>
            {t('slaEditor.history.calendar')}
          </Text>
          <Code block dir="ltr">
            {JSON.stringify(query.data.calendarSnapshot)}
          </Code>
        </Stack>
      )}
    </Modal>
  );
}
