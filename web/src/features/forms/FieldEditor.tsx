import {
  ActionIcon,
  Badge,
  Box,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  FORM_ACCOUNT_TARGETS,
  FORM_CONTACT_TARGETS,
  FORM_FIELD_TYPES,
  type FormFieldType,
  type FormLocale,
} from '../../api/forms.js';
import { directionOf } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useLocale } from '../../i18n/useLocale.js';
import type { FieldValues, MapKind } from './formBuilder.js';
import { targetLabelKey } from './labels.js';

interface Props {
  field: FieldValues;
  index: number;
  count: number;
  /** The form's language: the label is written in it. */
  formLocale: FormLocale;
  /** Open: every setting shown; closed: one line that says what the field is. */
  expanded: boolean;
  onToggle: () => void;
  /** Read-only (another role) or being saved: nothing can change, but the card still opens and closes. */
  locked: boolean;
  /** Some input of the field shows an error (marked on the closed card). */
  hasError: boolean;
  /** The error shown at `fields.<uid>.<member>` (or at the whole field when member is omitted). */
  errorAt: (member?: string) => string | undefined;
  onChange: (patch: Partial<Omit<FieldValues, 'uid'>>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/**
 * One field of the form: what the visitor sees (label, type, options) and where the answer goes (mapping). Closed,
 * it is a line that names the field, its type, whether it is required and where it is saved; the buttons that move
 * and remove it work in both states.
 */
export function FieldEditor({
  field,
  index,
  count,
  formLocale,
  expanded,
  onToggle,
  locked,
  hasError,
  errorAt,
  onChange,
  onMove,
  onRemove,
}: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const { locale: uiLocale } = useLocale();
  const id = (name: string) => `form-field-${index}-${name}`;
  const bodyId = `form-field-${field.uid}-settings`;
  const position = format.number(index + 1);
  const label = field.label.trim();
  // The chevron points along the reading direction when closed, down when open.
  const chevronTurn = expanded ? 90 : directionOf(uiLocale) === 'rtl' ? 180 : 0;

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

  const mapping =
    field.mapKind === 'none' ? (
      t('forms.field.summaryNotMapped')
    ) : field.mapKind === 'custom' ? (
      <>
        {t('forms.field.summaryCustom')} <bdi>{field.customKey.trim()}</bdi>
      </>
    ) : (
      t(targetLabelKey(field.mapKind))
    );

  const fieldError = errorAt();

  return (
    <Paper
      withBorder
      radius="md"
      p={expanded ? 'md' : 'xs'}
      data-testid={`form-field-${index}`}
      data-expanded={expanded}
      style={hasError && !expanded ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <UnstyledButton
          type="button"
          onClick={onToggle}
          aria-expanded={expanded}
          aria-controls={bodyId}
          data-testid={id('toggle')}
          style={{ flex: '1 1 auto', minWidth: 0, borderRadius: 'var(--mantine-radius-sm)' }}
        >
          <Group gap="xs" wrap="nowrap">
            <svg
              width="14"
              height="14"
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.5"
              aria-hidden
              style={{
                flexShrink: 0,
                color: 'var(--mantine-color-dimmed)',
                transform: `rotate(${chevronTurn}deg)`,
                transition: 'transform 120ms',
              }}
              data-testid={id('chevron')}
            >
              <path d="M9 6l6 6-6 6" />
            </svg>
            <Text span fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
              {t('forms.field.title', { n: position })}
            </Text>
            <Text
              span
              size="sm"
              truncate="end"
              lang={formLocale}
              dir="auto"
              c={label ? undefined : 'dimmed'}
              fs={label ? undefined : 'italic'}
              style={{ flex: '0 1 auto', minWidth: '3rem' }}
              data-testid={id('summary-label')}
            >
              {label || t('forms.field.noLabel')}
            </Text>
            <Text
              span
              size="xs"
              c="dimmed"
              truncate="end"
              style={{ flex: '1 1 0', minWidth: 0 }}
              data-testid={id('summary')}
            >
              {t(`forms.types.${field.type}`)}
              {field.required && (
                <>
                  {' · '}
                  <Text span inherit c="red.7" fw={600} data-testid={id('summary-required')}>
                    {t('forms.field.required')}
                  </Text>
                </>
              )}
              {' · '}
              {mapping}
            </Text>
          </Group>
        </UnstyledButton>
        {hasError && !expanded && (
          <Badge color="red" variant="light" style={{ flexShrink: 0 }} data-testid={id('has-error')}>
            {t('forms.field.hasError')}
          </Badge>
        )}
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            onClick={() => onMove(-1)}
            disabled={locked || index === 0}
            aria-label={t('forms.field.moveUp', { n: position })}
            data-testid={id('up')}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="default"
            onClick={() => onMove(1)}
            disabled={locked || index === count - 1}
            aria-label={t('forms.field.moveDown', { n: position })}
            data-testid={id('down')}
          >
            ↓
          </ActionIcon>
          <ActionIcon
            variant="light"
            color="red"
            onClick={onRemove}
            disabled={locked}
            aria-label={t('forms.field.remove', { n: position })}
            data-testid={id('remove')}
          >
            ✕
          </ActionIcon>
        </Group>
      </Group>
      {fieldError && (
        <Text c="red" size="sm" mt="xs" role="alert" data-form-error tabIndex={-1} data-testid={id('error')}>
          {fieldError}
        </Text>
      )}
      <Box id={bodyId} hidden={!expanded} mt={expanded ? 'sm' : 0}>
        {expanded && (
          <fieldset disabled={locked} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
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
          </fieldset>
        )}
      </Box>
    </Paper>
  );
}
