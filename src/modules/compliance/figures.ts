import { businessMinutesBetween } from '../sla/business-time.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import { FIT_GRADES, type SlaDocument } from '../sla/sla.js';
import type { ComplianceHandoffRow } from './compliance.repository.js';
import { median, p90, share } from './metrics.js';
import { pacing } from './periods.js';

/**
 * The compliance figures of one period, pure: from the handoffs created in it, the timers fired in it and
 * the time now. A duty counts once it is met or its due time has passed (a duty still running and not yet
 * due is neither in nor out of time).
 */

const ms = (iso: string) => Date.parse(iso);

export interface MarketingFigures {
  delivered: number;
  committed: number;
  pacing: { expected: number; onTrack: boolean };
  perTeam: { teamId: string; delivered: number; committed: number; onTrack: boolean }[];
  accepted: number;
  rejected: number;
  decided: number;
  acceptanceRate: number | null;
  acceptanceRateFloor: number;
  /** null while nothing is decided. */
  floorMet: boolean | null;
  rejectionReasons: { reason: string; count: number }[];
  minFitGrade: string;
  atOrAboveMinFitGrade: number;
  fitShare: number | null;
}

export function marketingFigures(
  rows: readonly ComplianceHandoffRow[],
  document: SlaDocument,
  elapsed: number,
): MarketingFigures {
  const m = document.marketing;
  const decidedRows = rows.filter((r) => r.decided_at !== null);
  const rejected = decidedRows.filter((r) => r.status === 'rejected').length;
  const accepted = decidedRows.length - rejected;
  const acceptanceRate = share(accepted, decidedRows.length);
  const reasons = new Map<string, number>();
  for (const r of rows) {
    if (r.status === 'rejected') {
      const reason = r.reject_reason ?? 'unspecified';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  const minRank = FIT_GRADES.indexOf(m.minFitGrade);
  const fit = rows.filter((r) => {
    const rank = FIT_GRADES.indexOf(r.grade as (typeof FIT_GRADES)[number]);
    return rank !== -1 && rank <= minRank;
  }).length;
  return {
    delivered: rows.length,
    committed: m.qualifiedLeads,
    pacing: pacing(rows.length, m.qualifiedLeads, elapsed),
    perTeam: m.perTeam.map((t) => {
      const delivered = rows.filter((r) => r.team_id === t.teamId).length;
      return {
        teamId: t.teamId,
        delivered,
        committed: t.qualifiedLeads,
        onTrack: pacing(delivered, t.qualifiedLeads, elapsed).onTrack,
      };
    }),
    accepted,
    rejected,
    decided: decidedRows.length,
    acceptanceRate,
    acceptanceRateFloor: m.acceptanceRateFloor,
    floorMet: acceptanceRate === null ? null : acceptanceRate >= m.acceptanceRateFloor,
    rejectionReasons: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    minFitGrade: m.minFitGrade,
    atOrAboveMinFitGrade: fit,
    fitShare: share(fit, rows.length),
  };
}

export interface DutyFigures {
  /** Duties met or past due. */
  counted: number;
  withinTime: number;
  share: number | null;
}

function duty(
  rows: readonly ComplianceHandoffRow[],
  due: (r: ComplianceHandoffRow) => string | null,
  metAt: (r: ComplianceHandoffRow) => string | null,
  now: number,
): DutyFigures {
  let counted = 0;
  let withinTime = 0;
  for (const r of rows) {
    const d = due(r);
    if (d === null) continue;
    const met = metAt(r);
    if (met === null && ms(d) > now) continue;
    counted += 1;
    if (met !== null && ms(met) <= ms(d)) withinTime += 1;
  }
  return { counted, withinTime, share: share(withinTime, counted) };
}

export interface RepRow {
  repId: string | null;
  breaches: number;
  escalations: number;
  overdueNow: number;
}

export interface SalesFigures {
  firstTouch: DutyFigures & { medianBusinessMinutes: number | null; p90BusinessMinutes: number | null };
  attempts: DutyFigures;
  decisions: DutyFigures;
  breaches: number;
  escalations: number;
  byRep: RepRow[];
}

export function salesFigures(
  rows: readonly ComplianceHandoffRow[],
  timers: readonly { kind: string; repId: string | null }[],
  overdue: readonly { assignee_id: string | null }[],
  calendars: ReadonlyMap<number, BusinessCalendar>,
  nowMs: number,
): SalesFigures {
  const minutes: number[] = [];
  for (const r of rows) {
    if (r.first_touched_at === null || r.sla_version === null) continue;
    const calendar = calendars.get(r.sla_version);
    if (!calendar) continue;
    minutes.push(businessMinutesBetween(calendar, new Date(r.assigned_at), new Date(r.first_touched_at)));
  }
  const firstTouch = duty(
    rows,
    (r) => r.first_touch_due_at,
    (r) => r.first_touched_at,
    nowMs,
  );
  const attempts = duty(
    rows,
    (r) => (r.attempts_required === null ? null : r.attempts_due_at),
    (r) => r.attempts_met_at,
    nowMs,
  );
  const decisions = duty(
    rows,
    (r) => r.decision_due_at,
    (r) => r.decided_at,
    nowMs,
  );

  const reps = new Map<string | null, RepRow>();
  const rep = (id: string | null) => {
    let row = reps.get(id);
    if (!row) {
      row = { repId: id, breaches: 0, escalations: 0, overdueNow: 0 };
      reps.set(id, row);
    }
    return row;
  };
  let breaches = 0;
  let escalations = 0;
  for (const t of timers) {
    if (t.kind.endsWith('.breach')) {
      breaches += 1;
      rep(t.repId).breaches += 1;
    } else if (t.kind.endsWith('.reassign')) {
      escalations += 1;
      rep(t.repId).escalations += 1;
    }
  }
  for (const o of overdue) rep(o.assignee_id).overdueNow += 1;
  return {
    firstTouch: { ...firstTouch, medianBusinessMinutes: median(minutes), p90BusinessMinutes: p90(minutes) },
    attempts,
    decisions,
    breaches,
    escalations,
    byRep: [...reps.values()].sort((a, b) => (a.repId ?? '').localeCompare(b.repId ?? '')),
  };
}
