import { Anchor, Badge, Button, Group, Paper, Switch, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCurrentUser } from '../../api/auth.js';
import { useFormList, type Form } from '../../api/forms.js';
import { DateText, NumberText, UserText } from '../../components/Formatted.js';
import { PageHeader } from '../../components/PageHeader.js';
import { PagedTable } from '../../components/PagedTable.js';
import { EmptyBlock } from '../../components/QueryState.js';
import { useUrlParams } from '../../components/urlState.js';
import { canEditForms } from './permissions.js';

const URL_KEYS = ['archived'] as const;

export function FormStatusBadge({ status }: { status: Form['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'teal' : 'gray'} variant="light" data-testid="form-status">
      {t(`forms.status.${status}`)}
    </Badge>
  );
}

export function FormsListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [raw, update] = useUrlParams(URL_KEYS);
  const showArchived = raw.archived === '1';
  const list = useFormList({ status: showArchived ? 'all' : 'active' });
  const editable = canEditForms(user);
  const open = (id: string) => void navigate(`/marketing/forms/${encodeURIComponent(id)}`);

  const newButton = editable && (
    <Button component={Link} to="/marketing/forms/new" data-testid="form-new">
      {t('forms.new')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('forms.title')} subtitle={t('forms.subtitle')} actions={newButton} />
      <Group mb="md">
        <Switch
          label={t('forms.showArchived')}
          checked={showArchived}
          onChange={(event) => update({ archived: event.currentTarget.checked ? '1' : null })}
          data-testid="forms-show-archived"
        />
      </Group>
      <Paper withBorder radius="md" p="xs">
        <PagedTable
          list={list}
          minWidth={720}
          tableProps={{
            highlightOnHover: true,
            style: { opacity: list.isPlaceholderData ? 0.6 : 1 },
            'data-testid': 'forms-table',
          }}
          columns={[
            t('forms.columns.name'),
            t('forms.columns.status'),
            t('forms.columns.submissions'),
            t('forms.columns.campaign'),
            t('forms.columns.createdAt'),
          ]}
          empty={
            <EmptyBlock
              title={t('forms.empty')}
              hint={editable ? t('forms.emptyHint') : undefined}
              action={
                editable && (
                  <Button component={Link} to="/marketing/forms/new" variant="light">
                    {t('forms.new')}
                  </Button>
                )
              }
            />
          }
          loadMoreTestId="forms-load-more"
          row={(form) => (
            <Table.Tr
              data-testid="form-row"
              data-clickable="true"
              tabIndex={0}
              onClick={() => open(form.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && event.target === event.currentTarget) open(form.id);
              }}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/marketing/forms/${encodeURIComponent(form.id)}`}
                  onClick={(event) => event.stopPropagation()}
                  fw={500}
                  inherit
                  tabIndex={-1}
                >
                  <bdi>{form.name}</bdi>
                </Anchor>
              </Table.Td>
              <Table.Td>
                <FormStatusBadge status={form.status} />
              </Table.Td>
              <Table.Td>
                <NumberText value={form.submissionCount} />
              </Table.Td>
              <Table.Td>
                <UserText value={form.campaign} />
              </Table.Td>
              <Table.Td>
                <DateText value={form.createdAt} />
              </Table.Td>
            </Table.Tr>
          )}
        />
      </Paper>
    </>
  );
}
