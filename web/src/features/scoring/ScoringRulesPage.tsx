import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.js';
import type { FitGrade } from '../../api/types.js';
import { notifySuccess } from '../../components/notify.js';
import {
  DEFAULT_ENGAGEMENT_RULES,
  emptyRule,
  KNOWN_EVENT_TYPES,
  coveringRule,
  likelyMeantEventType,
  move,
  ruleForm,
  type RuleForm,
  type SettingsForm,
} from './scoringForm.js';
import { ScoringSettingsPage, SettingsCard, type SettingsSections } from './ScoringSettingsPage.js';
import type { ErrorMap } from './useScoringEditor.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

const SHOWN = /^(engagementRules|halfLifeDays|temperature)(\.|$)/;
const GRADES: FitGrade[] = ['A', 'B', 'C', 'D'];

interface RowProps {
  rule: RuleForm;
  index: number;
  /** An earlier rule that takes every event this one would match, and its position. */
  coveredBy: { rule: RuleForm; index: number } | null;
  count: number;
  errors: ErrorMap;
  readOnly: boolean;
  onChange: (next: RuleForm) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

function RuleRow({ rule, index, coveredBy, count, errors, readOnly, onChange, onMove, onRemove }: RowProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const path = `engagementRules.${index}`;
  const id = `engagementRules-${index}`;
  const position = index + 1;
  const text = (key: 'urlPattern' | 'campaignId' | 'emailId' | 'points' | 'cap', extra: object = {}) => ({
    value: rule[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...rule, [key]: e.currentTarget.value }),
    error: errors[`${path}.${key}`],
    readOnly,
    'aria-label': t(`scoring.rules.columns.${key}`),
    'data-testid': `${id}-${key}`,
    ...extra,
  });
  const rowError = errors[`${path}.id`] ?? errors[path];
  const meant = readOnly ? null : likelyMeantEventType(rule.eventType);
  const hint = meant
    ? t('scoring.rules.didYouMean', { type: meant })
    : coveredBy !== null
      ? t('scoring.rules.unreachable', { type: coveredBy.rule.eventType.trim(), n: format.number(coveredBy.index + 1) })
      : undefined;
  return (
    <Table.Tr data-testid={`${id}-row`}>
      <Table.Td>
        <Autocomplete
          value={rule.eventType}
          onChange={(eventType) => onChange({ ...rule, eventType })}
          data={[...KNOWN_EVENT_TYPES]}
          error={errors[`${path}.eventType`] ?? rowError}
          description={hint && <span data-testid={`${id}-hint`}>{hint}</span>}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          readOnly={readOnly}
          dir="ltr"
          miw={170}
          aria-label={t('scoring.rules.columns.eventType')}
          data-testid={`${id}-eventType`}
        />
      </Table.Td>
      <Table.Td>
        <TextInput {...text('urlPattern', { dir: 'ltr', miw: 130 })} />
      </Table.Td>
      <Table.Td>
        <TextInput {...text('campaignId', { dir: 'ltr' })} />
      </Table.Td>
      <Table.Td>
        <TextInput {...text('emailId', { dir: 'ltr' })} />
      </Table.Td>
      <Table.Td>
        <NumberTextInput {...text('points', { inputMode: 'decimal', w: 80, dir: 'ltr' })} />
      </Table.Td>
      <Table.Td>
        <NumberTextInput {...text('cap', { inputMode: 'decimal', w: 80, dir: 'ltr' })} />
      </Table.Td>
      <Table.Td>
        <Switch
          checked={rule.repeatable}
          onChange={(e) => onChange({ ...rule, repeatable: e.currentTarget.checked })}
          disabled={readOnly}
          aria-label={t('scoring.rules.columns.repeatable')}
          data-testid={`${id}-repeatable`}
        />
      </Table.Td>
      {!readOnly && (
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <ActionIcon
              variant="default"
              onClick={() => onMove(-1)}
              disabled={index === 0}
              aria-label={t('scoring.rules.moveUp', { n: position })}
              data-testid={`${id}-up`}
            >
              ↑
            </ActionIcon>
            <ActionIcon
              variant="default"
              onClick={() => onMove(1)}
              disabled={index === count - 1}
              aria-label={t('scoring.rules.moveDown', { n: position })}
              data-testid={`${id}-down`}
            >
              ↓
            </ActionIcon>
            <ActionIcon
              variant="light"
              color="red"
              onClick={onRemove}
              aria-label={t('scoring.rules.remove', { n: position })}
              data-testid={`${id}-remove`}
            >
              ×
            </ActionIcon>
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** /marketing/scoring: engagement rules, half-life and temperature thresholds. */
export function ScoringRulesPage() {
  const { t } = useTranslation();
  return (
    <ScoringSettingsPage
      title={t('scoring.rules.pageTitle')}
      subtitle={t('scoring.rules.intro')}
      titleTestId="scoring-title"
      shows={SHOWN}
    >
      {(sections) => <RulesSections {...sections} />}
    </ScoringSettingsPage>
  );
}

function RulesSections({ form, errors, update, readOnly }: SettingsSections) {
  const { t } = useTranslation();
  const setRules = (engagementRules: RuleForm[], structural = false) =>
    update((f) => ({ ...f, engagementRules }), { structural });
  const setTemperature = <K extends keyof SettingsForm['temperature']>(key: K, value: SettingsForm['temperature'][K]) =>
    update((f) => ({ ...f, temperature: { ...f.temperature, [key]: value } }));
  const rules = form.engagementRules;
  const covering = (i: number) => {
    const at = coveringRule(rules, i);
    return at === null ? null : { rule: rules[at]!, index: at };
  };

  return (
    <>
      <SettingsCard title={t('scoring.rules.title')} hint={t('scoring.rules.orderHint')}>
        <Table.ScrollContainer minWidth={1000}>
          <Table verticalSpacing="xs" data-testid="engagement-rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('scoring.rules.columns.eventType')}</Table.Th>
                <Table.Th>{t('scoring.rules.columns.urlPattern')}</Table.Th>
                <Table.Th>{t('scoring.rules.columns.campaignId')}</Table.Th>
                <Table.Th>{t('scoring.rules.columns.emailId')}</Table.Th>
                <Table.Th>{t('scoring.rules.columns.points')}</Table.Th>
                <Table.Th>{t('scoring.rules.columns.cap')}</Table.Th>
                <Table.Th>{t('scoring.rules.columns.repeatable')}</Table.Th>
                {!readOnly && <Table.Th aria-label={t('common.actions')} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((rule, i) => (
                <RuleRow
                  key={rule.id}
                  rule={rule}
                  index={i}
                  coveredBy={covering(i)}
                  count={rules.length}
                  errors={errors}
                  readOnly={readOnly}
                  onChange={(next) => setRules(rules.map((r, j) => (j === i ? next : r)))}
                  onMove={(by) => setRules(move(rules, i, by), true)}
                  onRemove={() =>
                    setRules(
                      rules.filter((_, j) => j !== i),
                      true,
                    )
                  }
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {rules.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('scoring.rules.empty')}
          </Text>
        )}
        {errors['engagementRules'] && (
          <Text c="red" size="sm">
            {errors['engagementRules']}
          </Text>
        )}
        {!readOnly && (
          <Group gap="sm">
            <Button
              variant="light"
              size="xs"
              onClick={() => setRules([...rules, emptyRule()], true)}
              data-testid="rules-add"
            >
              {t('scoring.rules.add')}
            </Button>
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setRules(DEFAULT_ENGAGEMENT_RULES.map(ruleForm), true);
                notifySuccess(t('scoring.rules.restored'));
              }}
              data-testid="rules-restore-defaults"
            >
              {t('scoring.rules.restoreDefaults')}
            </Button>
          </Group>
        )}
      </SettingsCard>
      <SettingsCard title={t('scoring.rules.decayTitle')}>
        <NumberTextInput
          label={t('scoring.rules.halfLife')}
          description={t('scoring.rules.halfLifeHint')}
          value={form.halfLifeDays}
          onChange={(e) => {
            const halfLifeDays = e.currentTarget.value;
            update((f) => ({ ...f, halfLifeDays }));
          }}
          error={errors['halfLifeDays']}
          readOnly={readOnly}
          inputMode="decimal"
          maw={320}
          data-testid="halfLifeDays"
        />
      </SettingsCard>
      <SettingsCard title={t('scoring.temperature.title')} hint={t('scoring.temperature.hint')}>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberTextInput
            label={t('scoring.temperature.warmEngagement')}
            value={form.temperature.warmEngagement}
            onChange={(e) => setTemperature('warmEngagement', e.currentTarget.value)}
            error={errors['temperature.warmEngagement']}
            readOnly={readOnly}
            inputMode="decimal"
            data-testid="temperature-warmEngagement"
          />
          <NumberTextInput
            label={t('scoring.temperature.qualifiedEngagement')}
            value={form.temperature.qualifiedEngagement}
            onChange={(e) => setTemperature('qualifiedEngagement', e.currentTarget.value)}
            error={errors['temperature.qualifiedEngagement']}
            readOnly={readOnly}
            inputMode="decimal"
            data-testid="temperature-qualifiedEngagement"
          />
          <NativeSelect
            label={t('scoring.temperature.qualifiedMinGrade')}
            data={GRADES.map((g) => ({ value: g, label: t('scoring.temperature.gradeOrBetter', { grade: g }) }))}
            value={form.temperature.qualifiedMinGrade}
            onChange={(e) => setTemperature('qualifiedMinGrade', e.currentTarget.value as FitGrade)}
            error={errors['temperature.qualifiedMinGrade']}
            disabled={readOnly}
            data-testid="temperature-qualifiedMinGrade"
          />
        </SimpleGrid>
      </SettingsCard>
    </>
  );
}
