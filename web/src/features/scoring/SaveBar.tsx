import { Alert, Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { normalizeField } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { UnsavedChangesGuard } from '../../components/UnsavedChangesGuard.js';
import { useFormat } from '../../i18n/useFormat.js';
import type { SectionChange } from './scoringForm.js';
import type { ScoringEditor } from './useScoringEditor.js';

function ChangeLine({ change }: { change: SectionChange }) {
  const { t } = useTranslation();
  const format = useFormat();
  const parts = [
    change.added > 0 && t('scoring.changes.added', { n: format.number(change.added) }),
    change.removed > 0 && t('scoring.changes.removed', { n: format.number(change.removed) }),
    change.changed > 0 && t('scoring.changes.changed', { n: format.number(change.changed) }),
  ].filter(Boolean);
  return (
    <List.Item data-testid="scoring-change">
      {t('scoring.changes.line', {
        section: t(`scoring.sections.${change.section}`),
        parts: parts.join(t('common.listSeparator')),
      })}
    </List.Item>
  );
}

/** Read-only notice for those who may not change scoring. */
export function ReadOnlyNotice({ editor }: { editor: ScoringEditor }) {
  const { t } = useTranslation();
  if (editor.canEdit) return null;
  return (
    <Alert color="gray" data-testid="scoring-read-only">
      {t('scoring.save.readOnly')}
    </Alert>
  );
}

/**
 * Save and discard, with a preview of what the save changes. Errors the page shows next to an input are not
 * repeated; the others (and the general message) are listed here.
 */
export function SaveBar({ editor, shows }: { editor: ScoringEditor; shows: (path: string) => boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!editor.canEdit) return null;
  const error = editor.serverError;
  const knownFields = isApiError(error) ? error.errors.map((e) => normalizeField(e.field)).filter(shows) : [];
  const dirty = editor.changes.length > 0;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      shadow={dirty ? 'sm' : undefined}
      // Kept in view while there is something to save; otherwise it stays at the end of the page.
      style={dirty ? { position: 'sticky', bottom: 'var(--mantine-spacing-md)', zIndex: 2 } : undefined}
      data-testid="scoring-save-bar"
    >
      <UnsavedChangesGuard
        title={t('scoring.leave.title')}
        message={t('scoring.leave.body')}
        confirmLabel={t('scoring.leave.confirm')}
        when={dirty && !editor.saving}
      />
      <Stack gap="sm">
        {editor.conflict ? (
          <Alert color="red" data-testid="scoring-conflict">
            <Group justify="space-between" wrap="wrap">
              <Text size="sm">{t('scoring.save.conflict')}</Text>
              <Button size="xs" variant="light" onClick={editor.reload} data-testid="scoring-reload">
                {t('scoring.save.reload')}
              </Button>
            </Group>
          </Alert>
        ) : (
          <FormErrorAlert error={error} knownFields={knownFields} />
        )}
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            {dirty ? (
              <>
                <Text size="sm" fw={500}>
                  {t('scoring.save.changesTitle')}
                </Text>
                <List size="sm" spacing={2}>
                  {editor.changes.map((c) => (
                    <ChangeLine key={c.section} change={c} />
                  ))}
                </List>
              </>
            ) : (
              <Text size="sm" c="dimmed" data-testid="scoring-no-changes">
                {t('scoring.save.noChanges', { version: format.number(editor.version) })}
              </Text>
            )}
          </Stack>
          <Group gap="sm">
            <Button
              variant="default"
              onClick={editor.discard}
              disabled={!dirty || editor.saving}
              data-testid="scoring-discard"
            >
              {t('scoring.save.discard')}
            </Button>
            <Button onClick={editor.submit} loading={editor.saving} disabled={!dirty} data-testid="scoring-save">
              {t('scoring.save.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
