import { Button, Code, Group, Paper, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { useSaveTrackedSites, useTrackedSites } from '../../api/tracking.js';
import { CopyableCode } from '../../components/CopyAction.js';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { DateText } from '../../components/Formatted.js';
import { notifySuccess } from '../../components/notify.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { RefName } from '../../components/RefName.js';

/**
 * Website tracking: the script tag for the site's pages, and the sites whose pages may receive a clicked
 * email link's identity token (so the visitor becomes the contact there, and nowhere else).
 */
export function TrackingPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const sites = useTrackedSites();
  const save = useSaveTrackedSites();
  const errors = useFieldErrors(save.error);
  const [domains, setDomains] = useState<string[] | null>(null);
  const canEdit = user.role === 'admin' || user.role === 'marketing';

  // The editor starts from what is saved, and again after each save (the server normalises the domains).
  useEffect(() => {
    if (sites.data) setDomains(sites.data.domains);
  }, [sites.data]);

  const domainErrors = Object.entries(errors)
    .filter(([field]) => field.startsWith('domains.'))
    .map(([field, message]) => `${domains?.[Number(field.slice('domains.'.length))] ?? ''}: ${message}`);
  const dirty = sites.data !== undefined && domains !== null && domains.join('\n') !== sites.data.domains.join('\n');

  return (
    <>
      <PageHeader title={t('tracking.title')} subtitle={<Text size="sm">{t('tracking.intro')}</Text>} />
      {sites.isPending ? (
        <LoadingBlock />
      ) : sites.isError ? (
        <ErrorBlock error={sites.error} onRetry={() => void sites.refetch()} />
      ) : (
        <Stack gap="lg" maw={900}>
          <Paper withBorder radius="md" p="lg">
            <Title order={4} mb="xs">
              {t('tracking.snippetTitle')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('tracking.snippetHint')}
            </Text>
            <CopyableCode value={sites.data.snippet} testId="tracking-snippet" copyTestId="tracking-snippet-copy" />
            <Text size="sm" c="dimmed" mt="sm">
              {t('tracking.eventsHint')}
            </Text>
            <Code block dir="ltr" mt={4}>
              {"tandem('track', 'demo_requested', { plan: 'pro' })"}
            </Code>
          </Paper>
          <Paper
            withBorder
            radius="md"
            p="lg"
            component="form"
            onSubmit={(e) => {
              e.preventDefault();
              if (domains === null) return;
              save.mutate(domains, { onSuccess: () => notifySuccess(t('tracking.saved')) });
            }}
          >
            <Title order={4} mb="xs">
              {t('tracking.sitesTitle')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('tracking.sitesHint')}
            </Text>
            <TagsInput
              label={t('tracking.domains')}
              description={t('tracking.domainsHint')}
              placeholder={domains?.length ? undefined : 'example.com'}
              value={domains ?? []}
              onChange={setDomains}
              disabled={!canEdit}
              splitChars={[',', ' ', '،']}
              acceptValueOnBlur
              dir="ltr"
              error={domainErrors.length > 0 ? domainErrors.join(' ') : errors['domains']}
              data-testid="tracking-domains"
            />
            <FormErrorAlert error={save.error} knownFields={['domains', ...Object.keys(errors)]} />
            <Group justify="space-between" mt="md">
              <Text size="xs" c="dimmed" data-testid="tracking-updated">
                {sites.data.updatedAt && sites.data.updatedBy ? (
                  <>
                    {t('tracking.updated')} <DateText value={sites.data.updatedAt} withTime /> ·{' '}
                    <RefName field="ownerId" id={sites.data.updatedBy} />
                  </>
                ) : (
                  t('tracking.neverSaved')
                )}
              </Text>
              {canEdit && (
                <Button type="submit" loading={save.isPending} disabled={!dirty} data-testid="tracking-save">
                  {t('common.save')}
                </Button>
              )}
            </Group>
          </Paper>
        </Stack>
      )}
    </>
  );
}
