/**
 * Engagement: points for what a person did, from rules marketing edits, decaying with a half-life so that
 * last week's pricing-page visit counts more than last year's. Pure: events and time are passed in.
 */
export interface EngagementRule {
  readonly id: string;
  readonly eventType: string;
  /** Glob on the event's URL (`*` any run of characters), e.g. `*\/pricing*`. */
  readonly urlPattern?: string | undefined;
  readonly campaignId?: string | undefined;
  readonly emailId?: string | undefined;
  /** Negative for signals against buying (unsubscribe, bounce). */
  readonly points: number;
  /** Most points (by absolute value, before decay) this rule may give one person in total. */
  readonly cap?: number | undefined;
  /** When false, only the first matching event counts. */
  readonly repeatable: boolean;
}

export interface EngagementEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly url?: string | null | undefined;
  readonly campaignId?: string | null | undefined;
  readonly emailId?: string | null | undefined;
}

export interface EngagementContribution {
  readonly ruleId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  /** Points as the rule gives them, after its cap. */
  readonly points: number;
  /** Points left after decay, at `now`. */
  readonly current: number;
}

export interface EngagementResult {
  readonly score: number;
  readonly contributions: readonly EngagementContribution[];
}

/** Documented defaults that make sense before marketing tunes anything (see docs). */
export const DEFAULT_ENGAGEMENT_RULES: readonly EngagementRule[] = [
  { id: 'form-submitted', eventType: 'form_submitted', points: 50, repeatable: true, cap: 100 },
  { id: 'pricing-page', eventType: 'page_view', urlPattern: '*/pricing*', points: 10, repeatable: true, cap: 30 },
  { id: 'page-view', eventType: 'page_view', points: 1, repeatable: true, cap: 20 },
  { id: 'email-opened', eventType: 'email_opened', points: 2, repeatable: true, cap: 10 },
  { id: 'email-clicked', eventType: 'email_clicked', points: 5, repeatable: true, cap: 25 },
  { id: 'paid-ad-clicked', eventType: 'ad_clicked', points: 8, repeatable: true, cap: 24 },
  { id: 'unsubscribed', eventType: 'unsubscribed', points: -50, repeatable: false },
  { id: 'email-bounced', eventType: 'email_bounced', points: -20, repeatable: false },
];

export const DEFAULT_HALF_LIFE_DAYS = 30;

const DAY_MS = 86_400_000;

export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Compiled URL patterns: a bulk rescore tests the same few rules against millions of events. */
const compiledPatterns = new Map<string, RegExp>();

function patternOf(glob: string): RegExp {
  let re = compiledPatterns.get(glob);
  if (!re) {
    // Patterns come from the settings (at most 200 rules), but stay bounded whatever edits happen.
    if (compiledPatterns.size >= 1000) compiledPatterns.clear();
    re = globToRegExp(glob);
    compiledPatterns.set(glob, re);
  }
  return re;
}

export function ruleMatches(rule: EngagementRule, event: EngagementEvent): boolean {
  if (rule.eventType !== event.type) return false;
  if (rule.urlPattern !== undefined && !(event.url && patternOf(rule.urlPattern).test(event.url))) return false;
  if (rule.campaignId !== undefined && rule.campaignId !== event.campaignId) return false;
  if (rule.emailId !== undefined && rule.emailId !== event.emailId) return false;
  return true;
}

/**
 * The event types whose old events still count however many newer ones a person has: those of rules with
 * negative points (they never decay: an unsubscribe stays a fact) and of rules that count once (the first
 * such event is the one that counts). Scoring reads a person's newest events only (EVENTS_CONSIDERED), plus
 * these.
 */
export function standingEventTypes(rules: readonly EngagementRule[]): ReadonlySet<string> {
  return new Set(rules.filter((r) => r.points < 0 || !r.repeatable).map((r) => r.eventType));
}

/** The share of points left after `ageMs` with the given half-life (1 for future or zero age). */
export function decayFactor(ageMs: number, halfLifeDays: number): number {
  if (ageMs <= 0 || !Number.isFinite(halfLifeDays) || halfLifeDays <= 0) return 1;
  return 0.5 ** (ageMs / (halfLifeDays * DAY_MS));
}

/**
 * Each event is scored by the first rule that matches it (rules are ordered: specific before general,
 * so a pricing-page view is not also counted as a plain page view). Caps and the repeatable flag apply
 * per rule over the person's whole history, oldest first. Negative points do not decay. The score never
 * goes below zero.
 */
export function engagementScore(
  rules: readonly EngagementRule[],
  events: readonly EngagementEvent[],
  options: { now: Date; halfLifeDays?: number },
): EngagementResult {
  const halfLife = options.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
  const now = options.now.getTime();
  const used = new Map<string, number>();
  const fired = new Set<string>();
  const contributions: EngagementContribution[] = [];
  const ordered = [...events].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  for (const event of ordered) {
    const rule = rules.find((r) => ruleMatches(r, event));
    if (!rule) continue;
    if (!rule.repeatable && fired.has(rule.id)) continue;
    fired.add(rule.id);
    const spent = used.get(rule.id) ?? 0;
    const room = rule.cap === undefined ? Infinity : Math.max(0, rule.cap - spent);
    const points = Math.sign(rule.points) * Math.min(Math.abs(rule.points), room);
    if (points === 0) continue;
    used.set(rule.id, spent + Math.abs(points));
    // Interest fades; an unsubscribe or a bounce is a standing fact, so negative points do not decay.
    const current = points < 0 ? points : points * decayFactor(now - Date.parse(event.occurredAt), halfLife);
    contributions.push({
      ruleId: rule.id,
      eventId: event.id,
      eventType: event.type,
      occurredAt: event.occurredAt,
      points,
      current,
    });
  }
  const total = contributions.reduce((sum, c) => sum + c.current, 0);
  return { score: Math.max(0, Math.round(total * 10) / 10), contributions };
}
