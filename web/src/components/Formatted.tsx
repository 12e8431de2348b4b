import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat.js';

/** A date (optionally with time) in the user's calendar, with the full timestamp on hover. */
export function DateText({ value, withTime = false }: { value: string | null | undefined; withTime?: boolean }) {
  const format = useFormat();
  if (!value) return <Empty />;
  // A native title, not a Tooltip component: long tables render hundreds of dates.
  return (
    <time dateTime={value} title={format.dateTimeLong(value)}>
      {withTime ? format.dateTime(value) : format.date(value)}
    </time>
  );
}

export function NumberText({
  value,
  options,
}: {
  value: number | null | undefined;
  options?: Intl.NumberFormatOptions;
}) {
  const format = useFormat();
  if (value === null || value === undefined) return <Empty />;
  return <>{format.number(value, options)}</>;
}

/** A phone number in E.164: always left-to-right, digits in the UI language. */
export function PhoneText({ value }: { value: string | null | undefined }) {
  const format = useFormat();
  if (!value) return <Empty />;
  return (
    <bdi dir="ltr" style={{ unicodeBidi: 'isolate' }}>
      {format.digits(value)}
    </bdi>
  );
}

/** Text typed by users, isolated so that mixed Persian/Latin content does not reorder its neighbours. */
export function UserText({ value }: { value: string | null | undefined }) {
  if (value === null || value === undefined || value === '') return <Empty />;
  return <bdi>{value}</bdi>;
}

/** An email or domain: left-to-right even in the Persian UI. */
export function LtrText({ value }: { value: string | null | undefined }) {
  if (!value) return <Empty />;
  return <bdi dir="ltr">{value}</bdi>;
}

export function Empty() {
  const { t } = useTranslation();
  return (
    <Text span c="dimmed" inherit>
      {t('common.none')}
    </Text>
  );
}
