import { IMPORT_ACCOUNT_TARGETS, IMPORT_CONTACT_TARGETS } from '../../api/imports.js';

/** A custom-field key made from a header (the server's rule: letters, digits, _ . -, at most 64). */
export function customKeyFor(header: string): string | null {
  const key = header
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}_.-]/gu, '')
    .slice(0, 64);
  return key.length > 0 ? key : null;
}

/** The most custom fields a contact holds (the server's MAX_CUSTOM_FIELDS, src/shared/fields.ts). */
export const MAX_CUSTOM_FIELDS = 100;

export type MappingProblem =
  | { kind: 'noFirstName' }
  | { kind: 'twice'; target: string; columns: [number, number] }
  | { kind: 'accountWithoutName' }
  | { kind: 'fullNameWithParts' }
  | { kind: 'tooManyCustom'; count: number; max: number };

/** The problems the server would refuse, found before sending (the server checks again). */
export function mappingProblems(mapping: readonly (string | null)[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const seen = new Map<string, number>();
  mapping.forEach((target, column) => {
    if (!target) return;
    const earlier = seen.get(target);
    if (earlier !== undefined) problems.push({ kind: 'twice', target, columns: [earlier, column] });
    else seen.set(target, column);
  });
  if (seen.has('fullName') && (seen.has('firstName') || seen.has('lastName'))) {
    problems.push({ kind: 'fullNameWithParts' });
  }
  if (!seen.has('firstName') && !seen.has('fullName')) problems.push({ kind: 'noFirstName' });
  const custom = [...seen.keys()].filter((t) => t.startsWith('custom:')).length;
  if (custom > MAX_CUSTOM_FIELDS) problems.push({ kind: 'tooManyCustom', count: custom, max: MAX_CUSTOM_FIELDS });
  const accountFields = [...seen.keys()].filter((t) => t.startsWith('account.') && t !== 'account.name');
  if (accountFields.length > 0 && !seen.has('account.name')) problems.push({ kind: 'accountWithoutName' });
  return problems;
}

export const CONTACT_TARGETS = IMPORT_CONTACT_TARGETS;
export const ACCOUNT_TARGETS = IMPORT_ACCOUNT_TARGETS;
