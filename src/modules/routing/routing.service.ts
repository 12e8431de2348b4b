import { sql, type Kysely } from 'kysely';
import { dialectOf, parseJson, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, forbidden, invalid, notFound, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { appendAudit, changedFields, type AuditContext } from '../audit/index.js';
import { can, type Actor } from '../auth/index.js';
import {
  balanceStart,
  eligibility,
  LIMITS,
  matchRule,
  pickRep,
  type Eligibility,
  type MemberInput,
  type RoutingCondition,
  type RoutingMember,
  type RoutingMethod,
  type RoutingRecord,
  type RoutingState,
  type RuleInput,
} from './routing.js';
import {
  badOrder,
  memberNotFound,
  notTeamMember,
  ruleNotFound,
  teamNotFound,
  tooManyRules,
  unknownTeam,
} from './routing.errors.js';
import { createRoutingRepository, type ContactRoutingRow, type MemberRow, type RuleRow } from './routing.repository.js';

/**
 * Open handoffs per user, counted in the caller's transaction. The handoff module owns the handoffs table
 * and provides this; users without open handoffs may be left out of the map.
 */
export type OpenHandoffs = (trx: Kysely<DB>, userIds: string[]) => Promise<Map<string, number>>;

export interface RoutingServiceDeps {
  database: Database;
  clock: Clock;
  openHandoffs: OpenHandoffs;
}

export interface RoutingRule {
  id: string;
  position: number;
  name: string;
  conditions: RoutingCondition[];
  teamId: string;
  /** Null when the team was deleted: the rule then matches no lead until it names another team. */
  teamName: string | null;
  method: RoutingMethod;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RoutingMemberView {
  teamId: string;
  userId: string;
  name: string;
  role: string;
  /** The user's status: a deactivated user stays listed but takes no leads. */
  userStatus: string;
  /** False when the user has moved to another team since: they take no leads from this one. */
  inTeam: boolean;
  weight: number;
  capacity: number | null;
  outOfOfficeFrom: string | null;
  outOfOfficeUntil: string | null;
  updatedAt: string;
  /** Whether the member would be considered for a lead now, and if not, why. */
  eligibility: Eligibility;
  openHandoffs: number;
  lastAssignedAt: string | null;
}

export type RoutingReason = 'rule' | 'no_rule_matched' | 'no_eligible_rep';

export interface RoutingDecision {
  ruleId: string | null;
  /** Null when no rule matched: the lead belongs to the general queue. */
  teamId: string | null;
  /** Null: the team's queue (or the general queue when there is no team). */
  assigneeId: string | null;
  reason: RoutingReason;
}

export interface RouteInput {
  contactId: string;
  /** The contact's fields as the rules see them (see `routingRecordOf` / `recordOf`). */
  record: RoutingRecord;
  /** Users who must not get this lead (e.g. the rep it is taken from). */
  exclude?: readonly string[] | undefined;
}

export interface RoutingPreview extends RoutingDecision {
  ruleName: string | null;
  teamName: string | null;
  assigneeName: string | null;
  /** The matched team's members and whether each could take the lead now. */
  members: { userId: string; name: string; eligibility: Eligibility; openHandoffs: number; capacity: number | null }[];
}

export interface FairnessReport {
  from: string;
  to: string;
  teams: {
    teamId: string;
    teamName: string | null;
    /** Leads that went to a rep of the team. */
    assigned: number;
    /** Leads the team's rule matched while no member was eligible: they wait in the team's queue. */
    queued: number;
    reps: { userId: string; name: string; received: number; share: number; member: boolean; weight: number | null }[];
  }[];
  /** Leads no rule matched (the general queue); null when the report is of one team. */
  noRuleMatched: number | null;
}

/** The record routing rules see: contact fields, `account.*`, `custom.*`, scores, temperature, campaign. */
export function routingRecordOf(row: ContactRoutingRow): RoutingRecord {
  const custom = parseJson<Record<string, unknown>>(row.custom_fields, {});
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.phone,
    jobTitle: row.job_title,
    seniority: row.seniority,
    source: row.source,
    campaign: row.campaign,
    fitGrade: row.fit_grade,
    fitScore: row.fit_score,
    engagementScore: row.engagement_score,
    predictiveScore: row.predictive_score,
    temperature: row.temperature,
    'account.name': row.account_name,
    'account.domain': row.account_domain,
    'account.industry': row.account_industry,
    'account.employeeCount': row.account_employee_count,
    'account.country': row.account_country,
    'account.city': row.account_city,
    'account.annualRevenue': row.account_annual_revenue,
    ...Object.fromEntries(Object.entries(custom).map(([k, v]) => [`custom.${k}`, v])),
  };
}

function toRule(row: RuleRow): RoutingRule {
  return {
    id: row.id,
    position: Number(row.position),
    name: row.name,
    conditions: parseJson<RoutingCondition[]>(row.conditions, []),
    teamId: row.team_id,
    teamName: row.team_name ?? null,
    method: row.method,
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toMember(row: MemberRow): RoutingMember {
  return {
    userId: row.user_id,
    weight: Number(row.weight),
    capacity: row.capacity === null ? null : Number(row.capacity),
    outOfOfficeFrom: row.out_of_office_from,
    outOfOfficeUntil: row.out_of_office_until,
    active: row.status === 'active' && row.user_team_id === row.team_id,
  };
}

/** What the audit log keeps of a rule. */
const auditedRule = (r: Pick<RoutingRule, 'position' | 'name' | 'conditions' | 'teamId' | 'method' | 'active'>) => ({
  position: r.position,
  name: r.name,
  conditions: r.conditions,
  teamId: r.teamId,
  method: r.method,
  active: r.active,
});

const auditedMember = (m: MemberInput & { teamId: string; userId: string }) => ({
  teamId: m.teamId,
  userId: m.userId,
  weight: m.weight,
  capacity: m.capacity,
  outOfOfficeFrom: m.outOfOfficeFrom,
  outOfOfficeUntil: m.outOfOfficeUntil,
});

/** Instants are stored and compared as ISO 8601 UTC (the input may carry another offset). */
const utc = (instant: string | null): string | null => (instant === null ? null : new Date(instant).toISOString());

/**
 * Routing of handed-off leads: ordered rules send a lead to a team, and the team's method picks a member
 * (src/modules/routing/routing.ts has the rules). Anyone signed in reads the rules, members and fairness;
 * `sla.manage` (admins, sales managers) writes them, each write with its audit entry.
 *
 * `route` is for the handoff module: it decides inside the caller's transaction and records the decision
 * (one `routing_assignments` row, which is also the fairness history and the round-robin state).
 */
export function createRoutingService(deps: RoutingServiceDeps) {
  const { clock, openHandoffs } = deps;
  const db = deps.database.db;
  const repo = createRoutingRepository(db);

  function requireManager(actor: Actor): void {
    if (!can(actor, 'sla.manage')) throw forbidden('Only admins and sales managers change lead routing.');
  }

  /** Rule writes run one at a time on PostgreSQL (positions are dense); routing decisions only read rules. */
  async function lockRules(trx: Kysely<DB>): Promise<void> {
    if (dialectOf(trx) === 'postgres') await sql`lock table routing_rules in share row exclusive mode`.execute(trx);
  }

  async function openCounts(trx: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, number>> {
    return userIds.length === 0 ? new Map() : openHandoffs(trx, [...userIds]);
  }

  async function requireTeam(trx: Kysely<DB>, teamId: string, field = 'teamId') {
    const team = await repo.findTeam(teamId, trx);
    if (!team) throw unknownTeam(field);
    return team;
  }

  async function loadRule(id: string, trx: Kysely<DB> = db): Promise<RoutingRule> {
    const row = await repo.findRule(id, trx);
    if (!row) throw ruleNotFound();
    return toRule(row);
  }

  async function listRules(trx: Kysely<DB> = db): Promise<RoutingRule[]> {
    return (await repo.listRules(trx)).map(toRule);
  }

  /** Positions 1..n in the current order (after a delete). */
  async function renumber(trx: Kysely<DB>): Promise<void> {
    const rules = await repo.listRules(trx);
    for (const [i, rule] of rules.entries()) {
      if (Number(rule.position) !== i + 1) await repo.setPosition(rule.id, i + 1, trx);
    }
  }

  /** The decision for a record, with what it was made from (for `route` and `preview`). */
  async function decide(trx: Kysely<DB>, record: RoutingRecord, exclude: readonly string[], lock: boolean) {
    // A rule whose team was deleted matches nothing: the lead falls through to the next rule.
    const rules = (await listRules(trx)).map((r) => ({ ...r, active: r.active && r.teamName !== null }));
    const rule = matchRule(rules, record);
    if (!rule) {
      const decision: RoutingDecision = { ruleId: null, teamId: null, assigneeId: null, reason: 'no_rule_matched' };
      return { decision, rule: null, memberRows: [], state: null };
    }
    const memberRows = await repo.listMembers(rule.teamId, trx, { lock });
    const members = memberRows.map(toMember);
    const ids = members.map((m) => m.userId);
    const now = clock.now();
    const since = balanceStart(
      memberRows.map((m) => ({ updatedAt: m.updated_at, outOfOfficeUntil: m.out_of_office_until })),
      now,
    );
    const last = await repo.lastAssigned(rule.teamId, ids, trx);
    const state: RoutingState = {
      openHandoffs: await openCounts(trx, ids),
      lastAssigned: new Map([...last].map(([userId, l]) => [userId, l.id])),
      received: rule.method === 'weighted' ? await repo.receivedSince(rule.teamId, ids, since, trx) : new Map(),
      exclude: new Set(exclude),
    };
    const assigneeId = pickRep(rule.method, members, state, now);
    const decision: RoutingDecision = {
      ruleId: rule.id,
      teamId: rule.teamId,
      assigneeId,
      reason: assigneeId === null ? 'no_eligible_rep' : 'rule',
    };
    return { decision, rule, memberRows, state };
  }

  async function memberViews(teamId: string, rows: MemberRow[], trx: Kysely<DB> = db): Promise<RoutingMemberView[]> {
    const ids = rows.map((r) => r.user_id);
    const open = await openCounts(trx, ids);
    const last = await repo.lastAssigned(teamId, ids, trx);
    const state: RoutingState = { openHandoffs: open, lastAssigned: new Map(), received: new Map() };
    const now = clock.now();
    return rows.map((row) => ({
      teamId: row.team_id,
      userId: row.user_id,
      name: row.name,
      role: row.role,
      userStatus: row.status,
      inTeam: row.user_team_id === row.team_id,
      weight: Number(row.weight),
      capacity: row.capacity === null ? null : Number(row.capacity),
      outOfOfficeFrom: row.out_of_office_from,
      outOfOfficeUntil: row.out_of_office_until,
      updatedAt: row.updated_at,
      eligibility: eligibility(toMember(row), state, now),
      openHandoffs: open.get(row.user_id) ?? 0,
      lastAssignedAt: last.get(row.user_id)?.at ?? null,
    }));
  }

  return {
    /** The record the rules see for a contact; null when there is no such contact. */
    async recordOf(trx: Kysely<DB>, contactId: string): Promise<RoutingRecord | null> {
      const row = await repo.contactForRouting(contactId, trx);
      return row ? routingRecordOf(row) : null;
    },

    /**
     * Decides who gets a lead and records the decision in the caller's transaction (the caller creates the
     * handoff in the same one, then calls `linkAssignment`). On PostgreSQL the team's member rows stay locked
     * until that transaction ends, so decisions for one team are made one after the other.
     * No rule matching is not an error: `{ teamId: null, assigneeId: null, reason: 'no_rule_matched' }`.
     */
    async route(trx: Kysely<DB>, input: RouteInput): Promise<RoutingDecision & { assignmentId: number }> {
      const { decision } = await decide(trx, input.record, input.exclude ?? [], true);
      const assignmentId = await repo.insertAssignment(
        {
          rule_id: decision.ruleId,
          team_id: decision.teamId,
          user_id: decision.assigneeId,
          contact_id: input.contactId,
          handoff_id: null,
          reason: decision.reason,
          at: clock.now().toISOString(),
        },
        trx,
      );
      return { assignmentId, ...decision };
    },

    /** Records which handoff a routing decision made. */
    async linkAssignment(trx: Kysely<DB>, assignmentId: number, handoffId: string): Promise<void> {
      if (!(await repo.linkAssignment(assignmentId, handoffId, trx)))
        throw new AppError('not_found', 'routing_assignment.not_found', 'No routing decision with that id.');
    },

    /** What routing would decide for the contact now, without recording anything. */
    async preview(_actor: Actor, contactId: string): Promise<RoutingPreview> {
      const row = await repo.contactForRouting(contactId);
      if (!row) throw notFound('contact');
      const { decision, rule, memberRows, state } = await decide(db, routingRecordOf(row), [], false);
      const now = clock.now();
      const assignee = memberRows.find((m) => m.user_id === decision.assigneeId);
      return {
        ...decision,
        ruleName: rule?.name ?? null,
        teamName: rule?.teamName ?? null,
        assigneeName: assignee?.name ?? null,
        members: memberRows.map((m) => ({
          userId: m.user_id,
          name: m.name,
          eligibility: state ? eligibility(toMember(m), state, now) : 'inactive',
          openHandoffs: state?.openHandoffs.get(m.user_id) ?? 0,
          capacity: m.capacity === null ? null : Number(m.capacity),
        })),
      };
    },

    async listRules(_actor: Actor): Promise<{ items: RoutingRule[]; nextCursor: null }> {
      return { items: await listRules(), nextCursor: null };
    },

    getRule: (_actor: Actor, id: string): Promise<RoutingRule> => loadRule(id),

    /** A new rule, last in the order. */
    async createRule(actor: Actor, input: RuleInput, audit?: AuditContext): Promise<RoutingRule> {
      requireManager(actor);
      const id = newId();
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await lockRules(trx);
        await requireTeam(trx, input.teamId);
        const { count, maxPosition } = await repo.ruleStats(trx);
        if (count >= LIMITS.rules) throw tooManyRules(LIMITS.rules);
        const position = maxPosition + 1;
        await repo.insertRule(
          {
            id,
            position,
            name: input.name,
            conditions: JSON.stringify(input.conditions),
            team_id: input.teamId,
            method: input.method,
            active: input.active ? 1 : 0,
            created_at: now,
            updated_at: now,
          },
          trx,
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'routing_rule',
          entityId: id,
          action: 'create',
          before: null,
          after: auditedRule({ ...input, position }),
        });
      });
      return loadRule(id);
    },

    /** Replaces a rule's name, conditions, team, method and active flag (its position stays). */
    async updateRule(actor: Actor, id: string, input: RuleInput, audit?: AuditContext): Promise<RoutingRule> {
      requireManager(actor);
      await db.transaction().execute(async (trx) => {
        await lockRules(trx);
        const current = await loadRule(id, trx);
        await requireTeam(trx, input.teamId);
        const diff = changedFields(auditedRule(current), auditedRule({ ...input, position: current.position }));
        if (Object.keys(diff.after).length === 0) return;
        const now = clock.now().toISOString();
        await repo.updateRule(
          id,
          {
            name: input.name,
            conditions: JSON.stringify(input.conditions),
            team_id: input.teamId,
            method: input.method,
            active: input.active ? 1 : 0,
            updated_at: now,
          },
          trx,
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'routing_rule',
          entityId: id,
          action: 'update',
          ...diff,
        });
      });
      return loadRule(id);
    },

    /** Deletes a rule; the rules after it move up. Past decisions keep its id (the audit log keeps the rule). */
    async deleteRule(actor: Actor, id: string, audit?: AuditContext): Promise<void> {
      requireManager(actor);
      await db.transaction().execute(async (trx) => {
        await lockRules(trx);
        const current = await loadRule(id, trx);
        await repo.deleteRule(id, trx);
        await renumber(trx);
        await appendAudit(trx, audit ?? { actor }, {
          at: clock.now().toISOString(),
          entityType: 'routing_rule',
          entityId: id,
          action: 'delete',
          before: auditedRule(current),
          after: null,
        });
      });
    },

    /** Puts the rules in the order of `ids`, which must list every rule exactly once. */
    async reorderRules(
      actor: Actor,
      ids: readonly string[],
      audit?: AuditContext,
    ): Promise<{ items: RoutingRule[]; nextCursor: null }> {
      requireManager(actor);
      await db.transaction().execute(async (trx) => {
        await lockRules(trx);
        const current = (await repo.listRules(trx)).map((r) => r.id);
        const known = new Set(current);
        const seen = new Set<string>();
        const errors: FieldError[] = [];
        ids.forEach((id, i) => {
          if (!known.has(id)) errors.push({ field: `ids.${i}`, message: 'No routing rule with that id.' });
          else if (seen.has(id)) errors.push({ field: `ids.${i}`, message: 'Listed twice.' });
          seen.add(id);
        });
        const missing = current.filter((id) => !seen.has(id));
        if (missing.length > 0) errors.push({ field: 'ids', message: `Missing: ${missing.join(', ')}.` });
        if (errors.length > 0) throw badOrder(errors);
        if (ids.every((id, i) => current[i] === id)) return;
        for (const [i, id] of ids.entries()) await repo.setPosition(id, i + 1, trx);
        await appendAudit(trx, audit ?? { actor }, {
          at: clock.now().toISOString(),
          entityType: 'routing_rules',
          entityId: 'order',
          action: 'reorder',
          before: { ids: current },
          after: { ids: [...ids] },
        });
      });
      return { items: await listRules(), nextCursor: null };
    },

    async listMembers(_actor: Actor, teamId: string): Promise<{ items: RoutingMemberView[]; nextCursor: null }> {
      if (!(await repo.findTeam(teamId))) throw teamNotFound();
      return { items: await memberViews(teamId, await repo.listMembers(teamId)), nextCursor: null };
    },

    /**
     * Makes the user a routing member of the team, or replaces their settings. The user must be active and
     * in the team (users.team_id); omitted settings take their defaults (weight 1, no capacity, not away).
     */
    async putMember(
      actor: Actor,
      teamId: string,
      userId: string,
      input: MemberInput,
      audit?: AuditContext,
    ): Promise<RoutingMemberView> {
      requireManager(actor);
      const settings = {
        ...input,
        outOfOfficeFrom: utc(input.outOfOfficeFrom),
        outOfOfficeUntil: utc(input.outOfOfficeUntil),
      };
      await db.transaction().execute(async (trx) => {
        await requireTeam(trx, teamId);
        const user = await repo.findUser(userId, trx);
        if (!user) throw notTeamMember('No user with that id.');
        if (user.team_id !== teamId) throw notTeamMember('Not in this team: a routing member must belong to the team.');
        if (user.status !== 'active') throw notTeamMember('Deactivated: only active users take leads.');
        const existing = await repo.findMember(teamId, userId, trx);
        const after = auditedMember({ ...settings, teamId, userId });
        const before = existing
          ? auditedMember({
              teamId,
              userId,
              weight: Number(existing.weight),
              capacity: existing.capacity === null ? null : Number(existing.capacity),
              outOfOfficeFrom: existing.out_of_office_from,
              outOfOfficeUntil: existing.out_of_office_until,
            })
          : null;
        const diff = before ? changedFields(before, after) : { before: null, after };
        if (Object.keys(diff.after).length === 0) return;
        const now = clock.now().toISOString();
        await repo.upsertMember(
          {
            team_id: teamId,
            user_id: userId,
            weight: settings.weight,
            capacity: settings.capacity,
            out_of_office_from: settings.outOfOfficeFrom,
            out_of_office_until: settings.outOfOfficeUntil,
            updated_at: now,
          },
          trx,
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'routing_member',
          entityId: `${teamId}:${userId}`,
          action: before ? 'update' : 'create',
          ...diff,
        });
      });
      const row = (await repo.listMembers(teamId)).find((m) => m.user_id === userId)!;
      return (await memberViews(teamId, [row]))[0]!;
    },

    /** Takes the user out of the team's routing (their open handoffs stay theirs). */
    async removeMember(actor: Actor, teamId: string, userId: string, audit?: AuditContext): Promise<void> {
      requireManager(actor);
      await db.transaction().execute(async (trx) => {
        const existing = await repo.findMember(teamId, userId, trx);
        if (!existing) throw memberNotFound();
        await repo.deleteMember(teamId, userId, trx);
        await appendAudit(trx, audit ?? { actor }, {
          at: clock.now().toISOString(),
          entityType: 'routing_member',
          entityId: `${teamId}:${userId}`,
          action: 'delete',
          before: auditedMember({
            teamId,
            userId,
            weight: Number(existing.weight),
            capacity: existing.capacity === null ? null : Number(existing.capacity),
            outOfOfficeFrom: existing.out_of_office_from,
            outOfOfficeUntil: existing.out_of_office_until,
          }),
          after: null,
        });
      });
    },

    /**
     * How many leads each rep received in [from, to), per team, and how many waited in each team's queue.
     * Teams reported: the one asked for, else every team with routing members or decisions in the period.
     * Current members who received nothing are listed with 0; former members who received leads are listed
     * too (`member: false`).
     */
    async fairness(_actor: Actor, period: { from: string; to: string }, teamId?: string): Promise<FairnessReport> {
      const from = utc(period.from)!;
      const to = utc(period.to)!;
      if (Date.parse(to) <= Date.parse(from)) throw invalid('to', 'After from.');
      if (teamId !== undefined && !(await repo.findTeam(teamId))) throw unknownTeam('teamId');
      const counts = await repo.fairnessCounts({ from, to }, teamId);
      const teamIds = new Set<string>(teamId !== undefined ? [teamId] : await repo.teamsWithMembers());
      for (const c of counts) if (c.team_id !== null) teamIds.add(c.team_id);
      const teamNames = await repo.teamNames([...teamIds]);
      const userIds = new Set(counts.map((c) => c.user_id).filter((id): id is string => id !== null));
      const userNames = await repo.userNames([...userIds]);

      const teams: FairnessReport['teams'] = [];
      for (const id of teamIds) {
        const members = await repo.listMembers(id);
        const reps = new Map<string, FairnessReport['teams'][number]['reps'][number]>();
        for (const m of members)
          reps.set(m.user_id, {
            userId: m.user_id,
            name: m.name,
            received: 0,
            share: 0,
            member: true,
            weight: Number(m.weight),
          });
        let queued = 0;
        for (const c of counts) {
          if (c.team_id !== id) continue;
          if (c.user_id === null) {
            queued += Number(c.n);
            continue;
          }
          const rep = reps.get(c.user_id) ?? {
            userId: c.user_id,
            name: userNames.get(c.user_id) ?? '',
            received: 0,
            share: 0,
            member: false,
            weight: null,
          };
          rep.received += Number(c.n);
          reps.set(c.user_id, rep);
        }
        const assigned = [...reps.values()].reduce((sum, r) => sum + r.received, 0);
        for (const rep of reps.values())
          rep.share = assigned === 0 ? 0 : Math.round((rep.received / assigned) * 1e4) / 1e4;
        teams.push({
          teamId: id,
          teamName: teamNames.get(id) ?? null,
          assigned,
          queued,
          reps: [...reps.values()].sort(
            (a, b) => b.received - a.received || a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : 1),
          ),
        });
      }
      teams.sort((a, b) => (a.teamName ?? '').localeCompare(b.teamName ?? '') || (a.teamId < b.teamId ? -1 : 1));
      const noRuleMatched =
        teamId !== undefined
          ? null
          : counts.filter((c) => c.reason === 'no_rule_matched').reduce((sum, c) => sum + Number(c.n), 0);
      return { from, to, teams, noRuleMatched };
    },
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;
