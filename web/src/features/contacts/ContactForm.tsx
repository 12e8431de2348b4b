import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../api/auth.js';
import { SENIORITIES, type Seniority } from '../../api/types.js';
import { AccountSelect } from '../../components/AccountSelect.js';
import { useFieldErrors } from '../../components/errors.js';
import { FormErrorAlert } from '../../components/FormErrorAlert.js';
import { OwnerSelect } from '../../components/OwnerSelect.js';
import { CONTACT_FIELDS, type ContactFormValues } from './contactForm.js';

interface Props {
  values: ContactFormValues;
  set: <K extends keyof ContactFormValues>(key: K, value: ContactFormValues[K]) => void;
  onSubmit: () => void;
  onCancel: () => void;
  submitLabel: string;
  submitting: boolean;
  error: unknown;
  /** Shown between the fields and the buttons, e.g. the duplicate warning. */
  notice?: ReactNode;
}

export function ContactForm({ values, set, onSubmit, onCancel, submitLabel, submitting, error, notice }: Props) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [firstNameMissing, setFirstNameMissing] = useState(false);
  // The server's errors are about what was sent: an input changed since then no longer shows its error.
  const [edited, setEdited] = useState<{ error: unknown; fields: readonly string[] }>({ error, fields: [] });
  const editedFields = edited.error === error ? edited.fields : [];
  const markEdited = (...fields: string[]) =>
    setEdited((previous) => ({
      error,
      fields: [...(previous.error === error ? previous.fields : []), ...fields],
    }));
  const errors = useFieldErrors(error);
  for (const field of editedFields) delete errors[field];
  if (firstNameMissing) errors['firstName'] = t('common.required');
  const ownerLocked = user.role === 'sales_rep';

  const text = (key: 'firstName' | 'lastName' | 'email' | 'phone' | 'jobTitle' | 'source' | 'campaign') => ({
    value: values[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      if (key === 'firstName') setFirstNameMissing(false);
      markEdited(key);
      set(key, event.currentTarget.value);
    },
    error: errors[key],
    'data-testid': `contact-${key}`,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.firstName.trim()) {
      setFirstNameMissing(true);
      return;
    }
    onSubmit();
  };

  return (
    <form onSubmit={submit} noValidate data-testid="contact-form">
      <Stack>
        <FormErrorAlert
          error={error}
          knownFields={[...CONTACT_FIELDS, 'account', 'owner']}
          ignoreCodes={['contact.duplicate']}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('fields.firstName')} required autoFocus autoComplete="off" {...text('firstName')} />
          <TextInput label={t('fields.lastName')} autoComplete="off" {...text('lastName')} />
          <TextInput label={t('fields.email')} type="email" dir="ltr" autoComplete="off" {...text('email')} />
          <TextInput
            label={t('fields.phone')}
            type="tel"
            dir="ltr"
            description={t('contacts.phoneHint')}
            autoComplete="off"
            {...text('phone')}
          />
          <TextInput label={t('fields.jobTitle')} autoComplete="off" {...text('jobTitle')} />
          <Select
            label={t('fields.seniority')}
            clearable
            data={SENIORITIES.map((s) => ({ value: s, label: t(`seniority.${s}`) }))}
            value={values.seniority}
            onChange={(value) => {
              markEdited('seniority');
              set('seniority', (value as Seniority | null) ?? null);
            }}
            error={errors['seniority']}
            data-testid="contact-seniority"
          />
          <AccountSelect
            label={t('fields.account')}
            value={values.accountId}
            selectedLabel={values.accountLabel}
            onChange={(id, option) => {
              markEdited('accountId', 'account');
              set('accountId', id);
              set('accountLabel', option?.label ?? null);
            }}
            error={errors['accountId'] ?? errors['account']}
            data-testid="contact-account"
          />
          <OwnerSelect
            label={t('fields.owner')}
            placeholder={t('pickers.unassigned')}
            limitToAssignable
            disabled={ownerLocked}
            description={ownerLocked ? t('pickers.ownerLockedHint') : undefined}
            value={values.ownerId}
            selectedLabel={values.ownerLabel}
            onChange={(id, option) => {
              markEdited('ownerId', 'owner');
              set('ownerId', id);
              set('ownerLabel', option?.label ?? null);
            }}
            error={errors['ownerId'] ?? errors['owner']}
            data-testid="contact-owner"
          />
          <TextInput
            label={t('fields.source')}
            description={t('contacts.sourceHint')}
            autoComplete="off"
            {...text('source')}
          />
          <TextInput label={t('fields.campaign')} autoComplete="off" {...text('campaign')} />
        </SimpleGrid>
        {notice}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={submitting}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={submitting} data-testid="contact-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
