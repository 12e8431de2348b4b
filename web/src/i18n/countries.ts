import { toAsciiDigits, type Locale } from './format.js';

/** ISO 3166-1 alpha-2 codes; the API stores countries as these codes. */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

const CODES = new Set(COUNTRY_CODES);
const displayNames = new Map<Locale, Intl.DisplayNames | null>();

function names(locale: Locale): Intl.DisplayNames | null {
  if (!displayNames.has(locale)) {
    try {
      displayNames.set(locale, new Intl.DisplayNames([locale], { type: 'region' }));
    } catch {
      displayNames.set(locale, null);
    }
  }
  return displayNames.get(locale) ?? null;
}

/** "IR" -> "Iran" / "ایران"; unknown codes are returned as they are. */
export function countryName(code: string, locale: Locale): string {
  const upper = code.toUpperCase();
  if (!CODES.has(upper)) return code;
  try {
    return names(locale)?.of(upper) ?? upper;
  } catch {
    return upper;
  }
}

function fold(text: string): string {
  return toAsciiDigits(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200c\u200f\u200e]/g, '')
    .replace(/ي/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads what a user typed as a country: a code ("ir"), or a name in English or Persian ("Iran", "ایران").
 * Returns the ISO code, or null when nothing matches.
 */
export function resolveCountryCode(input: string): string | null {
  const text = fold(input);
  if (text === '') return null;
  if (/^[a-z]{2}$/.test(text) && CODES.has(text.toUpperCase())) return text.toUpperCase();
  for (const locale of ['en', 'fa'] as const) {
    for (const code of COUNTRY_CODES) {
      if (fold(countryName(code, locale)) === text) return code;
    }
  }
  return null;
}
