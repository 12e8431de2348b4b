import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CriteriaEditor } from './CriteriaEditor.js';
import { NotesEditor } from './NotesEditor.js';
import { PersonasEditor } from './PersonasEditor.js';
import { ScoringSettingsPage, SettingsCard, type SettingsSections } from './ScoringSettingsPage.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

const SHOWN = /^(icp|notes|personas|gradeThresholds)(\.|$)/;

/** /marketing/icp: the ideal customer profile, grade thresholds, research notes and personas. */
export function IcpPage() {
  const { t } = useTranslation();
  return (
    <ScoringSettingsPage
      title={t('scoring.icp.title')}
      subtitle={t('scoring.icp.intro')}
      titleTestId="icp-title"
      shows={SHOWN}
    >
      {(sections) => <IcpSections {...sections} />}
    </ScoringSettingsPage>
  );
}

function IcpSections({ form, errors, update, readOnly }: SettingsSections) {
  const { t } = useTranslation();
  const grade = (key: 'A' | 'B' | 'C') => (
    <NumberTextInput
      label={t('scoring.icp.gradeFrom', { grade: key })}
      value={form.gradeThresholds[key]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        update((f) => ({ ...f, gradeThresholds: { ...f.gradeThresholds, [key]: value } }));
      }}
      error={errors[`gradeThresholds.${key}`]}
      readOnly={readOnly}
      inputMode="decimal"
      data-testid={`gradeThresholds-${key}`}
    />
  );

  return (
    <>
      <SettingsCard title={t('scoring.icp.criteriaTitle')} hint={t('scoring.icp.criteriaHint')}>
        <CriteriaEditor
          value={form.icp}
          path="icp"
          errors={errors}
          readOnly={readOnly}
          emptyText={t('scoring.icp.empty')}
          onChange={(icp, structural) => update((f) => ({ ...f, icp }), { structural: structural ?? false })}
        />
      </SettingsCard>
      <SettingsCard title={t('scoring.icp.thresholdsTitle')} hint={t('scoring.icp.thresholdsHint')}>
        <SimpleGrid cols={{ base: 1, xs: 3 }} maw={480}>
          {grade('A')}
          {grade('B')}
          {grade('C')}
        </SimpleGrid>
      </SettingsCard>
      <SettingsCard title={t('scoring.icp.notesTitle')} hint={t('scoring.icp.notesHint')}>
        <NotesEditor
          value={form.notes}
          path="notes"
          errors={errors}
          readOnly={readOnly}
          onChange={(notes, structural) => update((f) => ({ ...f, notes }), { structural: structural ?? false })}
        />
      </SettingsCard>
      <PersonasEditor
        value={form.personas}
        errors={errors}
        readOnly={readOnly}
        onChange={(personas, structural) => update((f) => ({ ...f, personas }), { structural: structural ?? false })}
      />
    </>
  );
}
