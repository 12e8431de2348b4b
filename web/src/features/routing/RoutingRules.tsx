import { ActionIcon, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useDeleteRule,
  useReorderRules,
  useRoutingRules,
  type ConditionOp,
  type RoutingRule,
} from '../../api/routing.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { RoutingSection } from './RoutingSection.js';
import { RuleDialog } from './RuleDialog.js';
import { describeCondition, moveRule } from './ruleForm.js';

/** The routing rules in order (the first that matches a lead wins), to reorder, edit and delete. */
export function RoutingRules({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const rules = useRoutingRules();
  const reorder = useReorderRules();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);
  const opLabel = (op: ConditionOp) => t(`routingAdmin.ops.${op}`);
  const ids = rules.data?.map((r) => r.id) ?? [];
  return (
    <RoutingSection part="rules">
      {rules.isPending ? (
        <LoadingBlock />
      ) : rules.isError ? (
        <ErrorBlock error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyBlock title={t('routingAdmin.rules.empty')} hint={t('routingAdmin.rules.emptyHint')} />
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('routingAdmin.rules.name')}</Table.Th>
              <Table.Th>{t('routingAdmin.rules.conditions')}</Table.Th>
              <Table.Th>{t('routingAdmin.rules.team')}</Table.Th>
              <Table.Th>{t('routingAdmin.rules.method')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.map((rule, i) => (
              <Table.Tr key={rule.id} data-testid="routing-rule" data-rule-id={rule.id} opacity={rule.active ? 1 : 0.6}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td dir="auto">
                  {rule.name}
                  {!rule.active && (
                    <Badge ml="xs" color="gray" size="sm">
                      {t('routingAdmin.rules.inactive')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {rule.conditions.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('routingAdmin.rules.catchAll')}
                    </Text>
                  ) : (
                    <Stack gap={2}>
                      {rule.conditions.map((c, j) => (
                        <Text key={j} size="sm" dir="auto">
                          {describeCondition(c, opLabel, t('common.listSeparator'))}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td dir="auto">{rule.teamName ?? t('routingAdmin.rules.teamDeleted')}</Table.Td>
                <Table.Td>{t(`routingAdmin.methods.${rule.method}`)}</Table.Td>
                <Table.Td>
                  {canEdit && (
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('routingAdmin.rules.moveUp')}
                        disabled={i === 0 || reorder.isPending}
                        onClick={() => reorder.mutate(moveRule(ids, rule.id, -1))}
                        data-testid="routing-rule-up"
                      >
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('routingAdmin.rules.moveDown')}
                        disabled={i === ids.length - 1 || reorder.isPending}
                        onClick={() => reorder.mutate(moveRule(ids, rule.id, 1))}
                        data-testid="routing-rule-down"
                      >
                        ↓
                      </ActionIcon>
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setEditing(rule)}
                        data-testid="routing-rule-edit"
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setDeleting(rule)}
                        data-testid="routing-rule-delete"
                      >
                        {t('common.delete')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <FormErrorAlert error={reorder.error} />
      {canEdit && (
        <Button mt="sm" variant="light" onClick={() => setEditing('new')} data-testid="routing-rule-new">
          {t('routingAdmin.rules.add')}
        </Button>
      )}
      {editing && <RuleDialog rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={deleting !== null}
        title={t('routingAdmin.rules.deleteTitle')}
        message={t('routingAdmin.rules.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      />
    </RoutingSection>
  );
}
