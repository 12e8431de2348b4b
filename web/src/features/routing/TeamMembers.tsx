import { Badge, Button, Group, NativeSelect, Stack, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePutMember, useRemoveMember, useRoutingMembers, type RoutingMember } from '../../api/routing.js';
import { useTeams } from '../../api/teams.js';
import { useUserList } from '../../api/users.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState.js';
import { useFormat } from '../../i18n/useFormat.js';
import { RoutingSection } from './RoutingSection.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';
import { parseNumberInput } from '../../i18n/format.js';

/** One team's members at a time: their weights, capacities and absences, which decide who gets a lead. */
export function TeamMembers({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const [teamId, setTeamId] = useState<string | null>(null);
  const chosenTeam = teamId ?? teams.data?.[0]?.id ?? null;
  return (
    <RoutingSection part="members">
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
    </RoutingSection>
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
  const parsed = parseNumberInput(shown);
  const invalid = parsed !== null && (!Number.isInteger(parsed) || parsed < min);
  return (
    <NumberTextInput
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
