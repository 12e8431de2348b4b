import { z } from 'zod';
import { SENIORITIES } from '../contacts/contact.js';
import { DEFAULT_ENGAGEMENT_RULES, DEFAULT_HALF_LIFE_DAYS } from './engagement.js';
import { DEFAULT_GRADE_THRESHOLDS, FIT_GRADES, isFitField } from './fit.js';
import { DEFAULT_TEMPERATURE_THRESHOLDS } from './temperature.js';

/**
 * Marketing's scoring settings as one versioned document: the ICP (weighted criteria and the research notes
 * behind them), buyer personas, grade thresholds, engagement rules with their half-life, and temperature
 * thresholds.
 *
 * Two schemas: `scoringSettingsSchema` is the stored shape and reads every document an earlier version wrote
 * (a document without `personas` or `notes` reads as having none); `scoringSettingsInputSchema` is what a
 * save must pass, with the checks that need the whole document (unique ids, known fields, sound ranges).
 * Checks added to saves never go into the stored shape: a stored document that stopped parsing would fall
 * back to the defaults.
 */

const requiredText = (max: number) => z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`);
const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).default('');
const ident = z
  .string()
  .min(1, 'Required.')
  .max(64, 'At most 64 characters.')
  .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - or _ in ids.');

const field = z.string().min(1).max(100);
const weight = z.number().min(-100).max(100);
const criterion = z.discriminatedUnion('kind', [
  z.strictObject({ field, kind: z.literal('in'), values: z.array(z.string().max(200)).min(1).max(100), weight }),
  z.strictObject({ field, kind: z.literal('contains'), values: z.array(z.string().max(200)).min(1).max(100), weight }),
  z.strictObject({ field, kind: z.literal('range'), min: z.number().optional(), max: z.number().optional(), weight }),
  z.strictObject({ field, kind: z.literal('present'), weight }),
]);
const rule = z.strictObject({
  id: z.string().min(1).max(64),
  eventType: z.string().min(1).max(64),
  urlPattern: z.string().max(500).optional(),
  campaignId: z.string().max(64).optional(),
  emailId: z.string().max(64).optional(),
  points: z.number().min(-1000).max(1000),
  cap: z.number().min(0).max(100_000).optional(),
  repeatable: z.boolean(),
});

export const NOTE_KINDS = ['market_research', 'focus_group', 'interview', 'other'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/** Per-list limits; the whole document is also bounded by the request body limit (1 MiB). */
export const LIMITS = {
  icpCriteria: 50,
  personas: 20,
  personaCriteria: 50,
  icpNotes: 100,
  personaNotes: 20,
  noteBody: 4000,
} as const;

/** What marketing learned and where: a survey, a focus group, customer interviews. */
const note = z.strictObject({
  id: ident,
  title: requiredText(200),
  body: optionalText(LIMITS.noteBody),
  kind: z.enum(NOTE_KINDS),
  date: z.iso.date('Use a date as YYYY-MM-DD.'),
  author: optionalText(200),
});

const persona = z.strictObject({
  id: ident,
  name: requiredText(100),
  description: optionalText(2000),
  criteria: z.array(criterion).max(LIMITS.personaCriteria, `At most ${LIMITS.personaCriteria} criteria.`),
  notes: z.array(note).max(LIMITS.personaNotes, `At most ${LIMITS.personaNotes} notes.`).default([]),
});

export const scoringSettingsSchema = z.strictObject({
  icp: z.array(criterion).max(LIMITS.icpCriteria),
  /** Research notes behind the ICP. */
  notes: z.array(note).max(LIMITS.icpNotes, `At most ${LIMITS.icpNotes} notes.`).default([]),
  personas: z.array(persona).max(LIMITS.personas, `At most ${LIMITS.personas} personas.`).default([]),
  gradeThresholds: z
    .strictObject({ A: z.number().min(0).max(100), B: z.number().min(0).max(100), C: z.number().min(0).max(100) })
    .superRefine((g, ctx) => {
      if (g.A < g.B) ctx.addIssue({ code: 'custom', path: ['A'], message: 'Thresholds must satisfy A >= B >= C.' });
      else if (g.B < g.C)
        ctx.addIssue({ code: 'custom', path: ['B'], message: 'Thresholds must satisfy A >= B >= C.' });
    }),
  engagementRules: z.array(rule).max(200),
  halfLifeDays: z.number().min(1).max(3650),
  temperature: z
    .strictObject({
      warmEngagement: z.number().min(0),
      qualifiedEngagement: z.number().min(0),
      qualifiedMinGrade: z.enum(FIT_GRADES as unknown as ['A', 'B', 'C', 'D']),
    })
    .superRefine((t, ctx) => {
      if (t.qualifiedEngagement < t.warmEngagement)
        ctx.addIssue({
          code: 'custom',
          path: ['qualifiedEngagement'],
          message: 'Qualified engagement must be at least warm engagement.',
        });
    }),
});
export type ScoringSettings = z.infer<typeof scoringSettingsSchema>;
export type ScoringSettingsInput = z.input<typeof scoringSettingsSchema>;
export type ScoringCriterion = z.infer<typeof criterion>;
export type ScoringPersona = z.infer<typeof persona>;
export type ScoringNote = z.infer<typeof note>;

type Issue = { path: (string | number)[]; message: string };

function criterionIssues(criteria: readonly ScoringCriterion[], path: (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  criteria.forEach((c, i) => {
    if (!isFitField(c.field))
      issues.push({
        path: [...path, i, 'field'],
        message: `Unknown field "${c.field}": use a contact field, account.<field> or custom.<name>.`,
      });
    if (c.kind === 'in' || c.kind === 'contains') {
      const blank = c.values.findIndex((v) => v.trim() === '');
      if (blank >= 0) issues.push({ path: [...path, i, 'values', blank], message: 'Required.' });
    }
    // A contact's seniority is always one of the codes: any other value (a label, a typo) would never match.
    if (c.field === 'seniority' && c.kind === 'in') {
      c.values.forEach((v, j) => {
        if (v.trim() !== '' && !(SENIORITIES as readonly string[]).includes(v))
          issues.push({
            path: [...path, i, 'values', j],
            message: `"${v}" is not a known seniority: use one of ${SENIORITIES.join(', ')}.`,
          });
      });
    }
    if (c.kind === 'range') {
      if (c.min === undefined && c.max === undefined)
        issues.push({ path: [...path, i, 'min'], message: 'Give a minimum, a maximum or both.' });
      else if (c.min !== undefined && c.max !== undefined && c.min > c.max)
        issues.push({ path: [...path, i, 'max'], message: 'The maximum must not be below the minimum.' });
    }
  });
  return issues;
}

function duplicateIssues<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: (string | number)[],
  member: string,
  what: string,
): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) issues.push({ path: [...path, i, member], message: `Another ${what} has this ${member}.` });
    seen.add(k);
  });
  return issues;
}

/** The checks a save must pass beyond the shape, each naming the path of the offending value. */
export function settingsIssues(s: ScoringSettings): Issue[] {
  const issues: Issue[] = [
    ...criterionIssues(s.icp, ['icp']),
    ...duplicateIssues(s.notes, (n) => n.id, ['notes'], 'id', 'note'),
    ...duplicateIssues(s.personas, (p) => p.id, ['personas'], 'id', 'persona'),
    ...duplicateIssues(s.personas, (p) => p.name.toLocaleLowerCase(), ['personas'], 'name', 'persona'),
    ...duplicateIssues(s.engagementRules, (r) => r.id, ['engagementRules'], 'id', 'rule'),
  ];
  s.personas.forEach((p, i) => {
    issues.push(...criterionIssues(p.criteria, ['personas', i, 'criteria']));
    issues.push(...duplicateIssues(p.notes, (n) => n.id, ['personas', i, 'notes'], 'id', 'note'));
  });
  return issues;
}

/** The body of a save: the stored shape plus `settingsIssues`. */
export const scoringSettingsInputSchema = scoringSettingsSchema.superRefine((s, ctx) => {
  for (const issue of settingsIssues(s)) ctx.addIssue({ code: 'custom', ...issue });
});

/**
 * Out of the box: no ICP and no personas yet (every fit is D, so nobody qualifies without marketing's
 * profile or hand), the documented engagement rules and thresholds.
 */
export const DEFAULT_SCORING_SETTINGS: ScoringSettings = {
  icp: [],
  notes: [],
  personas: [],
  gradeThresholds: { ...DEFAULT_GRADE_THRESHOLDS },
  engagementRules: DEFAULT_ENGAGEMENT_RULES.map((r) => ({ ...r })),
  halfLifeDays: DEFAULT_HALF_LIFE_DAYS,
  temperature: { ...DEFAULT_TEMPERATURE_THRESHOLDS },
};
