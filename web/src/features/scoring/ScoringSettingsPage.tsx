import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { ReadOnlyNotice, SaveBar } from './SaveBar.js';
import type { SettingsForm } from './scoringForm.js';
import { useScoringEditor, type ErrorMap, type ScoringEditor } from './useScoringEditor.js';

/** What a page's sections edit: the loaded draft, its errors by path, and how to change it. */
export interface SettingsSections {
  form: SettingsForm;
  errors: ErrorMap;
  update: ScoringEditor['update'];
  readOnly: boolean;
}

interface Props {
  title: string;
  subtitle: string;
  titleTestId: string;
  /** The error paths the page shows next to its own inputs; the save bar lists the others. */
  shows: RegExp;
  children: (sections: SettingsSections) => ReactNode;
}

/**
 * A page of the scoring settings document: the header, the document's loading and error states, then the
 * read-only notice, the page's sections and the save bar (save, discard, what changes, and a question before
 * leaving with changes not saved).
 */
export function ScoringSettingsPage({ title, subtitle, titleTestId, shows, children }: Props) {
  const editor = useScoringEditor();
  const { form, errors, update, canEdit } = editor;

  const header = <PageHeader title={title} subtitle={subtitle} titleTestId={titleTestId} />;
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

  return (
    <>
      {header}
      <Stack gap="lg">
        <ReadOnlyNotice editor={editor} />
        {children({ form, errors, update, readOnly: !canEdit })}
        <SaveBar editor={editor} shows={(path) => shows.test(path)} />
      </Stack>
    </>
  );
}

/** One card of a settings page: a heading, a hint when there is one, and the card's inputs. */
export function SettingsCard({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={4}>{title}</Title>
        {hint && (
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}
