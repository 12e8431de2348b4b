import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formSubmissionsCsvUrl, useFormSubmissions, type Form, type FormField } from '../../api/forms.js';
import { SENIORITIES, type Seniority } from '../../api/types.js';
import { DateText, Empty, UserText } from '../../components/Formatted.js';
import { PagedTable } from '../../components/PagedTable.js';
import { EmptyBlock } from '../../components/QueryState.js';
import { useFormat, type Formatters } from '../../i18n/useFormat.js';

function isSeniority(value: unknown): value is Seniority {
  return typeof value === 'string' && (SENIORITIES as readonly string[]).includes(value);
}

/**
 * A submitted value as text: yes/no for checkboxes, numbers in the UI's digits, seniority in words, anything
 * else as sent.
 */
function valueText(value: unknown, field: FormField | undefined, t: TFunction, format: Formatters): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? t('forms.submissions.yes') : t('forms.submissions.no');
  if (typeof value === 'number') return format.number(value);
  if (field?.mapTo === 'seniority' && isSeniority(value)) return t(`seniority.${value}`);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The consent box as the person saw it: its text then, which may no longer be the form's. */
function ConsentShown({ text }: { text: string | null }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="dimmed" data-testid="form-submission-consent-text" style={{ overflowWrap: 'anywhere' }}>
      {text === null ? (
        t('forms.submissions.consentTextUnknown')
      ) : (
        <>
          {t('forms.submissions.consentShown')} {t('timeline.quoteOpen')}
          <bdi>{text}</bdi>
          {t('timeline.quoteClose')}
        </>
      )}
    </Text>
  );
}

/** The answers in the form's field order; keys the form no longer has (or the consent box) come last. */
function SubmittedValues({
  data,
  fields,
  consentText,
}: {
  data: Record<string, unknown>;
  fields: readonly FormField[];
  consentText: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const keys = [
    ...fields.map((f) => f.key).filter((key) => key in data),
    ...Object.keys(data).filter((key) => !byKey.has(key)),
  ];
  if (keys.length === 0) return <Empty />;
  return (
    <Stack gap={2}>
      {keys.map((key) => {
        const field = byKey.get(key);
        const label = field?.label ?? (key === 'consent' ? t('forms.sections.consent') : key);
        return (
          <div key={key}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="form-submission-value">
              <Text span c="dimmed" inherit>
                <bdi>{label}</bdi>
                {t('forms.submissions.separator')}
              </Text>
              <bdi>{valueText(data[key], field, t, format) ?? t('common.none')}</bdi>
            </Text>
            {key === 'consent' && !field && <ConsentShown text={consentText} />}
          </div>
        );
      })}
    </Stack>
  );
}

/** Who filled in the form, newest first, a page at a time. */
export function FormSubmissions({ form }: { form: Form }) {
  const { t } = useTranslation();
  const submissions = useFormSubmissions(form.id);

  return (
    <Paper withBorder radius="md" p="lg" data-testid="form-submissions">
      <Group justify="space-between" mb="md">
        <Title order={4}>{t('forms.submissions.title')}</Title>
        <Button
          component="a"
          href={formSubmissionsCsvUrl(form.id)}
          download
          variant="default"
          size="xs"
          data-testid="form-submissions-export"
        >
          {t('forms.submissions.exportCsv')}
        </Button>
      </Group>
      <PagedTable
        list={submissions}
        minWidth={760}
        tableProps={{ 'data-testid': 'form-submissions-table' }}
        columns={[
          t('forms.submissions.submittedAt'),
          t('forms.submissions.contact'),
          t('forms.submissions.values'),
          t('forms.submissions.utmCampaign'),
          t('forms.submissions.utmSource'),
        ]}
        empty={<EmptyBlock title={t('forms.submissions.empty')} hint={t('forms.submissions.emptyHint')} />}
        loadMoreTestId="form-submissions-load-more"
        row={(submission) => (
          <Table.Tr data-testid="form-submission-row" style={{ verticalAlign: 'top' }}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <DateText value={submission.submittedAt} withTime />
            </Table.Td>
            <Table.Td>
              {submission.contact ? (
                <Anchor
                  component={Link}
                  to={`/contacts/${encodeURIComponent(submission.contact.id)}`}
                  size="sm"
                  data-testid="form-submission-contact"
                >
                  <bdi>{submission.contact.name || t('contacts.unnamed')}</bdi>
                </Anchor>
              ) : (
                <Empty />
              )}
            </Table.Td>
            <Table.Td>
              <SubmittedValues data={submission.data} fields={form.fields} consentText={submission.consentText} />
            </Table.Td>
            <Table.Td>
              <UserText value={submission.utm?.campaign} />
            </Table.Td>
            <Table.Td>
              <UserText value={submission.utm?.source} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Paper>
  );
}
