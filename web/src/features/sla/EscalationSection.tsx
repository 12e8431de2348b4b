import { NativeSelect, SimpleGrid, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { REASSIGN_TARGETS } from '../../api/sla.js';
import { bindNumberInputs, SlaSection, type SlaPartProps } from './SlaSection.js';
import type { SlaForm } from './slaForm.js';

type Escalation = SlaForm['escalation'];

/** What happens as a clock runs out: a reminder, the manager told, the lead reassigned. */
export function EscalationSection({ value: esc, onChange: setE, errors, readOnly }: SlaPartProps<Escalation>) {
  const { t } = useTranslation();
  const number = bindNumberInputs(esc, setE, errors, readOnly);
  return (
    <SlaSection title={t('slaEditor.escalation.title')} testId="sla-escalation">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {number(t('slaEditor.escalation.remindAt'), 'escalation.remindAtShare', 'remindPercent', {
          rightSection: <Text size="sm">%</Text>,
          description: t('slaEditor.escalation.remindHint'),
        })}
        <Switch
          mt="lg"
          label={t('slaEditor.escalation.notifyManager')}
          checked={esc.notifyManager}
          onChange={(e) => setE({ notifyManager: e.currentTarget.checked })}
          disabled={readOnly}
          data-testid="sla-escalation-notifyManager"
        />
        {number(t('slaEditor.escalation.reassignAfter'), 'escalation.reassignAfterMinutes', 'reassignAfterMinutes', {
          description: t('slaEditor.escalation.reassignHint'),
        })}
        <NativeSelect
          label={t('slaEditor.escalation.reassignTo')}
          data={REASSIGN_TARGETS.map((r) => ({ value: r, label: t(`slaEditor.reassignTargets.${r}`) }))}
          value={esc.reassignTo}
          onChange={(e) => setE({ reassignTo: e.currentTarget.value as Escalation['reassignTo'] })}
          disabled={readOnly}
          data-testid="sla-escalation-reassignTo"
        />
      </SimpleGrid>
    </SlaSection>
  );
}
