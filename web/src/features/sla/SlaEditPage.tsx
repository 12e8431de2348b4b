import { Alert, Badge, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { canManageSla, useCalendars, useSla, type Calendar, type Sla } from '../../api/sla.js';
import { useTeams } from '../../api/teams.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { EscalationSection } from './EscalationSection.js';
import { MarketingDutiesSection } from './MarketingDutiesSection.js';
import { SalesDutiesSection } from './SalesDutiesSection.js';
import { SlaCalendarSection } from './SlaCalendarSection.js';
import { SlaGeneralSection } from './SlaGeneralSection.js';
import { SlaPreview } from './SlaPreview.js';
import { SlaSaveBar } from './SlaSaveBar.js';
import { SlaVersionHistory } from './SlaVersionHistory.js';
import { useSlaEditor } from './useSlaEditor.js';

/** /sales/sla/:id: one SLA's terms and its calendar; a save makes a new version. */
export function SlaEditPage() {
  const { id = '' } = useParams();
  const query = useSla(id);
  const calendars = useCalendars();
  if (query.isPending || calendars.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />;
  if (calendars.isError) return <ErrorBlock error={calendars.error} onRetry={() => void calendars.refetch()} />;
  return (
    <SlaEditor
      key={query.data.id}
      sla={query.data}
      calendars={calendars.data}
      reload={() => {
        void query.refetch();
        void calendars.refetch();
      }}
    />
  );
}

function SlaEditor({ sla, calendars, reload }: { sla: Sla; calendars: Calendar[]; reload: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const canEdit = canManageSla(user.role);
  const readOnly = !canEdit;
  const teams = useTeams();
  const editor = useSlaEditor(sla, calendars);
  const { form, errors } = editor;
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));

  return (
    <Stack gap="md">
      <PageHeader
        title={sla.name}
        subtitle={t('slaEditor.versionLine', {
          version: format.number(sla.currentVersion),
          date: format.dateTime(sla.versionCreatedAt),
          name: sla.versionCreatedBy?.name ?? t('common.none'),
        })}
        back={{ to: '/sales/sla', label: t('slaEditor.back') }}
        titleTestId="sla-title"
        actions={
          <Badge size="lg" variant="light" data-testid="sla-version" data-version={sla.currentVersion}>
            {t('slaEditor.version', { version: format.number(sla.currentVersion) })}
          </Badge>
        }
      />
      {readOnly && (
        <Alert color="gray" data-testid="sla-read-only">
          {t('slaEditor.readOnly')}
        </Alert>
      )}

      <SlaGeneralSection
        value={form}
        onChange={editor.setGeneral}
        calendars={calendars}
        errors={errors}
        readOnly={readOnly}
      />
      <SlaCalendarSection
        calendarName={editor.calendar?.name ?? ''}
        sharedWith={editor.sharedWith}
        value={editor.calForm}
        onChange={editor.setCalForm}
        errors={editor.calErrors}
        readOnly={readOnly}
      />
      <MarketingDutiesSection
        value={form.marketing}
        onChange={editor.setMarketing}
        errors={errors}
        readOnly={readOnly}
        teamOptions={teamOptions}
      />
      <SalesDutiesSection value={form.sales} onChange={editor.setSales} errors={errors} readOnly={readOnly} />

      <SlaPreview calendar={editor.calendarDefinition} document={editor.document} />

      <EscalationSection value={form.escalation} onChange={editor.setEscalation} errors={errors} readOnly={readOnly} />

      {canEdit && (
        <SlaSaveBar
          version={sla.currentVersion}
          dirty={editor.dirty}
          calendarChanged={editor.calendarChanged}
          saving={editor.save.isPending}
          saveError={editor.save.error}
          conflict={editor.conflict}
          knownFields={editor.knownFields}
          hasLocalErrors={editor.hasLocalErrors}
          onSave={editor.submit}
          onDiscard={editor.discard}
          onReload={() => {
            editor.discard();
            reload();
          }}
        />
      )}

      <SlaVersionHistory slaId={sla.id} />
    </Stack>
  );
}
