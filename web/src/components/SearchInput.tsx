import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  testId: string;
  label?: string;
}

/** A search box that reports its text after the user pauses typing. */
export function SearchInput({ value, onChange, placeholder, testId, label }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const emitted = useRef(value);

  useEffect(() => {
    if (debounced === emitted.current) return;
    emitted.current = debounced;
    onChange(debounced);
  }, [debounced, onChange]);

  // The value changed from outside (e.g. "Clear filters" or the back button).
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(value);
  }, [value]);

  return (
    <TextInput
      type="search"
      label={label ?? t('common.search')}
      placeholder={placeholder}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setText('');
      }}
      rightSection={
        text ? <CloseButton size="sm" aria-label={t('common.clearSearch')} onClick={() => setText('')} /> : null
      }
      data-testid={testId}
      style={{ flex: '1 1 260px' }}
    />
  );
}
