import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { COUNTRY_CODES, countryName } from '../../i18n/countries.js';
import { useFormat } from '../../i18n/useFormat.js';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (code: string | null) => void;
};

/** Countries by their name in the UI language; the value is the ISO code the API uses. */
export function CountrySelect({ value, onChange, ...rest }: Props) {
  const { locale } = useFormat();
  const data = useMemo(() => {
    const collator = new Intl.Collator(locale);
    return COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code, locale) })).sort((a, b) =>
      collator.compare(a.label, b.label),
    );
  }, [locale]);
  return <Select searchable clearable data={data} value={value} onChange={onChange} {...rest} />;
}
