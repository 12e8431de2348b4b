import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseNumberInput } from '../../i18n/format.js';

interface TextProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  w?: number;
  dir?: 'ltr' | 'rtl';
}

/** A filter text box that reports its trimmed text after the user pauses typing. */
export function TextFilter({ label, value, onChange, testId, w = 170, dir }: TextProps) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text.trim(), 350);
  const emitted = useRef(value);
  useEffect(() => {
    if (debounced === emitted.current) return;
    emitted.current = debounced;
    onChange(debounced);
  }, [debounced, onChange]);
  // Changed from outside ("Clear filters", the back button).
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(value);
  }, [value]);
  return (
    <TextInput
      label={label}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      data-testid={testId}
      w={w}
      dir={dir}
    />
  );
}

interface NumberProps {
  label: string;
  value: number | undefined;
  onChange: (value: string | null) => void;
  min: number;
  max: number;
  integer?: boolean;
  testId: string;
  w?: number;
}

/**
 * A number filter that accepts Persian and Arabic digits and reports a valid number (or a cleared box)
 * after the user pauses; an invalid entry is named and not sent.
 */
export function NumberFilter({ label, value, onChange, min, max, integer = false, testId, w = 110 }: NumberProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [debounced] = useDebouncedValue(text, 400);
  const emitted = useRef(value);
  const parsed = parseNumberInput(text);
  const invalid =
    parsed !== null && (Number.isNaN(parsed) || parsed < min || parsed > max || (integer && !Number.isInteger(parsed)));

  useEffect(() => {
    const n = parseNumberInput(debounced);
    if (n === null) {
      if (emitted.current === undefined) return;
      emitted.current = undefined;
      onChange(null);
      return;
    }
    if (Number.isNaN(n) || n < min || n > max || (integer && !Number.isInteger(n)) || n === emitted.current) return;
    emitted.current = n;
    onChange(String(n));
  }, [debounced, onChange, min, max, integer]);

  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(value === undefined ? '' : String(value));
  }, [value]);

  return (
    <TextInput
      label={label}
      value={text}
      inputMode="decimal"
      onChange={(event) => setText(event.currentTarget.value)}
      error={invalid ? t('common.notANumber') : undefined}
      data-testid={testId}
      w={w}
      dir="ltr"
    />
  );
}
