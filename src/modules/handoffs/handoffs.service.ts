import type { Kysely } from 'kysely';
import { isUniqueViolation, parseJson, type Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { DomainEvent, Outbox } from '../../jobs/outbox.js';
import type { OutboxEvent, Reaction } from '../../jobs/worker.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden, invalid } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { appendAudit, type AuditContext } from '../audit/index.js';
import type { Actor } from '../auth/index.js';
import type { FitGrade, Priority, Sla } from '../sla/index.js';
import {
  ALL_DUTIES_OPEN,
  dutyOf,
  isTimerKind,
  nextDueAt,
  overdueDuties,
  planClocks,
  planOutcome,
  timerAction,
  timersCancelledBy,
  touchEffect,
  TIMER_KINDS,
  type ActivityType,
  type Duty,
  type DutyState,
  type PlannedTimer,
  type TouchResult,
  type SlaTerms,
  type TimerKind,
} from './clocks.js';
import {
  ACTIVITY_CLOCK_SKEW_MS,
  canHandOff,
  canSeeHandoff,
  canWorkHandoff,
  chooseSla,
  rejectionText,
  type HandoffHolder,
  type Outcome,
  type RejectReason,
} from './handoff.js';
import {
  activityInFuture,
  handoffAlreadyActive,
  handoffAlreadyDecided,
  handoffNotAccepted,
  handoffNotFound,
  notificationNotFound,
} from './handoffs.errors.js';
import {
  createHandoffsRepository,
  type ActivityRow,
  type HandoffListRow,
  type HandoffRow,
  type NotificationRow,
  type TimerRow,
} from './handoffs.repository.js';

/** What the routing module decides for a lead (src/modules/routing). */
export interface RouteResult {
  ruleId: string | null;
  teamId: string | null;
  /** Null: the team's queue (or the general queue when teamId is null too). */
  assigneeId: string | null;
  reason: 'rule' | 'no_rule_matched' | 'no_eligible_rep';
  /** The routing decision's record (routing_assignments; a number there). */
  assignmentId: string | number;
}

/** The routing service, as the handoffs module uses it (injected; a fake in unit-level tests). */
export interface Router {
  route(
    trx: Kysely<DB>,
    input: { contactId: string; record: Readonly<Record<string, unknown>>; exclude?: readonly string[] },
  ): Promise<RouteResult>;
  /** Links the routing decision to the handoff made from it. */
  linkAssignment(trx: Kysely<DB>, assignmentId: RouteResult['assignmentId'], handoffId: string): Promise<void>;
}

export type SlaVersion = Pick<Sla, 'id' | 'version' | 'createdAt' | 'document' | 'calendarSnapshot'>;

/** The SLA module's reads inside the caller's transaction. */
export interface SlaSource {
  currentVersions(trx: Kysely<DB>): Promise<SlaVersion[]>;
  versionInTransaction(trx: Kysely<DB>, id: string, version: number): Promise<SlaVersion | null>;
}

/** The scoring module's decision by hand inside the caller's transaction (a rejected lead back to nurture). */
export interface Qualification {
  decideInTransaction(
    trx: Kysely<DB>,
    contactId: string,
    decision: { kind: 'not_qualified'; by: string; reason: string | null },
  ): Promise<void>;
}

export interface HandoffLogger {
  warn(obj: object, msg?: string): void;
}

export interface HandoffServiceDeps {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  router: Router;
  slas: SlaSource;
  scoring: Qualification;
  /** The contacts module's check: resolves when the actor may see the contact, else throws its 404. */
  contactVisible: (actor: Actor, contactId: string) => Promise<unknown>;
  log?: HandoffLogger | undefined;
  /** SMTP is configured: notifications are emailed too (mail-sender.ts sends them). */
  mailNotifications?: boolean | undefined;
}

export interface Person {
  id: string;
  name: string;
}

export interface Handoff {
  id: string;
  contactId: string;
  contact: { id: string; name: string; email: string | null } | null;
  status: HandoffRow['status'];
  grade: string;
  priority: Priority;
  sla: { id: string; version: number } | null;
  teamId: string | null;
  assignee: Person | null;
  routing: { reason: HandoffRow['routing_reason']; ruleId: string | null };
  qualifiedAt: string;
  assignedAt: string;
  firstTouchDueAt: string | null;
  firstTouchedAt: string | null;
  attempts: number;
  attemptsRequired: number | null;
  attemptsDueAt: string | null;
  attemptsMetAt: string | null;
  decisionDueAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  rejectReason: string | null;
  rejectNote: string | null;
  outcome: Outcome | null;
  outcomeDueAt: string | null;
  outcomeAt: string | null;
  closedReason: string | null;
  nextDueAt: string | null;
  overdue: Duty[];
  assignmentNo: number;
  createdAt: string;
  updatedAt: string;
}

export interface HandoffTimer {
  id: number;
  kind: string;
  assignmentNo: number;
  dueAt: string;
  firedAt: string | null;
  outcome: string | null;
  detail: Record<string, unknown> | null;
}

export interface Activity {
  id: string;
  contactId: string;
  handoffId: string | null;
  type: ActivityType;
  occurredAt: string;
  userId: string | null;
  notes: string | null;
  countedForSla: boolean;
  createdAt: string;
}

export interface Notification {
  id: string;
  kind: string;
  handoffId: string | null;
  contactId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface HandoffListQuery {
  /** 'me', 'queue' (no assignee) or a user id. */
  assignee?: string | undefined;
  status?: HandoffRow['status'] | undefined;
  contactId?: string | undefined;
  overdue?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The outbox events the timer sweep writes, one per fired timer (see timers.ts). */
export const TIMER_EVENTS = {
  remind: 'handoff.reminder_due',
  breach: 'handoff.breached',
  reassign: 'handoff.reassign_due',
} as const;

/** How many of a deactivated user's handoffs one reaction reassigns; the rest follow in the next event. */
const DEACTIVATION_CHUNK = 100;

const stateOf = (h: HandoffRow): DutyState => ({
  status: h.status,
  assignmentNo: Number(h.assignment_no),
  assignedAt: h.assigned_at,
  firstTouchDueAt: h.first_touch_due_at,
  firstTouchedAt: h.first_touched_at,
  attempts: Number(h.attempts),
  attemptsRequired: h.attempts_required === null ? null : Number(h.attempts_required),
  attemptsDueAt: h.attempts_due_at,
  attemptsMetAt: h.attempts_met_at,
  decisionDueAt: h.decision_due_at,
  decidedAt: h.decided_at,
  outcomeDueAt: h.outcome_due_at,
  outcomeAt: h.outcome_at,
});

const contactName = (row: { contact_first_name: string | null; contact_last_name: string | null }) =>
  [row.contact_first_name, row.contact_last_name].filter((p) => p).join(' ');

function toTimer(row: TimerRow): HandoffTimer {
  return {
    id: Number(row.id),
    kind: row.kind,
    assignmentNo: Number(row.assignment_no),
    dueAt: row.due_at,
    firedAt: row.fired_at,
    outcome: row.outcome,
    detail: parseJson<Record<string, unknown> | null>(row.detail, null),
  };
}

function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    contactId: row.contact_id,
    handoffId: row.handoff_id,
    type: row.type,
    occurredAt: row.occurred_at,
    userId: row.user_id,
    notes: row.notes,
    countedForSla: Number(row.counted_for_sla) === 1,
    createdAt: row.created_at,
  };
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    handoffId: row.handoff_id,
    contactId: row.contact_id,
    payload: parseJson<Record<string, unknown>>(row.payload, {}),
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** Timer rows of one assignment, each naming who holds the handoff under it (null: the queue). */
const planned = (
  h: { id: string; assignmentNo: number; assigneeId: string | null },
  timers: readonly PlannedTimer[],
  now: string,
) =>
  timers.map((t) => ({
    handoff_id: h.id,
    assignment_no: h.assignmentNo,
    assignee_id: h.assigneeId,
    kind: t.kind,
    due_at: t.dueAt.toISOString(),
    created_at: now,
  }));

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * The handoff lifecycle: a qualified lead is handed to sales (on `contact.qualified`, or by hand), routed,
 * and its SLA clocks started; touches stop the first-touch clock and count attempts; the assignee accepts or
 * rejects (back to marketing's nurture through scoring) and reports the outcome; fired timers remind,
 * escalate and reassign (reactions to the sweep's events, see timers.ts). Every change is one transaction
 * with its audit entry, its domain event and its notifications.
 *
 * Notifications are in-app rows; with SMTP configured each is also marked for email, which mail-sender.ts
 * sends outside the transaction (a slow mail server never holds a write lock).
 */
export function createHandoffService(deps: HandoffServiceDeps) {
  const { clock, outbox, router, slas, scoring, contactVisible } = deps;
  const db = deps.database.db;
  const repo = createHandoffsRepository(db);

  // SLA versions never change: their parsed terms are kept (bounded; a few versions are in use at a time).
  const termsCache = new Map<string, SlaTerms | null>();
  async function termsOf(trx: Kysely<DB>, h: Pick<HandoffRow, 'sla_id' | 'sla_version'>): Promise<SlaTerms | null> {
    if (h.sla_id === null || h.sla_version === null) return null;
    const key = `${h.sla_id}@${h.sla_version}`;
    if (termsCache.has(key)) return termsCache.get(key)!;
    const version = await slas.versionInTransaction(trx, h.sla_id, Number(h.sla_version));
    const terms = version ? { document: version.document, calendar: version.calendarSnapshot } : null;
    if (termsCache.size >= 100) termsCache.clear();
    termsCache.set(key, terms);
    return terms;
  }

  async function holderOf(trx: Kysely<DB>, h: HandoffRow): Promise<HandoffHolder> {
    return { assigneeId: h.assignee_id, teamId: h.team_id, assigneeTeamId: await repo.teamOf(trx, h.assignee_id) };
  }

  /** The people told about a handoff nobody holds, or escalated: its team's managers, else the admins. */
  async function managersFor(trx: Kysely<DB>, h: HandoffRow): Promise<string[]> {
    const team = h.team_id ?? (await repo.teamOf(trx, h.assignee_id));
    const managers = await repo.managersOf(trx, team);
    return managers.length > 0 ? managers : repo.activeAdmins(trx);
  }

  async function notify(
    trx: Kysely<DB>,
    userIds: readonly (string | null)[],
    kind: string,
    h: Pick<HandoffRow, 'id' | 'contact_id'>,
    payload: Record<string, unknown>,
  ): Promise<string[]> {
    const recipients = [...new Set(userIds.filter((u): u is string => u !== null))];
    const now = clock.now().toISOString();
    await repo.insertNotifications(
      trx,
      recipients.map((userId) => ({
        id: newId(),
        user_id: userId,
        kind,
        handoff_id: h.id,
        contact_id: h.contact_id,
        payload: JSON.stringify(payload),
        created_at: now,
        ...(deps.mailNotifications ? { mail_state: 'pending' as const, mail_next_at: now } : {}),
      })),
    );
    return recipients;
  }

  /** Tells the assignee (or, for a queue, its managers) that the lead is theirs. */
  async function notifyAssigned(trx: Kysely<DB>, h: HandoffRow, name: string, reason: 'new' | 'reassigned') {
    const payload = {
      contactName: name,
      reason,
      firstTouchDueAt: h.first_touch_due_at,
      decisionDueAt: h.decision_due_at,
    };
    if (h.assignee_id !== null) await notify(trx, [h.assignee_id], 'handoff.assigned', h, payload);
    else await notify(trx, await managersFor(trx, h), 'handoff.queued', h, { ...payload, teamId: h.team_id });
  }

  function event(type: string, h: Pick<HandoffRow, 'id'>, payload: Record<string, unknown>): DomainEvent {
    return { type, aggregateType: 'handoff', aggregateId: h.id, payload: { id: h.id, ...payload } };
  }

  /** What routing rules see of the contact (src/modules/routing ROUTING_FIELDS). */
  function routingRecord(c: NonNullable<Awaited<ReturnType<typeof repo.contactForRouting>>>): Record<string, unknown> {
    const custom = parseJson<Record<string, unknown>>(c.custom_fields, {});
    return {
      firstName: c.first_name,
      lastName: c.last_name,
      email: c.email,
      phone: c.phone,
      jobTitle: c.job_title,
      seniority: c.seniority,
      source: c.source,
      campaign: c.campaign,
      fitGrade: c.fit_grade,
      fitScore: c.fit_score,
      engagementScore: c.engagement_score,
      predictiveScore: c.predictive_score,
      temperature: c.temperature,
      'account.name': c.account_name,
      'account.domain': c.account_domain,
      'account.industry': c.account_industry,
      'account.employeeCount': c.account_employee_count,
      'account.country': c.account_country,
      'account.city': c.account_city,
      'account.annualRevenue': c.account_annual_revenue,
      ...Object.fromEntries(Object.entries(custom).map(([k, v]) => [`custom.${k}`, v])),
    };
  }

  /**
   * Hands a contact to sales in the caller's transaction: routed, under the current SLA, clocks started,
   * the assignee notified, `handoff.assigned` written. When the contact already has an open or accepted
   * handoff nothing happens and that one is answered (`created: false`); a contact that no longer exists
   * gives null. Without any SLA the handoff is still made and routed, without clocks (documented).
   */
  async function handOff(
    trx: Kysely<DB>,
    input: { contactId: string; priority: Priority; qualifiedAt: string; audit: AuditContext; cause: string },
  ): Promise<{ handoff: HandoffRow; created: boolean } | null> {
    const existing = await repo.findActiveForContact(trx, input.contactId, { lock: true });
    if (existing) return { handoff: existing, created: false };
    const contact = await repo.contactForRouting(trx, input.contactId);
    if (!contact) return null;
    const routed = await router.route(trx, { contactId: input.contactId, record: routingRecord(contact) });
    const now = clock.now();
    const nowIso = now.toISOString();
    const sla = chooseSla(await slas.currentVersions(trx), routed.teamId);
    const grade = contact.fit_grade as FitGrade;
    const clocks = sla
      ? planClocks(
          { document: sla.document, calendar: sla.calendarSnapshot },
          now,
          { grade, priority: input.priority },
          ALL_DUTIES_OPEN,
          {
            reassignable: routed.assigneeId !== null,
          },
        )
      : null;
    if (!sla) deps.log?.warn({ contactId: input.contactId }, 'no SLA exists: the handoff runs without clocks');
    const handoff: HandoffRow = {
      id: newId(),
      contact_id: input.contactId,
      sla_id: sla?.id ?? null,
      sla_version: sla?.version ?? null,
      team_id: routed.teamId,
      assignee_id: routed.assigneeId,
      status: 'open',
      grade,
      priority: input.priority,
      qualified_at: input.qualifiedAt,
      assigned_at: nowIso,
      first_touch_due_at: iso(clocks?.due.firstTouchDueAt),
      first_touched_at: null,
      attempts: 0,
      attempts_required: clocks?.due.attemptsRequired ?? null,
      attempts_due_at: iso(clocks?.due.attemptsDueAt),
      attempts_met_at: null,
      decision_due_at: iso(clocks?.due.decisionDueAt),
      decided_at: null,
      decided_by: null,
      reject_reason: null,
      reject_note: null,
      outcome: null,
      outcome_due_at: null,
      outcome_at: null,
      closed_reason: null,
      next_due_at: null,
      assignment_no: 1,
      previous_assignees: '[]',
      routing_reason: routed.reason,
      rule_id: routed.ruleId,
      created_by: input.audit.actor && input.audit.actor.via !== 'system' ? input.audit.actor.id : null,
      created_at: nowIso,
      updated_at: nowIso,
    };
    handoff.next_due_at = nextDueAt(stateOf(handoff));
    await repo.insert(trx, { ...handoff, previous_assignees: '[]' });
    await repo.insertTimers(
      trx,
      planned({ id: handoff.id, assignmentNo: 1, assigneeId: routed.assigneeId }, clocks?.timers ?? [], nowIso),
    );
    await router.linkAssignment(trx, routed.assignmentId, handoff.id);
    await notifyAssigned(trx, handoff, [contact.first_name, contact.last_name].filter((p) => p).join(' '), 'new');
    await appendAudit(trx, input.audit, {
      at: nowIso,
      entityType: 'handoff',
      entityId: handoff.id,
      action: 'create',
      before: null,
      after: {
        contactId: input.contactId,
        cause: input.cause,
        assigneeId: routed.assigneeId,
        teamId: routed.teamId,
        routing: routed.reason,
        sla: sla ? { id: sla.id, version: sla.version } : null,
        grade,
        priority: input.priority,
      },
    });
    await outbox.enqueue(trx, [
      event('handoff.assigned', handoff, {
        contactId: input.contactId,
        assigneeId: routed.assigneeId,
        teamId: routed.teamId,
        ruleId: routed.ruleId,
        reason: routed.reason,
        cause: input.cause,
      }),
    ]);
    return { handoff, created: true };
  }

  /**
   * Gives an active handoff to someone else (or a queue) in the caller's transaction: the clocks of the
   * duties still unmet restart from now (a new holder gets the whole time), every unfired timer of the
   * previous assignment is replaced (outcome timers of an accepted lead are carried over unchanged), the
   * people involved are notified, `handoff.reassigned` is written.
   */
  async function moveTo(
    trx: Kysely<DB>,
    h: HandoffRow,
    target: { assigneeId: string | null; teamId: string | null; assignmentId: RouteResult['assignmentId'] | null },
    cause: 'sla' | 'deactivated' | 'manual',
    audit: AuditContext,
  ): Promise<HandoffRow> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const terms = await termsOf(trx, h);
    const assignmentNo = Number(h.assignment_no) + 1;
    const previous = parseJson<string[]>(h.previous_assignees, []);
    if (h.assignee_id !== null && !previous.includes(h.assignee_id)) previous.push(h.assignee_id);
    const previousJson = JSON.stringify(previous);
    const open = {
      firstTouch: h.first_touched_at === null,
      attempts: h.attempts_met_at === null,
      decision: h.status === 'open',
    };
    const clocks = terms
      ? planClocks(terms, now, { grade: h.grade as FitGrade, priority: h.priority }, open, {
          reassignable: h.status === 'open' && target.assigneeId !== null,
        })
      : null;
    const updated: HandoffRow = {
      ...h,
      assignee_id: target.assigneeId,
      team_id: target.teamId,
      assigned_at: nowIso,
      assignment_no: assignmentNo,
      previous_assignees: previousJson,
      first_touch_due_at: clocks && open.firstTouch ? iso(clocks.due.firstTouchDueAt) : h.first_touch_due_at,
      attempts_due_at: clocks && open.attempts ? iso(clocks.due.attemptsDueAt) : h.attempts_due_at,
      decision_due_at: clocks && open.decision ? iso(clocks.due.decisionDueAt) : h.decision_due_at,
      updated_at: nowIso,
    };
    updated.next_due_at = nextDueAt(stateOf(updated));
    await repo.update(trx, h.id, {
      assignee_id: updated.assignee_id,
      team_id: updated.team_id,
      assigned_at: updated.assigned_at,
      assignment_no: assignmentNo,
      previous_assignees: previousJson,
      first_touch_due_at: updated.first_touch_due_at,
      attempts_due_at: updated.attempts_due_at,
      decision_due_at: updated.decision_due_at,
      next_due_at: updated.next_due_at,
      updated_at: nowIso,
    });
    const outcomeKinds = TIMER_KINDS.filter((k) => dutyOf(k) === 'outcome');
    await repo.cancelTimers(
      trx,
      h.id,
      timersCancelledBy('reassigned').filter((k) => dutyOf(k) !== 'outcome'),
    );
    await repo.carryTimers(trx, h.id, outcomeKinds, assignmentNo);
    await repo.insertTimers(
      trx,
      planned({ id: h.id, assignmentNo, assigneeId: target.assigneeId }, clocks?.timers ?? [], nowIso),
    );
    if (target.assignmentId !== null) await router.linkAssignment(trx, target.assignmentId, h.id);
    const withPeople = await repo.findWithPeople(h.id, trx);
    const name = withPeople ? contactName(withPeople) : '';
    await notifyAssigned(trx, updated, name, 'reassigned');
    // A deactivated user reads nothing any more.
    if (cause !== 'deactivated' && h.assignee_id !== null && h.assignee_id !== target.assigneeId) {
      await notify(trx, [h.assignee_id], 'handoff.reassigned_away', h, { contactName: name, cause });
    }
    await appendAudit(trx, audit, {
      at: nowIso,
      entityType: 'handoff',
      entityId: h.id,
      action: 'reassign',
      before: { assigneeId: h.assignee_id, teamId: h.team_id },
      after: { assigneeId: target.assigneeId, teamId: target.teamId, cause },
    });
    await outbox.enqueue(trx, [
      event('handoff.reassigned', h, {
        contactId: h.contact_id,
        from: h.assignee_id,
        to: target.assigneeId,
        teamId: target.teamId,
        cause,
      }),
    ]);
    return updated;
  }

  /** Routes the lead again without the people who held it (or the deactivated one), or to the team's queue. */
  async function reassign(trx: Kysely<DB>, h: HandoffRow, cause: 'sla' | 'deactivated'): Promise<HandoffRow> {
    const terms = await termsOf(trx, h);
    const toQueue = cause === 'sla' && terms?.document.escalation.reassignTo === 'manager_queue';
    const team = h.team_id ?? (await repo.teamOf(trx, h.assignee_id));
    if (toQueue) return moveTo(trx, h, { assigneeId: null, teamId: team, assignmentId: null }, cause, { actor: null });
    const contact = await repo.contactForRouting(trx, h.contact_id);
    const exclude =
      cause === 'deactivated'
        ? [h.assignee_id].filter((u): u is string => u !== null)
        : [...new Set([...parseJson<string[]>(h.previous_assignees, []), ...(h.assignee_id ? [h.assignee_id] : [])])];
    const routed = await router.route(trx, {
      contactId: h.contact_id,
      record: contact ? routingRecord(contact) : {},
      exclude,
    });
    // No rule for it any more: it stays with its team's queue rather than dropping to the general one.
    const teamId = routed.teamId ?? team;
    return moveTo(trx, h, { assigneeId: routed.assigneeId, teamId, assignmentId: routed.assignmentId }, cause, {
      actor: null,
    });
  }

  /** Closes a handoff whose contact is gone: no outcome, every timer cancelled. */
  async function close(trx: Kysely<DB>, h: HandoffRow, reason: string): Promise<void> {
    const now = clock.now().toISOString();
    await repo.update(trx, h.id, { status: 'closed', closed_reason: reason, next_due_at: null, updated_at: now });
    await repo.cancelTimers(trx, h.id, timersCancelledBy('closed'));
    await appendAudit(
      trx,
      { actor: null },
      {
        at: now,
        entityType: 'handoff',
        entityId: h.id,
        action: 'close',
        before: { status: h.status },
        after: { status: 'closed', closedReason: reason },
      },
    );
    await outbox.enqueue(trx, [event('handoff.closed', h, { contactId: h.contact_id, outcome: null, reason })]);
  }

  /** A fired timer's reaction: remind, escalate or reassign, once (its outcome is stored on the timer). */
  async function onTimer(trx: Kysely<DB>, e: OutboxEvent): Promise<void> {
    const timer = await repo.findTimer(trx, Number(e.payload.timerId));
    if (!timer || timer.outcome !== null || !isTimerKind(timer.kind)) return;
    const h = await repo.find(trx, timer.handoff_id, { lock: true });
    if (!h) return;
    const kind: TimerKind = timer.kind;
    const action = timerAction(kind, { assignmentNo: Number(timer.assignment_no), dueAt: timer.due_at }, stateOf(h));
    const duty = dutyOf(kind);
    const withPeople = await repo.findWithPeople(h.id, trx);
    const payload = { duty, dueAt: timer.due_at, contactName: withPeople ? contactName(withPeople) : '' };
    switch (action.act) {
      case 'skip':
        await repo.setTimerOutcome(trx, Number(timer.id), `skipped:${action.why}`, null);
        return;
      case 'remind': {
        const to = h.assignee_id !== null ? [h.assignee_id] : await managersFor(trx, h);
        const notified = await notify(trx, to, 'handoff.reminder', h, payload);
        await repo.setTimerOutcome(trx, Number(timer.id), 'reminded', { notified });
        return;
      }
      case 'breach': {
        const terms = await termsOf(trx, h);
        const toManagers = h.assignee_id === null || (terms?.document.escalation.notifyManagerAtBreach ?? true);
        const rep = await notify(trx, [h.assignee_id], 'handoff.breached', h, payload);
        const managers = toManagers
          ? await notify(trx, await managersFor(trx, h), 'handoff.escalated', h, {
              ...payload,
              assigneeId: h.assignee_id,
              assigneeName: withPeople?.assignee_name ?? null,
            })
          : [];
        await repo.setTimerOutcome(trx, Number(timer.id), 'notified', { notified: [...rep, ...managers] });
        return;
      }
      case 'reassign': {
        const after = await reassign(trx, h, 'sla');
        await repo.setTimerOutcome(trx, Number(timer.id), 'reassigned', {
          from: h.assignee_id,
          to: after.assignee_id,
          teamId: after.team_id,
        });
        return;
      }
    }
  }

  async function loadForWork(trx: Kysely<DB>, actor: Actor, id: string): Promise<HandoffRow> {
    const h = await repo.find(trx, id, { lock: true });
    if (!h) throw handoffNotFound();
    const holder = await holderOf(trx, h);
    if (!canSeeHandoff(actor, holder)) throw handoffNotFound();
    if (!canWorkHandoff(actor, holder))
      throw forbidden('Only the assignee, their manager or an admin decides a handoff.');
    return h;
  }

  function toHandoff(row: HandoffListRow): Handoff {
    const now = clock.now();
    return {
      id: row.id,
      contactId: row.contact_id,
      contact:
        row.contact_first_name === null && row.contact_last_name === null
          ? null
          : { id: row.contact_id, name: contactName(row), email: row.contact_email },
      status: row.status,
      grade: row.grade,
      priority: row.priority,
      sla:
        row.sla_id !== null && row.sla_version !== null ? { id: row.sla_id, version: Number(row.sla_version) } : null,
      teamId: row.team_id,
      assignee: row.assignee_id !== null ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
      routing: { reason: row.routing_reason, ruleId: row.rule_id },
      qualifiedAt: row.qualified_at,
      assignedAt: row.assigned_at,
      firstTouchDueAt: row.first_touch_due_at,
      firstTouchedAt: row.first_touched_at,
      attempts: Number(row.attempts),
      attemptsRequired: row.attempts_required === null ? null : Number(row.attempts_required),
      attemptsDueAt: row.attempts_due_at,
      attemptsMetAt: row.attempts_met_at,
      decisionDueAt: row.decision_due_at,
      decidedAt: row.decided_at,
      decidedBy: row.decided_by,
      rejectReason: row.reject_reason,
      rejectNote: row.reject_note,
      outcome: row.outcome,
      outcomeDueAt: row.outcome_due_at,
      outcomeAt: row.outcome_at,
      closedReason: row.closed_reason,
      nextDueAt: row.next_due_at,
      overdue: overdueDuties(stateOf(row), now),
      assignmentNo: Number(row.assignment_no),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async function loadHandoff(id: string): Promise<Handoff> {
    const row = await repo.findWithPeople(id);
    if (!row) throw handoffNotFound();
    return toHandoff(row);
  }

  return {
    /**
     * A lead handed to sales by hand (admins, sales managers, marketing), whatever its temperature. 409
     * `handoff.already_open` when the contact has an open or accepted handoff. The answer shows where it
     * went, even when that is outside the caller's own view.
     */
    async handOffByHand(
      actor: Actor,
      contactId: string,
      input: { priority?: Priority | undefined },
      audit?: AuditContext,
    ): Promise<Handoff> {
      if (!canHandOff(actor)) throw forbidden('Only admins, sales managers and marketing hand leads to sales.');
      await contactVisible(actor, contactId);
      let result: Awaited<ReturnType<typeof handOff>>;
      try {
        result = await db.transaction().execute((trx) =>
          handOff(trx, {
            contactId,
            priority: input.priority ?? 'normal',
            qualifiedAt: clock.now().toISOString(),
            audit: audit ?? { actor },
            cause: 'manual',
          }),
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw handoffAlreadyActive(null);
        throw err;
      }
      if (!result) throw handoffNotFound();
      if (!result.created) throw handoffAlreadyActive(result.handoff.id);
      outbox.notify();
      return loadHandoff(result.handoff.id);
    },

    async list(actor: Actor, query: HandoffListQuery): Promise<{ items: Handoff[]; nextCursor: string | null }> {
      const assigneeId =
        query.assignee === undefined
          ? undefined
          : query.assignee === 'me'
            ? actor.id
            : query.assignee === 'queue'
              ? null
              : query.assignee;
      const { rows, nextCursor } = await repo.list({
        actor,
        assigneeId,
        status: query.status,
        contactId: query.contactId,
        overdueAt: query.overdue ? clock.now().toISOString() : undefined,
        cursor: query.cursor,
        limit: query.limit,
      });
      // The query is scoped already; each record is checked again with the same rule.
      const visible = rows.filter((r) =>
        canSeeHandoff(actor, { assigneeId: r.assignee_id, teamId: r.team_id, assigneeTeamId: r.assignee_team_id }),
      );
      return { items: visible.map(toHandoff), nextCursor };
    },

    /** A handoff with its timers (planned and fired), its escalations (fired timers that acted) and touches. */
    async get(
      actor: Actor,
      id: string,
    ): Promise<Handoff & { timers: HandoffTimer[]; escalations: HandoffTimer[]; activities: Activity[] }> {
      const row = await repo.findWithPeople(id);
      if (
        !row ||
        !canSeeHandoff(actor, {
          assigneeId: row.assignee_id,
          teamId: row.team_id,
          assigneeTeamId: row.assignee_team_id,
        })
      )
        throw handoffNotFound();
      const timers = (await repo.timersOf(id)).map(toTimer);
      return {
        ...toHandoff(row),
        timers,
        escalations: timers.filter((t) => t.firedAt !== null && t.outcome !== null && !t.outcome.startsWith('skipped')),
        activities: (await repo.activitiesOfHandoff(id)).map(toActivity),
      };
    },

    /** The lead becomes a sales-accepted lead; the outcome's clock starts. */
    async accept(actor: Actor, id: string, audit?: AuditContext): Promise<Handoff> {
      await db.transaction().execute(async (trx) => {
        const h = await loadForWork(trx, actor, id);
        if (h.status !== 'open') throw handoffAlreadyDecided(h.status);
        const now = clock.now();
        const nowIso = now.toISOString();
        const terms = await termsOf(trx, h);
        const outcome = terms ? planOutcome(terms, now) : null;
        const updated: HandoffRow = {
          ...h,
          status: 'accepted',
          decided_at: nowIso,
          decided_by: actor.id,
          outcome_due_at: iso(outcome?.outcomeDueAt),
          updated_at: nowIso,
        };
        updated.next_due_at = nextDueAt(stateOf(updated));
        await repo.update(trx, id, {
          status: 'accepted',
          decided_at: nowIso,
          decided_by: actor.id,
          outcome_due_at: updated.outcome_due_at,
          next_due_at: updated.next_due_at,
          updated_at: nowIso,
        });
        await repo.cancelTimers(trx, id, timersCancelledBy('accepted'));
        await repo.insertTimers(
          trx,
          planned(
            { id, assignmentNo: Number(h.assignment_no), assigneeId: h.assignee_id },
            outcome?.timers ?? [],
            nowIso,
          ),
        );
        await appendAudit(trx, audit ?? { actor }, {
          at: nowIso,
          entityType: 'handoff',
          entityId: id,
          action: 'accept',
          before: { status: h.status },
          after: { status: 'accepted' },
        });
        await outbox.enqueue(trx, [
          event('handoff.accepted', h, { contactId: h.contact_id, assigneeId: h.assignee_id, by: actor.id }),
        ]);
      });
      outbox.notify();
      return loadHandoff(id);
    },

    /**
     * The lead goes back to marketing: rejected with a reason code (and a note, required for `other`); in
     * the same transaction the contact is marked not qualified through scoring (its temperature drops, with
     * the reason) and every timer stops.
     */
    async reject(
      actor: Actor,
      id: string,
      input: { reason: RejectReason; note?: string | undefined },
      audit?: AuditContext,
    ): Promise<Handoff> {
      await db.transaction().execute(async (trx) => {
        const h = await loadForWork(trx, actor, id);
        if (h.status !== 'open') throw handoffAlreadyDecided(h.status);
        const nowIso = clock.now().toISOString();
        const note = input.note ?? null;
        await repo.update(trx, id, {
          status: 'rejected',
          decided_at: nowIso,
          decided_by: actor.id,
          reject_reason: input.reason,
          reject_note: note,
          next_due_at: null,
          updated_at: nowIso,
        });
        await repo.cancelTimers(trx, id, timersCancelledBy('rejected'));
        await scoring.decideInTransaction(trx, h.contact_id, {
          kind: 'not_qualified',
          by: actor.id,
          reason: rejectionText(input.reason, note),
        });
        await appendAudit(trx, audit ?? { actor }, {
          at: nowIso,
          entityType: 'handoff',
          entityId: id,
          action: 'reject',
          before: { status: h.status },
          after: { status: 'rejected', reason: input.reason, note },
        });
        await outbox.enqueue(trx, [
          event('handoff.rejected', h, {
            contactId: h.contact_id,
            assigneeId: h.assignee_id,
            by: actor.id,
            reason: input.reason,
          }),
        ]);
      });
      outbox.notify();
      return loadHandoff(id);
    },

    /**
     * The outcome of an accepted lead: won, lost, or nurture (back to marketing like a rejection). The
     * handoff closes and its clocks stop. 409 `handoff.not_accepted` otherwise.
     */
    async reportOutcome(
      actor: Actor,
      id: string,
      input: { outcome: Outcome; note?: string | undefined },
      audit?: AuditContext,
    ): Promise<Handoff> {
      await db.transaction().execute(async (trx) => {
        const h = await loadForWork(trx, actor, id);
        if (h.status !== 'accepted') throw handoffNotAccepted(h.status);
        const nowIso = clock.now().toISOString();
        await repo.update(trx, id, {
          status: 'closed',
          outcome: input.outcome,
          outcome_at: nowIso,
          next_due_at: null,
          updated_at: nowIso,
        });
        await repo.cancelTimers(trx, id, timersCancelledBy('outcome'));
        if (input.outcome === 'nurture') {
          await scoring.decideInTransaction(trx, h.contact_id, {
            kind: 'not_qualified',
            by: actor.id,
            reason: input.note ? `nurture: ${input.note}` : 'nurture',
          });
        }
        await appendAudit(trx, audit ?? { actor }, {
          at: nowIso,
          entityType: 'handoff',
          entityId: id,
          action: 'outcome',
          before: { status: h.status },
          after: { status: 'closed', outcome: input.outcome, note: input.note ?? null },
        });
        await outbox.enqueue(trx, [
          event('handoff.closed', h, { contactId: h.contact_id, outcome: input.outcome, by: actor.id }),
        ]);
      });
      outbox.notify();
      return loadHandoff(id);
    },

    /**
     * A manager (or admin) gives an active handoff to a rep of their choosing, or to the queue (null): the
     * way out of a queue. The clocks of unmet duties restart for the new holder.
     */
    async assign(actor: Actor, id: string, assigneeId: string | null, audit?: AuditContext): Promise<Handoff> {
      if (actor.role !== 'admin' && actor.role !== 'sales_manager')
        throw forbidden('Only sales managers and admins assign handoffs.');
      await db.transaction().execute(async (trx) => {
        const h = await loadForWork(trx, actor, id);
        if (h.status !== 'open' && h.status !== 'accepted') throw handoffAlreadyDecided(h.status);
        let teamId = h.team_id;
        if (assigneeId !== null) {
          const user = await repo.findUser(trx, assigneeId);
          if (!user || user.status !== 'active' || (user.role !== 'sales_rep' && user.role !== 'sales_manager'))
            throw invalid('assigneeId', 'Not an active sales rep or sales manager.');
          const team = user.team_id;
          // A manager hands work only within their team.
          if (
            actor.role === 'sales_manager' &&
            assigneeId !== actor.id &&
            (actor.teamId === null || team !== actor.teamId)
          )
            throw forbidden('Sales managers assign handoffs to members of their own team.');
          teamId = team ?? teamId;
        }
        if (assigneeId === h.assignee_id) return;
        await moveTo(trx, h, { assigneeId, teamId, assignmentId: null }, 'manual', audit ?? { actor });
      });
      outbox.notify();
      return loadHandoff(id);
    },

    /**
     * Logs a call, email, meeting, demo or note on a contact, by anyone who may see the contact or works its
     * active handoff. A touch on or after the handoff's assignment counts for its SLA (see touchEffect); one
     * before it is stored and answered with `countedForSla: false` and the reason. An `occurredAt` more than
     * five minutes in the future is refused (422 `activity.in_future`).
     */
    async logActivity(
      actor: Actor,
      contactId: string,
      input: { type: ActivityType; occurredAt?: string | undefined; notes?: string | undefined },
      audit?: AuditContext,
    ): Promise<Activity & { reason: Extract<TouchResult, { counted: false }>['reason'] | null }> {
      const now = clock.now();
      const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
      if (occurredAt.getTime() > now.getTime() + ACTIVITY_CLOCK_SKEW_MS)
        throw activityInFuture(ACTIVITY_CLOCK_SKEW_MS / 60_000);
      // Checked before the transaction: the contacts module reads outside it (and SQLite has one connection).
      const current = await repo.findActiveForContact(db, contactId);
      const works = current ? canWorkHandoff(actor, await holderOf(db, current)) : false;
      if (!works) await contactVisible(actor, contactId);
      const id = newId();
      const nowIso = now.toISOString();
      const occurredIso = occurredAt.toISOString();
      const result = await db.transaction().execute(async (trx) => {
        const h = (await repo.findActiveForContact(trx, contactId, { lock: true })) ?? null;
        const effect = touchEffect(h ? stateOf(h) : null, { type: input.type, occurredAt: occurredIso });
        await repo.insertActivity(trx, {
          id,
          contact_id: contactId,
          handoff_id: h?.id ?? null,
          type: input.type,
          occurred_at: occurredIso,
          user_id: actor.id,
          notes: input.notes ?? null,
          counted_for_sla: effect.counted ? 1 : 0,
          created_at: nowIso,
        });
        const events: DomainEvent[] = [
          {
            type: 'activity.logged',
            aggregateType: 'contact',
            aggregateId: contactId,
            payload: { id, contactId, handoffId: h?.id ?? null, type: input.type, countedForSla: effect.counted },
          },
        ];
        if (h && effect.counted) {
          const updated: HandoffRow = {
            ...h,
            attempts: effect.attempts,
            first_touched_at: effect.firstTouchedAt,
            attempts_met_at: effect.attemptsMet ? occurredIso : h.attempts_met_at,
            updated_at: nowIso,
          };
          updated.next_due_at = nextDueAt(stateOf(updated));
          await repo.update(trx, h.id, {
            attempts: updated.attempts,
            first_touched_at: updated.first_touched_at,
            attempts_met_at: updated.attempts_met_at,
            next_due_at: updated.next_due_at,
            updated_at: nowIso,
          });
          if (effect.firstTouch) {
            await repo.cancelTimers(trx, h.id, timersCancelledBy('first_touch'));
            events.push(event('handoff.first_touched', h, { contactId, at: effect.firstTouchedAt, by: actor.id }));
          }
          if (effect.attemptsMet) await repo.cancelTimers(trx, h.id, timersCancelledBy('attempts_met'));
        }
        await appendAudit(trx, audit ?? { actor }, {
          at: nowIso,
          entityType: 'activity',
          entityId: id,
          action: 'create',
          before: null,
          after: {
            contactId,
            handoffId: h?.id ?? null,
            type: input.type,
            occurredAt: occurredIso,
            countedForSla: effect.counted,
          },
        });
        await outbox.enqueue(trx, events);
        return { handoffId: h?.id ?? null, effect };
      });
      outbox.notify();
      return {
        id,
        contactId,
        handoffId: result.handoffId,
        type: input.type,
        occurredAt: occurredIso,
        userId: actor.id,
        notes: input.notes ?? null,
        countedForSla: result.effect.counted,
        createdAt: nowIso,
        reason: result.effect.counted ? null : result.effect.reason,
      };
    },

    async notifications(
      actor: Actor,
      query: { unread?: boolean | undefined; cursor?: string | undefined; limit: number },
    ): Promise<{ items: Notification[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await repo.listNotifications({
        userId: actor.id,
        unread: query.unread ?? false,
        cursor: query.cursor,
        limit: query.limit,
      });
      return { items: rows.map(toNotification), nextCursor };
    },

    /** Marks one of the actor's notifications read; someone else's is 404. */
    async markRead(actor: Actor, id: string): Promise<Notification> {
      const row = await repo.markRead(actor.id, id, clock.now().toISOString());
      if (!row) throw notificationNotFound();
      return toNotification(row);
    },

    /**
     * Reactions: hand off each qualified lead (idempotent: a contact with an active handoff gets no second
     * one); act on fired timers; reassign a deactivated user's handoffs; close or move the handoffs of a
     * deleted or merged contact.
     */
    reactions(): Reaction[] {
      return [
        {
          name: 'handoffs.hand_off_qualified',
          eventType: 'contact.qualified',
          async handle(e, trx) {
            const contactId = String(e.payload.id ?? e.aggregateId);
            await handOff(trx, {
              contactId,
              priority: 'normal',
              qualifiedAt: e.createdAt,
              audit: { actor: null },
              cause: 'contact.qualified',
            });
          },
        },
        ...Object.values(TIMER_EVENTS).map((eventType): Reaction => ({
          name: 'handoffs.timer',
          eventType,
          handle: (e, trx) => onTimer(trx, e),
        })),
        {
          name: 'handoffs.reassign_deactivated',
          eventType: 'user.deactivated',
          async handle(e, trx) {
            const userId = String(e.payload.id ?? e.aggregateId);
            // Reactivated in the meantime: they keep their leads.
            if ((await repo.userStatus(trx, userId)) !== 'deactivated') return;
            const held = await repo.activeHeldBy(trx, userId, DEACTIVATION_CHUNK);
            for (const h of held) await reassign(trx, h, 'deactivated');
            if (held.length === DEACTIVATION_CHUNK) {
              await outbox.enqueue(trx, [
                { type: 'user.deactivated', aggregateType: 'user', aggregateId: userId, payload: { id: userId } },
              ]);
            }
          },
        },
        {
          name: 'handoffs.contact_deleted',
          eventType: 'contact.deleted',
          async handle(e, trx) {
            const h = await repo.findActiveForContact(trx, String(e.payload.id ?? e.aggregateId), { lock: true });
            if (h) await close(trx, h, 'contact_deleted');
          },
        },
        {
          name: 'handoffs.contact_merged',
          eventType: 'contact.merged',
          async handle(e, trx) {
            const winnerId = String(e.payload.id ?? e.aggregateId);
            const loserId = e.payload.loserId ? String(e.payload.loserId) : null;
            if (!loserId) return;
            const loserActive = await repo.findActiveForContact(trx, loserId, { lock: true });
            // One active handoff per contact: the absorbing contact's own wins.
            if (loserActive && (await repo.findActiveForContact(trx, winnerId)))
              await close(trx, loserActive, 'contact_merged');
            await repo.moveContact(trx, loserId, winnerId, clock.now().toISOString());
          },
        },
      ];
    },

    /** Open handoffs per user, for routing's capacity (also exported on its own as openHandoffCounts). */
    openCounts: (trx: Kysely<DB>, userIds: string[]) => repo.openCounts(trx, userIds),
  };
}

export type HandoffService = ReturnType<typeof createHandoffService>;

/** Open handoffs per rep (routing's capacity), for `createRoutingService({ openHandoffs })`. */
export function openHandoffCounts(trx: Kysely<DB>, userIds: string[]): Promise<Map<string, number>> {
  return createHandoffsRepository(trx).openCounts(trx, userIds);
}
