/**
 * How captured data (a form submission, an import row, a lead from another system) updates a record that
 * already exists: it fills what is blank and never overwrites what is there. A public form is anonymous:
 * whoever types someone's email must not be able to rename them or change their phone.
 */
export function fillBlanks<T extends object>(current: T, captured: Partial<T>): { next: T; filled: (keyof T)[] } {
  const source = current as Record<string, unknown>;
  const next: Record<string, unknown> = { ...source };
  const filled: string[] = [];
  for (const [key, value] of Object.entries(captured as Record<string, unknown>)) {
    if (value === undefined || value === null || value === '') continue;
    const existing = source[key];
    if (isPlainObject(existing) && isPlainObject(value)) {
      const inner = fillBlanks(existing, value);
      if (inner.filled.length > 0) {
        next[key] = inner.next;
        filled.push(key);
      }
      continue;
    }
    if (existing === undefined || existing === null || existing === '') {
      next[key] = value;
      filled.push(key);
    }
  }
  return { next: next as T, filled: filled as (keyof T)[] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
