import {
  Box,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf, normalizeLocale } from '../../i18n/format.js';
import { parseOptions, type FieldValues, type FormBuilderValues } from './formBuilder.js';

type Stage = 'form' | 'thanks';

function PreviewField({ field, untitled }: { field: FieldValues; untitled: string }) {
  const label = field.label.trim() || untitled;
  const placeholder = field.placeholder.trim() || undefined;
  const common = { label, required: field.required, name: field.key, 'data-testid': 'form-preview-field' };
  switch (field.type) {
    case 'textarea':
      return <Textarea {...common} placeholder={placeholder} autosize minRows={3} />;
    case 'select':
      // Like the embed script: an empty first choice, so that nothing is chosen for the visitor.
      return (
        <NativeSelect {...common} defaultValue="" data={[{ value: '', label: '' }, ...parseOptions(field.options)]} />
      );
    case 'checkbox':
      return <Checkbox label={label} required={field.required} name={field.key} data-testid="form-preview-field" />;
    case 'email':
    case 'tel':
      return <TextInput {...common} type={field.type} dir="ltr" placeholder={placeholder} />;
    case 'number':
      return <TextInput {...common} inputMode="decimal" dir="ltr" placeholder={placeholder} />;
    case 'text':
      return <TextInput {...common} placeholder={placeholder} />;
  }
}

/**
 * The form as a visitor sees it: in the form's language and direction, whatever the UI language is. Submitting
 * the preview shows what follows (the thank-you message, or where the visitor is sent); nothing is sent.
 */
export function FormPreview({ values }: { values: FormBuilderValues }) {
  const { t, i18n } = useTranslation();
  const visitor = useMemo(() => i18n.getFixedT(values.locale), [i18n, values.locale]);
  const [stage, setStage] = useState<Stage>('form');
  const uiLocale = normalizeLocale(i18n.resolvedLanguage ?? i18n.language) ?? 'en';

  return (
    <Paper withBorder radius="md" p="lg" data-testid="form-preview">
      <Group justify="space-between" mb={4} wrap="wrap">
        <Title order={4}>{t('forms.preview.title')}</Title>
        <SegmentedControl
          size="xs"
          value={stage}
          onChange={(value) => setStage(value as Stage)}
          data={[
            { value: 'form', label: t('forms.preview.form') },
            { value: 'thanks', label: t('forms.preview.thanks') },
          ]}
          data-testid="form-preview-stage"
        />
      </Group>
      <Text size="xs" c="dimmed" mb="md">
        {t('forms.preview.hint')}
      </Text>
      <Box
        dir={directionOf(values.locale)}
        lang={values.locale}
        p="md"
        data-testid="form-preview-body"
        style={{
          border: '1px dashed var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-md)',
          textAlign: 'start',
        }}
      >
        {stage === 'form' ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              setStage('thanks');
            }}
          >
            <Stack gap="sm">
              {values.name.trim() && (
                <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }} data-testid="form-preview-name">
                  {values.name.trim()}
                </Title>
              )}
              {values.fields.map((field) => (
                <PreviewField
                  key={`${field.uid}:${field.type}`}
                  field={field}
                  untitled={visitor('forms.preview.untitled')}
                />
              ))}
              {values.consentEnabled && (
                <Checkbox
                  label={<span style={{ whiteSpace: 'pre-wrap' }}>{values.consentText}</span>}
                  required={values.consentRequired}
                  data-testid="form-preview-consent"
                />
              )}
              <Group>
                <Button type="submit" data-testid="form-preview-submit">
                  {values.submitLabel.trim() || visitor('forms.defaults.submitLabel')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : values.thankYouKind === 'message' ? (
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="form-preview-thanks">
            {values.thankYouMessage}
          </Text>
        ) : (
          // Where the visitor goes is a note for the marketer, so it is in the UI language.
          <Text size="sm" c="dimmed" lang={uiLocale} dir={directionOf(uiLocale)} data-testid="form-preview-thanks">
            {t('forms.preview.redirect')}{' '}
            <bdi dir="ltr" style={{ overflowWrap: 'anywhere' }}>
              {values.thankYouUrl.trim() || t('common.none')}
            </bdi>
          </Text>
        )}
      </Box>
    </Paper>
  );
}
