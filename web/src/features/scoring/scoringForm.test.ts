import { describe, expect, it } from 'vitest';
// The UI keeps its own copies of the API's field list and default rules; these tests keep them equal.
import {
  DEFAULT_ENGAGEMENT_RULES as API_DEFAULT_RULES,
  ruleMatches,
} from '../../../../src/modules/scoring/engagement.js';
import { FIT_FIELDS } from '../../../../src/modules/scoring/fit.js';
import {
  DEFAULT_SCORING_SETTINGS,
  NOTE_KINDS as API_NOTE_KINDS,
  scoringSettingsInputSchema,
} from '../../../../src/modules/scoring/settings.js';
import { NOTE_KINDS, type ScoringSettings } from '../../api/scoring.js';
import {
  coveringRule,
  likelyMeantEventType,
  ACCOUNT_FIT_FIELDS,
  BOUNDS,
  CONTACT_FIT_FIELDS,
  DEFAULT_ENGAGEMENT_RULES,
  describeChanges,
  emptyRule,
  move,
  newId,
  settingsForm,
  todayIn,
  toDocument,
  type RuleForm,
} from './scoringForm.js';

const saved: ScoringSettings = {
  ...(DEFAULT_SCORING_SETTINGS as ScoringSettings),
  icp: [
    { field: 'account.industry', kind: 'in', values: ['Software'], weight: 40 },
    { field: 'account.employeeCount', kind: 'range', min: 50, weight: 30 },
    { field: 'email', kind: 'present', weight: 10 },
  ],
  notes: [{ id: 'n1', title: 'Survey', body: '', kind: 'market_research', date: '2026-02-01', author: '' }],
  personas: [
    {
      id: 'cfo',
      name: 'CFO',
      description: '',
      criteria: [{ field: 'seniority', kind: 'in', values: ['c_level'], weight: 1 }],
      notes: [],
    },
  ],
};

describe('scoring settings form', () => {
  it('offers the fields, note kinds and default rules the API has', () => {
    expect([...CONTACT_FIT_FIELDS, ...ACCOUNT_FIT_FIELDS].sort()).toEqual([...FIT_FIELDS].sort());
    expect(NOTE_KINDS).toEqual(API_NOTE_KINDS);
    expect(DEFAULT_ENGAGEMENT_RULES).toEqual(API_DEFAULT_RULES);
  });

  it('turns the saved document into a form and back unchanged', () => {
    const { document, errors } = toDocument(settingsForm(saved));
    expect(errors).toEqual({});
    expect(document).toEqual(saved);
  });

  it('reads numbers typed in Persian digits and leaves out blank optional members', () => {
    const form = settingsForm(saved);
    form.icp[1] = { ...form.icp[1]!, min: '', max: '۱٬۰۰۰', weight: '۲۵' };
    form.engagementRules = [{ ...emptyRule(), id: 'r', points: '-۵', cap: ' ', urlPattern: '  ' }];
    form.halfLifeDays = '۴۵';
    const { document, errors } = toDocument(form);
    expect(errors).toEqual({});
    expect(document.icp[1]).toEqual({ field: 'account.employeeCount', kind: 'range', max: 1000, weight: 25 });
    expect(document.engagementRules).toEqual([{ id: 'r', eventType: 'page_view', points: -5, repeatable: true }]);
    expect(document.halfLifeDays).toBe(45);
  });

  it('names the path of each number that is missing or not a number', () => {
    const form = settingsForm(saved);
    form.icp[0] = { ...form.icp[0]!, weight: '' };
    form.personas[0]!.criteria[0] = { ...form.personas[0]!.criteria[0]!, weight: 'heavy' };
    form.gradeThresholds.B = 'x';
    form.temperature.warmEngagement = '';
    form.engagementRules[0] = { ...form.engagementRules[0]!, cap: 'lots' };
    expect(toDocument(form).errors).toEqual({
      'icp.0.weight': 'required',
      'personas.0.criteria.0.weight': 'number',
      'gradeThresholds.B': 'number',
      'temperature.warmEngagement': 'required',
      'engagementRules.0.cap': 'number',
    });
  });

  it('refuses, before asking the server, a blank event type and numbers outside the API bounds', () => {
    const form = settingsForm(saved);
    form.icp[0] = { ...form.icp[0]!, weight: '150' };
    form.personas[0]!.criteria[0] = { ...form.personas[0]!.criteria[0]!, weight: '-۱۰۱' };
    form.engagementRules[0] = { ...form.engagementRules[0]!, eventType: '  ', points: '1001', cap: '-1' };
    form.engagementRules[1] = { ...form.engagementRules[1]!, eventType: 'x'.repeat(65) };
    form.halfLifeDays = '0';
    form.gradeThresholds.A = '101';
    form.temperature.qualifiedEngagement = '-1';
    expect(toDocument(form).errors).toEqual({
      'icp.0.weight': { kind: 'range', min: -100, max: 100 },
      'personas.0.criteria.0.weight': { kind: 'range', min: -100, max: 100 },
      'engagementRules.0.eventType': 'required',
      'engagementRules.0.points': { kind: 'range', min: -1000, max: 1000 },
      'engagementRules.0.cap': { kind: 'range', min: 0, max: 100_000 },
      'engagementRules.1.eventType': { kind: 'tooLong', max: 64 },
      halfLifeDays: { kind: 'range', min: 1, max: 3650 },
      'gradeThresholds.A': { kind: 'range', min: 0, max: 100 },
      'temperature.qualifiedEngagement': { kind: 'atLeast', min: 0 },
    });
    // Values at the bounds pass.
    const edge = settingsForm(saved);
    edge.icp[0] = { ...edge.icp[0]!, weight: '100' };
    edge.halfLifeDays = '1';
    expect(toDocument(edge).errors).toEqual({});
  });

  it('uses the same bounds as the API', () => {
    const valid = (patch: (s: ScoringSettings) => void) => {
      const s: ScoringSettings = structuredClone(saved);
      patch(s);
      return scoringSettingsInputSchema.safeParse(s).success;
    };
    const rule = (s: ScoringSettings) => s.engagementRules[0]!;
    const checks: [keyof typeof BOUNDS, (s: ScoringSettings, n: number) => void][] = [
      ['weight', (s, n) => void (s.icp[0]!.weight = n)],
      ['points', (s, n) => void (rule(s).points = n)],
      ['cap', (s, n) => void (rule(s).cap = n)],
      ['halfLifeDays', (s, n) => void (s.halfLifeDays = n)],
      ['gradeThreshold', (s, n) => void (s.gradeThresholds = { A: n, B: n, C: n })],
      [
        'engagementThreshold',
        (s, n) => void (s.temperature = { ...s.temperature, warmEngagement: n, qualifiedEngagement: n + 1000 }),
      ],
    ];
    for (const [name, set] of checks) {
      const bounds = BOUNDS[name] as { min: number; max?: number };
      expect(
        valid((s) => set(s, bounds.min)),
        `${name} min`,
      ).toBe(true);
      expect(
        valid((s) => set(s, bounds.min - 0.5)),
        `${name} below min`,
      ).toBe(false);
      if (bounds.max !== undefined) {
        expect(
          valid((s) => set(s, bounds.max!)),
          `${name} max`,
        ).toBe(true);
        expect(
          valid((s) => set(s, bounds.max! + 0.5)),
          `${name} above max`,
        ).toBe(false);
      }
    }
    expect(valid((s) => void (rule(s).eventType = 'x'.repeat(BOUNDS.eventTypeLength)))).toBe(true);
    expect(valid((s) => void (rule(s).eventType = 'x'.repeat(BOUNDS.eventTypeLength + 1)))).toBe(false);
    expect(valid((s) => void (rule(s).eventType = ''))).toBe(false);
  });

  it('keeps only the members of the chosen kind when a criterion changes kind', () => {
    const form = settingsForm(saved);
    form.icp[0] = { ...form.icp[0]!, kind: 'present' };
    expect(toDocument(form).document.icp[0]).toEqual({ field: 'account.industry', kind: 'present', weight: 40 });
  });

  it('previews what a save changes, section by section', () => {
    const draft: ScoringSettings = structuredClone(saved);
    expect(describeChanges(saved, draft)).toEqual([]);
    draft.icp.push({ field: 'jobTitle', kind: 'contains', values: ['head'], weight: 5 });
    draft.icp[0] = { field: 'account.industry', kind: 'in', values: ['Software', 'Fintech'], weight: 40 };
    draft.personas = [];
    draft.notes[0] = { ...draft.notes[0]!, title: 'Survey 2026' };
    draft.engagementRules = move(draft.engagementRules, 0, 1);
    draft.temperature = { ...draft.temperature, warmEngagement: 25 };
    expect(describeChanges(saved, draft)).toEqual([
      { section: 'icp', added: 1, removed: 0, changed: 1 },
      { section: 'notes', added: 0, removed: 0, changed: 1 },
      { section: 'personas', added: 0, removed: 1, changed: 0 },
      // Reordering rules matters: the first match scores an event.
      { section: 'engagementRules', added: 0, removed: 0, changed: 1 },
      { section: 'temperature', added: 0, removed: 0, changed: 1 },
    ]);
  });

  it('moves an item within bounds only', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('makes ids the API accepts, and today in the user time zone', () => {
    const id = newId('persona');
    expect(id).toMatch(/^persona-[a-z0-9]{12}$/);
    expect(newId('persona')).not.toBe(id);
    const lateUtc = new Date('2026-03-20T22:30:00Z');
    expect(todayIn('Asia/Tehran', lateUtc)).toBe('2026-03-21');
    expect(todayIn('America/New_York', lateUtc)).toBe('2026-03-20');
    expect(todayIn('Not/AZone', lateUtc)).toBe('2026-03-20');
  });
});

describe('likelyMeantEventType', () => {
  it.each([
    ['pageview', 'page_view'],
    ['page-view', 'page_view'],
    ['PageView', 'page_view'],
    ['page_veiw', 'page_view'],
    ['email_open', 'email_opened'],
    ['emailclicked', 'email_clicked'],
    ['form_submited', 'form_submitted'],
    ['unsubscribe', 'unsubscribed'],
  ])('takes %j for a misspelt %j', (typed, meant) => {
    expect(likelyMeantEventType(typed)).toBe(meant);
  });

  it.each(['page_view', 'email_bounced', 'demo_requested', 'webinar_attended', 'trial_started', 'ad', ''])(
    'says nothing about %j',
    (typed) => {
      expect(likelyMeantEventType(typed)).toBeNull();
    },
  );
});

describe('a rule an earlier one makes unreachable', () => {
  const rule = (eventType: string, more: Partial<RuleForm> = {}): RuleForm => ({
    ...emptyRule(),
    eventType,
    points: '1',
    ...more,
  });

  it('is found below a more general rule for the same event type', () => {
    const rules = [rule('page_view'), rule('page_view', { urlPattern: '*/pricing*' })];
    expect(coveringRule(rules, 1)).toBe(0);
    expect(coveringRule(rules, 0)).toBeNull();
    // In the documented order (specific first) nothing is unreachable.
    expect(coveringRule([rules[1]!, rules[0]!], 1)).toBeNull();
  });

  it('compares URL patterns only where one surely covers the other', () => {
    const covered = (earlier: string, later: string) =>
      coveringRule([rule('page_view', { urlPattern: earlier }), rule('page_view', { urlPattern: later })], 1);
    expect(covered('*', '*/pricing*')).toBe(0);
    expect(covered('**', 'https://acme.example/blog')).toBe(0);
    expect(covered('*/Pricing*', '*/pricing*')).toBe(0);
    expect(covered('*/pricing*', 'https://acme.example/pricing/team')).toBe(0);
    expect(covered('*/pricing*', '*/pricing/team*')).toBeNull(); // covered in fact, but not certain to this check
    expect(covered('*/pricing*', 'https://acme.example/blog')).toBeNull();
    expect(covered('*/pricing', '*/pricing*')).toBeNull();
    // A rule without a pattern also takes events without a URL, which no pattern matches.
    expect(coveringRule([rule('page_view', { urlPattern: '*' }), rule('page_view')], 1)).toBeNull();
  });

  it('needs the earlier rule to take every campaign and email the later one does', () => {
    const pair = (earlier: Partial<RuleForm>, later: Partial<RuleForm>) =>
      coveringRule([rule('email_clicked', earlier), rule('email_clicked', later)], 1);
    expect(pair({}, { campaignId: 'spring' })).toBe(0);
    expect(pair({ campaignId: 'spring' }, { campaignId: ' spring ' })).toBe(0);
    expect(pair({ campaignId: 'spring' }, {})).toBeNull();
    expect(pair({ campaignId: 'spring' }, { campaignId: 'autumn' })).toBeNull();
    expect(pair({ emailId: 'welcome' }, { campaignId: 'spring' })).toBeNull();
    expect(coveringRule([rule('email_opened'), rule('email_clicked')], 1)).toBeNull();
  });

  it('names the first of several covering rules, and nothing for a rule without an event type', () => {
    const rules = [rule('page_view', { urlPattern: '*' }), rule('page_view'), rule('page_view', { urlPattern: '*/a' })];
    expect(coveringRule(rules, 2)).toBe(0);
    expect(coveringRule([rule('page_view'), rule('  ')], 1)).toBeNull();
  });

  it('agrees with the engine: the covering rule matches the events the covered one would', () => {
    const earlier = { id: 'a', eventType: 'page_view', urlPattern: '*/pricing*', points: 1, repeatable: true };
    for (const url of ['https://acme.example/pricing/team', 'http://x.example/PRICING?plan=pro']) {
      expect(
        coveringRule([rule('page_view', { urlPattern: '*/pricing*' }), rule('page_view', { urlPattern: url })], 1),
      ).toBe(0);
      expect(ruleMatches(earlier, { id: 'e', type: 'page_view', occurredAt: '2026-01-01T00:00:00Z', url })).toBe(true);
    }
  });
});
