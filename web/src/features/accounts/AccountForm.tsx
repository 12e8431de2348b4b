import { Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { OwnerSelect } from '../../components/OwnerSelect.js';
import { countryName, resolveCountryCode } from '../../i18n/countries.js';
import { useFormat } from '../../i18n/useFormat.js';
import { ACCOUNT_FIELDS, localAccountErrors, type AccountFormValues } from './accountForm.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

type TextKey = Exclude<keyof AccountFormValues, 'ownerId' | 'ownerLabel'>;

interface Props {
  values: AccountFormValues;
  set: <K extends keyof AccountFormValues>(key: K, value: AccountFormValues[K]) => void;
  onSubmit: () => void;
  onCancel: () => void;
  submitLabel: string;
  submitting: boolean;
  error: unknown;
}

export function AccountForm({ values, set, onSubmit, onCancel, submitLabel, submitting, error }: Props) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [local, setLocal] = useState<Partial<Record<keyof AccountFormValues, string>>>({});
  const errors: Record<string, string | undefined> = { ...useFieldErrors(error), ...local };
  const ownerLocked = user.role === 'sales_rep';
  const format = useFormat();
  const countryCode = resolveCountryCode(values.country);

  const text = (key: TextKey) => ({
    value: values[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setLocal(({ [key]: _cleared, ...rest }) => rest);
      set(key, value);
    },
    error: errors[key],
    autoComplete: 'off',
    'data-testid': `account-${key}`,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = localAccountErrors(values, {
      required: t('common.required'),
      number: t('common.notANumber'),
      country: t('accounts.unknownCountry'),
    });
    setLocal(found);
    if (Object.keys(found).length === 0) onSubmit();
  };

  return (
    <form onSubmit={submit} noValidate data-testid="account-form">
      <Stack>
        <FormErrorAlert error={error} knownFields={[...ACCOUNT_FIELDS, 'owner']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.name')} required autoFocus {...text('name')} />
          <TextInput label={t('fields.domain')} placeholder={t('accounts.domainHint')} dir="ltr" {...text('domain')} />
          <TextInput label={t('fields.industry')} {...text('industry')} />
          <NumberTextInput label={t('fields.employeeCount')} inputMode="numeric" {...text('employeeCount')} />
          <TextInput
            label={t('fields.country')}
            description={countryCode ? countryName(countryCode, format.locale) : t('accounts.countryHint')}
            {...text('country')}
          />
          <TextInput label={t('fields.city')} {...text('city')} />
          <NumberTextInput label={t('fields.annualRevenue')} inputMode="decimal" {...text('annualRevenue')} />
          <OwnerSelect
            label={t('fields.owner')}
            placeholder={t('pickers.unassigned')}
            limitToAssignable
            disabled={ownerLocked}
            description={ownerLocked ? t('pickers.ownerLockedHint') : undefined}
            value={values.ownerId}
            selectedLabel={values.ownerLabel}
            onChange={(id, option) => {
              set('ownerId', id);
              set('ownerLabel', option?.label ?? null);
            }}
            error={errors['ownerId'] ?? errors['owner']}
            data-testid="account-owner"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting} data-testid="account-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
