import { describe, expect, it } from 'vitest';
import type { EngagementContribution } from './engagement.js';
import { decideTemperature } from './temperature.js';

const contribution = (
  eventId: string,
  current: number,
  occurredAt = '2027-03-01T10:00:00.000Z',
): EngagementContribution => ({
  ruleId: 'r',
  eventId,
  eventType: 'form_submitted',
  occurredAt,
  points: current,
  current,
});

describe('temperature', () => {
  it('is cold below the warm threshold, saying so', () => {
    const d = decideTemperature({ fitGrade: 'A', engagementScore: 5, engagementContributions: [] });
    expect(d).toEqual({ temperature: 'cold', reasons: [{ code: 'engagement_below', score: 5, threshold: 20 }] });
  });

  it('is warm from engagement 20, naming the events that count most', () => {
    const d = decideTemperature({
      fitGrade: 'D',
      engagementScore: 25,
      engagementContributions: [contribution('small', 5), contribution('big', 20)],
    });
    expect(d.temperature).toBe('warm');
    expect(d.reasons[0]).toEqual({ code: 'engagement_at_least', score: 25, threshold: 20 });
    expect(d.reasons.filter((r) => r.code === 'event').map((r) => (r as { eventId: string }).eventId)).toEqual([
      'big',
      'small',
    ]);
  });

  it('qualifies with fit B or better and engagement 50, and explains a poor fit otherwise', () => {
    const engaged = { engagementScore: 60, engagementContributions: [contribution('form', 60)] };
    const good = decideTemperature({ fitGrade: 'B', ...engaged });
    expect(good.temperature).toBe('qualified');
    expect(good.reasons.slice(0, 2)).toEqual([
      { code: 'fit_grade_at_least', grade: 'B', min: 'B' },
      { code: 'engagement_at_least', score: 60, threshold: 50 },
    ]);
    const poor = decideTemperature({ fitGrade: 'C', ...engaged });
    expect(poor.temperature).toBe('warm');
    expect(poor.reasons).toContainEqual({ code: 'fit_grade_below', grade: 'C', min: 'B' });
  });

  it('keeps a lead qualified by hand', () => {
    const d = decideTemperature({
      fitGrade: 'D',
      engagementScore: 0,
      engagementContributions: [],
      manual: { kind: 'qualified', by: 'u1', at: '2027-03-01T00:00:00.000Z' },
    });
    expect(d).toEqual({ temperature: 'qualified', reasons: [{ code: 'marked_qualified', by: 'u1' }] });
  });

  it('after a rejection, qualifies again only on engagement that came later', () => {
    const rejectedAt = '2027-03-01T12:00:00.000Z';
    const manual = { kind: 'not_qualified' as const, by: 'rep', reason: 'no_budget', at: rejectedAt };
    const before = decideTemperature({
      fitGrade: 'A',
      engagementScore: 60,
      engagementContributions: [contribution('old', 60)],
      manual,
    });
    expect(before.temperature).toBe('warm');
    expect(before.reasons[0]).toEqual({ code: 'marked_not_qualified', by: 'rep', reason: 'no_budget' });
    const after = decideTemperature({
      fitGrade: 'A',
      engagementScore: 120,
      engagementContributions: [contribution('old', 60), contribution('new', 60, '2027-03-02T09:00:00.000Z')],
      manual,
    });
    expect(after.temperature).toBe('qualified');
    expect(after.reasons.filter((r) => r.code === 'event').map((r) => (r as { eventId: string }).eventId)).toEqual([
      'new',
    ]);
  });
});
