import { z } from 'zod';

/**
 * The SLA agreement, pure: what each side owes the other, how breaches escalate, and which stored
 * calendar the clocks count business time with. Nothing here touches the database.
 *
 * A document is stored whole with every version of an SLA; handoffs keep the version they started under.
 * Every duration says its unit in its name: business minutes, business days and business hours count only
 * the calendar's working time; `outcomeWithinDays` counts calendar days (an outcome follows the buyer's
 * pace, not office hours).
 *
 * Rules (each broken one is a field error naming its path, e.g. `sales.firstTouch.rules.0.minutes`):
 * - Unknown keys are refused at every level.
 * - `sales.firstTouch.rules` are tried in order and the first whose conditions all hold gives the minutes;
 *   a lead no rule matches gets `otherwiseMinutes`. A rule names a grade, a priority or both (a rule with
 *   neither would match every lead: that is `otherwiseMinutes`), and a rule that an earlier rule already
 *   covers (it could never apply) is refused.
 * - `marketing.perTeam` names each team once; `marketing.perSegment` names each segment once.
 * - Which calendar and teams exist is checked by the service, against the database.
 */

export const FIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export const PRIORITIES = ['high', 'normal', 'low'] as const;
export const PERIODS = ['week', 'month', 'quarter'] as const;
export const CALENDAR_SYSTEMS = ['gregorian', 'jalali'] as const;
export const REASSIGN_TARGETS = ['next_rep', 'manager_queue'] as const;

export type FitGrade = (typeof FIT_GRADES)[number];
export type Priority = (typeof PRIORITIES)[number];

/**
 * The fields a segment may be defined on: categorical fields of the contact and its account, and any custom
 * field of the contact as `custom.<name>` (the convention of the ICP criteria).
 */
export const SEGMENT_FIELDS = [
  'source',
  'campaign',
  'seniority',
  'jobTitle',
  'account.industry',
  'account.country',
  'account.city',
] as const;
export const CUSTOM_FIELD_PREFIX = 'custom.';
// The same rule as custom field names on records (src/shared/fields.ts).
const CUSTOM_FIELD_NAME = /^[\p{L}\p{N}_.-]{1,64}$/u;

export function isSegmentField(field: string): boolean {
  if ((SEGMENT_FIELDS as readonly string[]).includes(field)) return true;
  return field.startsWith(CUSTOM_FIELD_PREFIX) && CUSTOM_FIELD_NAME.test(field.slice(CUSTOM_FIELD_PREFIX.length));
}

/** Upper bounds: generous for any real agreement, and they keep a document small. */
export const LIMITS = {
  leadsPerPeriod: 1_000_000,
  teams: 200,
  segments: 100,
  segmentValues: 500,
  firstTouchRules: 50,
  /** About 208 working days of 8 hours. */
  businessMinutes: 100_000,
  attempts: 100,
  businessDays: 365,
  businessHours: 2_000,
  outcomeDays: 3_650,
} as const;

/** A bounded whole number with messages that say what is expected. */
const wholeNumber = (what: string, min: number, max: number, minMessage = `At least ${min}.`) =>
  z
    .number({ error: `Required: a whole number of ${what} from ${min} to ${max}.` })
    .int(`A whole number of ${what}.`)
    .min(min, minMessage)
    .max(max, `At most ${max}.`);

const choice = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `${what}: one of ${values.map((v) => JSON.stringify(v)).join(', ')}.` });

const strict = <T extends z.ZodRawShape>(shape: T, what: string) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field ${issue.keys.join(', ')}: ${what} has ${Object.keys(shape).join(', ')}.`
        : `Required: ${what}, an object with ${Object.keys(shape).join(', ')}.`,
  });

const id = (what: string) =>
  z
    .string({ error: `Required: the id of ${what}.` })
    .min(1, `Required: the id of ${what}.`)
    .max(64, 'Not an id.');

const leads = wholeNumber('qualified leads', 0, LIMITS.leadsPerPeriod);

const teamTarget = strict({ teamId: id('a team'), qualifiedLeads: leads }, 'a team target');

const segmentTarget = strict(
  {
    name: z
      .string({ error: 'Required: a name for the segment.' })
      .trim()
      .min(1, 'Required: a name for the segment.')
      .max(100, 'At most 100 characters.'),
    field: z
      .string({ error: 'Required: the field the segment is defined on.' })
      .refine(isSegmentField, `A segment is defined on ${SEGMENT_FIELDS.join(', ')} or custom.<name>.`),
    values: z
      .array(z.string().trim().min(1, 'A value is not empty.').max(200, 'At most 200 characters.'), {
        error: 'Required: the field values that make up the segment.',
      })
      .min(1, 'A segment needs at least one value.')
      .max(LIMITS.segmentValues, `At most ${LIMITS.segmentValues} values.`),
    qualifiedLeads: leads,
  },
  'a segment target',
);

const marketingDuties = strict(
  {
    period: choice(PERIODS, 'The period'),
    calendarSystem: choice(CALENDAR_SYSTEMS, 'The calendar the periods follow'),
    qualifiedLeads: leads,
    perTeam: z
      .array(teamTarget, { error: 'Required: a list of team targets ([] for none).' })
      .max(LIMITS.teams, `At most ${LIMITS.teams} teams.`)
      .superRefine((targets, ctx) => {
        const seen = new Set<string>();
        targets.forEach((target, i) => {
          if (seen.has(target.teamId))
            ctx.addIssue({ code: 'custom', path: [i, 'teamId'], message: 'This team already has a target.' });
          seen.add(target.teamId);
        });
      }),
    perSegment: z
      .array(segmentTarget, { error: 'Required: a list of segment targets ([] for none).' })
      .max(LIMITS.segments, `At most ${LIMITS.segments} segments.`)
      .superRefine((targets, ctx) => {
        const seen = new Set<string>();
        targets.forEach((target, i) => {
          const key = target.name.toLowerCase();
          if (seen.has(key))
            ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'Another segment has this name.' });
          seen.add(key);
        });
      }),
    minFitGrade: choice(FIT_GRADES, 'The minimum fit grade'),
    acceptanceRateFloor: z
      .number({ error: 'Required: the lowest share of handed-off leads sales should accept, from 0 to 1.' })
      .min(0, 'A share from 0 to 1, e.g. 0.6 for 60%.')
      .max(1, 'A share from 0 to 1, e.g. 0.6 for 60%.'),
  },
  'marketing',
);

const FIRST_TOUCH_MIN = 'First touch must be at least 1 business minute.';
const firstTouchMinutesSchema = wholeNumber('business minutes', 1, LIMITS.businessMinutes, FIRST_TOUCH_MIN);

const firstTouchRule = strict(
  {
    grade: choice(FIT_GRADES, 'The fit grade').optional(),
    priority: choice(PRIORITIES, 'The priority').optional(),
    minutes: firstTouchMinutesSchema,
  },
  'a first-touch rule',
);
type FirstTouchRule = z.output<typeof firstTouchRule>;

/** True when every lead `later` matches is matched by `earlier` too (so `later` could never apply). */
function covers(earlier: FirstTouchRule, later: FirstTouchRule): boolean {
  return (
    (earlier.grade === undefined || earlier.grade === later.grade) &&
    (earlier.priority === undefined || earlier.priority === later.priority)
  );
}

const describeRule = (rule: FirstTouchRule) =>
  [rule.grade && `grade ${rule.grade}`, rule.priority && `priority ${rule.priority}`].filter(Boolean).join(', ');

const firstTouch = strict(
  {
    rules: z
      .array(firstTouchRule, { error: 'Required: a list of rules by grade or priority ([] for none).' })
      .max(LIMITS.firstTouchRules, `At most ${LIMITS.firstTouchRules} rules.`)
      .superRefine((rules, ctx) => {
        rules.forEach((rule, i) => {
          if (rule.grade === undefined && rule.priority === undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: 'A rule names a grade, a priority or both; otherwiseMinutes covers every other lead.',
            });
            return;
          }
          // Rules without a condition are reported above; they do not shadow the rest twice.
          const earlier = rules.findIndex(
            (other, j) => j < i && (other.grade !== undefined || other.priority !== undefined) && covers(other, rule),
          );
          if (earlier >= 0) {
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: `Never applies: rule ${earlier} (${describeRule(rules[earlier]!)}) comes first and matches every lead this one does.`,
            });
          }
        });
      }),
    otherwiseMinutes: firstTouchMinutesSchema,
  },
  'firstTouch',
);

const salesDuties = strict(
  {
    firstTouch,
    attempts: strict(
      {
        count: wholeNumber('contact attempts', 1, LIMITS.attempts),
        withinBusinessDays: wholeNumber('business days', 1, LIMITS.businessDays),
      },
      'attempts',
    ),
    decisionWithinBusinessHours: z
      .number({ error: `Required: business hours from above 0 to ${LIMITS.businessHours}.` })
      .gt(0, 'The decision must be due more than 0 business hours after the handoff.')
      .max(LIMITS.businessHours, `At most ${LIMITS.businessHours}.`)
      // Clocks count whole minutes.
      .refine(
        (hours) => Number.isInteger(Math.round(hours * 60 * 1e6) / 1e6),
        'Whole minutes only: hours such as 8, 1.5 or 0.25.',
      ),
    outcomeWithinDays: wholeNumber('days', 1, LIMITS.outcomeDays),
  },
  'sales',
);

const escalation = strict(
  {
    remindAtShare: z
      .number({ error: 'Required: the share of the time elapsed at which the rep is reminded (e.g. 0.75), or null.' })
      .gt(0, 'A share between 0 and 1, e.g. 0.75 (null for no reminder).')
      .lt(1, 'A share between 0 and 1, e.g. 0.75 (null for no reminder); at 1 the duty is breached.')
      .nullable(),
    notifyManagerAtBreach: z.boolean({ error: 'Required: true or false.' }),
    reassignAfterMinutes: wholeNumber('business minutes', 1, LIMITS.businessMinutes)
      .nullable()
      .describe('Business minutes after a breach; null: never reassign'),
    reassignTo: choice(REASSIGN_TARGETS, 'Reassign to'),
  },
  'escalation',
);

export const slaDocumentSchema = strict(
  {
    calendarId: id('the calendar the clocks use'),
    marketing: marketingDuties,
    sales: salesDuties,
    escalation,
  },
  'an SLA',
);

export type SlaDocument = z.output<typeof slaDocumentSchema>;
export type SlaDocumentInput = z.input<typeof slaDocumentSchema>;

/** The terms a new SLA starts from (it still needs a calendar). */
export const DEFAULT_SLA: Omit<SlaDocument, 'calendarId'> = {
  marketing: {
    period: 'month',
    calendarSystem: 'gregorian',
    qualifiedLeads: 40,
    perTeam: [],
    perSegment: [],
    minFitGrade: 'B',
    acceptanceRateFloor: 0.6,
  },
  sales: {
    firstTouch: { rules: [{ grade: 'A', minutes: 60 }], otherwiseMinutes: 240 },
    attempts: { count: 3, withinBusinessDays: 5 },
    decisionWithinBusinessHours: 8,
    outcomeWithinDays: 30,
  },
  escalation: {
    remindAtShare: 0.75,
    notifyManagerAtBreach: true,
    reassignAfterMinutes: 60,
    reassignTo: 'next_rep',
  },
};

export function defaultSlaDocument(calendarId: string): SlaDocument {
  return { calendarId, ...structuredClone(DEFAULT_SLA) };
}

/**
 * Business minutes to a lead's first touch: the first rule whose conditions all hold, else
 * `otherwiseMinutes`. A lead without a grade or priority matches no rule that asks for one.
 */
export function firstTouchMinutes(
  document: Pick<SlaDocument, 'sales'>,
  lead: { grade?: FitGrade | null | undefined; priority?: Priority | null | undefined },
): number {
  const { rules, otherwiseMinutes } = document.sales.firstTouch;
  const rule = rules.find(
    (r) =>
      (r.grade === undefined || r.grade === lead.grade) && (r.priority === undefined || r.priority === lead.priority),
  );
  return rule?.minutes ?? otherwiseMinutes;
}
