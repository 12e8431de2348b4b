import { Button, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Edit and delete buttons of a record's page header; test ids are `<testIdPrefix>-edit` / `-delete`. */
export function EditDeleteActions({
  testIdPrefix,
  onEdit,
  onDelete,
}: {
  testIdPrefix: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Button variant="default" onClick={onEdit} data-testid={`${testIdPrefix}-edit`}>
        {t('common.edit')}
      </Button>
      <Button color="red" variant="light" onClick={onDelete} data-testid={`${testIdPrefix}-delete`}>
        {t('common.delete')}
      </Button>
    </>
  );
}

/** The titled card holding a record's fields or its edit form. */
export function DetailsCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={4} mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
