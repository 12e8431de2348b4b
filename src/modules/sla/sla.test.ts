import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SLA,
  defaultSlaDocument,
  firstTouchMinutes,
  isSegmentField,
  slaDocumentSchema,
  type FitGrade,
  type Priority,
  type SlaDocument,
} from './sla.js';

const CALENDAR_ID = '0190a5e0-0000-7000-8000-000000000001';

/** A full document as loose JSON, to break in one place per test. */
function doc(): Record<string, unknown> & {
  marketing: Record<string, unknown>;
  sales: Record<string, unknown> & { firstTouch: Record<string, unknown>; attempts: Record<string, unknown> };
  escalation: Record<string, unknown>;
} {
  return structuredClone({
    calendarId: CALENDAR_ID,
    marketing: {
      period: 'quarter',
      calendarSystem: 'jalali',
      qualifiedLeads: 120,
      perTeam: [
        { teamId: 'team-north', qualifiedLeads: 70 },
        { teamId: 'team-south', qualifiedLeads: 50 },
      ],
      perSegment: [
        { name: 'Iran', field: 'account.country', values: ['IR'], qualifiedLeads: 80 },
        { name: 'Partners', field: 'custom.partner_tier', values: ['gold', 'silver'], qualifiedLeads: 10 },
      ],
      minFitGrade: 'B',
      acceptanceRateFloor: 0.6,
    },
    sales: {
      firstTouch: {
        rules: [
          { grade: 'A', priority: 'high', minutes: 30 },
          { grade: 'A', minutes: 60 },
          { priority: 'high', minutes: 120 },
        ],
        otherwiseMinutes: 240,
      },
      attempts: { count: 3, withinBusinessDays: 5 },
      decisionWithinBusinessHours: 1.5,
      outcomeWithinDays: 30,
    },
    escalation: { remindAtShare: 0.75, notifyManagerAtBreach: true, reassignAfterMinutes: 60, reassignTo: 'next_rep' },
  }) as never;
}

/** The issues of a refused document as {path: message}. */
function issuesOf(input: unknown): Record<string, string> {
  const result = slaDocumentSchema.safeParse(input);
  expect(result.success, 'expected the document to be refused').toBe(false);
  return Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('slaDocumentSchema', () => {
  it('accepts a full agreement unchanged', () => {
    const input = doc();
    expect(slaDocumentSchema.parse(input)).toEqual(input);
  });

  it('accepts the default terms with a calendar', () => {
    const document = defaultSlaDocument(CALENDAR_ID);
    expect(slaDocumentSchema.parse(document)).toEqual(document);
    expect(document).toMatchObject({ calendarId: CALENDAR_ID, ...DEFAULT_SLA });
  });

  it('refuses a first touch of zero or less with the documented message', () => {
    const zero = doc();
    (zero.sales.firstTouch['rules'] as { minutes: number }[])[1]!.minutes = 0;
    zero.sales.firstTouch['otherwiseMinutes'] = -5;
    expect(issuesOf(zero)).toEqual({
      'sales.firstTouch.rules.1.minutes': 'First touch must be at least 1 business minute.',
      'sales.firstTouch.otherwiseMinutes': 'First touch must be at least 1 business minute.',
    });
  });

  it('refuses fractional and missing minutes, naming each', () => {
    const input = doc();
    input.sales.firstTouch['otherwiseMinutes'] = 2.5;
    delete input.sales.attempts['count'];
    expect(issuesOf(input)).toEqual({
      'sales.firstTouch.otherwiseMinutes': 'A whole number of business minutes.',
      'sales.attempts.count': 'Required: a whole number of contact attempts from 1 to 100.',
    });
  });

  it('refuses rules without a condition and rules an earlier one shadows', () => {
    const input = doc();
    input.sales.firstTouch['rules'] = [
      { grade: 'A', minutes: 60 },
      { grade: 'A', priority: 'low', minutes: 90 },
      { minutes: 10 },
      { priority: 'low', minutes: 300 },
    ];
    expect(issuesOf(input)).toEqual({
      'sales.firstTouch.rules.1': 'Never applies: rule 0 (grade A) comes first and matches every lead this one does.',
      'sales.firstTouch.rules.2': 'A rule names a grade, a priority or both; otherwiseMinutes covers every other lead.',
    });
  });

  it('refuses unknown keys at every level', () => {
    const input = doc();
    input['notes'] = 'x';
    input.marketing['target'] = 1;
    (input.sales.firstTouch['rules'] as Record<string, unknown>[])[0]!['segment'] = 'smb';
    const issues = issuesOf(input);
    expect(Object.keys(issues).sort()).toEqual(['', 'marketing', 'sales.firstTouch.rules.0']);
    expect(issues['']).toBe('Unknown field notes: an SLA has calendarId, marketing, sales, escalation.');
    expect(issues['marketing']).toMatch(/^Unknown field target: marketing has period, /);
  });

  it("checks marketing's duties: shares, grades, periods, repeated teams and segments, segment fields", () => {
    const input = doc();
    input.marketing['acceptanceRateFloor'] = 60;
    input.marketing['minFitGrade'] = 'E';
    input.marketing['period'] = 'year';
    input.marketing['qualifiedLeads'] = -1;
    input.marketing['perTeam'] = [
      { teamId: 't1', qualifiedLeads: 5 },
      { teamId: 't1', qualifiedLeads: 6 },
    ];
    input.marketing['perSegment'] = [
      { name: 'Iran', field: 'account.country', values: ['IR'], qualifiedLeads: 1 },
      { name: 'iran', field: 'password_hash', values: [], qualifiedLeads: 1 },
    ];
    expect(issuesOf(input)).toEqual({
      'marketing.acceptanceRateFloor': 'A share from 0 to 1, e.g. 0.6 for 60%.',
      'marketing.minFitGrade': 'The minimum fit grade: one of "A", "B", "C", "D".',
      'marketing.period': 'The period: one of "week", "month", "quarter".',
      'marketing.qualifiedLeads': 'At least 0.',
      'marketing.perTeam.1.teamId': 'This team already has a target.',
      'marketing.perSegment.1.field':
        'A segment is defined on source, campaign, seniority, jobTitle, account.industry, account.country, account.city or custom.<name>.',
      'marketing.perSegment.1.values': 'A segment needs at least one value.',
      'marketing.perSegment.1.name': 'Another segment has this name.',
    });
    // Names are compared trimmed and without regard to case.
    const repeated = doc();
    repeated.marketing['perSegment'] = [
      { name: 'Iran', field: 'account.country', values: ['IR'], qualifiedLeads: 1 },
      { name: ' iran ', field: 'account.country', values: ['IR'], qualifiedLeads: 2 },
    ];
    expect(issuesOf(repeated)).toEqual({ 'marketing.perSegment.1.name': 'Another segment has this name.' });
  });

  it("checks sales' other duties and the escalation steps", () => {
    const input = doc();
    input.sales['decisionWithinBusinessHours'] = 0;
    input.sales['outcomeWithinDays'] = 0;
    input.sales.attempts['withinBusinessDays'] = 366;
    input.escalation['remindAtShare'] = 1;
    input.escalation['reassignAfterMinutes'] = 0;
    input.escalation['reassignTo'] = 'nobody';
    expect(issuesOf(input)).toEqual({
      'sales.decisionWithinBusinessHours': 'The decision must be due more than 0 business hours after the handoff.',
      'sales.outcomeWithinDays': 'At least 1.',
      'sales.attempts.withinBusinessDays': 'At most 365.',
      'escalation.remindAtShare':
        'A share between 0 and 1, e.g. 0.75 (null for no reminder); at 1 the duty is breached.',
      'escalation.reassignAfterMinutes': 'At least 1.',
      'escalation.reassignTo': 'Reassign to: one of "next_rep", "manager_queue".',
    });
    const fraction = doc();
    fraction.sales['decisionWithinBusinessHours'] = 1 / 7;
    expect(issuesOf(fraction)).toEqual({
      'sales.decisionWithinBusinessHours': 'Whole minutes only: hours such as 8, 1.5 or 0.25.',
    });
  });

  it('turns reminders and reassignment off with null', () => {
    const input = doc();
    input.escalation['remindAtShare'] = null;
    input.escalation['reassignAfterMinutes'] = null;
    expect(slaDocumentSchema.parse(input).escalation).toMatchObject({
      remindAtShare: null,
      reassignAfterMinutes: null,
    });
  });

  it('names missing parts', () => {
    const { sales: _sales, ...withoutSales } = doc();
    expect(issuesOf({ ...withoutSales, calendarId: '' })).toEqual({
      calendarId: 'Required: the id of the calendar the clocks use.',
      sales: 'Required: sales, an object with firstTouch, attempts, decisionWithinBusinessHours, outcomeWithinDays.',
    });
  });
});

describe('isSegmentField', () => {
  it.each([
    ['account.country', true],
    ['source', true],
    ['custom.partner_tier', true],
    ['custom.', false],
    ['custom.a b', false],
    ['account.domain', false],
    ['email', false],
  ])('%s -> %s', (field, expected) => {
    expect(isSegmentField(field)).toBe(expected);
  });
});

describe('firstTouchMinutes', () => {
  const document = slaDocumentSchema.parse(doc());
  const cases: [FitGrade | null, Priority | null, number][] = [
    ['A', 'high', 30], // the first rule: both conditions hold
    ['A', 'normal', 60], // the second: grade A whatever the priority
    ['A', null, 60],
    ['B', 'high', 120], // the third: high priority whatever the grade
    [null, 'high', 120],
    ['B', 'normal', 240], // no rule: otherwiseMinutes
    ['D', 'low', 240],
    [null, null, 240],
  ];
  it.each(cases)('grade %s, priority %s -> %i minutes', (grade, priority, minutes) => {
    expect(firstTouchMinutes(document, { grade, priority })).toBe(minutes);
  });

  it('takes the first matching rule, not the tightest', () => {
    const loose: Pick<SlaDocument, 'sales'> = {
      sales: {
        ...document.sales,
        firstTouch: {
          rules: [
            { priority: 'high', minutes: 500 },
            { grade: 'A', minutes: 10 },
          ],
          otherwiseMinutes: 240,
        },
      },
    };
    expect(firstTouchMinutes(loose, { grade: 'A', priority: 'high' })).toBe(500);
    expect(firstTouchMinutes(loose, { grade: 'A', priority: 'low' })).toBe(10);
  });

  it('gives grade A 60 minutes and everyone else 240 under the default terms', () => {
    const terms = defaultSlaDocument(CALENDAR_ID);
    expect(firstTouchMinutes(terms, { grade: 'A' })).toBe(60);
    expect(firstTouchMinutes(terms, { grade: 'B', priority: 'high' })).toBe(240);
    expect(firstTouchMinutes(terms, {})).toBe(240);
  });
});
