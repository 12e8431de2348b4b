/**
 * Groups a newest-first list into days. `dayOf` names the day of an instant in the reader's calendar and
 * time zone (Jalali in Persian), so an event at 23:30 UTC lands on the reader's own day.
 */
export function groupByDay<T extends { at: string }>(
  items: readonly T[],
  dayOf: (at: string) => string,
): { day: string; items: T[] }[] {
  const days: { day: string; items: T[] }[] = [];
  for (const item of items) {
    const day = dayOf(item.at);
    const last = days.at(-1);
    if (last && last.day === day) last.items.push(item);
    else days.push({ day, items: [item] });
  }
  return days;
}

/** Event types the UI has words and an icon for; anything else shows as a custom event with its type. */
export const KNOWN_EVENT_TYPES = [
  'page_view',
  'form_submitted',
  'email_opened',
  'email_clicked',
  'ad_clicked',
  'unsubscribed',
  'email_bounced',
] as const;
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

export function isKnownEventType(type: string): type is KnownEventType {
  return (KNOWN_EVENT_TYPES as readonly string[]).includes(type);
}

/** What caused a temperature change, as a translation key of `timeline.causes`. */
export function causeKey(
  cause: string,
):
  | 'eventRecorded'
  | 'contactUpdated'
  | 'contactCreated'
  | 'settingsChanged'
  | 'accountUpdated'
  | 'imported'
  | 'decayed'
  | 'other' {
  switch (cause) {
    case 'event.recorded':
      return 'eventRecorded';
    case 'contact.updated':
      return 'contactUpdated';
    case 'contact.created':
      return 'contactCreated';
    case 'scoring.settings_changed':
      return 'settingsChanged';
    case 'account.updated':
      return 'accountUpdated';
    case 'contacts.imported':
      return 'imported';
    case 'engagement.decayed':
      return 'decayed';
    default:
      return 'other';
  }
}
