import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_SETTINGS, LIMITS, scoringSettingsInputSchema, scoringSettingsSchema } from './settings.js';

const note = (id: string, more: object = {}) => ({
  id,
  title: 'Survey of 40 finance leads',
  kind: 'market_research',
  date: '2026-03-01',
  ...more,
});

const persona = (id: string, more: object = {}) => ({
  id,
  name: `Persona ${id}`,
  criteria: [{ field: 'seniority', kind: 'in', values: ['c_level'], weight: 50 }],
  ...more,
});

/** The field paths and messages a save is refused with. */
function issues(patch: object): [string, string][] {
  const result = scoringSettingsInputSchema.safeParse({ ...DEFAULT_SCORING_SETTINGS, ...patch });
  if (result.success) return [];
  return result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('scoring settings document', () => {
  it('reads a document saved before personas and notes existed, as having none', () => {
    const { personas: _p, notes: _n, ...old } = DEFAULT_SCORING_SETTINGS;
    const withIcp = { ...old, icp: [{ field: 'industry', kind: 'present', weight: 1 }] };
    const parsed = scoringSettingsSchema.parse(withIcp);
    expect(parsed.personas).toEqual([]);
    expect(parsed.notes).toEqual([]);
    // A criterion on a field that saves now refuse still reads: a stored document never falls back to defaults.
    expect(parsed.icp).toHaveLength(1);
    expect(issues({ icp: withIcp.icp })).toEqual([
      ['icp.0.field', 'Unknown field "industry": use a contact field, account.<field> or custom.<name>.'],
    ]);
  });

  it('accepts personas with criteria and notes, filling optional text, trimming what was typed', () => {
    const input = {
      ...DEFAULT_SCORING_SETTINGS,
      notes: [note('n1', { title: '  Focus group, Tehran  ', kind: 'focus_group', author: 'Sara' })],
      personas: [
        persona('cfo', {
          description: 'Signs the contract',
          notes: [note('pn1', { kind: 'interview', body: 'Cares about payback within a year.' })],
        }),
      ],
    };
    const parsed = scoringSettingsInputSchema.parse(input);
    expect(parsed.notes[0]).toEqual({
      id: 'n1',
      title: 'Focus group, Tehran',
      body: '',
      kind: 'focus_group',
      date: '2026-03-01',
      author: 'Sara',
    });
    expect(parsed.personas[0]).toMatchObject({ id: 'cfo', description: 'Signs the contract' });
    expect(parsed.personas[0]?.notes[0]).toMatchObject({ kind: 'interview', author: '' });
    expect(
      scoringSettingsInputSchema.parse({ ...DEFAULT_SCORING_SETTINGS, personas: [persona('p')] }).personas[0]?.notes,
    ).toEqual([]);
  });

  it('names the path of duplicate ids and names', () => {
    expect(issues({ personas: [persona('a'), persona('a', { name: 'Other' })] })).toEqual([
      ['personas.1.id', 'Another persona has this id.'],
    ]);
    expect(issues({ personas: [persona('a', { name: 'CFO' }), persona('b', { name: 'cfo' })] })).toEqual([
      ['personas.1.name', 'Another persona has this name.'],
    ]);
    expect(issues({ notes: [note('x'), note('y'), note('x')] })).toEqual([['notes.2.id', 'Another note has this id.']]);
    expect(issues({ personas: [persona('a', { notes: [note('x'), note('x')] })] })).toEqual([
      ['personas.0.notes.1.id', 'Another note has this id.'],
    ]);
    const rules = DEFAULT_SCORING_SETTINGS.engagementRules;
    expect(issues({ engagementRules: [...rules, { ...rules[0]! }] })).toEqual([
      [`engagementRules.${rules.length}.id`, 'Another rule has this id.'],
    ]);
  });

  it('checks criteria of the ICP and of personas: known fields, values, sound ranges', () => {
    expect(
      issues({
        icp: [
          { field: 'custom.budget', kind: 'range', min: 10, max: 5, weight: 10 },
          { field: 'account.employeeCount', kind: 'range', weight: 10 },
          { field: 'jobTitle', kind: 'contains', values: ['head', '  '], weight: 10 },
          { field: 'account.industry', kind: 'in', values: ['Software'], weight: 10 },
        ],
        personas: [persona('p', { criteria: [{ field: 'title', kind: 'present', weight: 1 }] })],
      }),
    ).toEqual([
      ['icp.0.max', 'The maximum must not be below the minimum.'],
      ['icp.1.min', 'Give a minimum, a maximum or both.'],
      ['icp.2.values.1', 'Required.'],
      ['personas.0.criteria.0.field', 'Unknown field "title": use a contact field, account.<field> or custom.<name>.'],
    ]);
  });

  it('refuses a seniority that is not a known code, naming the value, in the ICP and in personas', () => {
    const valid = 'use one of entry, senior, manager, director, vp, c_level, owner, other.';
    expect(
      issues({
        icp: [
          { field: 'seniority', kind: 'in', values: ['c_level', 'مدیر ارشد اجرایی', 'director'], weight: 10 },
          { field: 'seniority', kind: 'in', values: ['Manager', '  '], weight: 10 },
          // Only "is one of" compares whole codes; "contains" looks for a part of one.
          { field: 'seniority', kind: 'contains', values: ['level'], weight: 10 },
          { field: 'jobTitle', kind: 'in', values: ['Manager'], weight: 10 },
        ],
        personas: [
          persona('p', { criteria: [{ field: 'seniority', kind: 'in', values: ['vp', 'c-level'], weight: 1 }] }),
        ],
      }),
    ).toEqual([
      ['icp.0.values.1', `"مدیر ارشد اجرایی" is not a known seniority: ${valid}`],
      ['icp.1.values.1', 'Required.'],
      ['icp.1.values.0', `"Manager" is not a known seniority: ${valid}`],
      ['personas.0.criteria.0.values.1', `"c-level" is not a known seniority: ${valid}`],
    ]);
    // Every code passes; the stored shape still reads a document with another value, as earlier versions saved.
    expect(
      issues({
        icp: [
          {
            field: 'seniority',
            kind: 'in',
            values: ['entry', 'senior', 'manager', 'director', 'vp', 'c_level', 'owner', 'other'],
            weight: 10,
          },
        ],
      }),
    ).toEqual([]);
    const stored = {
      ...DEFAULT_SCORING_SETTINGS,
      icp: [{ field: 'seniority', kind: 'in', values: ['CEO'], weight: 10 }],
    };
    expect(scoringSettingsSchema.parse(stored).icp).toEqual(stored.icp);
  });

  it('refuses notes and personas that are malformed, with messages a person can act on', () => {
    expect(issues({ notes: [note('n', { kind: 'rumour' })] })[0]?.[0]).toBe('notes.0.kind');
    expect(issues({ notes: [note('n', { date: '1404-01-01x' })] })).toEqual([
      ['notes.0.date', 'Use a date as YYYY-MM-DD.'],
    ]);
    expect(issues({ notes: [note('n', { title: '   ' })] })).toEqual([['notes.0.title', 'Required.']]);
    expect(issues({ notes: [note('n', { body: 'x'.repeat(LIMITS.noteBody + 1) })] })).toEqual([
      ['notes.0.body', `At most ${LIMITS.noteBody} characters.`],
    ]);
    expect(issues({ notes: [note('n', { secret: 1 })] })[0]?.[0]).toBe('notes.0');
    expect(issues({ personas: [persona('has space')] })).toEqual([
      ['personas.0.id', 'Use letters, digits, - or _ in ids.'],
    ]);
    const many = Array.from({ length: LIMITS.personas + 1 }, (_, i) => persona(`p${i}`));
    expect(issues({ personas: many })).toEqual([['personas', `At most ${LIMITS.personas} personas.`]]);
  });

  it('points threshold errors at the input to fix', () => {
    expect(issues({ gradeThresholds: { A: 50, B: 60, C: 40 } })).toEqual([
      ['gradeThresholds.A', 'Thresholds must satisfy A >= B >= C.'],
    ]);
    expect(issues({ gradeThresholds: { A: 80, B: 30, C: 40 } })).toEqual([
      ['gradeThresholds.B', 'Thresholds must satisfy A >= B >= C.'],
    ]);
    expect(issues({ temperature: { warmEngagement: 60, qualifiedEngagement: 50, qualifiedMinGrade: 'B' } })).toEqual([
      ['temperature.qualifiedEngagement', 'Qualified engagement must be at least warm engagement.'],
    ]);
  });

  it('accepts the defaults as they are', () => {
    expect(issues({})).toEqual([]);
  });
});
