import type { Database } from '../../db/database.js';
import { parseJson } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden, invalid } from '../../shared/errors.js';
import type { Actor } from '../auth/index.js';
import type { BusinessCalendar } from '../sla/calendar.js';
import type { Sla } from '../sla/sla.service.js';
import { createComplianceRepository, type ScopeFilter } from './compliance.repository.js';
import { marketingFigures, salesFigures, type MarketingFigures, type SalesFigures } from './figures.js';
import { derivedTarget, type DerivedTarget } from './metrics.js';
import {
  elapsedShare,
  periodContaining,
  previousPeriods,
  scaleCommitment,
  type CalendarSystem,
  type Period,
  type PeriodKind,
} from './periods.js';

export interface ComplianceQuery {
  slaId: string;
  period: 'current' | 'previous';
  periods: number;
  teamId?: string;
  repId?: string;
  /** Another period kind or calendar than the SLA's: commitments are pro-rated to the kind (scaleCommitment). */
  kind?: PeriodKind;
  calendarSystem?: CalendarSystem;
}

export interface PeriodOut {
  start: string;
  end: string;
  label: string;
  calendarSystem: 'gregorian' | 'jalali';
  kind: 'week' | 'month' | 'quarter';
  /** Share of the period elapsed now (1 for a past period). */
  elapsedShare: number;
}

export interface ComplianceReport {
  slaId: string;
  version: number;
  timeZone: string;
  scope: { teamId: string | null; repId: string | null };
  /** The SLA's own terms: the period its commitment is made for, and the commitment. */
  slaPeriod: { kind: PeriodKind; calendarSystem: CalendarSystem; qualifiedLeads: number };
  period: PeriodOut;
  marketing: MarketingFigures;
  sales: Omit<SalesFigures, 'byRep'> & {
    openOverdueNow: number;
    byRep: (SalesFigures['byRep'][number] & { repName: string | null })[];
  };
  trends: {
    period: PeriodOut;
    delivered: number;
    committed: number;
    onTrack: boolean;
    acceptanceRate: number | null;
    firstTouchShare: number | null;
    medianFirstTouchMinutes: number | null;
    breaches: number;
  }[];
}

export interface DerivedTargetQuery {
  slaId: string;
  quota: number;
  averageDealSize: number;
  periods: number;
}

export interface ComplianceServiceDeps {
  database: Database;
  clock: Clock;
  /** The SLA as it stands now (its current version). */
  getSla(actor: Actor, id: string): Promise<Sla>;
}

const MIN_DECIDED = 10;

/**
 * Compliance of both sides of an SLA, read-only. Everyone signed in reads aggregate figures; a sales rep
 * reads the per-rep rows of himself only (asking for another rep is refused).
 */
export function createComplianceService(deps: ComplianceServiceDeps) {
  const repo = createComplianceRepository(deps.database.db);

  function scopeFor(actor: Actor, query: { teamId?: string; repId?: string }): ScopeFilter {
    if (actor.role === 'sales_rep' && query.repId !== undefined && query.repId !== actor.id) {
      throw forbidden('A sales rep sees compliance figures of himself only.');
    }
    return {
      ...(query.teamId !== undefined ? { teamId: query.teamId } : {}),
      ...(query.repId !== undefined ? { repId: query.repId } : {}),
    };
  }

  async function calendars(slaId: string): Promise<Map<number, BusinessCalendar>> {
    const rows = await repo.versionCalendars(slaId);
    return new Map(rows.map((r) => [r.version, parseJson<BusinessCalendar>(r.calendar, {} as BusinessCalendar)]));
  }

  function periodOut(view: { kind: PeriodKind; calendarSystem: CalendarSystem }, p: Period, now: Date): PeriodOut {
    return {
      start: p.start.toISOString(),
      end: p.end.toISOString(),
      label: p.label,
      calendarSystem: view.calendarSystem,
      kind: view.kind,
      elapsedShare: elapsedShare(p, now),
    };
  }

  /** The SLA's document with its marketing commitments pro-rated to another period kind. */
  function commitmentsFor(sla: Sla, kind: PeriodKind): Sla {
    const m = sla.document.marketing;
    if (kind === m.period) return sla;
    const scale = (n: number) => scaleCommitment(n, m.period, kind);
    return {
      ...sla,
      document: {
        ...sla.document,
        marketing: {
          ...m,
          qualifiedLeads: scale(m.qualifiedLeads),
          perTeam: m.perTeam.map((t) => ({ ...t, qualifiedLeads: scale(t.qualifiedLeads) })),
        },
      },
    };
  }

  async function figuresFor(sla: Sla, p: Period, now: Date, scope: ScopeFilter) {
    const from = p.start.toISOString();
    const to = p.end.toISOString();
    const rows = await repo.handoffsCreated(sla.id, from, to, scope);
    const fired = await repo.firedTimers(sla.id, from, to, scope);
    const timers = fired
      .map((t) => ({ kind: t.kind, repId: t.assignee_id }))
      .filter((t) => scope.repId === undefined || t.repId === scope.repId);
    const share = elapsedShare(p, now);
    return {
      marketing: marketingFigures(rows, sla.document, share),
      timers,
      rows,
    };
  }

  return {
    async report(actor: Actor, query: ComplianceQuery): Promise<ComplianceReport> {
      const scope = scopeFor(actor, query);
      const stored = await deps.getSla(actor, query.slaId);
      const now = deps.clock.now();
      const kind = query.kind ?? stored.document.marketing.period;
      const calendarSystem = query.calendarSystem ?? stored.document.marketing.calendarSystem;
      const view = { kind, calendarSystem };
      const sla = commitmentsFor(stored, kind);
      const timeZone = sla.calendarSnapshot.timeZone;
      const current = periodContaining(now, kind, calendarSystem, timeZone);
      const main = query.period === 'current' ? current : previousPeriods(now, kind, calendarSystem, timeZone, 1)[0]!;
      const cals = await calendars(sla.id);
      const overdue = await repo.openOverdue(sla.id, now.toISOString(), scope);

      const f = await figuresFor(sla, main, now, scope);
      const sales = salesFigures(f.rows, f.timers, overdue, cals, now.getTime());
      const visibleRows = sales.byRep.filter((r) => actor.role !== 'sales_rep' || r.repId === actor.id);
      const names = await repo.userNames(visibleRows.flatMap((r) => (r.repId === null ? [] : [r.repId])));

      const trends: ComplianceReport['trends'] = [];
      for (const p of previousPeriods(main.start, kind, calendarSystem, timeZone, query.periods)) {
        const t = await figuresFor(sla, p, now, scope);
        const s = salesFigures(t.rows, t.timers, [], cals, now.getTime());
        trends.push({
          period: periodOut(view, p, now),
          delivered: t.marketing.delivered,
          committed: t.marketing.committed,
          onTrack: t.marketing.pacing.onTrack,
          acceptanceRate: t.marketing.acceptanceRate,
          firstTouchShare: s.firstTouch.share,
          medianFirstTouchMinutes: s.firstTouch.medianBusinessMinutes,
          breaches: s.breaches,
        });
      }

      return {
        slaId: sla.id,
        version: sla.version,
        timeZone,
        scope: { teamId: query.teamId ?? null, repId: query.repId ?? null },
        slaPeriod: {
          kind: stored.document.marketing.period,
          calendarSystem: stored.document.marketing.calendarSystem,
          qualifiedLeads: stored.document.marketing.qualifiedLeads,
        },
        period: periodOut(view, main, now),
        marketing: f.marketing,
        sales: {
          firstTouch: sales.firstTouch,
          attempts: sales.attempts,
          decisions: sales.decisions,
          breaches: sales.breaches,
          escalations: sales.escalations,
          openOverdueNow: overdue.length,
          byRep: visibleRows.map((r) => ({ ...r, repName: r.repId === null ? null : (names.get(r.repId) ?? null) })),
        },
        trends,
      };
    },

    async derivedTarget(
      actor: Actor,
      query: DerivedTargetQuery,
    ): Promise<
      DerivedTarget & {
        committed: number;
        history: { from: string; to: string; periods: number };
        qualified: number;
        accepted: number;
        decided: number;
        won: number;
        averageDealSize: number;
        quota: number;
        minDecided: number;
      }
    > {
      if (!(query.averageDealSize > 0)) throw invalid('averageDealSize', 'A positive amount.');
      const sla = await deps.getSla(actor, query.slaId);
      const now = deps.clock.now();
      const { period: kind, calendarSystem } = sla.document.marketing;
      const history = previousPeriods(now, kind, calendarSystem, sla.calendarSnapshot.timeZone, query.periods);
      const from = history[history.length - 1]!.start.toISOString();
      const to = history[0]!.end.toISOString();
      const rows = await repo.handoffsCreated(sla.id, from, to, {});
      const decided = rows.filter((r) => r.decided_at !== null);
      const accepted = decided.filter((r) => r.status !== 'rejected').length;
      const won = rows.filter((r) => r.outcome === 'won').length;
      const result = derivedTarget({
        quota: query.quota,
        averageDealSize: query.averageDealSize,
        qualified: rows.length,
        accepted,
        decided: decided.length,
        won,
        minDecided: MIN_DECIDED,
      });
      return {
        ...result,
        committed: sla.document.marketing.qualifiedLeads,
        history: { from, to, periods: query.periods },
        qualified: rows.length,
        accepted,
        decided: decided.length,
        won,
        averageDealSize: query.averageDealSize,
        quota: query.quota,
        minDecided: MIN_DECIDED,
      };
    },
  };
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
