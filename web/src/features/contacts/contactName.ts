import type { TFunction } from 'i18next';

export function contactName(contact: { firstName: string; lastName: string }, t: TFunction): string {
  const name = `${contact.firstName ?? ''} ${contact.lastName ?? ''}`.trim();
  return name || t('contacts.unnamed');
}

/** First-strong isolate: text typed in another script keeps its own order inside the sentence. */
const isolate = (text: string) => `\u2068${text}\u2069`;

/**
 * The line under a contact's name: "Head of Marketing at Acme". The sentence follows the UI's direction;
 * the job title and the company are isolated inside it, so a Persian title in the English UI does not turn
 * the whole line right-to-left ("at Acme مدیر فروش").
 */
export function contactSubtitle(
  contact: { jobTitle: string | null; account: { name: string } | null },
  t: TFunction,
): string | undefined {
  const { jobTitle, account } = contact;
  if (jobTitle && account)
    return t('contacts.atAccount', { jobTitle: isolate(jobTitle), account: isolate(account.name) });
  const only = jobTitle || account?.name;
  return only ? isolate(only) : undefined;
}
