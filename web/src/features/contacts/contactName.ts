import type { TFunction } from 'i18next';

export function contactName(contact: { firstName: string; lastName: string }, t: TFunction): string {
  const name = `${contact.firstName ?? ''} ${contact.lastName ?? ''}`.trim();
  return name || t('contacts.unnamed');
}
