import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface ScopeFilter {
  teamId?: string;
  repId?: string;
}

export interface ComplianceHandoffRow {
  id: string;
  sla_version: number | null;
  team_id: string | null;
  assignee_id: string | null;
  status: 'open' | 'accepted' | 'rejected' | 'closed';
  grade: string;
  assigned_at: string;
  first_touch_due_at: string | null;
  first_touched_at: string | null;
  attempts: number;
  attempts_required: number | null;
  attempts_due_at: string | null;
  attempts_met_at: string | null;
  decision_due_at: string | null;
  decided_at: string | null;
  reject_reason: string | null;
  outcome: 'won' | 'lost' | 'nurture' | null;
  next_due_at: string | null;
  created_at: string;
}

/** A fired breach or reassignment timer and who held the handoff under it (null: the team's queue). */
export interface FiredTimerRow {
  kind: string;
  assignee_id: string | null;
}

/** The reads behind compliance figures: handoffs of an SLA by creation time, their fired timers, versions. */
export function createComplianceRepository(db: Kysely<DB>) {
  return {
    async handoffsCreated(
      slaId: string,
      from: string,
      to: string,
      scope: ScopeFilter,
    ): Promise<ComplianceHandoffRow[]> {
      let q = db
        .selectFrom('handoffs')
        .select([
          'id',
          'sla_version',
          'team_id',
          'assignee_id',
          'status',
          'grade',
          'assigned_at',
          'first_touch_due_at',
          'first_touched_at',
          'attempts',
          'attempts_required',
          'attempts_due_at',
          'attempts_met_at',
          'decision_due_at',
          'decided_at',
          'reject_reason',
          'outcome',
          'next_due_at',
          'created_at',
        ])
        .where('sla_id', '=', slaId)
        .where('created_at', '>=', from)
        .where('created_at', '<', to);
      if (scope.teamId !== undefined) q = q.where('team_id', '=', scope.teamId);
      if (scope.repId !== undefined) q = q.where('assignee_id', '=', scope.repId);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => ({
        ...r,
        sla_version: r.sla_version === null ? null : Number(r.sla_version),
        attempts: Number(r.attempts),
        attempts_required: r.attempts_required === null ? null : Number(r.attempts_required),
      }));
    },

    /** Open handoffs of the SLA with a duty past due at `now`, whenever they were created. */
    async openOverdue(
      slaId: string,
      now: string,
      scope: ScopeFilter,
    ): Promise<{ id: string; assignee_id: string | null }[]> {
      let q = db
        .selectFrom('handoffs')
        .select(['id', 'assignee_id'])
        .where('sla_id', '=', slaId)
        .where('status', '=', 'open')
        .where('next_due_at', '<=', now);
      if (scope.teamId !== undefined) q = q.where('team_id', '=', scope.teamId);
      if (scope.repId !== undefined) q = q.where('assignee_id', '=', scope.repId);
      return q.orderBy('id').execute();
    },

    /** Breach and reassignment timers fired in [from, to) on the SLA's handoffs. */
    async firedTimers(slaId: string, from: string, to: string, scope: ScopeFilter): Promise<FiredTimerRow[]> {
      let q = db
        .selectFrom('handoff_timers as t')
        .innerJoin('handoffs as h', 'h.id', 't.handoff_id')
        .select(['t.kind', 't.assignee_id'])
        .where('h.sla_id', '=', slaId)
        .where('t.fired_at', '>=', from)
        .where('t.fired_at', '<', to)
        .where((eb) => eb.or([eb('t.kind', 'like', '%.breach'), eb('t.kind', 'like', '%.reassign')]));
      if (scope.teamId !== undefined) q = q.where('h.team_id', '=', scope.teamId);
      return q.orderBy('t.id').execute();
    },

    /** The calendar snapshot of every version of the SLA. */
    async versionCalendars(slaId: string): Promise<{ version: number; calendar: unknown }[]> {
      const rows = await db
        .selectFrom('sla_versions')
        .select(['version', 'calendar'])
        .where('sla_id', '=', slaId)
        .execute();
      return rows.map((r) => ({ version: Number(r.version), calendar: r.calendar }));
    },

    async userNames(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  };
}

export type ComplianceRepository = ReturnType<typeof createComplianceRepository>;
