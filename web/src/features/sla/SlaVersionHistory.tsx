import { Button, Code, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSlaVersion, useSlaVersions } from '../../api/sla.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { SlaSection } from './SlaSection.js';

/** The SLA's saved versions, each one viewable as the API keeps it. */
export function SlaVersionHistory({ slaId }: { slaId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const versions = useSlaVersions(slaId);
  const [shown, setShown] = useState<number | null>(null);
  return (
    <SlaSection title={t('slaEditor.history.title')} testId="sla-history">
      {versions.isPending ? (
        <LoadingBlock />
      ) : versions.isError ? (
        <ErrorBlock error={versions.error} />
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('slaEditor.history.version')}</Table.Th>
              <Table.Th>{t('slaEditor.name')}</Table.Th>
              <Table.Th>{t('slaEditor.history.savedAt')}</Table.Th>
              <Table.Th>{t('slaEditor.history.savedBy')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.data.items.map((v) => (
              <Table.Tr key={v.version} data-testid="sla-history-row" data-version={v.version}>
                <Table.Td>{format.number(v.version)}</Table.Td>
                <Table.Td dir="auto">{v.name}</Table.Td>
                <Table.Td>{format.dateTime(v.createdAt)}</Table.Td>
                <Table.Td>{v.createdBy?.name ?? t('common.none')}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" onClick={() => setShown(v.version)} data-testid="sla-history-view">
                    {t('slaEditor.history.view')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {shown !== null && <VersionModal slaId={slaId} version={shown} onClose={() => setShown(null)} />}
    </SlaSection>
  );
}

/** One saved version as the API keeps it: the document and the calendar copy its clocks use. */
function VersionModal({ slaId, version, onClose }: { slaId: string; version: number; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useSlaVersion(slaId, version);
  return (
    <Modal opened onClose={onClose} size="xl" title={t('slaEditor.version', { version: format.number(version) })}>
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorBlock error={query.error} />
      ) : (
        <Stack gap="xs" data-testid="sla-version-view">
          <Text size="sm" fw={500}>
            {t('slaEditor.history.document')}
          </Text>
          <Code block dir="ltr">
            {JSON.stringify(query.data.document, null, 2)}
          </Code>
          <Text size="sm" fw={500}>
            {t('slaEditor.history.calendar')}
          </Text>
          <Code block dir="ltr">
            {JSON.stringify(query.data.calendarSnapshot)}
          </Code>
        </Stack>
      )}
    </Modal>
  );
}
