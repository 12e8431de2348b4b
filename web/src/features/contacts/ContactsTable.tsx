import { Anchor, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ContactListItem } from '../../api/types.js';
import { DateText, LtrText, PhoneText, UserText } from '../../components/Formatted.js';
import { TemperatureBadge } from '../../components/TemperatureBadge.js';
import { useFormat } from '../../i18n/useFormat.js';
import { contactName } from './contactName.js';
import { WhyText } from './WhyText.js';

interface Props {
  contacts: ContactListItem[];
  /** Inside an account page the account column says nothing. */
  hideAccount?: boolean;
  dimmed?: boolean;
}

export function ContactsTable({ contacts, hideAccount = false, dimmed = false }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const open = (id: string) => void navigate(`/contacts/${encodeURIComponent(id)}`);
  return (
    <Table.ScrollContainer minWidth={1160}>
      <Table highlightOnHover verticalSpacing="sm" style={{ opacity: dimmed ? 0.6 : 1 }} data-testid="contacts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('contacts.columns.name')}</Table.Th>
            <Table.Th>{t('contacts.columns.temperature')}</Table.Th>
            <Table.Th>{t('contacts.columns.fit')}</Table.Th>
            <Table.Th>{t('contacts.columns.engagement')}</Table.Th>
            <Table.Th>{t('leadFilters.why')}</Table.Th>
            <Table.Th>{t('contacts.columns.email')}</Table.Th>
            <Table.Th>{t('contacts.columns.phone')}</Table.Th>
            <Table.Th>{t('contacts.columns.jobTitle')}</Table.Th>
            {!hideAccount && <Table.Th>{t('contacts.columns.account')}</Table.Th>}
            <Table.Th>{t('contacts.columns.owner')}</Table.Th>
            <Table.Th>{t('contacts.columns.createdAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.map((contact) => (
            <Table.Tr
              key={contact.id}
              data-testid="contact-row"
              data-clickable="true"
              tabIndex={0}
              onClick={() => open(contact.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && event.target === event.currentTarget) open(contact.id);
              }}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/contacts/${encodeURIComponent(contact.id)}`}
                  onClick={(event) => event.stopPropagation()}
                  fw={500}
                  inherit
                  tabIndex={-1}
                >
                  <bdi>{contactName(contact, t)}</bdi>
                </Anchor>
              </Table.Td>
              <Table.Td>
                <TemperatureBadge value={contact.temperature} />
              </Table.Td>
              <Table.Td data-testid="contact-fit" style={{ whiteSpace: 'nowrap' }}>
                {format.number(contact.fitScore)} <bdi>({contact.fitGrade})</bdi>
              </Table.Td>
              <Table.Td data-testid="contact-engagement">
                {format.number(contact.engagementScore, { maximumFractionDigits: 1 })}
              </Table.Td>
              <Table.Td maw={240}>
                <WhyText why={contact.why} />
              </Table.Td>
              <Table.Td>
                <LtrText value={contact.email} />
              </Table.Td>
              <Table.Td>
                <PhoneText value={contact.phone} />
              </Table.Td>
              <Table.Td>
                <UserText value={contact.jobTitle} />
              </Table.Td>
              {!hideAccount && (
                <Table.Td>
                  <UserText value={contact.account?.name} />
                </Table.Td>
              )}
              <Table.Td>
                <UserText value={contact.owner?.name} />
              </Table.Td>
              <Table.Td>
                <DateText value={contact.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
