import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../api/teams.js';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (teamId: string | null) => void;
};

export function TeamSelect({ value, onChange, ...rest }: Props) {
  const { t } = useTranslation();
  const teams = useTeams();
  return (
    <Select
      label={t('fields.team')}
      placeholder={t('admin.users.noTeam')}
      clearable
      searchable
      data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
      value={value}
      onChange={onChange}
      nothingFoundMessage={t('pickers.nothingFound')}
      {...rest}
    />
  );
}
