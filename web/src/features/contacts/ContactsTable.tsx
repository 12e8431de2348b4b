import { Anchor, Checkbox, Table, Text, type MantineBreakpoint } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ContactListItem } from '../../api/types.js';
import { DateText, LtrText, PhoneText, UserText } from '../../components/Formatted.js';
import { TemperatureBadge } from '../../components/TemperatureBadge.js';
import { useFormat } from '../../i18n/useFormat.js';
import { contactName } from './contactName.js';
import type { RowSelection } from './useRowSelection.js';
import { WhyText } from './WhyText.js';

interface Props {
  contacts: ContactListItem[];
  /** Inside an account page the account column says nothing. */
  hideAccount?: boolean;
  dimmed?: boolean;
  /** Rows ticked for a bulk action: a checkbox column first, when given. */
  selection?: RowSelection | undefined;
}

/**
 * Where each column shows: a laptop (1366 px, beside the menu) gets the columns people sort and scan by without
 * scrolling sideways; phone and job title, on the contact's page anyway, need a wider screen; a phone keeps the
 * name, temperature and fit (and no boxes to tick for bulk actions, which are desk work).
 */
const SHOWN_FROM = {
  select: 'sm',
  engagement: 'sm',
  createdAt: 'sm',
  email: 'md',
  owner: 'md',
  why: 'lg',
  account: 'lg',
  phone: 'xl',
  jobTitle: 'xl',
} as const satisfies Record<string, MantineBreakpoint>;

/** One line cut with an ellipsis at `width` (a CSS length, no style element per row), the whole text in the native tooltip. */
function OneLine({ text, width, children }: { text: string | null | undefined; width: string; children: ReactNode }) {
  return (
    <Text inherit truncate="end" style={{ maxWidth: width }} title={text ?? undefined}>
      {children}
    </Text>
  );
}

export function ContactsTable({ contacts, hideAccount = false, dimmed = false, selection }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const open = (id: string) => void navigate(`/contacts/${encodeURIComponent(id)}`);
  return (
    <Table.ScrollContainer minWidth={0}>
      <Table highlightOnHover verticalSpacing="sm" style={{ opacity: dimmed ? 0.6 : 1 }} data-testid="contacts-table">
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th w={1} visibleFrom={SHOWN_FROM.select}>
                <Checkbox
                  aria-label={t('contacts.bulk.selectAll')}
                  title={t('contacts.bulk.selectAll')}
                  checked={selection.all}
                  indeterminate={selection.some}
                  onChange={(event) => selection.setAll(event.currentTarget.checked)}
                  data-testid="contacts-select-all"
                />
              </Table.Th>
            )}
            <Table.Th>{t('contacts.columns.name')}</Table.Th>
            <Table.Th>{t('contacts.columns.temperature')}</Table.Th>
            <Table.Th>{t('contacts.columns.fit')}</Table.Th>
            <Table.Th visibleFrom={SHOWN_FROM.engagement}>{t('contacts.columns.engagement')}</Table.Th>
            <Table.Th visibleFrom={SHOWN_FROM.why}>{t('leadFilters.why')}</Table.Th>
            <Table.Th visibleFrom={SHOWN_FROM.email}>{t('contacts.columns.email')}</Table.Th>
            <Table.Th visibleFrom={SHOWN_FROM.phone}>{t('contacts.columns.phone')}</Table.Th>
            <Table.Th visibleFrom={SHOWN_FROM.jobTitle}>{t('contacts.columns.jobTitle')}</Table.Th>
            {!hideAccount && <Table.Th visibleFrom={SHOWN_FROM.account}>{t('contacts.columns.account')}</Table.Th>}
            <Table.Th visibleFrom={SHOWN_FROM.owner}>{t('contacts.columns.owner')}</Table.Th>
            <Table.Th visibleFrom={SHOWN_FROM.createdAt}>{t('contacts.columns.createdAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.map((contact) => (
            <Table.Tr
              key={contact.id}
              data-testid="contact-row"
              data-clickable="true"
              bg={selection?.isSelected(contact.id) ? 'var(--mantine-primary-color-light)' : undefined}
              tabIndex={0}
              onClick={() => open(contact.id)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && event.target === event.currentTarget) open(contact.id);
              }}
            >
              {selection && (
                // A click on the box (or beside it, in its cell) ticks the row instead of opening the contact.
                <Table.Td visibleFrom={SHOWN_FROM.select} onClick={(event) => event.stopPropagation()}>
                  <Checkbox
                    aria-label={t('contacts.bulk.select', { name: contactName(contact, t) })}
                    checked={selection.isSelected(contact.id)}
                    onChange={() => selection.toggle(contact.id)}
                    data-testid="contact-select"
                  />
                </Table.Td>
              )}
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/contacts/${encodeURIComponent(contact.id)}`}
                  onClick={(event) => event.stopPropagation()}
                  fw={500}
                  inherit
                  tabIndex={-1}
                >
                  <OneLine text={contactName(contact, t)} width="min(200px, 38vw)">
                    <bdi>{contactName(contact, t)}</bdi>
                  </OneLine>
                </Anchor>
              </Table.Td>
              <Table.Td>
                <TemperatureBadge value={contact.temperature} />
              </Table.Td>
              <Table.Td data-testid="contact-fit" style={{ whiteSpace: 'nowrap' }}>
                {format.number(contact.fitScore)} <bdi>({contact.fitGrade})</bdi>
              </Table.Td>
              <Table.Td data-testid="contact-engagement" visibleFrom={SHOWN_FROM.engagement}>
                {format.number(contact.engagementScore, { maximumFractionDigits: 1 })}
              </Table.Td>
              <Table.Td maw={220} visibleFrom={SHOWN_FROM.why}>
                <WhyText why={contact.why} />
              </Table.Td>
              <Table.Td visibleFrom={SHOWN_FROM.email}>
                <OneLine text={contact.email} width="210px">
                  <LtrText value={contact.email} />
                </OneLine>
              </Table.Td>
              <Table.Td visibleFrom={SHOWN_FROM.phone} style={{ whiteSpace: 'nowrap' }}>
                <PhoneText value={contact.phone} />
              </Table.Td>
              <Table.Td visibleFrom={SHOWN_FROM.jobTitle}>
                <OneLine text={contact.jobTitle} width="160px">
                  <UserText value={contact.jobTitle} />
                </OneLine>
              </Table.Td>
              {!hideAccount && (
                <Table.Td visibleFrom={SHOWN_FROM.account}>
                  <OneLine text={contact.account?.name} width="150px">
                    <UserText value={contact.account?.name} />
                  </OneLine>
                </Table.Td>
              )}
              <Table.Td data-testid="contact-owner-cell" visibleFrom={SHOWN_FROM.owner}>
                <OneLine text={contact.owner?.name} width="130px">
                  <UserText value={contact.owner?.name} />
                </OneLine>
              </Table.Td>
              <Table.Td visibleFrom={SHOWN_FROM.createdAt} style={{ whiteSpace: 'nowrap' }}>
                <DateText value={contact.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
