import {
  Alert,
  Box,
  Button,
  Checkbox,
  Grid,
  Group,
  List,
  Modal,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client.js';
import { useCreateForm, useUpdateForm, type Form, type FormLocale } from '../../api/forms.js';
import { errorMessage } from '../../components/errors.js';
import { useUnsavedChangesBlocker } from '../../components/UnsavedChangesGuard.js';
import { notifySuccess } from '../../components/notify.js';
import { translateServerMessage } from '../../components/serverMessages.js';
import { useRevealFirstError } from '../../components/useRevealFirstError.js';
import { LOCALES } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useLocale } from '../../i18n/useLocale.js';
import { carriedByPosition, fieldUidsWithErrors, toggled, withOpened } from './fieldCards.js';
import { FieldEditor } from './FieldEditor.js';
import {
  addField,
  companyFieldsWithoutName,
  createFormInput,
  emptyField,
  emptyFormValues,
  formValues,
  LIMITS,
  moveField,
  patchFormInput,
  placeServerErrors,
  problemFieldErrors,
  removeField,
  SENIORITY_OPTIONS,
  switchLocale,
  toFormInput,
  updateField,
  validateForm,
  type FieldValues,
  type FormBuilderValues,
  type Issue,
  type ServerFieldError,
  type ThankYouKind,
} from './formBuilder.js';
import { FormPreview } from './FormPreview.js';
import { useFormDefaults } from './useFormDefaults.js';

interface ServerErrors {
  error: unknown;
  placed: Record<string, string>;
  unplaced: ServerFieldError[];
}

/** The error path a top-level member's errors are reported under. */
const MEMBER_PATH: Partial<Record<keyof FormBuilderValues, string>> = {
  name: 'name',
  locale: 'locale',
  consentEnabled: 'consent',
  consentText: 'consent',
  consentRequired: 'consent',
  submitLabel: 'submitLabel',
  thankYouKind: 'thankYou',
  thankYouMessage: 'thankYou',
  thankYouUrl: 'thankYou',
  campaign: 'campaign',
  source: 'source',
};

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="lg" data-testid={testId}>
      <Title order={4} mb="md">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/** Inputs that take no edits while the form is read-only or being saved. */
function Locked({ locked, children }: { locked: boolean; children: ReactNode }) {
  return (
    <fieldset disabled={locked} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      {children}
    </fieldset>
  );
}

function sameInput(a: FormBuilderValues, b: FormBuilderValues): boolean {
  return JSON.stringify(toFormInput(a)) === JSON.stringify(toFormInput(b));
}

interface Props {
  /** The saved form; absent while creating one. */
  form?: Form;
  editable: boolean;
}

/** The builder: every setting of the form on the start side, the visitor's view of it on the end side. */
export function FormEditor({ form, editable }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { locale: uiLocale } = useLocale();
  const defaultsFor = useFormDefaults();
  const [initial, setInitial] = useState<FormBuilderValues>(() =>
    form ? formValues(form) : emptyFormValues(uiLocale, defaultsFor(uiLocale)),
  );
  const [values, setValues] = useState<FormBuilderValues>(initial);
  // Open field cards, by uid: a saved form's fields start closed (one line each), a new form's and added ones open.
  const [open, setOpen] = useState<ReadonlySet<string>>(() =>
    form ? new Set() : new Set(initial.fields.map((f) => f.uid)),
  );
  const [showIssues, setShowIssues] = useState(false);
  const [server, setServer] = useState<ServerErrors | null>(null);
  const create = useCreateForm();
  const update = useUpdateForm(form?.id ?? '');
  const saving = create.isPending || update.isPending;
  const rootRef = useRef<HTMLDivElement>(null);
  const leaving = useRef(false);

  const issues = useMemo(() => validateForm(values), [values]);
  const fieldUids = values.fields.map((f) => f.uid);
  // Fields with an error on show: their closed card is marked, and a refused save opens them.
  const erroneous = new Set(
    fieldUidsWithErrors([...(showIssues ? Object.keys(issues) : []), ...Object.keys(server?.placed ?? {})], fieldUids),
  );
  const locked = !editable || saving;
  const dirty = !sameInput(initial, values);

  const issueText = useCallback(
    (issue: Issue) =>
      t(`forms.validation.${issue.code}`, {
        max: issue.max === undefined ? '' : format.number(issue.max),
        type: issue.type ? t(`forms.types.${issue.type}`) : '',
        values: SENIORITY_OPTIONS.join(', '),
        key: issue.key ?? '',
      }),
    [t, format],
  );
  const errorAt = (path: string): string | undefined => {
    const issue = showIssues ? issues[path] : undefined;
    if (issue) return issueText(issue);
    const message = server?.placed[path];
    return message === undefined ? undefined : translateServerMessage(message, t);
  };

  /** Editing an input retires what the server said about it. */
  const dropServerErrors = (matches: (path: string) => boolean) => {
    setServer((previous) => {
      if (!previous || !Object.keys(previous.placed).some(matches)) return previous;
      const placed = Object.fromEntries(Object.entries(previous.placed).filter(([path]) => !matches(path)));
      return { ...previous, placed };
    });
  };

  const set = <K extends keyof FormBuilderValues>(key: K, value: FormBuilderValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
    const path = MEMBER_PATH[key];
    if (path) dropServerErrors((p) => p === path || p.startsWith(`${path}.`));
  };

  const changeFields = (change: (fields: readonly FieldValues[]) => FieldValues[], uid?: string) => {
    setValues((previous) => ({ ...previous, fields: change(previous.fields) }));
    // The list-wide complaint (e.g. nothing mapped to email or phone) and the changed field's own go away.
    dropServerErrors(
      (p) => p === 'fields' || (uid !== undefined && (p === `fields.${uid}` || p.startsWith(`fields.${uid}.`))),
    );
  };

  const changeLocale = (next: FormLocale) => {
    setValues((previous) => switchLocale(previous, next, defaultsFor(previous.locale), defaultsFor(next)));
    dropServerErrors((p) => p === 'locale');
  };

  // Unsaved changes: ask before leaving the page, inside the app or out of it.
  const blocker = useUnsavedChangesBlocker(editable && dirty, { unless: () => leaving.current });

  // The first input (or field card) that says what is wrong, else the alert that lists it.
  const focusFirstError = useRevealFirstError(
    () =>
      rootRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-form-error]') ??
      rootRef.current?.querySelector<HTMLElement>('[role="alert"]'),
  );

  const onServerError = (sent: readonly FieldValues[]) => (error: unknown) => {
    const fieldErrors = problemFieldErrors(isApiError(error) ? error.problem : null);
    const { placed, unplaced } = placeServerErrors(
      fieldErrors,
      sent.map((f) => f.uid),
      sent,
    );
    setServer({ error, placed, unplaced });
    // A closed card has no inputs: open those the server complains about, so that the first one gets the focus.
    setOpen((previous) =>
      withOpened(
        previous,
        fieldUidsWithErrors(
          Object.keys(placed),
          sent.map((f) => f.uid),
        ),
      ),
    );
    focusFirstError();
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!editable || saving) return;
    setShowIssues(true);
    setServer(null);
    if (Object.keys(issues).length > 0) {
      setOpen((previous) => withOpened(previous, fieldUidsWithErrors(Object.keys(issues), fieldUids)));
      focusFirstError();
      return;
    }
    const sent = values.fields;
    if (!form) {
      create.mutate(createFormInput(values), {
        onSuccess: (saved) => {
          notifySuccess(t('forms.created'));
          leaving.current = true;
          void navigate(`/marketing/forms/${encodeURIComponent(saved.id)}`, { replace: true });
        },
        onError: onServerError(sent),
      });
      return;
    }
    const patch = patchFormInput(initial, values);
    if (Object.keys(patch).length === 0) {
      notifySuccess(t('common.noChanges'));
      return;
    }
    update.mutate(patch, {
      onSuccess: (saved) => {
        const next = formValues(saved);
        setInitial(next);
        setValues(next);
        // The saved fields come back with new uids: the cards that were open stay open.
        setOpen((previous) =>
          carriedByPosition(
            previous,
            sent.map((f) => f.uid),
            next.fields.map((f) => f.uid),
          ),
        );
        setShowIssues(false);
        notifySuccess(t('forms.saved'));
      },
      onError: onServerError(sent),
    });
  };

  const fieldsError = errorAt('fields');
  const hasIssues = showIssues && Object.keys(issues).length > 0;

  return (
    <Box ref={rootRef}>
      <form onSubmit={save} noValidate data-testid="form-builder">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="lg">
              {hasIssues && (
                <Alert color="red" role="alert" data-testid="form-issues">
                  {t('errors.validation')}
                </Alert>
              )}
              {server && (
                <Alert color="red" role="alert" data-testid="form-error">
                  <Text size="sm">{errorMessage(server.error, t)}</Text>
                  {server.unplaced.length > 0 && (
                    <List size="sm" mt="xs">
                      {server.unplaced.map((e) => (
                        <List.Item key={`${e.path}:${e.message}`}>
                          {t('errors.otherFields', { field: e.path, message: translateServerMessage(e.message, t) })}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </Alert>
              )}
              <Locked locked={locked}>
                <Section title={t('forms.sections.basics')}>
                  <TextInput
                    label={t('forms.name')}
                    description={t('forms.nameHint')}
                    required
                    dir="auto"
                    autoComplete="off"
                    value={values.name}
                    onChange={(event) => set('name', event.currentTarget.value)}
                    error={errorAt('name')}
                    data-testid="form-name"
                  />
                  <NativeSelect
                    label={t('forms.locale')}
                    description={t('forms.localeHint')}
                    data={LOCALES.map((value) => ({ value, label: t(`lang.${value}`) }))}
                    value={values.locale}
                    onChange={(event) => changeLocale(event.currentTarget.value as FormLocale)}
                    error={errorAt('locale')}
                    data-testid="form-locale"
                  />
                </Section>
              </Locked>

              <Section title={t('forms.sections.fields')} testId="form-fields">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text size="sm" c="dimmed">
                    {t('forms.fieldsHint')}
                  </Text>
                  {values.fields.length > 0 && (
                    <Group gap={4} wrap="nowrap">
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        disabled={fieldUids.every((uid) => open.has(uid))}
                        onClick={() => setOpen((previous) => withOpened(previous, fieldUids))}
                        data-testid="form-fields-expand-all"
                      >
                        {t('forms.expandAll')}
                      </Button>
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        disabled={!fieldUids.some((uid) => open.has(uid))}
                        // A card with an error on show stays open: closing it would hide what to fix.
                        onClick={() => setOpen(new Set(fieldUids.filter((uid) => erroneous.has(uid))))}
                        data-testid="form-fields-collapse-all"
                      >
                        {t('forms.collapseAll')}
                      </Button>
                    </Group>
                  )}
                </Group>
                {fieldsError && (
                  <Text c="red" size="sm" role="alert" data-form-error tabIndex={-1} data-testid="form-fields-error">
                    {fieldsError}
                  </Text>
                )}
                {values.fields.map((field, index) => (
                  <FieldEditor
                    key={field.uid}
                    field={field}
                    index={index}
                    count={values.fields.length}
                    formLocale={values.locale}
                    expanded={open.has(field.uid)}
                    onToggle={() => setOpen((previous) => toggled(previous, field.uid))}
                    locked={locked}
                    hasError={erroneous.has(field.uid)}
                    errorAt={(member) => errorAt(member ? `fields.${field.uid}.${member}` : `fields.${field.uid}`)}
                    onChange={(patch) => changeFields((fields) => updateField(fields, field.uid, patch), field.uid)}
                    onMove={(by) => changeFields((fields) => moveField(fields, field.uid, by))}
                    onRemove={() => changeFields((fields) => removeField(fields, field.uid), field.uid)}
                  />
                ))}
                {companyFieldsWithoutName(values.fields) && (
                  // A warning, not an error: the form saves and works, but the company answers stay on the
                  // submission (the server matches a company by its name only).
                  <Alert color="yellow" data-testid="form-company-without-name">
                    <Text size="sm">{t('forms.companyWithoutName')}</Text>
                  </Alert>
                )}
                <Group>
                  <Button
                    variant="light"
                    onClick={() => {
                      // A new field opens, ready to be filled in.
                      const added = emptyField();
                      changeFields((fields) => addField(fields, added));
                      setOpen((previous) => withOpened(previous, [added.uid]));
                    }}
                    disabled={locked || values.fields.length >= LIMITS.fields}
                    data-testid="form-add-field"
                  >
                    {t('forms.addField')}
                  </Button>
                </Group>
              </Section>

              <Locked locked={locked}>
                <Stack gap="lg">
                  <Section title={t('forms.sections.consent')}>
                    <Switch
                      label={t('forms.consent.enabled')}
                      description={t('forms.consent.enabledHint')}
                      checked={values.consentEnabled}
                      onChange={(event) => set('consentEnabled', event.currentTarget.checked)}
                      error={errorAt('consent')}
                      data-testid="form-consent-enabled"
                    />
                    {values.consentEnabled && (
                      <>
                        <Textarea
                          label={t('forms.consent.text')}
                          required
                          dir="auto"
                          autosize
                          minRows={2}
                          value={values.consentText}
                          onChange={(event) => set('consentText', event.currentTarget.value)}
                          error={errorAt('consent.text')}
                          data-testid="form-consent-text"
                        />
                        <Checkbox
                          label={t('forms.consent.required')}
                          checked={values.consentRequired}
                          onChange={(event) => set('consentRequired', event.currentTarget.checked)}
                          error={errorAt('consent.required')}
                          data-testid="form-consent-required"
                        />
                      </>
                    )}
                  </Section>

                  <Section title={t('forms.sections.after')}>
                    <TextInput
                      label={t('forms.submitLabel')}
                      required
                      dir="auto"
                      autoComplete="off"
                      value={values.submitLabel}
                      onChange={(event) => set('submitLabel', event.currentTarget.value)}
                      error={errorAt('submitLabel')}
                      data-testid="form-submit-label"
                    />
                    <Radio.Group
                      label={t('forms.thankYou.kind')}
                      value={values.thankYouKind}
                      onChange={(value) => set('thankYouKind', value as ThankYouKind)}
                      error={errorAt('thankYou') ?? errorAt('thankYou.kind')}
                    >
                      <Group mt="xs">
                        <Radio
                          value="message"
                          label={t('forms.thankYou.message')}
                          data-testid="form-thankyou-kind-message"
                        />
                        <Radio
                          value="redirect"
                          label={t('forms.thankYou.redirect')}
                          data-testid="form-thankyou-kind-redirect"
                        />
                      </Group>
                    </Radio.Group>
                    {values.thankYouKind === 'message' ? (
                      <Textarea
                        label={t('forms.thankYou.messageLabel')}
                        required
                        dir="auto"
                        autosize
                        minRows={2}
                        value={values.thankYouMessage}
                        onChange={(event) => set('thankYouMessage', event.currentTarget.value)}
                        error={errorAt('thankYou.message')}
                        data-testid="form-thankyou-message"
                      />
                    ) : (
                      <TextInput
                        label={t('forms.thankYou.urlLabel')}
                        placeholder="https://example.com/thanks"
                        required
                        type="url"
                        dir="ltr"
                        autoComplete="off"
                        value={values.thankYouUrl}
                        onChange={(event) => set('thankYouUrl', event.currentTarget.value)}
                        error={errorAt('thankYou.url')}
                        data-testid="form-thankyou-url"
                      />
                    )}
                  </Section>

                  <Section title={t('forms.sections.attribution')}>
                    <TextInput
                      label={t('forms.campaign')}
                      description={t('forms.campaignHint')}
                      dir="auto"
                      autoComplete="off"
                      value={values.campaign}
                      onChange={(event) => set('campaign', event.currentTarget.value)}
                      error={errorAt('campaign')}
                      data-testid="form-campaign"
                    />
                    <TextInput
                      label={t('forms.source')}
                      description={t('forms.sourceHint')}
                      dir="auto"
                      autoComplete="off"
                      value={values.source}
                      onChange={(event) => set('source', event.currentTarget.value)}
                      error={errorAt('source')}
                      data-testid="form-source"
                    />
                  </Section>
                </Stack>
              </Locked>
            </Stack>
            {editable && (
              <Group justify="flex-end" mt="lg" gap="sm">
                {dirty && (
                  <Text size="sm" c="dimmed" data-testid="form-dirty">
                    {t('forms.unsaved')}
                  </Text>
                )}
                {form ? (
                  dirty && (
                    <Button
                      variant="default"
                      disabled={saving}
                      onClick={() => {
                        setValues(initial);
                        setShowIssues(false);
                        setServer(null);
                      }}
                      data-testid="form-discard"
                    >
                      {t('forms.discard')}
                    </Button>
                  )
                ) : (
                  <Button
                    variant="default"
                    disabled={saving}
                    onClick={() => void navigate('/marketing/forms')}
                    data-testid="form-cancel"
                  >
                    {t('common.cancel')}
                  </Button>
                )}
                <Button type="submit" loading={saving} data-testid="form-save">
                  {form ? t('common.saveChanges') : t('forms.create')}
                </Button>
              </Group>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Box style={{ position: 'sticky', top: 72 }}>
              <FormPreview values={values} />
            </Box>
          </Grid.Col>
        </Grid>
      </form>
      <Modal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        title={t('forms.leave.title')}
        centered
      >
        <Stack>
          <Text size="sm">{t('forms.leave.body')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()} data-testid="form-leave-stay">
              {t('forms.leave.stay')}
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()} data-testid="form-leave-confirm">
              {t('forms.leave.leave')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Box>
  );
}
