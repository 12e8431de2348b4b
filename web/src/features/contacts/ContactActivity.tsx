import type { Contact } from '../../api/types.js';
import { ContactDuplicates } from './ContactDuplicates.js';
import { ContactTimeline } from './ContactTimeline.js';

/** The contact page's lead cards: possible duplicates (with Merge) and the timeline of what they did. */
export function ContactActivity({ contact }: { contact: Contact }) {
  return (
    <>
      <ContactDuplicates contact={contact} />
      <ContactTimeline contactId={contact.id} />
    </>
  );
}
