import { ActionIcon, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FORM_ACCOUNT_TARGETS, FORM_CONTACT_TARGETS, FORM_FIELD_TYPES, type FormFieldType } from '../../api/forms.js';
import { useFormat } from '../../i18n/useFormat.js';
import type { FieldValues, MapKind } from './formBuilder.js';
import { targetLabelKey } from './labels.js';

interface Props {
  field: FieldValues;
  index: number;
  count: number;
  /** The error shown at `fields.<uid>.<member>` (or at the whole field when member is omitted). */
  errorAt: (member?: string) => string | undefined;
  onChange: (patch: Partial<Omit<FieldValues, 'uid'>>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One field of the form: what the visitor sees (label, type, options) and where the answer goes (mapping). */
export function FieldEditor({ field, index, count, errorAt, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = (name: string) => `form-field-${index}-${name}`;
  const position = format.number(index + 1);

  const mappingData = [
    {
      group: t('forms.mapping.contact'),
      items: FORM_CONTACT_TARGETS.map((value) => ({ value, label: t(targetLabelKey(value)) })),
    },
    {
      group: t('forms.mapping.account'),
      items: FORM_ACCOUNT_TARGETS.map((value) => ({ value, label: t(targetLabelKey(value)) })),
    },
    {
      group: t('forms.mapping.other'),
      items: [
        { value: 'custom', label: t('forms.mapping.custom') },
        { value: 'none', label: t('forms.mapping.none') },
      ],
    },
  ];

  const fieldError = errorAt();

  return (
    <Paper withBorder radius="md" p="md" data-testid={`form-field-${index}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600} size="sm">
          {t('forms.field.title', { n: position })}
          {field.label.trim() && (
            <Text span c="dimmed" fw={400} inherit>
              {' · '}
              <bdi>{field.label.trim()}</bdi>
            </Text>
          )}
        </Text>
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={t('forms.field.moveUp', { n: position })}
            data-testid={id('up')}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="default"
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={t('forms.field.moveDown', { n: position })}
            data-testid={id('down')}
          >
            ↓
          </ActionIcon>
          <ActionIcon
            variant="light"
            color="red"
            onClick={onRemove}
            aria-label={t('forms.field.remove', { n: position })}
            data-testid={id('remove')}
          >
            ✕
          </ActionIcon>
        </Group>
      </Group>
      {fieldError && (
        <Text c="red" size="sm" mb="xs" role="alert" data-form-error tabIndex={-1} data-testid={id('error')}>
          {fieldError}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('forms.field.label')}
          required
          dir="auto"
          autoComplete="off"
          value={field.label}
          onChange={(event) => onChange({ label: event.currentTarget.value })}
          error={errorAt('label')}
          data-testid={id('label')}
        />
        <TextInput
          label={t('forms.field.key')}
          description={field.keyEdited ? t('forms.field.keyHint') : t('forms.field.keySuggested')}
          required
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          value={field.key}
          onChange={(event) => onChange({ key: event.currentTarget.value })}
          error={errorAt('key')}
          data-testid={id('key')}
        />
        <NativeSelect
          label={t('forms.field.type')}
          data={FORM_FIELD_TYPES.map((value) => ({ value, label: t(`forms.types.${value}`) }))}
          value={field.type}
          onChange={(event) => onChange({ type: event.currentTarget.value as FormFieldType })}
          error={errorAt('type')}
          data-testid={id('type')}
        />
        <NativeSelect
          label={t('forms.field.mapTo')}
          description={t('forms.field.mapToHint')}
          data={mappingData}
          value={field.mapKind}
          onChange={(event) => onChange({ mapKind: event.currentTarget.value as MapKind })}
          error={errorAt('mapTo')}
          data-testid={id('mapTo')}
        />
        {field.mapKind === 'custom' && (
          <TextInput
            label={t('forms.field.customKey')}
            description={t('forms.field.customKeyHint')}
            required
            dir="auto"
            autoComplete="off"
            spellCheck={false}
            value={field.customKey}
            onChange={(event) => onChange({ customKey: event.currentTarget.value })}
            error={errorAt('customKey')}
            data-testid={id('customKey')}
          />
        )}
        {field.type !== 'checkbox' && field.type !== 'select' && (
          <TextInput
            label={t('forms.field.placeholder')}
            dir="auto"
            autoComplete="off"
            value={field.placeholder}
            onChange={(event) => onChange({ placeholder: event.currentTarget.value })}
            error={errorAt('placeholder')}
            data-testid={id('placeholder')}
          />
        )}
      </SimpleGrid>
      {field.type === 'select' && (
        <Textarea
          mt="sm"
          label={t('forms.field.options')}
          description={t('forms.field.optionsHint')}
          required
          dir="auto"
          autosize
          minRows={3}
          maxRows={10}
          value={field.options}
          onChange={(event) => onChange({ options: event.currentTarget.value })}
          error={errorAt('options')}
          data-testid={id('options')}
        />
      )}
      <Checkbox
        mt="sm"
        label={t('forms.field.required')}
        checked={field.required}
        onChange={(event) => onChange({ required: event.currentTarget.checked })}
        error={errorAt('required')}
        data-testid={id('required')}
      />
    </Paper>
  );
}
