import { Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { CriteriaEditor } from './CriteriaEditor.js';
import { NotesEditor } from './NotesEditor.js';
import { PersonasEditor } from './PersonasEditor.js';
import { ReadOnlyNotice, SaveBar } from './SaveBar.js';
import { useScoringEditor } from './useScoringEditor.js';

const SHOWN = /^(icp|notes|personas|gradeThresholds)(\.|$)/;

/** /marketing/icp: the ideal customer profile, grade thresholds, research notes and personas. */
export function IcpPage() {
  const { t } = useTranslation();
  const editor = useScoringEditor();
  const { form, errors, update, canEdit } = editor;
  const readOnly = !canEdit;

  const header = (
    <PageHeader title={t('scoring.icp.title')} subtitle={t('scoring.icp.intro')} titleTestId="icp-title" />
  );
  if (editor.query.isPending)
    return (
      <>
        {header}
        <LoadingBlock />
      </>
    );
  if (editor.query.isError || !form)
    return (
      <>
        {header}
        <ErrorBlock error={editor.query.error} onRetry={() => void editor.query.refetch()} />
      </>
    );

  const grade = (key: 'A' | 'B' | 'C') => (
    <TextInput
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
      {header}
      <Stack gap="lg">
        <ReadOnlyNotice editor={editor} />
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Title order={4}>{t('scoring.icp.criteriaTitle')}</Title>
            <Text size="sm" c="dimmed">
              {t('scoring.icp.criteriaHint')}
            </Text>
            <CriteriaEditor
              value={form.icp}
              path="icp"
              errors={errors}
              readOnly={readOnly}
              emptyText={t('scoring.icp.empty')}
              onChange={(icp, structural) => update((f) => ({ ...f, icp }), { structural: structural ?? false })}
            />
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Title order={4}>{t('scoring.icp.thresholdsTitle')}</Title>
            <Text size="sm" c="dimmed">
              {t('scoring.icp.thresholdsHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 3 }} maw={480}>
              {grade('A')}
              {grade('B')}
              {grade('C')}
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Title order={4}>{t('scoring.icp.notesTitle')}</Title>
            <Text size="sm" c="dimmed">
              {t('scoring.icp.notesHint')}
            </Text>
            <NotesEditor
              value={form.notes}
              path="notes"
              errors={errors}
              readOnly={readOnly}
              onChange={(notes, structural) => update((f) => ({ ...f, notes }), { structural: structural ?? false })}
            />
          </Stack>
        </Paper>
        <PersonasEditor
          value={form.personas}
          errors={errors}
          readOnly={readOnly}
          onChange={(personas, structural) => update((f) => ({ ...f, personas }), { structural: structural ?? false })}
        />
        <SaveBar editor={editor} shows={(path) => SHOWN.test(path)} />
      </Stack>
    </>
  );
}
