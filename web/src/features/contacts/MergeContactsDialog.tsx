import { Button, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MergeChoice, MergeField, MergeSide } from '../../api/types.js';
import { SENIORITIES } from '../../api/types.js';
import { Empty, LtrText, PhoneText, UserText } from '../../components/Formatted.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import {
  conflictingCustomFields,
  defaultChoice,
  differingFields,
  isBlank,
  type MergeSideValues,
} from './mergeChoices.js';

interface Props {
  opened: boolean;
  onClose: () => void;
  /** The contact that stays (keeps its id and absorbs the other's history). */
  winner: MergeSideValues;
  loser: MergeSideValues;
  winnerTitle: string;
  loserTitle: string;
  intro: string;
  pending: boolean;
  error: unknown;
  onConfirm: (fields: MergeChoice) => void;
}

function FieldValue({ field, side }: { field: MergeField; side: MergeSideValues }) {
  const { t } = useTranslation();
  const value = side.fields[field];
  if (isBlank(value)) return <Empty />;
  if (field === 'accountId' || field === 'ownerId') return <UserText value={side.labels[field] ?? value} />;
  if (field === 'seniority' && (SENIORITIES as readonly string[]).includes(value ?? '')) {
    return <>{t(`seniority.${value as (typeof SENIORITIES)[number]}`)}</>;
  }
  if (field === 'phone') return <PhoneText value={value} />;
  if (field === 'email') return <LtrText value={value} />;
  return <UserText value={value} />;
}

function CustomValue({ value }: { value: unknown }) {
  if (isBlank(value)) return <Empty />;
  return <UserText value={typeof value === 'string' ? value : JSON.stringify(value)} />;
}

/**
 * Two records of one person side by side: for each field whose values differ, pick the one to keep. Fields
 * that agree and custom fields only one side has are kept without asking.
 */
export function MergeContactsDialog(props: Props) {
  const { opened, onClose, winner, loser, winnerTitle, loserTitle, intro, pending, error, onConfirm } = props;
  const { t } = useTranslation();
  const [choice, setChoice] = useState<MergeChoice>(() => defaultChoice(winner, loser));
  const fields = differingFields(winner, loser);
  const customKeys = conflictingCustomFields(winner, loser);

  const pick = (field: MergeField, side: MergeSide) => setChoice((c) => ({ ...c, [field]: side }));
  const pickCustom = (key: string, side: MergeSide) =>
    setChoice((c) => ({ ...c, customFields: { ...c.customFields, [key]: side } }));

  const row = (
    key: string,
    label: string,
    selected: MergeSide | undefined,
    onPick: (side: MergeSide) => void,
    render: (side: 'winner' | 'loser') => React.ReactNode,
  ) => (
    <Table.Tr key={key} data-testid={`merge-row-${key}`}>
      <Table.Td fw={500}>{label}</Table.Td>
      {(['winner', 'loser'] as const).map((side) => (
        <Table.Td key={side}>
          <Radio
            name={`merge-${key}`}
            checked={selected === side}
            onChange={() => onPick(side)}
            label={render(side)}
            data-testid={`merge-pick-${key}-${side}`}
            styles={{ label: { overflowWrap: 'anywhere' } }}
          />
        </Table.Td>
      ))}
    </Table.Tr>
  );

  return (
    <Modal opened={opened} onClose={onClose} title={t('merge.title')} size="xl" centered>
      <Stack data-testid="merge-dialog">
        <Text size="sm">{intro}</Text>
        {fields.length + customKeys.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table withTableBorder verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="22%">{t('merge.field')}</Table.Th>
                  <Table.Th>
                    <bdi>{winnerTitle}</bdi>
                  </Table.Th>
                  <Table.Th>
                    <bdi>{loserTitle}</bdi>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fields.map((field) =>
                  row(
                    field,
                    t(`fields.${field}`),
                    choice[field],
                    (side) => pick(field, side),
                    (side) => <FieldValue field={field} side={side === 'winner' ? winner : loser} />,
                  ),
                )}
                {customKeys.map((key) =>
                  row(
                    `custom-${key}`,
                    t('merge.customField', { name: key }),
                    choice.customFields?.[key],
                    (side) => pickCustom(key, side),
                    (side) => <CustomValue value={(side === 'winner' ? winner : loser).customFields[key]} />,
                  ),
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <FormErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => onConfirm(choice)} loading={pending} data-testid="merge-confirm">
            {t('merge.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
