/** Persian and Arabic-Indic digits as ASCII, the way the API reads numbers. */
function asciiDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/**
 * What the erase dialog asks to be typed, as the API requires it: the contact's email, else its phone, else its
 * id; `matches` enables the button (the API decides).
 */
export function erasureConfirmation(contact: { id: string; email: string | null; phone: string | null }): {
  field: 'email' | 'phone' | 'id';
  value: string;
  matches: (typed: string) => boolean;
} {
  if (contact.email) {
    const email = contact.email;
    return { field: 'email', value: email, matches: (typed) => asciiDigits(typed).trim().toLowerCase() === email };
  }
  if (contact.phone) {
    const digits = contact.phone.replace(/\D/g, '');
    return {
      field: 'phone',
      value: contact.phone,
      matches: (typed) => {
        // As stored (+989121234567, 00989121234567) or in the local format (0912 123 4567): the whole
        // number, or the whole national number (the stored digits less a country code of one to three
        // digits), as the API reads it; never only its last digits. (Without the phone metadata the API has,
        // a number missing one to three leading digits can still pass here; the API then refuses it.)
        const local = asciiDigits(typed).replace(/\D/g, '').replace(/^0+/, '');
        const countryCode = digits.length - local.length;
        return local.length >= 6 && digits.endsWith(local) && countryCode >= 0 && countryCode <= 3;
      },
    };
  }
  return { field: 'id', value: contact.id, matches: (typed) => typed.trim() === contact.id };
}
