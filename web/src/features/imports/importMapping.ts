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

export type MappingProblem =
  | { kind: 'noFirstName' }
  | { kind: 'twice'; target: string; columns: [number, number] }
  | { kind: 'accountWithoutName' };

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
  if (!seen.has('firstName')) problems.push({ kind: 'noFirstName' });
  const accountFields = [...seen.keys()].filter((t) => t.startsWith('account.') && t !== 'account.name');
  if (accountFields.length > 0 && !seen.has('account.name')) problems.push({ kind: 'accountWithoutName' });
  return problems;
}

export const CONTACT_TARGETS = IMPORT_CONTACT_TARGETS;
export const ACCOUNT_TARGETS = IMPORT_ACCOUNT_TARGETS;
