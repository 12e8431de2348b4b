import { NativeSelect, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SLA_PRIORITIES } from '../../api/sla.js';
import { AddItemButton, RemoveItemButton } from '../../components/ListItemButtons.js';
import { GRADE_OPTIONS } from './slaOptions.js';
import { bindNumberInputs, SlaSection, type SlaPartProps } from './SlaSection.js';
import type { SlaForm } from './slaForm.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

type Sales = SlaForm['sales'];

/** What sales owes marketing: first touch (by grade and priority), attempts, decision and outcome. */
export function SalesDutiesSection({ value: s, onChange: setS, errors, readOnly }: SlaPartProps<Sales>) {
  const { t } = useTranslation();
  const number = bindNumberInputs(s, setS, errors, readOnly);
  return (
    <SlaSection title={t('slaEditor.sales.title')} testId="sla-sales">
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
              const setRule = (change: Partial<Sales['rules'][number]>) =>
                setS({ rules: s.rules.map((x, j) => (j === i ? { ...x, ...change } : x)) });
              const ruleError = errors[`sales.firstTouch.rules.${i}`];
              return (
                <Table.Tr key={i} data-testid="sla-first-touch-rule">
                  <Table.Td>
                    <NativeSelect
                      aria-label={t('slaEditor.sales.grade')}
                      data={[{ value: '', label: t('slaEditor.sales.anyGrade') }, ...GRADE_OPTIONS]}
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
                    <NumberTextInput
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
                      <RemoveItemButton onClick={() => setS({ rules: s.rules.filter((_, j) => j !== i) })} />
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {!readOnly && (
          <AddItemButton
            onClick={() => setS({ rules: [...s.rules, { grade: '', priority: 'high', minutes: '60' }] })}
            data-testid="sla-add-rule"
          >
            {t('slaEditor.sales.addRule')}
          </AddItemButton>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {number(t('slaEditor.sales.otherwiseMinutes'), 'sales.firstTouch.otherwiseMinutes', 'otherwiseMinutes')}
          {number(t('slaEditor.sales.attemptsCount'), 'sales.attempts.count', 'attemptsCount')}
          {number(t('slaEditor.sales.attemptsDays'), 'sales.attempts.withinBusinessDays', 'attemptsDays')}
          {number(t('slaEditor.sales.decisionHours'), 'sales.decisionWithinBusinessHours', 'decisionHours')}
          {number(t('slaEditor.sales.outcomeDays'), 'sales.outcomeWithinDays', 'outcomeDays')}
        </SimpleGrid>
      </Stack>
    </SlaSection>
  );
}
