import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Contact } from '../../api/types.js';
import { DetailGrid } from '../../components/DetailGrid.js';
import { DateText, Empty, LtrText, PhoneText, UserText } from '../../components/Formatted.js';
import { mailtoHref, telHref } from './contactLinks.js';
import { sourceText } from './sourceText.js';

export function ContactDetails({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const phoneHref = contact.phone ? telHref(contact.phone) : null;
  return (
    <DetailGrid
      items={[
        { label: t('fields.firstName'), value: <UserText value={contact.firstName} /> },
        { label: t('fields.lastName'), value: <UserText value={contact.lastName} /> },
        {
          label: t('fields.email'),
          value: contact.email ? (
            <Anchor href={mailtoHref(contact.email)}>
              <LtrText value={contact.email} />
            </Anchor>
          ) : (
            <Empty />
          ),
          testId: 'contact-email-value',
        },
        {
          label: t('fields.phone'),
          value: contact.phone ? (
            phoneHref ? (
              <Anchor href={phoneHref}>
                <PhoneText value={contact.phone} />
              </Anchor>
            ) : (
              <PhoneText value={contact.phone} />
            )
          ) : (
            <Empty />
          ),
          testId: 'contact-phone-value',
        },
        { label: t('fields.jobTitle'), value: <UserText value={contact.jobTitle} /> },
        {
          label: t('fields.seniority'),
          value: contact.seniority ? t(`seniority.${contact.seniority}`) : <Empty />,
        },
        {
          label: t('fields.account'),
          value: contact.account ? (
            <Anchor
              component={Link}
              to={`/accounts/${encodeURIComponent(contact.account.id)}`}
              data-testid="contact-account-link"
            >
              <bdi>{contact.account.name}</bdi>
            </Anchor>
          ) : (
            <Empty />
          ),
        },
        { label: t('fields.owner'), value: <UserText value={contact.owner?.name} /> },
        {
          label: t('fields.source'),
          value: <UserText value={sourceText(contact.source, t)} />,
          testId: 'contact-source-value',
        },
        { label: t('fields.createdAt'), value: <DateText value={contact.createdAt} withTime /> },
        { label: t('fields.updatedAt'), value: <DateText value={contact.updatedAt} withTime /> },
      ]}
    />
  );
}
