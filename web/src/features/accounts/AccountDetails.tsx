import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../api/types.js';
import { DetailGrid } from '../../components/DetailGrid.js';
import { DateText, Empty, LtrText, NumberText, UserText } from '../../components/Formatted.js';
import { countryName } from '../../i18n/countries.js';
import { useFormat } from '../../i18n/useFormat.js';

/** Only a plain host name becomes a link; anything else is shown as text. */
function domainHref(domain: string): string | null {
  return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain) ? `https://${domain}` : null;
}

export function AccountDetails({ account }: { account: Account }) {
  const { t } = useTranslation();
  const format = useFormat();
  const href = account.domain ? domainHref(account.domain) : null;
  return (
    <DetailGrid
      items={[
        { label: t('fields.name'), value: <UserText value={account.name} /> },
        {
          label: t('fields.domain'),
          value: account.domain ? (
            href ? (
              <Anchor href={href} target="_blank" rel="noopener noreferrer">
                <LtrText value={account.domain} />
              </Anchor>
            ) : (
              <LtrText value={account.domain} />
            )
          ) : (
            <Empty />
          ),
        },
        { label: t('fields.industry'), value: <UserText value={account.industry} /> },
        { label: t('fields.employeeCount'), value: <NumberText value={account.employeeCount} /> },
        {
          label: t('fields.country'),
          value: <UserText value={account.country ? countryName(account.country, format.locale) : null} />,
        },
        { label: t('fields.city'), value: <UserText value={account.city} /> },
        { label: t('fields.annualRevenue'), value: <NumberText value={account.annualRevenue} /> },
        { label: t('fields.owner'), value: <UserText value={account.owner?.name} /> },
        {
          label: t('fields.contactCount'),
          value: <NumberText value={account.contactCount} />,
          testId: 'account-contact-count',
        },
        { label: t('fields.createdAt'), value: <DateText value={account.createdAt} withTime /> },
        { label: t('fields.updatedAt'), value: <DateText value={account.updatedAt} withTime /> },
      ]}
    />
  );
}
