import type { TFunction } from 'i18next';
import { parseNumberInput } from '../../i18n/format.js';

export interface NumberBounds {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
}

/**
 * What is wrong with the text of a number filter, in the UI language, or null when it is a number within
 * the bounds (or empty). A number outside them names the bounds, in the UI's digits: "Enter a number" for
 * 150 in a 0-100 box would send the user looking for what is not a number.
 */
export function numberFilterError(
  text: string,
  { min, max, integer = false }: NumberBounds,
  t: TFunction,
  number: (n: number) => string,
): string | null {
  const parsed = parseNumberInput(text);
  if (parsed === null) return null;
  if (Number.isNaN(parsed)) return t('common.notANumber');
  if (parsed < min || parsed > max) return t('validation.between', { min: number(min), max: number(max) });
  if (integer && !Number.isInteger(parsed)) return t('validation.wholeNumber');
  return null;
}
