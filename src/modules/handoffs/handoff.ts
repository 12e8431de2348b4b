import type { Actor } from '../auth/index.js';

/**
 * Handoffs, pure: who sees and works a handoff, the reasons a lead is rejected, and which SLA a new handoff
 * runs under. Nothing here touches the database.
 */

export const HANDOFF_STATUSES = ['open', 'accepted', 'rejected', 'closed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const OUTCOMES = ['won', 'lost', 'nurture'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REJECT_REASONS = [
  'not_a_fit',
  'bad_contact_data',
  'no_budget',
  'no_need_now',
  'competitor',
  'duplicate',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * The reason stored with the lead's return to nurture (the temperature's `marked_not_qualified` reason): the
 * code, and the rep's note after it when there is one (`no_budget`, `other: moved to a competitor's pilot`).
 */
export function rejectionText(reason: RejectReason, note: string | null | undefined): string {
  return note ? `${reason}: ${note}` : reason;
}

/** Who a handoff belongs to, as the rules below read it. */
export interface HandoffHolder {
  readonly assigneeId: string | null;
  readonly teamId: string | null;
  /** The assignee's own team (a rep may hold a lead routed through another team's rule). */
  readonly assigneeTeamId: string | null;
}

/**
 * Who sees a handoff: admins and marketing all of them (marketing follows what becomes of its leads); a
 * sales manager those of their team (routed to it, or held by one of its members), their own, and those in
 * the general queue (no team, no assignee); a rep only the ones they hold. Everyone else gets 404, as for a
 * handoff that does not exist.
 */
export function canSeeHandoff(actor: Actor, h: HandoffHolder): boolean {
  switch (actor.role) {
    case 'admin':
    case 'marketing':
      return true;
    case 'sales_manager':
      return (
        h.assigneeId === actor.id ||
        (h.teamId === null && h.assigneeId === null) ||
        (actor.teamId !== null && (h.teamId === actor.teamId || h.assigneeTeamId === actor.teamId))
      );
    case 'sales_rep':
      return h.assigneeId !== null && h.assigneeId === actor.id;
  }
}

/**
 * Who works a handoff (accepts, rejects, reports the outcome): its assignee, a sales manager who sees it, an
 * admin. Marketing sees handoffs but does not decide them (403).
 */
export function canWorkHandoff(actor: Actor, h: HandoffHolder): boolean {
  if (actor.role === 'marketing') return false;
  return canSeeHandoff(actor, h);
}

/** Who hands a lead to sales by hand. */
export function canHandOff(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'sales_manager' || actor.role === 'marketing';
}

/** An SLA at its current version, as far as choosing one goes. */
export interface SlaChoice {
  readonly id: string;
  readonly createdAt: string;
  readonly document: { readonly marketing: { readonly perTeam: readonly { readonly teamId: string }[] } };
}

/**
 * The SLA a new handoff runs under: among the SLAs not archived, the oldest that names the lead's team in
 * its per-team targets, else the oldest of all (the usual set-up has one agreement). Null when there is none.
 */
export function chooseSla<S extends SlaChoice>(slas: readonly S[], teamId: string | null): S | null {
  const ordered = [...slas].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const forTeam =
    teamId === null ? undefined : ordered.find((s) => s.document.marketing.perTeam.some((t) => t.teamId === teamId));
  return forTeam ?? ordered[0] ?? null;
}

/** How far in the future an activity's time may be (clocks of phones and laptops drift). */
export const ACTIVITY_CLOCK_SKEW_MS = 5 * 60_000;
