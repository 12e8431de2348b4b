import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  Paper,
  Pill,
  Stack,
  TagsInput,
  Text,
  TextInput,
  type ComboboxItem,
  type OptionsFilter,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CRITERION_KINDS, type CriterionKind } from '../../api/scoring.js';
import { SENIORITIES } from '../../api/types.js';
import { fieldLabel } from '../../components/fieldLabels.js';
import {
  ACCOUNT_FIT_FIELDS,
  CONTACT_FIT_FIELDS,
  CUSTOM_PREFIX,
  emptyCriterion,
  type CriterionForm,
} from './scoringForm.js';
import { errorAt, type ErrorMap } from './useScoringEditor.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

const CUSTOM = '__custom__';

/** `icp.0` -> `icp-0`: test ids follow the document's paths. */
export const testIdOf = (path: string) => path.replace(/\./g, '-');

interface FieldPickerProps {
  value: string;
  onChange: (field: string) => void;
  error: string | undefined;
  readOnly: boolean;
  testId: string;
}

/** Contact fields, the company's fields, or a custom field by name. */
function FieldPicker({ value, onChange, error, readOnly, testId }: FieldPickerProps) {
  const { t } = useTranslation();
  const known =
    (CONTACT_FIT_FIELDS as readonly string[]).includes(value) ||
    (ACCOUNT_FIT_FIELDS as readonly string[]).includes(value);
  const custom = value.startsWith(CUSTOM_PREFIX);
  const data = [
    {
      group: t('scoring.criteria.groups.contact'),
      items: CONTACT_FIT_FIELDS.map((f) => ({ value: f, label: fieldLabel(f, t) })),
    },
    {
      group: t('scoring.criteria.groups.account'),
      items: ACCOUNT_FIT_FIELDS.map((f) => ({ value: f, label: fieldLabel(f.slice('account.'.length), t) })),
    },
    {
      group: t('scoring.criteria.groups.custom'),
      items: [
        { value: CUSTOM, label: t('scoring.criteria.customField') },
        // A field this version does not know (stored by an earlier one) stays visible instead of being replaced.
        ...(known || custom ? [] : [{ value, label: value }]),
      ],
    },
  ];
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <NativeSelect
        label={t('scoring.criteria.field')}
        data={data}
        value={custom ? CUSTOM : value}
        onChange={(e) => onChange(e.currentTarget.value === CUSTOM ? CUSTOM_PREFIX : e.currentTarget.value)}
        error={custom ? undefined : error}
        disabled={readOnly}
        w={190}
        data-testid={testId}
      />
      {custom && (
        <TextInput
          label={t('scoring.criteria.customName')}
          value={value.slice(CUSTOM_PREFIX.length)}
          onChange={(e) => onChange(`${CUSTOM_PREFIX}${e.currentTarget.value}`)}
          error={error}
          readOnly={readOnly}
          dir="auto"
          w={150}
          data-testid={`${testId}-custom`}
        />
      )}
    </Group>
  );
}

/** Whether a value is a seniority code, the only values a contact's seniority has. */
const isSeniority = (value: string) => (SENIORITIES as readonly string[]).includes(value);

/** Seniorities found by their label in the UI language or by their code. */
const seniorityFilter: OptionsFilter = ({ options, search }) => {
  const query = search.trim().toLocaleLowerCase();
  if (query === '') return options;
  return options.filter((o): o is ComboboxItem => {
    if (!('value' in o)) return false;
    return o.label.toLocaleLowerCase().includes(query) || o.value.toLocaleLowerCase().includes(query);
  });
};

interface SeniorityValuesProps {
  values: string[];
  onChange: (values: string[]) => void;
  error: string | undefined;
  readOnly: boolean;
  testId: string;
}

/**
 * "Seniority is one of": the known seniorities by their translated labels, stored as codes. A stored value
 * that is not a code (typed before, or saved through the API) stays visible and marked, never dropped quietly.
 */
function SeniorityValues({ values, onChange, error, readOnly, testId }: SeniorityValuesProps) {
  const { t } = useTranslation();
  const unknown = values.filter((v) => !isSeniority(v));
  return (
    <MultiSelect
      label={t('scoring.criteria.values')}
      placeholder={readOnly ? undefined : t('scoring.criteria.seniorityHint')}
      data={SENIORITIES.map((s) => ({ value: s, label: t(`seniority.${s}`) }))}
      value={values}
      onChange={onChange}
      searchable
      filter={seniorityFilter}
      selectFirstOptionOnChange
      error={
        error ??
        (unknown.length > 0
          ? t('scoring.criteria.unknownSeniorities', { values: unknown.join(t('common.listSeparator')) })
          : undefined)
      }
      readOnly={readOnly}
      renderPill={({ value, option, onRemove }) => {
        const item = value ?? '';
        const known = isSeniority(item);
        const label = known && option ? option.label : t('scoring.criteria.unknownSeniority', { value: item });
        return (
          <Pill
            withRemoveButton={!readOnly}
            onRemove={onRemove}
            c={known ? undefined : 'var(--mantine-color-error)'}
            removeButtonProps={{
              'aria-hidden': false,
              'aria-label': t('scoring.criteria.removeValue', { value: known && option ? option.label : item }),
            }}
          >
            {label}
          </Pill>
        );
      }}
      style={{ flex: '1 1 220px' }}
      data-testid={testId}
    />
  );
}

interface RowProps {
  value: CriterionForm;
  path: string;
  errors: ErrorMap;
  readOnly: boolean;
  onChange: (next: CriterionForm) => void;
  onRemove: () => void;
  position: number;
}

function CriterionRow({ value, path, errors, readOnly, onChange, onRemove, position }: RowProps) {
  const { t } = useTranslation();
  const id = testIdOf(path);
  const set = <K extends keyof CriterionForm>(key: K, v: CriterionForm[K]) => onChange({ ...value, [key]: v });
  return (
    <Paper withBorder radius="sm" p="sm" data-testid={`${id}-row`}>
      <Group gap="sm" align="flex-start" wrap="wrap">
        <FieldPicker
          value={value.field}
          onChange={(field) => set('field', field)}
          error={errors[`${path}.field`]}
          readOnly={readOnly}
          testId={`${id}-field`}
        />
        <NativeSelect
          label={t('scoring.criteria.kind')}
          data={CRITERION_KINDS.map((k) => ({ value: k, label: t(`scoring.criteria.kinds.${k}`) }))}
          value={value.kind}
          onChange={(e) => set('kind', e.currentTarget.value as CriterionKind)}
          error={errors[`${path}.kind`]}
          disabled={readOnly}
          // Wide enough for the longest condition in either language (Persian "یکی از این‌هاست").
          w={180}
          data-testid={`${id}-kind`}
        />
        {value.kind === 'in' && value.field === 'seniority' && (
          <SeniorityValues
            values={value.values}
            onChange={(values) => set('values', values)}
            error={errorAt(errors, `${path}.values`)}
            readOnly={readOnly}
            testId={`${id}-values`}
          />
        )}
        {((value.kind === 'in' && value.field !== 'seniority') || value.kind === 'contains') && (
          <TagsInput
            label={t('scoring.criteria.values')}
            placeholder={readOnly ? undefined : t('scoring.criteria.valuesHint')}
            value={value.values}
            onChange={(values) => set('values', values)}
            error={errorAt(errors, `${path}.values`)}
            readOnly={readOnly}
            acceptValueOnBlur
            // Mantine's remove buttons have no name (and are hidden from assistive technology): each gets one.
            renderPill={({ value: item, onRemove, disabled }) => (
              <Pill
                withRemoveButton={!disabled}
                onRemove={onRemove}
                removeButtonProps={{
                  'aria-hidden': false,
                  'aria-label': t('scoring.criteria.removeValue', { value: item ?? '' }),
                }}
              >
                {item}
              </Pill>
            )}
            style={{ flex: '1 1 220px' }}
            data-testid={`${id}-values`}
          />
        )}
        {value.kind === 'range' && (
          <>
            <NumberTextInput
              label={t('scoring.criteria.min')}
              value={value.min}
              onChange={(e) => set('min', e.currentTarget.value)}
              error={errors[`${path}.min`]}
              readOnly={readOnly}
              inputMode="decimal"
              dir="ltr"
              w={110}
              data-testid={`${id}-min`}
            />
            <NumberTextInput
              label={t('scoring.criteria.max')}
              value={value.max}
              onChange={(e) => set('max', e.currentTarget.value)}
              error={errors[`${path}.max`]}
              readOnly={readOnly}
              inputMode="decimal"
              dir="ltr"
              w={110}
              data-testid={`${id}-max`}
            />
          </>
        )}
        <NumberTextInput
          label={t('scoring.criteria.weight')}
          value={value.weight}
          onChange={(e) => set('weight', e.currentTarget.value)}
          error={errors[`${path}.weight`]}
          readOnly={readOnly}
          inputMode="decimal"
          dir="ltr"
          w={110}
          data-testid={`${id}-weight`}
        />
        {!readOnly && (
          <ActionIcon
            variant="light"
            color="red"
            mt={26}
            onClick={onRemove}
            aria-label={t('scoring.criteria.remove', { n: position })}
            data-testid={`${id}-remove`}
          >
            ×
          </ActionIcon>
        )}
      </Group>
      {errors[path] && (
        <Text c="red" size="xs" mt={4}>
          {errors[path]}
        </Text>
      )}
    </Paper>
  );
}

interface Props {
  value: CriterionForm[];
  /** The document path of the list: `icp` or `personas.<n>.criteria`. */
  path: string;
  errors: ErrorMap;
  readOnly: boolean;
  onChange: (next: CriterionForm[], structural?: boolean) => void;
  emptyText: string;
}

/** Weighted criteria, as the ICP and each persona have them. */
export function CriteriaEditor({ value, path, errors, readOnly, onChange, emptyText }: Props) {
  const { t } = useTranslation();
  const id = testIdOf(path);
  return (
    <Stack gap="xs" data-testid={`${id}-criteria`}>
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      )}
      {value.map((criterion, i) => (
        <CriterionRow
          key={criterion.key}
          value={criterion}
          path={`${path}.${i}`}
          position={i + 1}
          errors={errors}
          readOnly={readOnly}
          onChange={(next) => onChange(value.map((c, j) => (j === i ? next : c)))}
          onRemove={() =>
            onChange(
              value.filter((_, j) => j !== i),
              true,
            )
          }
        />
      ))}
      {errors[path] && (
        <Text c="red" size="sm">
          {errors[path]}
        </Text>
      )}
      {!readOnly && (
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={() => onChange([...value, emptyCriterion()], true)}
            data-testid={`${id}-add`}
          >
            {t('scoring.criteria.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
