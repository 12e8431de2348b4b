import { Button, Group, Modal, NativeSelect, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONDITION_OPS,
  ROUTING_FIELDS,
  ROUTING_METHODS,
  useCreateRule,
  useUpdateRule,
  type ConditionOp,
  type RoutingRule,
} from '../../api/routing.js';
import { useTeams } from '../../api/teams.js';
import { fieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { AddItemButton, RemoveItemButton } from '../../components/ListItemButtons.js';
import { emptyRule, formToRule, ruleToForm, type RuleForm } from './ruleForm.js';

/** Creates a routing rule (rule: null) or edits one: its team, method, and the conditions a lead must meet. */
export function RuleDialog({ rule, onClose }: { rule: RoutingRule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const create = useCreateRule();
  const update = useUpdateRule();
  const [form, setForm] = useState<RuleForm>(() => (rule ? ruleToForm(rule) : emptyRule(teams.data?.[0]?.id ?? '')));
  const [local, setLocal] = useState<Record<string, string>>({});
  const mutation = rule ? update : create;
  const errors = { ...fieldErrors(mutation.error, t), ...local };
  const set = (change: Partial<RuleForm>) => setForm((f) => ({ ...f, ...change }));
  const setCondition = (i: number, change: Partial<RuleForm['conditions'][number]>) =>
    set({ conditions: form.conditions.map((c, j) => (j === i ? { ...c, ...change } : c)) });

  const submit = () => {
    const { input, errors: found } = formToRule(form);
    setLocal(
      Object.fromEntries(
        Object.entries(found).map(([k, v]) => [k, v === 'required' ? t('common.required') : t('common.notANumber')]),
      ),
    );
    if (Object.keys(found).length > 0) return;
    const done = { onSuccess: onClose };
    if (rule) update.mutate({ id: rule.id, input }, done);
    else create.mutate(input, done);
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={rule ? t('routingAdmin.rules.editTitle') : t('routingAdmin.rules.add')}
      size="lg"
      centered
    >
      <Stack gap="sm">
        <TextInput
          label={t('routingAdmin.rules.name')}
          value={form.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={errors['name']}
          dir="auto"
          data-testid="routing-rule-name"
        />
        <Group grow>
          <NativeSelect
            label={t('routingAdmin.rules.team')}
            data={[
              { value: '', label: t('routingAdmin.rules.chooseTeam') },
              ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
            ]}
            value={form.teamId}
            onChange={(e) => set({ teamId: e.currentTarget.value })}
            error={errors['teamId']}
            data-testid="routing-rule-team"
          />
          <NativeSelect
            label={t('routingAdmin.rules.method')}
            data={ROUTING_METHODS.map((m) => ({ value: m, label: t(`routingAdmin.methods.${m}`) }))}
            value={form.method}
            onChange={(e) => set({ method: e.currentTarget.value as RuleForm['method'] })}
            error={errors['method']}
            data-testid="routing-rule-method"
          />
        </Group>
        <Switch
          label={t('routingAdmin.rules.active')}
          checked={form.active}
          onChange={(e) => set({ active: e.currentTarget.checked })}
          data-testid="routing-rule-active"
        />
        <Text fw={500} size="sm">
          {t('routingAdmin.rules.conditions')}
        </Text>
        {form.conditions.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('routingAdmin.rules.catchAllHint')}
          </Text>
        )}
        {form.conditions.map((c, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap" data-testid="routing-condition">
            <NativeSelect
              aria-label={t('routingAdmin.rules.field')}
              data={[...new Set([...ROUTING_FIELDS, c.field])].map((f) => ({ value: f, label: f }))}
              value={c.field}
              onChange={(e) => setCondition(i, { field: e.currentTarget.value })}
              error={errors[`conditions.${i}.field`]}
              w={170}
              data-testid={`routing-condition-${i}-field`}
            />
            <NativeSelect
              aria-label={t('routingAdmin.rules.op')}
              data={CONDITION_OPS.map((op) => ({ value: op, label: t(`routingAdmin.ops.${op}`) }))}
              value={c.op}
              onChange={(e) => setCondition(i, { op: e.currentTarget.value as ConditionOp })}
              w={130}
              data-testid={`routing-condition-${i}-op`}
            />
            {c.op === 'in' || c.op === 'not_in' ? (
              <TagsInput
                aria-label={t('routingAdmin.rules.values')}
                placeholder={t('routingAdmin.rules.valuesPlaceholder')}
                value={c.values}
                onChange={(values) => setCondition(i, { values })}
                error={errors[`conditions.${i}.values`]}
                style={{ flex: 1 }}
                data-testid={`routing-condition-${i}-values`}
              />
            ) : c.op === 'present' ? (
              <div style={{ flex: 1 }} />
            ) : (
              <TextInput
                aria-label={t('routingAdmin.rules.value')}
                value={c.values[0] ?? ''}
                onChange={(e) => setCondition(i, { values: [e.currentTarget.value] })}
                error={errors[`conditions.${i}.value`]}
                dir="auto"
                style={{ flex: 1 }}
                data-testid={`routing-condition-${i}-value`}
              />
            )}
            <RemoveItemButton mt={6} onClick={() => set({ conditions: form.conditions.filter((_, j) => j !== i) })} />
          </Group>
        ))}
        <AddItemButton
          onClick={() => set({ conditions: [...form.conditions, { field: 'account.country', op: 'in', values: [] }] })}
          data-testid="routing-condition-add"
        >
          {t('routingAdmin.rules.addCondition')}
        </AddItemButton>
        <FormErrorAlert error={mutation.error} knownFields={Object.keys(errors)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={mutation.isPending} data-testid="routing-rule-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
