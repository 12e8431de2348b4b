import { Anchor, Button, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { canManageSla, useCalendars, useCreateCalendar, useCreateSla, useSlas } from '../../api/sla.js';
import { fieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { CALENDAR_PRESETS, formToCalendar } from './calendarForm.js';
import { defaultSlaDocument } from './slaForm.js';

const NEW_CALENDAR = '__new__';

/** /sales/sla: the SLAs at their current versions; admins and sales managers create new ones. */
export function SlaListPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const canEdit = canManageSla(user.role);
  const slas = useSlas();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('slaEditor.listTitle')}
        subtitle={t('slaEditor.listIntro')}
        titleTestId="sla-list-title"
        actions={
          canEdit && (
            <Button onClick={() => setCreating(true)} data-testid="sla-new">
              {t('slaEditor.new')}
            </Button>
          )
        }
      />
      {slas.isPending ? (
        <LoadingBlock />
      ) : slas.isError ? (
        <ErrorBlock error={slas.error} onRetry={() => void slas.refetch()} />
      ) : slas.data.length === 0 ? (
        <EmptyBlock title={t('slaEditor.empty')} hint={canEdit ? t('slaEditor.emptyHint') : undefined} />
      ) : (
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('slaEditor.name')}</Table.Th>
              <Table.Th>{t('slaEditor.history.version')}</Table.Th>
              <Table.Th>{t('slaEditor.history.savedAt')}</Table.Th>
              <Table.Th>{t('slaEditor.history.savedBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {slas.data.map((sla) => (
              <Table.Tr key={sla.id} data-testid="sla-row">
                <Table.Td>
                  <Anchor component={Link} to={`/sales/sla/${sla.id}`} dir="auto" data-testid="sla-link">
                    {sla.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{format.number(sla.currentVersion)}</Table.Td>
                <Table.Td>{format.dateTime(sla.versionCreatedAt)}</Table.Td>
                <Table.Td>{sla.versionCreatedBy?.name ?? t('common.none')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canEdit && <NewSlaModal opened={creating} onClose={() => setCreating(false)} />}
    </>
  );
}

function NewSlaModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const calendars = useCalendars();
  const createCalendar = useCreateCalendar();
  const createSla = useCreateSla();
  const [name, setName] = useState('');
  const [calendarId, setCalendarId] = useState<string | null>(null);
  const chosen = calendarId ?? calendars.data?.[0]?.id ?? NEW_CALENDAR;
  const error = createCalendar.error ?? createSla.error;
  const errors = fieldErrors(error, t);
  const busy = createCalendar.isPending || createSla.isPending;

  const submit = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    try {
      let id = chosen;
      if (chosen === NEW_CALENDAR) {
        const calendar = await createCalendar.mutateAsync({
          name: t('slaEditor.newCalendarName', { name: trimmed }),
          definition: formToCalendar(CALENDAR_PRESETS.mondayFriday({ timeZone: 'UTC', holidays: [] })),
        });
        id = calendar.id;
        setCalendarId(id);
      }
      const sla = await createSla.mutateAsync({ name: trimmed, document: defaultSlaDocument(id) });
      onClose();
      void navigate(`/sales/sla/${sla.id}`);
    } catch {
      // Shown in the modal.
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('slaEditor.new')} centered>
      <Stack>
        <TextInput
          label={t('slaEditor.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors['name']}
          required
          dir="auto"
          data-testid="sla-new-name"
        />
        <NativeSelect
          label={t('slaEditor.calendarSelect')}
          data={[
            ...(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name })),
            { value: NEW_CALENDAR, label: t('slaEditor.newCalendarOption') },
          ]}
          value={chosen}
          onChange={(e) => setCalendarId(e.currentTarget.value)}
          data-testid="sla-new-calendar"
        />
        <Text size="xs" c="dimmed">
          {t('slaEditor.newHint')}
        </Text>
        <FormErrorAlert error={error} knownFields={['name']} />
        <Button onClick={() => void submit()} loading={busy} disabled={!name.trim()} data-testid="sla-new-submit">
          {t('common.create')}
        </Button>
      </Stack>
    </Modal>
  );
}
