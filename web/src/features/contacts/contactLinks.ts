import { toAsciiDigits } from '../../i18n/format.js';

/**
 * Links built from what a contact holds. The address or number is data (anyone can type it into a public
 * form), so it is encoded: it can only ever name the one recipient or number, never add `?cc=`, `&bcc=`,
 * `&body=` or anything else a mail or phone app would read from the link.
 */

/**
 * A `mailto:` link to exactly this address (RFC 6068): the local part and the domain are percent-encoded
 * apart, around the last `@`, so `?`, `&`, `#`, `%`, `=` and spaces are text, not the link's own syntax.
 */
export function mailtoHref(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return `mailto:${encodeURIComponent(email)}`;
  return `mailto:${encodeURIComponent(email.slice(0, at))}@${encodeURIComponent(email.slice(at + 1))}`;
}

/**
 * A `tel:` link (RFC 3966) of the number's digits and a leading `+` only, for a number written with digits,
 * spaces, `-`, `.` and parentheses; null for anything else (then the number is shown without a link).
 */
export function telHref(phone: string): string | null {
  const ascii = toAsciiDigits(phone).trim();
  if (!/^\+?[0-9 ().-]*[0-9][0-9 ().-]*$/.test(ascii)) return null;
  return `tel:${ascii.startsWith('+') ? '+' : ''}${ascii.replace(/\D/g, '')}`;
}
