import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { UnsavedChangesGuard } from '../../components/UnsavedChangesGuard.js';
import { useFormat } from '../../i18n/useFormat.js';

/** Save and discard, what is unsaved, and why the last save failed (sticky while there are changes). */
export function SlaSaveBar({
  version,
  dirty,
  calendarChanged,
  saving,
  saveError,
  conflict,
  knownFields,
  hasLocalErrors,
  onSave,
  onDiscard,
  onReload,
}: {
  /** The version the editor started from. */
  version: number;
  dirty: boolean;
  calendarChanged: boolean;
  saving: boolean;
  saveError: unknown;
  /** Someone else saved a newer version meanwhile. */
  conflict: boolean;
  /** API field errors shown next to their inputs (the alert leaves them out). */
  knownFields: string[];
  hasLocalErrors: boolean;
  onSave: () => void;
  onDiscard: () => void;
  /** After a conflict: drop the changes and load the newest version. */
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      shadow={dirty ? 'sm' : undefined}
      style={dirty ? { position: 'sticky', bottom: 'var(--mantine-spacing-md)', zIndex: 2 } : undefined}
      data-testid="sla-save-bar"
    >
      <UnsavedChangesGuard
        title={t('slaEditor.leave.title')}
        message={t('slaEditor.leave.body')}
        confirmLabel={t('slaEditor.leave.confirm')}
        when={dirty && !saving}
      />
      <Stack gap="sm">
        {conflict ? (
          <Alert color="orange" role="alert" data-testid="sla-conflict">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('slaEditor.conflict')}</Text>
              <Button size="xs" variant="light" color="orange" onClick={onReload} data-testid="sla-conflict-reload">
                {t('slaEditor.reload')}
              </Button>
            </Stack>
          </Alert>
        ) : (
          <FormErrorAlert error={saveError} knownFields={knownFields} />
        )}
        {hasLocalErrors && (
          <Text size="sm" c="red" data-testid="sla-local-errors">
            {t('slaEditor.fixErrors')}
          </Text>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed" data-testid="sla-dirty" data-dirty={dirty ? 'true' : 'false'}>
            {dirty
              ? calendarChanged
                ? t('slaEditor.unsavedWithCalendar')
                : t('slaEditor.unsaved')
              : t('slaEditor.noChanges', { version: format.number(version) })}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={onDiscard} disabled={!dirty || saving} data-testid="sla-discard">
              {t('slaEditor.discard')}
            </Button>
            <Button onClick={onSave} loading={saving} disabled={!dirty} data-testid="sla-save">
              {t('slaEditor.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
