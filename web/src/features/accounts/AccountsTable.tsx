import { Anchor, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Account } from '../../api/types.js';
import { DateText, LtrText, NumberText, UserText } from '../../components/Formatted.js';
import { countryName } from '../../i18n/countries.js';
import type { Locale } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';

export function accountLocation(
  account: Pick<Account, 'city' | 'country'>,
  separator: string,
  locale: Locale,
): string | null {
  const country = account.country ? countryName(account.country, locale) : null;
  const parts = [account.city, country].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(separator) : null;
}

export function AccountsTable({ accounts, dimmed = false }: { accounts: Account[]; dimmed?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const open = (id: string) => void navigate(`/accounts/${encodeURIComponent(id)}`);
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing="sm" style={{ opacity: dimmed ? 0.6 : 1 }} data-testid="accounts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('accounts.columns.name')}</Table.Th>
            <Table.Th>{t('accounts.columns.domain')}</Table.Th>
            <Table.Th>{t('accounts.columns.industry')}</Table.Th>
            <Table.Th>{t('accounts.columns.location')}</Table.Th>
            <Table.Th>{t('accounts.columns.employees')}</Table.Th>
            <Table.Th>{t('accounts.columns.contacts')}</Table.Th>
            <Table.Th>{t('accounts.columns.owner')}</Table.Th>
            <Table.Th>{t('accounts.columns.createdAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => (
            <Table.Tr
              key={account.id}
              data-testid="account-row"
              data-clickable="true"
              tabIndex={0}
              onClick={() => open(account.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && event.target === event.currentTarget) open(account.id);
              }}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/accounts/${encodeURIComponent(account.id)}`}
                  onClick={(event) => event.stopPropagation()}
                  fw={500}
                  inherit
                  tabIndex={-1}
                >
                  <bdi>{account.name}</bdi>
                </Anchor>
              </Table.Td>
              <Table.Td>
                <LtrText value={account.domain} />
              </Table.Td>
              <Table.Td>
                <UserText value={account.industry} />
              </Table.Td>
              <Table.Td>
                <UserText value={accountLocation(account, t('common.listSeparator'), format.locale)} />
              </Table.Td>
              <Table.Td>
                <NumberText value={account.employeeCount} />
              </Table.Td>
              <Table.Td>
                <NumberText value={account.contactCount} />
              </Table.Td>
              <Table.Td>
                <UserText value={account.owner?.name} />
              </Table.Td>
              <Table.Td>
                <DateText value={account.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
