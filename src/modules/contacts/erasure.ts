import { z } from 'zod';
import { phoneDigits, toE164 } from '../../shared/phone.js';
import { compactArabicScript, normalizeEmail, normalizeText } from '../../shared/text.js';

/**
 * Erasing a person (GDPR Article 17, "right to erasure"): the contact and everything that identifies them
 * goes, in one transaction; the audit log keeps its entries about them with their values redacted.
 */

export const eraseInput = z.strictObject({
  confirm: z
    .string()
    .min(1)
    .max(254)
    .describe("The contact's email address (its phone when it has no email, its id when it has neither)"),
});
export type EraseInput = z.infer<typeof eraseInput>;

/** How many rows of each kind an erasure removed (or, for the audit log, redacted). */
export const erasureCountsSchema = z.object({
  events: z.number().int(),
  visitors: z.number().int(),
  formSubmissions: z.number().int(),
  mergedContacts: z.number().int(),
  temperatureChanges: z.number().int(),
  activities: z.number().int(),
  notifications: z.number().int(),
  handoffNotes: z.number().int(),
  importRows: z.number().int(),
  idempotencyRecords: z.number().int(),
  /** Saved views of the leads list whose search named the person: their search is cleared. */
  savedViewSearches: z.number().int(),
  auditEntriesRedacted: z.number().int(),
});
export type ErasureCounts = z.infer<typeof erasureCountsSchema>;

export const erasureResultSchema = z.object({ id: z.string(), erased: erasureCountsSchema });

/** What the person erasing must type: the contact's email, else its phone, else its id. */
export function confirmationOf(contact: { id: string; email: string | null; phone: string | null }): {
  field: 'email' | 'phone' | 'id';
  value: string;
} {
  if (contact.email) return { field: 'email', value: contact.email };
  if (contact.phone) return { field: 'phone', value: contact.phone };
  return { field: 'id', value: contact.id };
}

/** Whether the typed confirmation names this contact (emails and phones compared as stored: normalised). */
export function confirms(
  contact: { id: string; email: string | null; phone: string | null },
  typed: string,
  phoneRegion: string,
): boolean {
  const expected = confirmationOf(contact);
  const value = typed.trim();
  switch (expected.field) {
    case 'email':
      return normalizeEmail(value) === expected.value;
    case 'phone':
      return value === expected.value || toE164(value, phoneRegion) === expected.value;
    case 'id':
      return value === expected.value;
  }
}

/**
 * Whether a form submission's answers hold this email address (compared normalised): how submissions left
 * without a contact (deleted earlier) are still found as this person's.
 */
export function answersHoldEmail(data: Record<string, unknown>, email: string): boolean {
  return Object.values(data).some((value) => typeof value === 'string' && normalizeEmail(value) === email);
}

/** What identifies a person in a search someone saved. */
export interface SearchedPerson {
  emails: readonly string[];
  phone: string | null;
  firstName: string;
  lastName: string | null;
}

/** Fewer digits than this in a search are not taken for a phone number (a year, a house number). */
const PHONE_SEARCH_DIGITS = 7;

/**
 * Whether a saved search (a view's `q`) names this person: it holds one of their email addresses, seven or
 * more digits of their phone (typed in any format), or their full name in either order. A first or a last
 * name alone names many people, so such a search stays.
 */
export function searchNamesPerson(q: string, person: SearchedPerson): boolean {
  const text = normalizeText(q);
  if (text === '') return false;
  if (person.emails.some((email) => text.includes(normalizeText(email)))) return true;
  const digits = phoneDigits(q).replace(/^0+/, '');
  if (person.phone && digits.length >= PHONE_SEARCH_DIGITS && phoneDigits(person.phone).includes(digits)) return true;
  if (!person.lastName) return false;
  const first = normalizeText(person.firstName);
  const last = normalizeText(person.lastName);
  if (first === '' || last === '') return false;
  // A Persian compound name is written with a non-joiner, a space or joined (حسین‌زاده, حسین زاده,
  // حسینزاده), and the list search finds it by each: so is it found here, spaces between Persian letters
  // dropped on both sides.
  const compact = compactArabicScript(text);
  return [`${first} ${last}`, `${last} ${first}`].some(
    (name) => text.includes(name) || compact.includes(compactArabicScript(name)),
  );
}
