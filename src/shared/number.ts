import { toAsciiDigits } from './text.js';

/**
 * A number as people type it (into a form, or a file's custom field), in English or Persian: ASCII, Persian or Arabic-Indic digits, an
 * optional sign, thousands separated by `,` or `٬` (U+066C) in groups of three, and `.` or `٫` (U+066B) before
 * the decimals. Everything else is not a number here: `Number()`'s own forms (`0x1A`, `1e3`, `Infinity`,
 * `0b1`), a separator out of place (`1,5`, `12,34,567`, `1.234,5`), spaces or letters inside.
 */
const NUMBER_RE = /^([+-]?)(\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:٬\d{3})+)?(?:[.٫](\d+))?$/;

/** The value of a typed number, or null when the text is not one (see NUMBER_RE). */
export function parseTypedNumber(text: string): number | null {
  const m = NUMBER_RE.exec(toAsciiDigits(text.trim()).replace(/^\u2212/, '-'));
  if (!m) return null;
  const [, sign, whole, fraction] = m;
  if (whole === undefined && fraction === undefined) return null;
  const n = Number(`${sign}${whole === undefined ? '0' : whole.replace(/[,٬]/g, '')}.${fraction ?? '0'}`);
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n;
}
