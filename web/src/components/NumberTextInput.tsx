import { TextInput, type TextInputProps } from '@mantine/core';
import { localizeNumberInput } from '../i18n/format.js';
import { useFormat } from '../i18n/useFormat.js';

type Props = Omit<TextInputProps, 'value'> & { value: string };

/**
 * A text input for a number, shown in the UI language's digits (Persian digits and ٫ in Persian) whatever
 * was stored or typed; what the user types reaches onChange as typed, and parseNumberInput reads either
 * script. (A text input rather than a number input: browsers' number inputs take ASCII digits only.)
 */
export function NumberTextInput({ value, ...props }: Props) {
  const { locale } = useFormat();
  return <TextInput {...props} value={localizeNumberInput(value, locale)} />;
}
