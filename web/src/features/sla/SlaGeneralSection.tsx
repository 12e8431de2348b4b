import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Calendar } from '../../api/sla.js';
import { SlaSection, type SlaPartProps } from './SlaSection.js';
import type { SlaForm } from './slaForm.js';

/** The SLA's name and the calendar its clocks use. */
export function SlaGeneralSection({
  value,
  onChange,
  calendars,
  errors,
  readOnly,
}: SlaPartProps<Pick<SlaForm, 'name' | 'calendarId'>> & { calendars: Calendar[] }) {
  const { t } = useTranslation();
  return (
    <SlaSection title={t('slaEditor.general')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('slaEditor.name')}
          value={value.name}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange({ name: v });
          }}
          error={errors['name']}
          readOnly={readOnly}
          dir="auto"
          data-testid="sla-name"
        />
        <NativeSelect
          label={t('slaEditor.calendarSelect')}
          data={calendars.map((c) => ({ value: c.id, label: c.name }))}
          value={value.calendarId}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange({ calendarId: v });
          }}
          error={errors['calendarId']}
          disabled={readOnly}
          data-testid="sla-calendar"
        />
      </SimpleGrid>
    </SlaSection>
  );
}
