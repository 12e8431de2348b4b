import { Alert, Button, FileInput, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { useUploadImport } from '../../api/imports.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ImportHistory } from './ImportHistory.js';
import { ImportWizard } from './ImportWizard.js';

/** Step 1: choose a CSV file and upload it (streamed to the server as it is, not read into the page). */
function UploadStep({ onUploaded }: { onUploaded: (id: string) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const upload = useUploadImport();
  return (
    <Paper withBorder radius="md" p="md" data-testid="import-upload-step">
      <Stack gap="sm">
        <Title order={4}>{t('imports.upload.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('imports.upload.hint')}
        </Text>
        <FileInput
          label={t('imports.upload.file')}
          placeholder={t('imports.upload.placeholder')}
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          value={file}
          onChange={setFile}
          clearable
          data-testid="import-file"
        />
        <FormErrorAlert error={upload.error} />
        <Group>
          <Button
            disabled={!file}
            loading={upload.isPending}
            onClick={() => {
              if (file) upload.mutate(file, { onSuccess: (result) => onUploaded(result.import.id) });
            }}
            data-testid="import-upload"
          >
            {t('imports.upload.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * Contact import: upload -> map columns -> options (dry run or import, duplicates) -> progress -> result,
 * with the history of past imports below. The import being worked on is in the URL (?id=), so a reload or a
 * link from the history comes back to it.
 */
export function ImportsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const open = (next: string | null) => setParams(next ? { id: next } : {});
  if (user.role !== 'admin' && user.role !== 'marketing') {
    return (
      <>
        <PageHeader title={t('imports.title')} />
        <Alert color="gray" title={t('forbidden.title')} data-testid="imports-forbidden">
          {t('imports.forbidden')}
        </Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('imports.title')} subtitle={t('imports.subtitle')} />
      <Stack gap="lg">
        {id ? <ImportWizard key={id} id={id} onDone={() => open(null)} /> : <UploadStep onUploaded={open} />}
        <ImportHistory onOpen={open} onRemoved={(removed) => removed === id && open(null)} activeId={id} />
      </Stack>
    </>
  );
}
