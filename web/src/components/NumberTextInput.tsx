import { TextInput, type TextInputProps } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { localizeNumberInput } from '../i18n/format.js';
import { useFormat } from '../i18n/useFormat.js';

type Props = Omit<TextInputProps, 'value'> & { value: string };

/**
 * A text input for a number, shown in the UI language's digits (Persian digits and ٫ in Persian) whatever
 * was stored or typed; parseNumberInput reads either script. (A text input rather than a number input:
 * browsers' number inputs take ASCII digits only.)
 *
 * What the user types is put in the locale's digits in the box itself before onChange sees it, the caret
 * kept where it was (each character maps to one): were the box left holding a Latin digit, React would
 * replace its whole text with the localized value and the caret would jump to the end, so a digit typed
 * in the middle of a number would put the next one at its end.
 */
export function NumberTextInput({ value, onChange, ...props }: Props) {
  const { locale } = useFormat();
  const change = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const localized = localizeNumberInput(input.value, locale);
    if (localized !== input.value) {
      const { selectionStart, selectionEnd } = input;
      input.value = localized;
      if (selectionStart !== null && selectionEnd !== null) input.setSelectionRange(selectionStart, selectionEnd);
    }
    onChange?.(event);
  };
  return <TextInput {...props} value={localizeNumberInput(value, locale)} onChange={change} />;
}
