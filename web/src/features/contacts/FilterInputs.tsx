import { Autocomplete } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useContactValues, type ContactValueField } from '../../api/contacts.js';
import { parseNumberInput } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { numberFilterError } from './numberFilter.js';
import { NumberTextInput } from '../../components/NumberTextInput.js';

interface ValueFilterProps {
  field: ContactValueField;
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  w?: number | string;
}

/**
 * A filter on a field's exact value (source, campaign) that suggests the values in use as the user types,
 * matched however they are written. Picking a value applies it at once; so does typing one in full (the
 * value offered is applied as stored: "linkedin ads" applies "LinkedIn Ads") or pressing Enter. A part of a
 * word is not applied on its own: "linked" would match nothing and empty the list while the user is still
 * choosing. Emptying the box clears the filter.
 */
export function ValueFilter({ field, label, value, onChange, testId, w = 170 }: ValueFilterProps) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text.trim(), 350);
  // Asked for once the box is used, not with every load of the list.
  const [used, setUsed] = useState(false);
  const suggestions = useContactValues(field, debounced, used);
  // Only the answer for what is in the box now: an older one would offer values that do not match.
  const offered = debounced === text.trim() ? (suggestions.data?.items ?? []) : [];
  const emitted = useRef(value);
  const picked = useRef(false);
  const emit = (next: string) => {
    if (next === emitted.current) return;
    emitted.current = next;
    onChange(next);
  };
  // The value typed in full, as stored (offered values are the stored spellings).
  const typedInFull =
    debounced === '' ? undefined : offered.find((o) => o.trim().toLowerCase() === debounced.toLowerCase());
  // The box's text as last seen here: emptying it is acted on once, when it happens (this also runs when the
  // list re-renders with a new onChange, after Enter applied text the pause has not caught up with).
  const seen = useRef(debounced);
  useEffect(() => {
    const emptied = debounced === '' && seen.current !== '';
    seen.current = debounced;
    if (emptied && emitted.current.trim() !== '') {
      emitted.current = '';
      onChange('');
    } else if (typedInFull !== undefined && typedInFull !== emitted.current) {
      emitted.current = typedInFull;
      onChange(typedInFull);
    }
  }, [debounced, typedInFull, onChange]);
  // Changed from outside ("Clear filters", the back button).
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(value);
  }, [value]);
  return (
    <Autocomplete
      label={label}
      value={text}
      onChange={setText}
      onOptionSubmit={(option) => {
        picked.current = true;
        setText(option);
        emit(option);
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
        // The box handles Enter after this handler: with an option highlighted it submits that option
        // (above). Only without one is the text applied as typed.
        picked.current = false;
        const typed = text.trim();
        queueMicrotask(() => {
          if (!picked.current && typed !== emitted.current.trim()) emit(typed);
        });
      }}
      onFocus={() => setUsed(true)}
      data={offered}
      // The server already matched (folded, compound words); the box shows its answer as it is.
      filter={({ options }) => options}
      data-testid={testId}
      w={w}
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
  w?: number | string;
}

/**
 * A number filter that accepts Persian and Arabic digits and reports a valid number (or a cleared box)
 * after the user pauses; an invalid entry is named and not sent.
 */
export function NumberFilter({ label, value, onChange, min, max, integer = false, testId, w = 110 }: NumberProps) {
  const { t } = useTranslation();
  const { number } = useFormat();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [debounced] = useDebouncedValue(text, 400);
  const emitted = useRef(value);
  const problem = numberFilterError(text, { min, max, integer }, t, number);

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
    <NumberTextInput
      label={label}
      value={text}
      inputMode="decimal"
      onChange={(event) => setText(event.currentTarget.value)}
      error={problem ?? undefined}
      data-testid={testId}
      w={w}
      dir="ltr"
    />
  );
}
