import { describe, expect, it } from 'vitest';
import { localizeNumberInput, parseNumberInput } from './format.js';
import en from './en.json' with { type: 'json' };
import fa from './fa.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const english = flatten(en as Tree);
  const persian = flatten(fa as Tree);

  it('have the same keys in English and Persian', () => {
    expect([...persian.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of english) expect(placeholders(persian.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('have no empty strings, and the Persian is Persian', () => {
    for (const [key, text] of [...english, ...persian]) expect(text.trim(), key).not.toBe('');
    const persianScript = [...persian.values()].filter((t) => /[\u0600-\u06FF]/.test(t)).length;
    expect(persianScript / persian.size).toBeGreaterThan(0.9);
  });
});

describe('numbers in text inputs', () => {
  it('show in Persian digits with the Persian decimal separator, and read back as typed', () => {
    expect(localizeNumberInput('12.5', 'fa')).toBe('۱۲٫۵');
    expect(localizeNumberInput('-20', 'fa')).toBe('-۲۰');
    expect(localizeNumberInput('۱2', 'fa')).toBe('۱۲');
    expect(localizeNumberInput('12.5', 'en')).toBe('12.5');
    expect(parseNumberInput(localizeNumberInput('1250.75', 'fa'))).toBe(1250.75);
    expect(localizeNumberInput('abc', 'fa')).toBe('abc');
  });
});
