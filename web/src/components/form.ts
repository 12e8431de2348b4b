import { useCallback, useState } from 'react';

/** Minimal controlled-form state: one object of values and a typed setter per field. */
export function useFormValues<T extends object>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
  }, []);
  return { values, set, setValues };
}

/** Trimmed text, or null when the input is blank (the API clears optional fields with null). */
export function textOrNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function numberOrNull(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The members of `next` whose value differs from `previous`: a PATCH sends only what changed. */
export function changedFields<T extends object>(previous: T, next: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (!Object.is(previous[key], next[key])) patch[key] = next[key];
  }
  return patch;
}

/** Drops null members: a create request leaves unset fields out instead of sending null. */
export function withoutNulls<T extends object>(input: T): Partial<T> {
  const result: Partial<T> = {};
  for (const key of Object.keys(input) as (keyof T)[]) {
    if (input[key] !== null && input[key] !== undefined) result[key] = input[key];
  }
  return result;
}
