import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { isApiError } from '../../api/client.js';
import {
  BUILTIN_FEATURES,
  OUTCOME_CONTACT_FIELDS,
  usePredictiveModel,
  usePredictiveSettings,
  useSavePredictiveSettings,
  useTrainModel,
  type ModelSummary,
  type PredictiveSettings,
} from '../../api/predictive.js';
import { errorMessage, useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { ForbiddenPage } from '../../components/NotFoundPage.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { parseNumberInput } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { featureLabel } from './labels.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

const CUSTOM = 'custom';
const FORM_FIELDS = [
  'outcome.field',
  'outcome.positiveValues',
  'outcome.negativeValues',
  'features',
  'minimumPerClass',
];

function SettingsForm({ initial }: { initial: PredictiveSettings }) {
  const { t } = useTranslation();
  const format = useFormat();
  const save = useSavePredictiveSettings();
  const errors = useFieldErrors(save.error);
  const initialCustom = initial.outcome.field.startsWith('custom.') ? initial.outcome.field.slice(7) : '';
  const [fieldKind, setFieldKind] = useState(initialCustom ? CUSTOM : initial.outcome.field);
  const [customName, setCustomName] = useState(initialCustom);
  const [positives, setPositives] = useState(initial.outcome.positiveValues);
  const [negatives, setNegatives] = useState(initial.outcome.negativeValues);
  const [features, setFeatures] = useState(initial.features);
  const [minimum, setMinimum] = useState(format.number(initial.minimumPerClass, { useGrouping: false }));
  const customFeatures = initial.features.filter((f) => f.startsWith('custom.'));

  const fieldOptions = [
    { value: CUSTOM, label: t('predictive.customField') },
    ...OUTCOME_CONTACT_FIELDS.map((f) => ({ value: f, label: featureLabel(f, t) })),
  ];

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = parseNumberInput(minimum);
    save.mutate(
      {
        outcome: {
          field: fieldKind === CUSTOM ? `custom.${customName.trim()}` : fieldKind,
          positiveValues: positives,
          negativeValues: negatives,
        },
        // Keep the order of the catalogue, whatever order the boxes were ticked in.
        features: [...BUILTIN_FEATURES, ...customFeatures].filter((f) => features.includes(f)),
        minimumPerClass: parsed === null || Number.isNaN(parsed) ? Number.NaN : parsed,
      },
      { onSuccess: () => notifySuccess(t('predictive.saved')) },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="predictive-settings">
      <Stack gap="md">
        <Title order={4}>{t('predictive.settingsTitle')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('predictive.outcomeField')}
            description={t('predictive.outcomeFieldHint')}
            data={fieldOptions}
            value={fieldKind}
            onChange={(v) => v && setFieldKind(v)}
            allowDeselect={false}
            error={errors['outcome.field']}
            data-testid="predictive-outcome-field"
          />
          {fieldKind === CUSTOM && (
            <TextInput
              label={t('predictive.customFieldName')}
              value={customName}
              onChange={(e) => setCustomName(e.currentTarget.value)}
              error={errors['outcome.field']}
              dir="auto"
              data-testid="predictive-custom-field"
            />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TagsInput
            label={t('predictive.positiveValues')}
            description={t('predictive.valuesHint')}
            value={positives}
            onChange={setPositives}
            error={errors['outcome.positiveValues']}
            data-testid="predictive-positive"
          />
          <TagsInput
            label={t('predictive.negativeValues')}
            description={t('predictive.valuesHint')}
            value={negatives}
            onChange={setNegatives}
            error={errors['outcome.negativeValues']}
            data-testid="predictive-negative"
          />
        </SimpleGrid>
        <Checkbox.Group
          label={t('predictive.features')}
          value={features}
          onChange={setFeatures}
          error={errors['features']}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mt="xs">
            {[...BUILTIN_FEATURES, ...customFeatures].map((f) => (
              <Checkbox key={f} value={f} label={featureLabel(f, t)} data-testid={`predictive-feature-${f}`} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <NumberTextInput
          label={t('predictive.minimumPerClass')}
          value={minimum}
          onChange={(e) => setMinimum(e.currentTarget.value)}
          error={errors['minimumPerClass']}
          inputMode="numeric"
          maw={240}
          data-testid="predictive-minimum"
        />
        <FormErrorAlert error={save.error} knownFields={FORM_FIELDS} />
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="predictive-save">
            {t('predictive.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function trainingError(error: unknown, t: TFunction, format: ReturnType<typeof useFormat>): string {
  if (isApiError(error) && error.code === 'predictive.not_enough_labels') {
    const n = (key: string) => format.number(Number(error.problem[key] ?? 0));
    return t('predictive.notEnoughLabels', {
      positives: n('positives'),
      negatives: n('negatives'),
      minimum: n('minimumPerClass'),
    });
  }
  return errorMessage(error, t);
}

function ModelSummaryView({ model }: { model: ModelSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { crossValidation: cv, samples } = model;
  return (
    <Stack gap="md" data-testid="model-summary" data-version={model.version}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('predictive.auc')}
          </Text>
          <Text fz={28} fw={700} data-testid="model-auc">
            {format.number(cv.auc, { minimumFractionDigits: 3, maximumFractionDigits: 3 })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('predictive.aucHint', {
              folds: format.number(cv.folds),
              std: format.number(cv.aucStd, { maximumFractionDigits: 3 }),
            })}
          </Text>
        </Stack>
        <Stack gap={2} data-testid="model-samples">
          <Text size="xs" c="dimmed">
            {t('predictive.samples')}
          </Text>
          <Text size="sm">{t('predictive.positives', { n: format.number(samples.positive) })}</Text>
          <Text size="sm">{t('predictive.negatives', { n: format.number(samples.negative) })}</Text>
          <Text size="sm" c="dimmed">
            {t('predictive.unknown', { n: format.number(samples.unknown) })}
          </Text>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('predictive.trainedAt')}
          </Text>
          <Text size="sm" data-testid="model-trained-at">
            {format.dateTime(model.trainedAt)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('predictive.trainedBy')}: <bdi>{model.trainedBy?.name ?? t('predictive.system')}</bdi>
          </Text>
          <Text
            size="xs"
            c="dimmed"
            data-testid="model-scoring"
            data-done={model.scoring.finishedAt ? 'true' : 'false'}
          >
            {t(model.scoring.finishedAt ? 'predictive.scoringDone' : 'predictive.scoringRunning', {
              n: format.number(model.scoring.scoredContacts),
            })}
          </Text>
        </Stack>
      </SimpleGrid>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('predictive.topFeatures')}
        </Text>
        {model.topFeatures.map((f) => (
          <Group key={f.feature} gap="sm" wrap="nowrap" data-testid="model-feature" data-feature={f.feature}>
            <Text size="sm" w={200} truncate>
              {featureLabel(f.feature, t)}
            </Text>
            <Progress value={f.share * 100} style={{ flex: 1 }} aria-hidden />
            <Text size="xs" w={56} ta="end">
              {format.number(f.share, { style: 'percent', maximumFractionDigits: 1 })}
            </Text>
          </Group>
        ))}
        {model.droppedFeatures.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('predictive.unused', {
              list: model.droppedFeatures.map((d) => featureLabel(d.feature, t)).join(t('common.listSeparator')),
            })}
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

/** Marketing's page for the predictive score: choose the outcome and features, train, and judge the model. */
export function ModelPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const settings = usePredictiveSettings();
  const model = usePredictiveModel();
  const train = useTrainModel();
  if (user.role !== 'admin' && user.role !== 'marketing') return <ForbiddenPage />;

  return (
    <>
      <PageHeader title={t('predictive.pageTitle')} subtitle={t('predictive.pageSubtitle')} />
      <Stack gap="lg" maw={900}>
        <Paper withBorder radius="md" p="lg">
          {settings.isPending ? (
            <LoadingBlock />
          ) : settings.isError ? (
            <ErrorBlock error={settings.error} onRetry={() => void settings.refetch()} />
          ) : (
            <SettingsForm key={settings.data.version} initial={settings.data.settings} />
          )}
        </Paper>
        <Paper withBorder radius="md" p="lg">
          <Stack gap="md">
            <Group justify="space-between">
              <Title order={4}>{t('predictive.modelTitle')}</Title>
              <Button
                onClick={() =>
                  train.mutate(undefined, {
                    onSuccess: (m) => notifySuccess(t('predictive.trained', { version: format.number(m.version) })),
                  })
                }
                loading={train.isPending}
                data-testid="predictive-train"
              >
                {t('predictive.train')}
              </Button>
            </Group>
            {train.isError && (
              <Alert color="red" role="alert" data-testid="predictive-train-error">
                {trainingError(train.error, t, format)}
              </Alert>
            )}
            {model.isPending ? (
              <LoadingBlock />
            ) : model.isError ? (
              <ErrorBlock error={model.error} onRetry={() => void model.refetch()} />
            ) : model.data.model ? (
              <ModelSummaryView model={model.data.model} />
            ) : (
              <Text size="sm" c="dimmed" data-testid="model-none">
                {t('predictive.noModelYet')}
              </Text>
            )}
          </Stack>
        </Paper>
      </Stack>
    </>
  );
}
