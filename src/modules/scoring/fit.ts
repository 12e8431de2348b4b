import { normalizeText } from '../../shared/text.js';
import { parseTypedNumber } from '../../shared/number.js';

/**
 * ICP fit: how close a person and their company are to the ideal customer profile, from weighted criteria
 * marketing writes down after its research. Pure: the record is a flat map of field paths to values
 * (`industry`, `account.employeeCount`, `custom.budget`, ...), assembled by the caller.
 */
export type FitCriterion =
  | { readonly field: string; readonly kind: 'in'; readonly values: readonly string[]; readonly weight: number }
  | { readonly field: string; readonly kind: 'contains'; readonly values: readonly string[]; readonly weight: number }
  | {
      readonly field: string;
      readonly kind: 'range';
      readonly min?: number | undefined;
      readonly max?: number | undefined;
      readonly weight: number;
    }
  | { readonly field: string; readonly kind: 'present'; readonly weight: number };

/**
 * The fields a criterion may name: what the scoring service puts in the record (see `fitRecordOf`), plus any
 * custom field of the contact as `custom.<name>`. A criterion on another name would silently never hold.
 */
export const FIT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'jobTitle',
  'seniority',
  'source',
  'account.name',
  'account.domain',
  'account.industry',
  'account.employeeCount',
  'account.country',
  'account.city',
  'account.annualRevenue',
] as const;

export const CUSTOM_FIELD_PREFIX = 'custom.';

// The same rule as custom field names on records (src/shared/fields.ts).
const CUSTOM_FIELD_NAME = /^[\p{L}\p{N}_.-]{1,64}$/u;

/** Whether a criterion can name this field. */
export function isFitField(field: string): boolean {
  if ((FIT_FIELDS as readonly string[]).includes(field)) return true;
  return field.startsWith(CUSTOM_FIELD_PREFIX) && CUSTOM_FIELD_NAME.test(field.slice(CUSTOM_FIELD_PREFIX.length));
}

export type FitGrade = 'A' | 'B' | 'C' | 'D';
export const FIT_GRADES: readonly FitGrade[] = ['A', 'B', 'C', 'D'];

/** Lowest score of each grade; below `C` is `D`. */
export interface GradeThresholds {
  readonly A: number;
  readonly B: number;
  readonly C: number;
}

export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = { A: 80, B: 60, C: 40 };

export interface FitCheck {
  readonly criterion: FitCriterion;
  readonly value: unknown;
  readonly matched: boolean;
  /** Points of the 0-100 score this criterion gave. */
  readonly points: number;
}

export interface FitResult {
  readonly score: number;
  readonly grade: FitGrade;
  readonly checks: readonly FitCheck[];
}

export type FitRecord = Readonly<Record<string, unknown>>;

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = normalizeText(String(value));
  return text === '' ? null : text;
}

/** A number, or text that is one as people type it (Persian digits, "5,000", "۱٫۵"; see parseTypedNumber). */
function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return typeof value === 'string' ? parseTypedNumber(value) : null;
}

/** Whether one criterion holds for the value. Text compares folded (case, accents, Persian letters). */
export function criterionMatches(criterion: FitCriterion, value: unknown): boolean {
  switch (criterion.kind) {
    case 'present':
      return asText(value) !== null;
    case 'in': {
      const text = asText(value);
      return text !== null && criterion.values.some((v) => normalizeText(v) === text);
    }
    case 'contains': {
      const text = asText(value);
      return text !== null && criterion.values.some((v) => normalizeText(v) !== '' && text.includes(normalizeText(v)));
    }
    case 'range': {
      const n = asNumber(value);
      if (n === null) return false;
      return (criterion.min === undefined || n >= criterion.min) && (criterion.max === undefined || n <= criterion.max);
    }
  }
}

export function gradeFor(score: number, thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): FitGrade {
  if (score >= thresholds.A) return 'A';
  if (score >= thresholds.B) return 'B';
  if (score >= thresholds.C) return 'C';
  return 'D';
}

/** True when `grade` is `min` or better (A is best). */
export function gradeAtLeast(grade: FitGrade, min: FitGrade): boolean {
  return FIT_GRADES.indexOf(grade) <= FIT_GRADES.indexOf(min);
}

/**
 * Score 0-100: the weight of the criteria that hold, as a share of all positive weight. A negative weight
 * (an anti-ICP trait: students, competitors) subtracts when it holds; the score is clamped to 0-100.
 */
export function fitScore(
  criteria: readonly FitCriterion[],
  record: FitRecord,
  thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS,
): FitResult {
  const totalWeight = criteria.reduce((sum, c) => sum + Math.max(0, c.weight), 0);
  const checks = criteria.map((criterion) => {
    const value = record[criterion.field];
    const matched = criterionMatches(criterion, value);
    const points = matched && totalWeight > 0 ? (100 * criterion.weight) / totalWeight : 0;
    return { criterion, value: value ?? null, matched, points };
  });
  const raw = checks.reduce((sum, c) => sum + c.points, 0);
  const score = Math.round(Math.min(100, Math.max(0, raw)));
  return { score, grade: gradeFor(score, thresholds), checks };
}

/** A buyer persona: who, inside the ICP, a lead is (the CFO who signs, the analyst who evaluates). */
export interface FitPersona {
  readonly id: string;
  readonly name: string;
  readonly criteria: readonly FitCriterion[];
}

export interface PersonaMatch extends FitResult {
  readonly id: string;
  readonly name: string;
}

/**
 * The persona a record matches best: each persona is scored with its own criteria the way the ICP is
 * (`fitScore`), and the highest score wins; on a tie the persona listed first wins (marketing orders them).
 * A persona whose score is below the C threshold (grade D) or 0 is no match, so a lead that fits no persona
 * well gets none rather than the least bad one. Personas describe a lead; they do not change its ICP fit.
 */
/**
 * The checks as a reader who may not see the contact's company gets them: each `account.*` criterion says
 * whether it matched (the score shows that anyway) but not the company's value.
 */
export function withoutAccountValues<T extends { checks: readonly FitCheck[] }>(
  result: T,
): T & { checks: readonly (FitCheck & { hidden?: true })[] } {
  return {
    ...result,
    checks: result.checks.map((c) =>
      c.criterion.field.startsWith('account.') ? { ...c, value: null, hidden: true as const } : c,
    ),
  };
}

export function bestPersona(
  personas: readonly FitPersona[],
  record: FitRecord,
  thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS,
): PersonaMatch | null {
  let best: PersonaMatch | null = null;
  for (const persona of personas) {
    const result = fitScore(persona.criteria, record, thresholds);
    if (result.score <= 0 || result.grade === 'D') continue;
    if (!best || result.score > best.score) best = { id: persona.id, name: persona.name, ...result };
  }
  return best;
}
