import { Group, NativeSelect, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CALENDAR_SYSTEMS, SLA_PERIODS } from '../../api/sla.js';
import { AddItemButton, RemoveItemButton } from '../../components/ListItemButtons.js';
import { GRADE_OPTIONS } from './slaOptions.js';
import { bindNumberInputs, SlaSection, type SlaPartProps } from './SlaSection.js';
import type { SlaForm } from './slaForm.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

type Marketing = SlaForm['marketing'];

const SEGMENT_FIELDS = [
  'source',
  'campaign',
  'seniority',
  'jobTitle',
  'account.industry',
  'account.country',
  'account.city',
];

/** What marketing owes sales: qualified leads per period, overall, per team and per segment. */
export function MarketingDutiesSection({
  value: m,
  onChange: setM,
  errors,
  readOnly,
  teamOptions,
}: SlaPartProps<Marketing> & {
  /** The teams a target can be set for. */
  teamOptions: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const number = bindNumberInputs(m, setM, errors, readOnly);
  return (
    <SlaSection title={t('slaEditor.marketing.title')} testId="sla-marketing">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {number(t('slaEditor.marketing.qualifiedLeads'), 'marketing.qualifiedLeads', 'qualifiedLeads')}
          <NativeSelect
            label={t('slaEditor.marketing.period')}
            data={SLA_PERIODS.map((p) => ({ value: p, label: t(`slaEditor.periods.${p}`) }))}
            value={m.period}
            onChange={(e) => setM({ period: e.currentTarget.value as Marketing['period'] })}
            disabled={readOnly}
            data-testid="sla-marketing-period"
          />
          <NativeSelect
            label={t('slaEditor.marketing.calendarSystem')}
            data={CALENDAR_SYSTEMS.map((c) => ({ value: c, label: t(`slaEditor.calendarSystems.${c}`) }))}
            value={m.calendarSystem}
            onChange={(e) => setM({ calendarSystem: e.currentTarget.value as Marketing['calendarSystem'] })}
            disabled={readOnly}
            data-testid="sla-marketing-calendarSystem"
          />
          <NativeSelect
            label={t('slaEditor.marketing.minFitGrade')}
            data={GRADE_OPTIONS}
            value={m.minFitGrade}
            onChange={(e) => setM({ minFitGrade: e.currentTarget.value as Marketing['minFitGrade'] })}
            disabled={readOnly}
            data-testid="sla-marketing-minFitGrade"
          />
          {number(t('slaEditor.marketing.acceptanceFloor'), 'marketing.acceptanceRateFloor', 'acceptancePercent', {
            rightSection: <Text size="sm">%</Text>,
          })}
        </SimpleGrid>
        <TargetList
          title={t('slaEditor.marketing.perTeam')}
          empty={t('slaEditor.marketing.noTeams')}
          path="marketing.perTeam"
          items={m.perTeam}
          onChange={(perTeam) => setM({ perTeam })}
          newItem={() => ({ teamId: '', qualifiedLeads: '' })}
          addLabel={t('slaEditor.marketing.addTeam')}
          addTestId="sla-add-team-target"
          rowTestId="sla-team-target"
          leadsWidth={120}
          errors={errors}
          readOnly={readOnly}
          inputs={(p, setTeam, i) => (
            <NativeSelect
              aria-label={t('slaEditor.marketing.team')}
              data={[{ value: '', label: t('slaEditor.marketing.chooseTeam') }, ...teamOptions]}
              value={p.teamId}
              onChange={(e) => setTeam({ teamId: e.currentTarget.value })}
              error={errors[`marketing.perTeam.${i}.teamId`]}
              disabled={readOnly}
              w={220}
            />
          )}
        />
        <TargetList
          title={t('slaEditor.marketing.perSegment')}
          empty={t('slaEditor.marketing.noSegments')}
          path="marketing.perSegment"
          items={m.perSegment}
          onChange={(perSegment) => setM({ perSegment })}
          newItem={() => ({ name: '', field: 'source', values: [], qualifiedLeads: '' })}
          addLabel={t('slaEditor.marketing.addSegment')}
          rowTestId="sla-segment-target"
          rowWrap="wrap"
          leadsWidth={100}
          errors={errors}
          readOnly={readOnly}
          inputs={(seg, setSeg, i) => (
            <>
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
            </>
          )}
        />
      </Stack>
    </SlaSection>
  );
}

/**
 * A list of lead targets (per team, per segment): a row each, its own inputs first and the number of
 * qualified leads last, with buttons to remove a row and add one.
 */
function TargetList<T extends { qualifiedLeads: string }>({
  title,
  empty,
  path,
  items,
  onChange,
  newItem,
  addLabel,
  addTestId,
  rowTestId,
  rowWrap,
  leadsWidth,
  errors,
  readOnly,
  inputs,
}: {
  title: string;
  /** Shown when there are no rows. */
  empty: string;
  /** Where the list stands in the document, for its errors. */
  path: string;
  items: T[];
  onChange: (items: T[]) => void;
  newItem: () => T;
  addLabel: string;
  addTestId?: string;
  rowTestId: string;
  rowWrap?: 'wrap';
  leadsWidth: number;
  errors: Record<string, string>;
  readOnly: boolean;
  inputs: (item: T, set: (change: Partial<T>) => void, index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Text fw={500} size="sm">
        {title}
      </Text>
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
      {items.map((item, i) => {
        const set = (change: Partial<T>) => onChange(items.map((x, j) => (j === i ? { ...x, ...change } : x)));
        return (
          <Group key={i} gap="sm" align="flex-start" wrap={rowWrap} data-testid={rowTestId}>
            {inputs(item, set, i)}
            <NumberTextInput
              aria-label={t('slaEditor.marketing.qualifiedLeads')}
              value={item.qualifiedLeads}
              onChange={(e) => set({ qualifiedLeads: e.currentTarget.value } as Partial<T>)}
              error={errors[`${path}.${i}.qualifiedLeads`]}
              readOnly={readOnly}
              inputMode="numeric"
              w={leadsWidth}
            />
            {!readOnly && <RemoveItemButton mt={6} onClick={() => onChange(items.filter((_, j) => j !== i))} />}
          </Group>
        );
      })}
      {!readOnly && (
        <AddItemButton onClick={() => onChange([...items, newItem()])} data-testid={addTestId}>
          {addLabel}
        </AddItemButton>
      )}
    </>
  );
}
