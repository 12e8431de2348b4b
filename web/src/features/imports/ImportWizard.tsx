import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchUsers } from '../../api/users.js';
import {
  IMPORT_DELIMITERS,
  rejectionsUrl,
  useCancelImport,
  useImport,
  useImportPreview,
  useStartImport,
  type Import,
  type ImportDelimiter,
  type ImportPreview,
  type OnDuplicate,
} from '../../api/imports.js';
import { queryKeys } from '../../api/keys.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { NumberText, UserText } from '../../components/Formatted.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { RemoteSelect } from '../../components/RemoteSelect.js';
import { useFormat } from '../../i18n/useFormat.js';
import { ACCOUNT_TARGETS, CONTACT_TARGETS, customKeyFor, mappingProblems } from './importMapping.js';

/** The translation key of each delimiter the API names. */
const DELIMITER_NAMES: Partial<Record<string, 'comma' | 'semicolon' | 'tab' | 'arabicSemicolon'>> = {
  ',': 'comma',
  ';': 'semicolon',
  tab: 'tab',
  '\u061B': 'arabicSemicolon',
};

type Step = 'mapping' | 'options';

interface Settings {
  mapping: (string | null)[];
  /** The delimiter the mapping was made for (its preview's columns): null for the import's own. */
  mappingFor: ImportDelimiter | null;
  onDuplicate: OnDuplicate;
  source: string;
  campaign: string;
  ownerEmail: string | null;
}

const IGNORE = '';
/** The delimiter select's value for "the import's own" (detected on upload, or chosen for its last run). */
const AUTO = 'auto';

/** Automatic, then the delimiters the API reads; changing it reads the preview again. */
function DelimiterSelect({
  value,
  detected,
  onChange,
}: {
  value: ImportDelimiter | null;
  /** The import's own delimiter, as the API names it. */
  detected: string | null;
  onChange: (value: ImportDelimiter | null) => void;
}) {
  const { t } = useTranslation();
  const name = (d: string) => t(`imports.delimiterSelect.${DELIMITER_NAMES[d] ?? 'comma'}`);
  const data = [
    { value: AUTO, label: t('imports.delimiterSelect.auto', { detected: name(detected ?? ',') }) },
    ...IMPORT_DELIMITERS.map((d) => ({ value: d, label: name(d) })),
  ];
  return (
    <Select
      label={t('imports.delimiterSelect.label')}
      description={t('imports.delimiterSelect.hint')}
      data={data}
      value={value ?? AUTO}
      onChange={(next) =>
        onChange(
          next === null || next === AUTO
            ? null
            : (IMPORT_DELIMITERS as readonly string[]).includes(next)
              ? (next as ImportDelimiter)
              : null,
        )
      }
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      maw={320}
      data-testid="import-delimiter"
    />
  );
}

function useTargetOptions(header: string) {
  const { t } = useTranslation();
  return useMemo(() => {
    const custom = customKeyFor(header);
    return [
      { value: IGNORE, label: t('imports.mapping.ignore') },
      {
        group: t('imports.mapping.contactGroup'),
        items: CONTACT_TARGETS.map((target) => ({ value: target, label: t(`imports.targets.${target}`) })),
      },
      {
        group: t('imports.mapping.accountGroup'),
        items: ACCOUNT_TARGETS.map((target) => ({
          value: target,
          label: t(`imports.targets.${target.replace('account.', 'account_')}` as 'imports.targets.account_name'),
        })),
      },
      ...(custom
        ? [
            {
              group: t('imports.mapping.customGroup'),
              items: [{ value: `custom:${custom}`, label: t('imports.mapping.customAs', { key: custom }) }],
            },
          ]
        : []),
    ];
  }, [header, t]);
}

function MappingRow({
  column,
  header,
  samples,
  value,
  onChange,
}: {
  column: number;
  header: string;
  samples: string[];
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  const data = useTargetOptions(header);
  // A target from an earlier run (e.g. custom:key typed elsewhere) that is not among the options stays shown.
  const known = value === null || JSON.stringify(data).includes(JSON.stringify(value));
  return (
    <Table.Tr data-testid="import-mapping-row">
      <Table.Td>
        <Text fw={500} size="sm">
          <bdi>{header || t('imports.mapping.unnamed', { column: column + 1 })}</bdi>
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          {samples.map((sample, i) => (
            <Text key={i} size="xs" c="dimmed" lineClamp={1}>
              <bdi>{sample}</bdi>
            </Text>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td miw={220}>
        <Select
          aria-label={t('imports.mapping.targetFor', { header })}
          data={known ? data : [...data, { value: value!, label: value! }]}
          value={value ?? IGNORE}
          onChange={(next) => onChange(typeof next === 'string' && next !== IGNORE ? next : null)}
          allowDeselect={false}
          searchable
          comboboxProps={{ withinPortal: true }}
          data-testid={`import-map-${column}`}
        />
      </Table.Td>
    </Table.Tr>
  );
}

function MappingStep({
  preview,
  settings,
  onChange,
  onNext,
}: {
  preview: ImportPreview;
  settings: Settings;
  onChange: (mapping: (string | null)[]) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const problems = mappingProblems(settings.mapping);
  const format = useFormat();
  return (
    <Stack gap="sm" data-testid="import-mapping-step" data-delimiter={preview.delimiter}>
      <Text size="sm" c="dimmed">
        {t('imports.mapping.hint')}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.mapping.column')}</Table.Th>
              <Table.Th>{t('imports.mapping.samples')}</Table.Th>
              <Table.Th>{t('imports.mapping.target')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.headers.map((header, column) => (
              <MappingRow
                key={column}
                column={column}
                header={header}
                samples={preview.rows.slice(0, 3).map((row) => row[column] ?? '')}
                value={settings.mapping[column] ?? null}
                onChange={(value) => {
                  const next = [...settings.mapping];
                  next[column] = value;
                  onChange(next);
                }}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {problems.length > 0 && (
        <Alert color="yellow" data-testid="import-mapping-problems">
          <Stack gap={2}>
            {problems.map((p, i) => (
              <Text key={i} size="sm">
                {p.kind === 'noFirstName'
                  ? t('imports.mapping.needFirstName')
                  : p.kind === 'accountWithoutName'
                    ? t('imports.mapping.needAccountName')
                    : p.kind === 'fullNameWithParts'
                      ? t('imports.mapping.fullNameWithParts')
                      : p.kind === 'tooManyCustom'
                        ? t('imports.mapping.tooManyCustom', {
                            columns: format.number(p.count),
                            max: format.number(p.max),
                          })
                        : t('imports.mapping.twice', {
                            first: preview.headers[p.columns[0]] ?? '',
                            second: preview.headers[p.columns[1]] ?? '',
                          })}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onNext} disabled={problems.length > 0} data-testid="import-mapping-next">
          {t('imports.mapping.next')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Picks an active user by email (the API names default owners by email). */
function OwnerEmailSelect({ value, onChange }: { value: string | null; onChange: (email: string | null) => void }) {
  const { t } = useTranslation();
  return (
    <RemoteSelect
      label={t('imports.options.owner')}
      description={t('imports.options.ownerHint')}
      placeholder={t('pickers.searchUsers')}
      clearable
      value={value}
      onChange={(email) => onChange(email)}
      queryKey={['users', 'options', 'by-email']}
      search={async (q, signal) => {
        const page = await fetchUsers({ q: q || undefined, status: 'active', limit: 20 }, signal);
        return page.items.map((u) => ({ value: u.email, label: `${u.name} <${u.email}>` }));
      }}
      data-testid="import-owner"
    />
  );
}

function OptionsStep({
  settings,
  onChange,
  onBack,
  onStart,
  starting,
  error,
}: {
  settings: Settings;
  onChange: (patch: Partial<Settings>) => void;
  onBack: () => void;
  onStart: (dryRun: boolean) => void;
  starting: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="import-options-step">
      <Radio.Group
        label={t('imports.options.duplicates')}
        description={t('imports.options.duplicatesHint')}
        value={settings.onDuplicate}
        onChange={(value) => onChange({ onDuplicate: value as OnDuplicate })}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="skip" label={t('imports.options.skip')} data-testid="import-duplicates-skip" />
          <Radio value="update" label={t('imports.options.update')} data-testid="import-duplicates-update" />
        </Stack>
      </Radio.Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('imports.options.source')}
          description={t('imports.options.sourceHint')}
          value={settings.source}
          maxLength={100}
          onChange={(event) => onChange({ source: event.currentTarget.value })}
          data-testid="import-source"
        />
        <TextInput
          label={t('imports.options.campaign')}
          description={t('imports.options.campaignHint')}
          value={settings.campaign}
          maxLength={200}
          onChange={(event) => onChange({ campaign: event.currentTarget.value })}
          data-testid="import-campaign"
        />
        <OwnerEmailSelect value={settings.ownerEmail} onChange={(ownerEmail) => onChange({ ownerEmail })} />
      </SimpleGrid>
      <FormErrorAlert error={error} />
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} data-testid="import-options-back">
          {t('imports.options.back')}
        </Button>
        <Group>
          <Button variant="light" loading={starting} onClick={() => onStart(true)} data-testid="import-dry-run">
            {t('imports.options.dryRun')}
          </Button>
          <Button loading={starting} onClick={() => onStart(false)} data-testid="import-run">
            {t('imports.options.run')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function Counts({ item }: { item: Import }) {
  const { t } = useTranslation();
  const p = item.progress;
  const cells: [string, number, string][] = [
    [item.dryRun ? t('imports.counts.wouldCreate') : t('imports.counts.created'), p.created, 'created'],
    [item.dryRun ? t('imports.counts.wouldUpdate') : t('imports.counts.updated'), p.updated, 'updated'],
    [t('imports.counts.skipped'), p.skipped, 'skipped'],
    [t('imports.counts.rejected'), p.rejected, 'rejected'],
    [t('imports.counts.accounts'), p.accountsCreated, 'accounts'],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }}>
      {cells.map(([label, value, key]) => (
        <Paper key={key} withBorder p="xs" radius="sm">
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text fw={600} size="lg" data-testid={`import-count-${key}`} data-value={value}>
            <NumberText value={value} />
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function ProgressView({ item, onCancel }: { item: Import; onCancel: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = Math.round(item.progress.fraction * 100);
  return (
    <Stack gap="sm" data-testid="import-progress" data-status={item.status}>
      <Text size="sm">
        {item.dryRun ? t('imports.progress.checking') : t('imports.progress.importing')}{' '}
        {t('imports.progress.rows', { rows: format.number(item.progress.processed) })}
      </Text>
      <Progress value={percent} animated striped size="lg" aria-label={t('imports.progress.label')} />
      <Text size="xs" c="dimmed">
        {format.number(percent)}%
      </Text>
      <Counts item={item} />
      <Group justify="flex-end">
        {item.cancelRequested ? (
          <Text size="sm" c="dimmed" data-testid="import-cancel-requested">
            {t('imports.cancel.requested')}
          </Text>
        ) : (
          <Button variant="default" color="red" onClick={onCancel} data-testid="import-cancel">
            {t('imports.cancel.button')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function ResultView({
  item,
  onCommit,
  committing,
  commitReady,
  commitError,
  onRemap,
  onDone,
}: {
  item: Import;
  /** Starts the real import with the dry run's mapping and options. */
  onCommit: () => void;
  committing: boolean;
  /** The dry run's settings are loaded (the file's preview is needed to check them). */
  commitReady: boolean;
  commitError: unknown;
  onRemap: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const ok = item.status === 'completed';
  const canRerun = item.dryRun && item.fileKept && (item.status === 'completed' || item.status === 'failed');
  return (
    <Stack gap="md" data-testid="import-result" data-status={item.status} data-dry-run={item.dryRun}>
      <Alert color={ok ? (item.progress.rejected > 0 ? 'yellow' : 'teal') : 'red'} data-testid="import-result-alert">
        <Text size="sm" fw={500}>
          {ok
            ? item.dryRun
              ? t('imports.result.dryRunDone')
              : t('imports.result.done')
            : item.status === 'interrupted'
              ? t('imports.result.interrupted')
              : t('imports.result.failed')}
        </Text>
        {item.error && (
          <Text size="sm" mt={4} data-testid="import-error">
            <bdi>{item.error}</bdi>
          </Text>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          {t('imports.result.processed', {
            rows: format.number(item.progress.processed),
            last: format.number(item.progress.lastRow),
          })}
        </Text>
      </Alert>
      <Counts item={item} />
      {item.dryRun && !item.fileKept && <FileGone />}
      {canRerun && <FormErrorAlert error={commitError} />}
      <Group justify="space-between">
        <Group>
          {item.progress.rejected > 0 && (
            <Anchor href={rejectionsUrl(item.id)} download data-testid="import-report-link">
              {t('imports.result.download', { rows: format.number(item.progress.rejected) })}
            </Anchor>
          )}
          {!item.dryRun && ok && (
            <Anchor component={Link} to="/contacts" data-testid="import-contacts-link">
              {t('imports.result.seeContacts')}
            </Anchor>
          )}
        </Group>
        <Group>
          {canRerun && (
            <Button variant="default" onClick={onRemap} data-testid="import-remap">
              {t('imports.result.remap')}
            </Button>
          )}
          {canRerun && (
            <Button
              onClick={onCommit}
              loading={committing || !commitReady}
              disabled={!commitReady}
              data-testid="import-commit"
            >
              {t('imports.result.commit')}
            </Button>
          )}
          <Button variant={canRerun ? 'subtle' : 'filled'} onClick={onDone} data-testid="import-new">
            {t('imports.result.new')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

/** The mapping to start from: the last run's when the preview has its columns, else the suggested one. */
function initialMapping(item: Import, preview: ImportPreview | undefined): (string | null)[] {
  const stored = item.options;
  const sameColumns = stored && preview && stored.mapping.length === preview.headers.length;
  return sameColumns ? stored.mapping : (preview?.suggestedMapping ?? []);
}

function initialSettings(item: Import, preview: ImportPreview | undefined): Settings {
  const stored = item.options;
  return {
    mapping: initialMapping(item, preview),
    mappingFor: null,
    onDuplicate: stored?.onDuplicate ?? 'skip',
    source: stored?.defaults.source ?? '',
    campaign: stored?.defaults.campaign ?? '',
    ownerEmail: stored?.defaults.ownerEmail ?? null,
  };
}

/** The import's uploaded file was deleted (unused for 7 days): it must be uploaded again. */
function FileGone() {
  const { t } = useTranslation();
  return (
    <Alert color="gray" data-testid="import-file-gone">
      <Text size="sm">{t('imports.fileGone')}</Text>
    </Alert>
  );
}

/** One import, from mapping to result. */
export function ImportWizard({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const item = useImport(id);
  const data = item.data;
  const editable =
    data !== undefined && data.fileKept && (data.status === 'uploaded' || (data.dryRun && data.status !== 'running'));
  const [delimiter, setDelimiter] = useState<ImportDelimiter | null>(null);
  const preview = useImportPreview(id, editable, delimiter);
  const start = useStartImport(id);
  const cancel = useCancelImport(id);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [step, setStep] = useState<Step | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);

  useEffect(() => {
    if (!settings && data && preview.data) setSettings(initialSettings(data, preview.data));
  }, [settings, data, preview.data]);
  // Another delimiter makes other columns: their mapping starts again from the preview read with it.
  useEffect(() => {
    if (settings && data && preview.data && settings.mappingFor !== delimiter) {
      setSettings({ ...settings, mapping: initialMapping(data, preview.data), mappingFor: delimiter });
    }
  }, [settings, data, preview.data, delimiter]);

  // When a run ends, the history shows its final counts.
  const status = data?.status;
  useEffect(() => {
    if (status && status !== 'running') void client.invalidateQueries({ queryKey: queryKeys.importList });
  }, [status, client]);

  if (item.isPending) return <LoadingBlock />;
  if (item.isError) return <ErrorBlock error={item.error} onRetry={() => void item.refetch()} />;
  const current = item.data;

  const showEditor = current.fileKept && (step !== null || current.status === 'uploaded');
  // While the mapping is edited, the delimiter its preview was read with.
  const shownDelimiter = showEditor && preview.data ? preview.data.delimiter : current.delimiter;
  const activeStep = showEditor ? ((step ?? 'mapping') === 'mapping' ? 1 : 2) : current.status === 'running' ? 3 : 4;
  const run = (dryRun: boolean) => {
    if (!settings) return;
    start.mutate(
      {
        mapping: settings.mapping,
        ...(settings.mappingFor !== null ? { delimiter: settings.mappingFor } : {}),
        dryRun,
        onDuplicate: settings.onDuplicate,
        defaults: {
          source: settings.source.trim() || null,
          campaign: settings.campaign.trim() || null,
          ownerEmail: settings.ownerEmail,
        },
      },
      { onSuccess: () => setStep(null) },
    );
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="import-wizard">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={4}>
              <bdi>{current.fileName}</bdi>
            </Title>
            <Group gap="xs">
              {/* The badge names the run shown; while mapping and options are edited again, no run is shown. */}
              {current.dryRun && current.status !== 'uploaded' && !showEditor && (
                <Badge variant="light" color="grape">
                  {t('imports.dryRunBadge')}
                </Badge>
              )}
              <Text size="xs" c="dimmed" data-testid="import-delimiter-shown">
                {t('imports.delimiter', {
                  delimiter: t(`imports.delimiters.${DELIMITER_NAMES[shownDelimiter ?? ','] ?? 'comma'}`),
                })}
              </Text>
              {current.createdBy && (
                <Text size="xs" c="dimmed">
                  <UserText value={current.createdBy.name} />
                </Text>
              )}
            </Group>
          </Stack>
        </Group>
        <Stepper active={activeStep} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label={t('imports.steps.upload')} />
          <Stepper.Step label={t('imports.steps.mapping')} />
          <Stepper.Step label={t('imports.steps.options')} />
          <Stepper.Step label={t('imports.steps.run')} />
        </Stepper>
        {showEditor ? (
          preview.isPending || !settings || settings.mappingFor !== delimiter ? (
            preview.isError ? (
              <ErrorBlock error={preview.error} onRetry={() => void preview.refetch()} />
            ) : (
              <LoadingBlock />
            )
          ) : (step ?? 'mapping') === 'mapping' ? (
            <Stack gap="sm">
              <DelimiterSelect value={delimiter} detected={current.delimiter} onChange={setDelimiter} />
              <MappingStep
                preview={preview.data!}
                settings={settings}
                onChange={(mapping) => setSettings({ ...settings, mapping })}
                onNext={() => setStep('options')}
              />
            </Stack>
          ) : (
            <OptionsStep
              settings={settings}
              onChange={(patch) => setSettings({ ...settings, ...patch })}
              onBack={() => setStep('mapping')}
              onStart={run}
              starting={start.isPending}
              error={start.error}
            />
          )
        ) : current.status === 'uploaded' ? (
          <Stack gap="md" align="flex-start">
            <FileGone />
            <Button onClick={onDone} data-testid="import-new">
              {t('imports.result.new')}
            </Button>
          </Stack>
        ) : current.status === 'running' ? (
          <ProgressView
            item={current}
            onCancel={() => {
              cancel.reset();
              setConfirmCancel(true);
            }}
          />
        ) : (
          <ResultView
            item={current}
            onCommit={() => run(false)}
            committing={start.isPending}
            commitReady={settings !== null}
            commitError={start.error}
            onRemap={() => setStep('mapping')}
            onDone={onDone}
          />
        )}
      </Stack>
      <ConfirmModal
        opened={confirmCancel}
        title={t('imports.cancel.title')}
        message={t('imports.cancel.message')}
        confirmLabel={t('imports.cancel.confirm')}
        dismissLabel={t('imports.cancel.keep')}
        loading={cancel.isPending}
        error={cancel.error}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: () => setConfirmCancel(false) })}
        onClose={() => setConfirmCancel(false)}
      />
    </Paper>
  );
}
