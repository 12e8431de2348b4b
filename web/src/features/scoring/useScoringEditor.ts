import type { TFunction } from 'i18next';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { isApiError } from '../../api/client.js';
import { canEditScoring, useSaveScoringSettings, useScoringSettings } from '../../api/scoring.js';
import { normalizeField } from '../../components/errors.js';
import { notifySuccess } from '../../components/notify.js';
import { translateServerMessage } from '../../components/serverMessages.js';
import { useRevealFirstError } from '../../components/useRevealFirstError.js';
import { useFormat } from '../../i18n/useFormat.js';
import { describeChanges, settingsForm, toDocument, type LocalError, type SettingsForm } from './scoringForm.js';

/** The API's messages for scoring settings, in the UI language; others as the common translations have them. */
export function scoringMessage(message: string, t: TFunction): string {
  if (/^another persona has this id/i.test(message)) return t('scoring.serverErrors.duplicatePersonaId');
  if (/^another persona has this name/i.test(message)) return t('scoring.serverErrors.duplicatePersonaName');
  if (/^another (note|rule) has this id/i.test(message)) return t('scoring.serverErrors.duplicateId');
  if (/^unknown field "/i.test(message)) return t('scoring.serverErrors.unknownField');
  if (/^give a minimum, a maximum or both/i.test(message)) return t('scoring.serverErrors.rangeBounds');
  if (/^the maximum must not be below the minimum/i.test(message)) return t('scoring.serverErrors.rangeOrder');
  if (/^thresholds must satisfy a >= b >= c/i.test(message)) return t('scoring.serverErrors.gradeOrder');
  if (/^qualified engagement must be at least warm/i.test(message)) return t('scoring.serverErrors.engagementOrder');
  if (/^use a date as yyyy-mm-dd/i.test(message)) return t('scoring.serverErrors.date');
  if (/^use letters, digits, - or _ in ids/i.test(message)) return t('scoring.serverErrors.id');
  if (/ is not a known seniority: /i.test(message)) return t('scoring.serverErrors.unknownSeniority');
  return translateServerMessage(message, t);
}

/** A local check's message, in the UI language, with the bounds in its digits. */
export function localMessage(error: LocalError, t: TFunction, number: (n: number) => string): string {
  if (error === 'required') return t('common.required');
  if (error === 'number') return t('common.notANumber');
  switch (error.kind) {
    case 'range':
      return t('validation.between', { min: number(error.min), max: number(error.max) });
    case 'atLeast':
      return t('validation.atLeast', { min: number(error.min) });
    case 'tooLong':
      return t('validation.maxLength', { max: number(error.max) });
  }
}

export type ErrorMap = Record<string, string>;

/** The error for an input at `path`, or for something inside it (`values.2` under `values`). */
export function errorAt(errors: ErrorMap, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const prefix = `${path}.`;
  const key = Object.keys(errors).find((k) => k.startsWith(prefix));
  return key ? errors[key] : undefined;
}

/** The first input on the page marked invalid (by the page's own checks or by the server). */
const firstInvalidInput = () => document.querySelector<HTMLElement>('main [aria-invalid="true"]');

/**
 * One scoring settings page's state: the saved document, the draft being edited, what a save would change,
 * and errors by path (local checks first, then the server's). Each page saves the whole document.
 */
export function useScoringEditor() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const canEdit = canEditScoring(user.role);
  const query = useScoringSettings();
  const save = useSaveScoringSettings();
  const saved = query.data?.settings;
  const base = useMemo(() => (saved ? settingsForm(saved) : null), [saved]);
  const [draft, setDraft] = useState<SettingsForm | null>(null);
  const [local, setLocal] = useState<Record<string, LocalError>>({});
  const form = draft ?? base;
  const showFirstError = useRevealFirstError(firstInvalidInput);

  const update = useCallback(
    (change: (form: SettingsForm) => SettingsForm, options: { structural?: boolean } = {}) => {
      if (!base) return;
      setDraft((previous) => change(previous ?? base));
      // Errors name positions; after an add, remove or move they would point at the wrong item.
      if (options.structural) {
        setLocal({});
        save.reset();
      }
    },
    [base, save],
  );

  const changes = useMemo(
    () => (form && saved && draft ? describeChanges(saved, toDocument(form).document) : []),
    [form, saved, draft],
  );

  const errors = useMemo(() => {
    const map: ErrorMap = {};
    if (isApiError(save.error)) {
      for (const e of save.error.errors) {
        const field = normalizeField(e.field);
        if (!(field in map)) map[field] = scoringMessage(e.message, t);
      }
    }
    for (const [path, error] of Object.entries(local)) map[path] = localMessage(error, t, format.number);
    return map;
  }, [save.error, local, t, format.number]);

  const submit = () => {
    if (!form) return;
    const { document, errors: found } = toDocument(form);
    setLocal(found);
    if (Object.keys(found).length > 0) {
      showFirstError();
      return;
    }
    save.mutate(
      { settings: document, version: query.data?.version ?? 0 },
      {
        onSuccess: (result) => {
          setDraft(null);
          notifySuccess(t('scoring.save.saved', { version: result.version }));
        },
        onError: showFirstError,
      },
    );
  };

  const discard = () => {
    setDraft(null);
    setLocal({});
    save.reset();
  };

  return {
    query,
    form,
    version: query.data?.version ?? 0,
    canEdit,
    update,
    changes,
    errors,
    serverError: save.error,
    /** Someone else saved a newer version since this page loaded it. */
    conflict: isApiError(save.error) && save.error.code === 'scoring.version_conflict',
    /** Throws the draft away and loads the current version (after a conflict). */
    reload: () => {
      discard();
      void query.refetch();
    },
    saving: save.isPending,
    submit,
    discard,
  };
}

export type ScoringEditor = ReturnType<typeof useScoringEditor>;
