import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../sla/calendar.js';
import { defaultSlaDocument, type SlaDocument } from '../sla/sla.js';
import type { ComplianceHandoffRow } from './compliance.repository.js';
import { marketingFigures, salesFigures } from './figures.js';

const row = (over: Partial<ComplianceHandoffRow>): ComplianceHandoffRow => ({
  id: 'h',
  sla_version: 1,
  team_id: 't1',
  assignee_id: 'r1',
  status: 'open',
  grade: 'A',
  assigned_at: '2027-01-04T09:00:00.000Z',
  first_touch_due_at: null,
  first_touched_at: null,
  attempts: 0,
  attempts_required: null,
  attempts_due_at: null,
  attempts_met_at: null,
  decision_due_at: null,
  decided_at: null,
  reject_reason: null,
  outcome: null,
  next_due_at: null,
  created_at: '2027-01-04T09:00:00.000Z',
  ...over,
});

const UTC_9_TO_17 = {
  timeZone: 'UTC',
  week: {
    sat: [],
    sun: [],
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
  holidays: [],
} as unknown as BusinessCalendar;

describe('marketing figures', () => {
  const base = defaultSlaDocument('cal');
  const document: SlaDocument = {
    ...base,
    marketing: {
      ...base.marketing,
      qualifiedLeads: 10,
      perTeam: [{ teamId: 't1', qualifiedLeads: 4 }],
      minFitGrade: 'B',
      acceptanceRateFloor: 0.5,
    },
  };

  it('counts delivery, pacing, acceptance, reasons and fit', () => {
    const rows = [
      row({ grade: 'A', decided_at: 'x', status: 'accepted' }),
      row({ grade: 'C', decided_at: 'x', status: 'rejected', reject_reason: 'no_budget', team_id: 't2' }),
      row({ grade: 'B' }),
    ];
    const f = marketingFigures(rows, document, 0.5);
    expect(f.delivered).toBe(3);
    expect(f.pacing).toEqual({ expected: 5, onTrack: false });
    expect(f.perTeam).toEqual([{ teamId: 't1', delivered: 2, committed: 4, onTrack: true }]);
    expect([f.accepted, f.rejected, f.decided, f.acceptanceRate, f.floorMet]).toEqual([1, 1, 2, 0.5, true]);
    expect(f.rejectionReasons).toEqual([{ reason: 'no_budget', count: 1 }]);
    expect([f.atOrAboveMinFitGrade, f.fitShare]).toEqual([2, 2 / 3]);
  });

  it('has no rate and no floor verdict when nothing is decided', () => {
    const f = marketingFigures([], document, 1);
    expect([f.acceptanceRate, f.floorMet, f.fitShare]).toEqual([null, null, null]);
  });
});

describe('sales figures', () => {
  const now = Date.parse('2027-01-05T12:00:00.000Z');
  const calendars = new Map([[1, UTC_9_TO_17]]);

  it('counts duties met or past due, and business minutes to first touch', () => {
    const rows = [
      // Monday 09:00 → 10:00: 60 minutes, in time.
      row({ first_touch_due_at: '2027-01-04T11:00:00.000Z', first_touched_at: '2027-01-04T10:00:00.000Z' }),
      // Monday 09:00 → Tuesday 10:00: 480 + 60 = 540 minutes, late.
      row({ first_touch_due_at: '2027-01-04T11:00:00.000Z', first_touched_at: '2027-01-05T10:00:00.000Z' }),
      // Past due, untouched.
      row({ first_touch_due_at: '2027-01-05T11:00:00.000Z' }),
      // Not due yet: not counted.
      row({ first_touch_due_at: '2027-01-06T11:00:00.000Z' }),
    ];
    const s = salesFigures(rows, [], [], calendars, now);
    expect(s.firstTouch).toEqual({
      counted: 3,
      withinTime: 1,
      share: 1 / 3,
      medianBusinessMinutes: 300,
      p90BusinessMinutes: 540,
    });
    expect(s.attempts).toEqual({ counted: 0, withinTime: 0, share: null });
  });

  it('sums breaches and escalations by rep, with overdue handoffs now', () => {
    const s = salesFigures(
      [],
      [
        { kind: 'first_touch.breach', repId: 'r1' },
        { kind: 'decision.breach', repId: 'r2' },
        { kind: 'first_touch.reassign', repId: 'r1' },
      ],
      [{ assignee_id: null }],
      calendars,
      now,
    );
    expect([s.breaches, s.escalations]).toEqual([2, 1]);
    expect(s.byRep).toEqual([
      { repId: null, breaches: 0, escalations: 0, overdueNow: 1 },
      { repId: 'r1', breaches: 1, escalations: 1, overdueNow: 0 },
      { repId: 'r2', breaches: 1, escalations: 0, overdueNow: 0 },
    ]);
  });
});
