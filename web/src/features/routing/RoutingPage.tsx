import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { http } from '../../api/client.js';
import {
  CONDITION_OPS,
  ROUTING_FIELDS,
  ROUTING_METHODS,
  useCreateRule,
  useDeleteRule,
  useFairness,
  usePreviewRouting,
  usePutMember,
  useRemoveMember,
  useReorderRules,
  useRoutingMembers,
  useRoutingRules,
  useUpdateRule,
  type ConditionOp,
  type RoutingMember,
  type RoutingRule,
} from '../../api/routing.js';
import { canManageSla } from '../../api/sla.js';
import { useTeams } from '../../api/teams.js';
import type { ContactListItem, Page } from '../../api/types.js';
import { useUserList } from '../../api/users.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { fieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyBlock, ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { RemoteSelect } from '../../components/RemoteSelect.js';
import { useFormat } from '../../i18n/useFormat.js';
import { describeCondition, emptyRule, formToRule, moveRule, ruleToForm, type RuleForm } from './ruleForm.js';

function Section({
  title,
  hint,
  children,
  testId,
}: {
  title: string;
  hint?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Title order={4}>{title}</Title>
      {hint && (
        <Text size="sm" c="dimmed" mb="sm">
          {hint}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** /sales/routing: routing rules (first match wins), each team's members, fairness, and a preview. */
export function RoutingPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canEdit = canManageSla(user.role);
  const teams = useTeams();
  const [teamId, setTeamId] = useState<string | null>(null);
  const chosenTeam = teamId ?? teams.data?.[0]?.id ?? null;
  return (
    <Stack gap="md">
      <PageHeader title={t('routingAdmin.title')} subtitle={t('routingAdmin.intro')} titleTestId="routing-title" />
      {!canEdit && (
        <Alert color="gray" data-testid="routing-read-only">
          {t('routingAdmin.readOnly')}
        </Alert>
      )}
      <RulesSection canEdit={canEdit} />
      <Section title={t('routingAdmin.members.title')} hint={t('routingAdmin.members.hint')} testId="routing-members">
        <NativeSelect
          label={t('routingAdmin.members.team')}
          data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          value={chosenTeam ?? ''}
          onChange={(e) => setTeamId(e.currentTarget.value)}
          w={260}
          mb="sm"
          data-testid="routing-team"
        />
        {chosenTeam && <MembersTable teamId={chosenTeam} canEdit={canEdit} />}
      </Section>
      <FairnessSection />
      <PreviewSection />
    </Stack>
  );
}

function RulesSection({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const rules = useRoutingRules();
  const reorder = useReorderRules();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);
  const opLabel = (op: ConditionOp) => t(`routingAdmin.ops.${op}`);
  const ids = rules.data?.map((r) => r.id) ?? [];
  return (
    <Section title={t('routingAdmin.rules.title')} hint={t('routingAdmin.rules.hint')} testId="routing-rules">
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
      {editing && <RuleModal rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
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
    </Section>
  );
}

function RuleModal({ rule, onClose }: { rule: RoutingRule | null; onClose: () => void }) {
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
            <ActionIcon
              variant="subtle"
              color="red"
              mt={6}
              aria-label={t('common.delete')}
              onClick={() => set({ conditions: form.conditions.filter((_, j) => j !== i) })}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button
          size="xs"
          variant="subtle"
          w="fit-content"
          onClick={() => set({ conditions: [...form.conditions, { field: 'account.country', op: 'in', values: [] }] })}
          data-testid="routing-condition-add"
        >
          {t('routingAdmin.rules.addCondition')}
        </Button>
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

function MembersTable({ teamId, canEdit }: { teamId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const members = useRoutingMembers(teamId);
  const teamUsers = useUserList({ teamId, status: 'active', limit: 100 });
  const put = usePutMember();
  const remove = useRemoveMember();
  const [adding, setAdding] = useState('');
  const memberIds = new Set(members.data?.map((m) => m.userId) ?? []);
  const candidates = (teamUsers.data?.pages.flatMap((p) => p.items) ?? []).filter((u) => !memberIds.has(u.id));

  const save = (m: RoutingMember, change: Partial<{ weight: number; capacity: number | null; away: boolean }>) => {
    const keep = change.away === undefined;
    put.mutate({
      teamId,
      userId: m.userId,
      input: {
        weight: change.weight ?? m.weight,
        capacity: change.capacity === undefined ? m.capacity : change.capacity,
        // The switch: away from now until switched back.
        outOfOfficeFrom: keep ? m.outOfOfficeFrom : change.away ? new Date().toISOString() : null,
        outOfOfficeUntil: keep ? m.outOfOfficeUntil : null,
      },
    });
  };

  if (members.isPending) return <LoadingBlock />;
  if (members.isError) return <ErrorBlock error={members.error} onRetry={() => void members.refetch()} />;
  return (
    <Stack gap="sm">
      {members.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="routing-members-empty">
          {t('routingAdmin.members.empty')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('routingAdmin.members.name')}</Table.Th>
              <Table.Th>{t('routingAdmin.members.weight')}</Table.Th>
              <Table.Th>{t('routingAdmin.members.capacity')}</Table.Th>
              <Table.Th>{t('routingAdmin.members.away')}</Table.Th>
              <Table.Th>{t('routingAdmin.members.open')}</Table.Th>
              <Table.Th>{t('routingAdmin.members.status')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.map((m) => (
              <Table.Tr key={m.userId} data-testid="routing-member" data-user-id={m.userId}>
                <Table.Td dir="auto">{m.name}</Table.Td>
                <Table.Td>
                  <NumberCell
                    label={t('routingAdmin.members.weight')}
                    value={m.weight}
                    min={1}
                    readOnly={!canEdit}
                    testId="routing-member-weight"
                    onCommit={(v) => v !== null && save(m, { weight: v })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberCell
                    label={t('routingAdmin.members.capacity')}
                    value={m.capacity}
                    min={1}
                    placeholder={t('routingAdmin.members.noLimit')}
                    readOnly={!canEdit}
                    testId="routing-member-capacity"
                    onCommit={(v) => save(m, { capacity: v })}
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={t('routingAdmin.members.away')}
                    checked={m.outOfOfficeFrom !== null || m.outOfOfficeUntil !== null}
                    onChange={(e) => save(m, { away: e.currentTarget.checked })}
                    disabled={!canEdit || put.isPending}
                    data-testid="routing-member-away"
                  />
                </Table.Td>
                <Table.Td>{format.number(m.openHandoffs)}</Table.Td>
                <Table.Td>
                  <Badge
                    color={m.eligibility === 'eligible' ? 'teal' : 'gray'}
                    variant="light"
                    data-testid="routing-member-eligibility"
                    data-eligibility={m.eligibility}
                  >
                    {t(`routingAdmin.eligibility.${m.eligibility}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {canEdit && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.mutate({ teamId, userId: m.userId })}
                      data-testid="routing-member-remove"
                    >
                      {t('routingAdmin.members.remove')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <FormErrorAlert error={put.error ?? remove.error} />
      {canEdit && (
        <Group gap="xs" align="flex-end">
          <NativeSelect
            label={t('routingAdmin.members.add')}
            data={[
              { value: '', label: t('routingAdmin.members.choose') },
              ...candidates.map((u) => ({ value: u.id, label: u.name })),
            ]}
            value={adding}
            onChange={(e) => setAdding(e.currentTarget.value)}
            w={260}
            data-testid="routing-member-add-user"
          />
          <Button
            variant="light"
            disabled={!adding}
            loading={put.isPending}
            onClick={() =>
              put.mutate(
                {
                  teamId,
                  userId: adding,
                  input: { weight: 1, capacity: null, outOfOfficeFrom: null, outOfOfficeUntil: null },
                },
                { onSuccess: () => setAdding('') },
              )
            }
            data-testid="routing-member-add"
          >
            {t('routingAdmin.members.addButton')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** A number saved when the input loses focus (blank: null). */
function NumberCell(props: {
  label: string;
  value: number | null;
  min: number;
  placeholder?: string;
  readOnly: boolean;
  testId: string;
  onCommit: (value: number | null) => void;
}) {
  const { label, value, min, placeholder, readOnly, testId, onCommit } = props;
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (value === null ? '' : String(value));
  const parsed = shown.trim() === '' ? null : Number(shown);
  const invalid = parsed !== null && (!Number.isInteger(parsed) || parsed < min);
  return (
    <TextInput
      aria-label={label}
      value={shown}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => {
        if (text !== null && !invalid && parsed !== value) onCommit(parsed);
        if (!invalid) setText(null);
      }}
      error={invalid}
      placeholder={placeholder}
      readOnly={readOnly}
      inputMode="numeric"
      w={100}
      data-testid={testId}
    />
  );
}

const PERIODS = { week: 7, month: 30, quarter: 90 } as const;

function FairnessSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const [period, setPeriod] = useState<keyof typeof PERIODS>('month');
  const range = useMemo(() => {
    // Up to the end of today (UTC): leads routed while the page is open count too.
    const end = new Date();
    end.setUTCHours(24, 0, 0, 0);
    const from = new Date(end.getTime() - PERIODS[period] * 86_400_000);
    return { from: from.toISOString(), to: end.toISOString() };
  }, [period]);
  const report = useFairness(range);
  return (
    <Section title={t('routingAdmin.fairness.title')} hint={t('routingAdmin.fairness.hint')} testId="routing-fairness">
      <Group mb="sm" gap="sm">
        <NativeSelect
          aria-label={t('routingAdmin.fairness.period')}
          data={(Object.keys(PERIODS) as (keyof typeof PERIODS)[]).map((p) => ({
            value: p,
            label: t(`routingAdmin.fairness.periods.${p}`),
          }))}
          value={period}
          onChange={(e) => setPeriod(e.currentTarget.value as keyof typeof PERIODS)}
          data-testid="routing-fairness-period"
        />
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void report.refetch()}
          loading={report.isFetching}
          data-testid="routing-fairness-refresh"
        >
          {t('routingAdmin.fairness.refresh')}
        </Button>
      </Group>
      {report.isPending ? (
        <LoadingBlock />
      ) : report.isError ? (
        <ErrorBlock error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.teams.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="routing-fairness-empty">
          {t('routingAdmin.fairness.empty')}
        </Text>
      ) : (
        <Stack gap="md">
          {report.data.teams.map((team) => (
            <Stack key={team.teamId} gap={4} data-testid="routing-fairness-team" data-team-id={team.teamId}>
              <Text fw={500} dir="auto">
                {t('routingAdmin.fairness.teamLine', {
                  team: team.teamName ?? t('routingAdmin.rules.teamDeleted'),
                  assigned: format.number(team.assigned),
                  queued: format.number(team.queued),
                })}
              </Text>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('routingAdmin.members.name')}</Table.Th>
                    <Table.Th>{t('routingAdmin.fairness.received')}</Table.Th>
                    <Table.Th>{t('routingAdmin.fairness.share')}</Table.Th>
                    <Table.Th>{t('routingAdmin.members.weight')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {team.reps.map((rep) => (
                    <Table.Tr
                      key={rep.userId}
                      data-testid="routing-fairness-rep"
                      data-user-id={rep.userId}
                      data-received={rep.received}
                    >
                      <Table.Td dir="auto">
                        {rep.name}
                        {!rep.member && (
                          <Badge ml="xs" size="xs" color="gray">
                            {t('routingAdmin.fairness.formerMember')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td data-testid="routing-fairness-received">{format.number(rep.received)}</Table.Td>
                      <Table.Td>{format.number(rep.share, { style: 'percent', maximumFractionDigits: 1 })}</Table.Td>
                      <Table.Td>{rep.weight === null ? t('common.none') : format.number(rep.weight)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          ))}
        </Stack>
      )}
      {report.data?.noRuleMatched ? (
        <Text size="sm" c="dimmed" mt="sm">
          {t('routingAdmin.fairness.noRule', { n: format.number(report.data.noRuleMatched) })}
        </Text>
      ) : null}
    </Section>
  );
}

function PreviewSection() {
  const { t } = useTranslation();
  const preview = usePreviewRouting();
  const [contactId, setContactId] = useState<string | null>(null);
  const result = preview.data;
  return (
    <Section title={t('routingAdmin.preview.title')} hint={t('routingAdmin.preview.hint')} testId="routing-preview">
      <Group align="flex-end" gap="sm">
        <RemoteSelect
          label={t('routingAdmin.preview.contact')}
          placeholder={t('routingAdmin.preview.search')}
          value={contactId}
          onChange={(value) => {
            setContactId(value);
            preview.reset();
          }}
          queryKey={['routing', 'preview-contacts']}
          search={async (q, signal) => {
            const page = await http.get<Page<ContactListItem>>(
              '/api/v1/contacts',
              { q: q || undefined, limit: 20 },
              signal,
            );
            return page.items.map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}`.trim() }));
          }}
          w={300}
          data-testid="routing-preview-contact"
        />
        <Button
          onClick={() => contactId && preview.mutate(contactId)}
          disabled={!contactId}
          loading={preview.isPending}
          data-testid="routing-preview-run"
        >
          {t('routingAdmin.preview.run')}
        </Button>
      </Group>
      <FormErrorAlert error={preview.error} />
      {result && (
        <Alert
          mt="sm"
          color={result.assigneeId ? 'teal' : 'yellow'}
          data-testid="routing-preview-result"
          data-reason={result.reason}
        >
          {result.reason === 'rule' && result.assigneeName
            ? t('routingAdmin.preview.toRep', {
                rule: result.ruleName ?? '',
                team: result.teamName ?? '',
                rep: result.assigneeName,
              })
            : result.reason === 'no_eligible_rep'
              ? t('routingAdmin.preview.toQueue', { rule: result.ruleName ?? '', team: result.teamName ?? '' })
              : t('routingAdmin.preview.noRule')}
        </Alert>
      )}
    </Section>
  );
}
