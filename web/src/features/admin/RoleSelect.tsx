import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../api/types.js';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: Role | null;
  onChange: (role: Role | null) => void;
};

export function RoleSelect({ value, onChange, ...rest }: Props) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('fields.role')}
      data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
      value={value}
      onChange={(next) => onChange((next as Role | null) ?? null)}
      {...rest}
    />
  );
}
