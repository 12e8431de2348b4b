import { z } from 'zod';
import { normalizeText } from '../../shared/text.js';
import { FIT_FIELDS, isFitField } from '../scoring/fit.js';

/**
 * Routing of handed-off leads, pure: which rule a lead matches, and which member of that rule's team gets
 * it. Nothing here touches the database; the service reads rules, members and the history of decisions and
 * passes them in, with the time.
 *
 * Rules
 * - Rules are tried by `position` (then id); the first *active* rule whose conditions *all* hold wins. A rule
 *   without conditions is a catch-all. No rule matching is not an error: the caller gets no team, and the
 *   handoff module puts the lead in the general queue managers see (`reason: 'no_rule_matched'`).
 * - A condition names a field of the record the rules see (`ROUTING_FIELDS`, or `custom.<name>`). Text is
 *   compared folded (case, accents, Persian/Arabic letter forms, Persian and Arabic digits: normalizeText).
 *   - `in` / `not_in`: the value is (not) one of `values`. A missing value is in no list: `not_in` holds for
 *     it (add `present` to require a value).
 *   - `equals`: folded text equality, or numeric equality when `value` is a number.
 *   - `gte` / `lte`: numbers (a text value is read as a number, else the condition fails); on `fitGrade`
 *     grades compare by quality (`gte B` is A or B); on `temperature` cold < warm < qualified.
 *   - `present`: the field has a non-empty value.
 *
 * Members (inside a team)
 * - A member is skipped when their user is not active in the team (deactivated, or moved to another team),
 *   out of office at `now`, at capacity (open handoffs >= capacity), or excluded by the caller (the rep a
 *   lead is taken from). When nobody is left, the lead goes to the team's queue (`null`).
 * - `round_robin`: the eligible member assigned least recently (never assigned first).
 * - `weighted`: the eligible member furthest behind their share: the smallest (received + 1) / weight, where
 *   `received` counts the leads each member got from the team since the balance started (`balanceStart`):
 *   the latest change to the team's members (added, weight, capacity or time away edited), the latest return
 *   from time away, or 30 days ago, whichever is latest. So a member who joins or comes back starts even
 *   with the others instead of receiving a burst to make up for the leads they missed; a member skipped
 *   because they were at capacity is owed their share and catches up when they have room.
 * - `capacity`: the eligible member with the lowest share of their capacity in use (open / capacity; a
 *   member without a limit counts with the largest capacity in the team, or 1 when nobody has one, so the
 *   fewest open handoffs wins among them).
 * - Ties go (weighted: to the larger weight, then) to the member assigned least recently, then to the lower
 *   user id, so the same inputs always give the same pick.
 */

export const ROUTING_METHODS = ['round_robin', 'weighted', 'capacity'] as const;
export type RoutingMethod = (typeof ROUTING_METHODS)[number];

export const CONDITION_OPS = ['in', 'not_in', 'equals', 'gte', 'lte', 'present'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * The fields a condition may name: the ICP fields of a contact and its account (as in the scoring module's
 * fit criteria), the contact's scores and temperature, and its campaign. Custom fields are `custom.<name>`.
 */
export const ROUTING_FIELDS = [
  ...FIT_FIELDS,
  'campaign',
  'fitGrade',
  'fitScore',
  'engagementScore',
  'predictiveScore',
  'temperature',
] as const;

/** An ICP field (custom fields included, by the same rule) or one of the lead's scores and campaign. */
export function isRoutingField(field: string): boolean {
  return (ROUTING_FIELDS as readonly string[]).includes(field) || isFitField(field);
}

/** Fields whose values have an order other than numbers: best or highest last. */
const ORDERED_VALUES: Readonly<Record<string, readonly string[]>> = {
  fitGrade: ['d', 'c', 'b', 'a'],
  temperature: ['cold', 'warm', 'qualified'],
};

export const LIMITS = { rules: 500, conditions: 50, values: 500, valueLength: 200 } as const;

export type RoutingCondition =
  | { readonly field: string; readonly op: 'in' | 'not_in'; readonly values: readonly string[] }
  | { readonly field: string; readonly op: 'equals' | 'gte' | 'lte'; readonly value: string | number }
  | { readonly field: string; readonly op: 'present' };

export type RoutingRecord = Readonly<Record<string, unknown>>;

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = normalizeText(String(value));
  return text === '' ? null : text;
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = typeof value === 'string' ? normalizeText(value) : '';
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** A value's place on its field's scale: a number, or the rank of a grade or temperature. */
function rankOf(field: string, value: unknown): number | null {
  const order = ORDERED_VALUES[field];
  if (!order) return asNumber(value);
  const text = asText(value);
  const rank = text === null ? -1 : order.indexOf(text);
  return rank < 0 ? null : rank;
}

/** Whether one condition holds for the record. */
export function conditionHolds(condition: RoutingCondition, record: RoutingRecord): boolean {
  const value = record[condition.field];
  switch (condition.op) {
    case 'present':
      return asText(value) !== null;
    case 'in':
    case 'not_in': {
      const text = asText(value);
      const listed = text !== null && condition.values.some((v) => normalizeText(v) === text);
      return condition.op === 'in' ? listed : !listed;
    }
    case 'equals': {
      if (typeof condition.value === 'number') return asNumber(value) === condition.value;
      const text = asText(value);
      return text !== null && text === normalizeText(condition.value);
    }
    case 'gte':
    case 'lte': {
      const actual = rankOf(condition.field, value);
      const bound = rankOf(condition.field, condition.value);
      if (actual === null || bound === null) return false;
      return condition.op === 'gte' ? actual >= bound : actual <= bound;
    }
  }
}

export interface RuleLike {
  readonly id: string;
  readonly position: number;
  readonly active: boolean;
  readonly conditions: readonly RoutingCondition[];
}

/** True when every condition holds (a rule without conditions matches every lead). */
export function ruleMatches(rule: Pick<RuleLike, 'conditions'>, record: RoutingRecord): boolean {
  return rule.conditions.every((c) => conditionHolds(c, record));
}

/** The first active rule, by position then id, whose conditions all hold; null when none does. */
export function matchRule<R extends RuleLike>(rules: readonly R[], record: RoutingRecord): R | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ordered.find((rule) => rule.active && ruleMatches(rule, record)) ?? null;
}

export interface RoutingMember {
  readonly userId: string;
  readonly weight: number;
  /** Most open handoffs at a time; null: no limit. */
  readonly capacity: number | null;
  readonly outOfOfficeFrom: string | null;
  readonly outOfOfficeUntil: string | null;
  /** The user is active and still in the team. */
  readonly active: boolean;
}

/** What the history says about the members, read by the service for one decision. */
export interface RoutingState {
  /** Open handoffs per member (absent: 0). */
  readonly openHandoffs: ReadonlyMap<string, number>;
  /** The sequence number (assignment id) of each member's latest lead in this team (absent: never). */
  readonly lastAssigned: ReadonlyMap<string, number>;
  /** Leads each member received from the team since `balanceStart`, for `weighted` (absent: 0). */
  readonly received: ReadonlyMap<string, number>;
  /** Members the caller rules out for this lead (e.g. the rep it is taken from). */
  readonly exclude?: ReadonlySet<string> | undefined;
}

export type Eligibility = 'eligible' | 'inactive' | 'excluded' | 'out_of_office' | 'at_capacity';

/** Out of office at `now`: from `outOfOfficeFrom` (or always before, when unset) until `outOfOfficeUntil` (exclusive; or open-ended). */
export function isOutOfOffice(member: Pick<RoutingMember, 'outOfOfficeFrom' | 'outOfOfficeUntil'>, now: Date): boolean {
  const { outOfOfficeFrom: from, outOfOfficeUntil: until } = member;
  if (from === null && until === null) return false;
  const t = now.getTime();
  return (from === null || Date.parse(from) <= t) && (until === null || t < Date.parse(until));
}

/** Whether a member can take a lead now, and if not, the first reason why not. */
export function eligibility(member: RoutingMember, state: RoutingState, now: Date): Eligibility {
  if (!member.active) return 'inactive';
  if (state.exclude?.has(member.userId)) return 'excluded';
  if (isOutOfOffice(member, now)) return 'out_of_office';
  if (member.capacity !== null && (state.openHandoffs.get(member.userId) ?? 0) >= member.capacity) return 'at_capacity';
  return 'eligible';
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The member with the smallest key (compared element by element), ties by user id. */
function smallest(members: readonly RoutingMember[], key: (m: RoutingMember) => readonly number[]): RoutingMember {
  let best = members[0]!;
  let bestKey = key(best);
  for (const member of members.slice(1)) {
    const k = key(member);
    let cmp = 0;
    for (let i = 0; i < k.length && cmp === 0; i++) cmp = k[i]! - bestKey[i]!;
    if (cmp < 0 || (cmp === 0 && byId(member.userId, best.userId) < 0)) {
      best = member;
      bestKey = k;
    }
  }
  return best;
}

/** Who gets the next lead of a team; null when no member is eligible (the lead goes to the team's queue). */
export function pickRep(
  method: RoutingMethod,
  members: readonly RoutingMember[],
  state: RoutingState,
  now: Date,
): string | null {
  const eligible = members.filter((m) => eligibility(m, state, now) === 'eligible');
  if (eligible.length === 0) return null;
  const last = (m: RoutingMember) => state.lastAssigned.get(m.userId) ?? -1;
  switch (method) {
    case 'round_robin':
      return smallest(eligible, (m) => [last(m)]).userId;
    case 'weighted': {
      const after = (m: RoutingMember) => ((state.received.get(m.userId) ?? 0) + 1) / m.weight;
      return smallest(eligible, (m) => [after(m), -m.weight, last(m)]).userId;
    }
    case 'capacity': {
      const limits = eligible.map((m) => m.capacity).filter((c): c is number => c !== null);
      const unlimitedAs = limits.length > 0 ? Math.max(...limits) : 1;
      const open = (m: RoutingMember) => state.openHandoffs.get(m.userId) ?? 0;
      return smallest(eligible, (m) => [open(m) / (m.capacity ?? unlimitedAs), open(m), last(m)]).userId;
    }
  }
}

/** How far back weighted routing balances the leads at most. */
export const WEIGHTED_WINDOW_DAYS = 30;

/**
 * Where the weighted balance starts: the latest of `WEIGHTED_WINDOW_DAYS` ago, the latest change to a
 * member's settings (joining included), and the latest end of a time away that is over by `now`.
 */
export function balanceStart(
  members: readonly { readonly updatedAt: string; readonly outOfOfficeUntil: string | null }[],
  now: Date,
): string {
  let start = now.getTime() - WEIGHTED_WINDOW_DAYS * 86_400_000;
  for (const m of members) {
    start = Math.max(start, Math.min(Date.parse(m.updatedAt), now.getTime()));
    if (m.outOfOfficeUntil !== null) {
      const back = Date.parse(m.outOfOfficeUntil);
      if (back <= now.getTime()) start = Math.max(start, back);
    }
  }
  return new Date(start).toISOString();
}

// ---- Input schemas (rules and members), strict, with messages that say what is expected ----

const fieldSchema = z
  .string({ error: 'Required: the field the condition looks at, e.g. "account.country".' })
  .refine(isRoutingField, `Unknown field: a condition looks at ${ROUTING_FIELDS.join(', ')} or custom.<name>.`);

const textValue = z
  .string({ error: 'A text value.' })
  .trim()
  .min(1, 'A value is not empty.')
  .max(LIMITS.valueLength, `At most ${LIMITS.valueLength} characters.`);

const listCondition = (op: 'in' | 'not_in') =>
  z.strictObject({
    field: fieldSchema,
    op: z.literal(op),
    values: z
      .array(textValue, { error: `Required: the values the field is ${op === 'in' ? '' : 'not '}one of.` })
      .min(1, 'At least one value.')
      .max(LIMITS.values, `At most ${LIMITS.values} values.`),
  });

const scalarValue = z.union([textValue, z.number().finite()], { error: 'Required: a text or a number.' });

const compareCondition = (op: 'gte' | 'lte') =>
  z.strictObject({ field: fieldSchema, op: z.literal(op), value: scalarValue }).superRefine((condition, ctx) => {
    const order = ORDERED_VALUES[condition.field];
    if (order) {
      const text = typeof condition.value === 'string' ? normalizeText(condition.value) : '';
      if (!order.includes(text))
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `One of ${order.map((v) => (condition.field === 'fitGrade' ? v.toUpperCase() : v)).join(', ')}.`,
        });
    } else if (asNumber(condition.value) === null) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'A number.' });
    }
  });

export const conditionSchema = z.discriminatedUnion(
  'op',
  [
    listCondition('in'),
    listCondition('not_in'),
    z.strictObject({ field: fieldSchema, op: z.literal('equals'), value: scalarValue }),
    compareCondition('gte'),
    compareCondition('lte'),
    z.strictObject({ field: fieldSchema, op: z.literal('present') }),
  ],
  { error: `Required: op, one of ${CONDITION_OPS.join(', ')}.` },
);

export const ruleInputSchema = z.strictObject({
  name: z.string({ error: 'Required: a name.' }).trim().min(1, 'Required: a name.').max(200, 'At most 200 characters.'),
  conditions: z
    .array(conditionSchema, { error: 'Required: a list of conditions ([] for a catch-all rule).' })
    .max(LIMITS.conditions, `At most ${LIMITS.conditions} conditions.`),
  teamId: z
    .string({ error: 'Required: the id of a team.' })
    .min(1, 'Required: the id of a team.')
    .max(64, 'Not an id.'),
  method: z.enum(ROUTING_METHODS, { error: `One of ${ROUTING_METHODS.join(', ')}.` }),
  active: z.boolean({ error: 'true or false.' }).default(true),
});

export type RuleInput = z.output<typeof ruleInputSchema>;

const instant = z.iso
  .datetime({ offset: true, error: 'An ISO 8601 date-time with an offset, e.g. "2027-03-18T15:00:00+03:30".' })
  .nullable();

export const memberInputSchema = z
  .strictObject({
    weight: z
      .number({ error: 'A whole number from 1 to 1000.' })
      .int('A whole number.')
      .min(1, 'At least 1.')
      .max(1000, 'At most 1000.')
      .default(1),
    capacity: z
      .number({ error: 'A whole number of open handoffs from 1 to 100000, or null for no limit.' })
      .int('A whole number.')
      .min(1, 'At least 1 (null for no limit).')
      .max(100_000, 'At most 100000.')
      .nullable()
      .default(null),
    outOfOfficeFrom: instant.default(null),
    outOfOfficeUntil: instant.default(null),
  })
  .superRefine((member, ctx) => {
    if (
      member.outOfOfficeFrom !== null &&
      member.outOfOfficeUntil !== null &&
      Date.parse(member.outOfOfficeUntil) <= Date.parse(member.outOfOfficeFrom)
    )
      ctx.addIssue({ code: 'custom', path: ['outOfOfficeUntil'], message: 'After outOfOfficeFrom.' });
  });

export type MemberInput = z.output<typeof memberInputSchema>;
