import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { useSaveSla, useSlas, type Calendar, type Sla } from '../../api/sla.js';
import { normalizeField } from '../../components/errors.js';
import { notifySuccess } from '../../components/notify.js';
import { translateServerMessage } from '../../components/serverMessages.js';
import { useFormat, type Formatters } from '../../i18n/useFormat.js';
import {
  calendarToForm,
  formToCalendar,
  validateCalendar,
  type CalendarErrorCode,
  type CalendarForm,
} from './calendarForm.js';
import { formPath, slaToForm, toDocument, type SlaFieldError, type SlaForm } from './slaForm.js';

/** Paths of API field errors the page shows next to an input (others are listed in the save bar). */
const SHOWN_PATHS =
  /^(name|calendarId|marketing\.(qualifiedLeads|acceptanceRateFloor|perTeam\.\d+\.(teamId|qualifiedLeads)|perSegment\.\d+\.(name|field|values|qualifiedLeads))|sales\.(firstTouch\.(otherwiseMinutes|rules\.\d+(\.minutes)?)|attempts\.(count|withinBusinessDays)|decisionWithinBusinessHours|outcomeWithinDays)|escalation\.(remindAtShare|reassignAfterMinutes)|calendar\.(timeZone|week(\.\w+\.\d+(\.[01])?)?|holidays\.\d+))$/;

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

/**
 * The editor's state: the SLA form and the calendar form as drafts over the saved versions, their
 * errors (local and from the API), and saving. A save makes a new version of the SLA (and of the
 * calendar when it changed).
 */
export function useSlaEditor(sla: Sla, calendars: Calendar[]) {
  const { t } = useTranslation();
  const format = useFormat();
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
  const setCalForm = (next: CalendarForm) => setCalDraft({ calendarId: form.calendarId, form: next });

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

  const setGeneral = (change: Partial<Pick<SlaForm, 'name' | 'calendarId'>>) => update((f) => ({ ...f, ...change }));
  const setMarketing = (change: Partial<SlaForm['marketing']>) =>
    update((f) => ({ ...f, marketing: { ...f.marketing, ...change } }));
  const setSales = (change: Partial<SlaForm['sales']>) => update((f) => ({ ...f, sales: { ...f.sales, ...change } }));
  const setEscalation = (change: Partial<SlaForm['escalation']>) =>
    update((f) => ({ ...f, escalation: { ...f.escalation, ...change } }));
  const knownFields = isApiError(save.error)
    ? save.error.errors.map((e) => normalizeField(e.field)).filter((f) => SHOWN_PATHS.test(formPath(f)))
    : [];

  return {
    form,
    setGeneral,
    setMarketing,
    setSales,
    setEscalation,
    calendar,
    calForm,
    setCalForm,
    sharedWith,
    document,
    calendarDefinition,
    calendarChanged,
    dirty,
    conflict,
    errors,
    calErrors,
    /** Whether a save was tried while the forms have errors of their own. */
    hasLocalErrors: attempted && Object.keys(localErrors).length + Object.keys(calendarErrors).length > 0,
    knownFields,
    save,
    submit,
    discard,
  };
}
