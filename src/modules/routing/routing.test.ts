import { describe, expect, it } from 'vitest';
import { FIT_FIELDS } from '../scoring/fit.js';
import {
  balanceStart,
  conditionHolds,
  eligibility,
  isOutOfOffice,
  isRoutingField,
  matchRule,
  memberInputSchema,
  pickRep,
  ruleInputSchema,
  WEIGHTED_WINDOW_DAYS,
  type RoutingCondition,
  type RoutingMember,
  type RoutingMethod,
  type RoutingState,
  type RuleLike,
} from './routing.js';

const NOW = new Date('2027-03-10T09:00:00Z');

const member = (userId: string, more: Partial<RoutingMember> = {}): RoutingMember => ({
  userId,
  weight: 1,
  capacity: null,
  outOfOfficeFrom: null,
  outOfOfficeUntil: null,
  active: true,
  ...more,
});

const state = (more: Partial<RoutingState> = {}): RoutingState => ({
  openHandoffs: new Map(),
  lastAssigned: new Map(),
  received: new Map(),
  ...more,
});

/**
 * Routes `count` leads through pickRep, recording each pick the way the service does (the decision's
 * sequence number as lastAssigned, one more received), and returns who got each lead.
 */
function simulate(method: RoutingMethod, members: RoutingMember[], count: number, start: Partial<RoutingState> = {}) {
  const lastAssigned = new Map(start.lastAssigned ?? []);
  const received = new Map(start.received ?? []);
  const picks: (string | null)[] = [];
  let sequence = Math.max(0, ...lastAssigned.values());
  for (let i = 0; i < count; i++) {
    const picked = pickRep(method, members, state({ ...start, lastAssigned, received }), NOW);
    picks.push(picked);
    if (picked === null) continue;
    lastAssigned.set(picked, ++sequence);
    received.set(picked, (received.get(picked) ?? 0) + 1);
  }
  return picks;
}

const tally = (picks: readonly (string | null)[]) => {
  const counts: Record<string, number> = {};
  for (const p of picks) counts[String(p)] = (counts[String(p)] ?? 0) + 1;
  return counts;
};

describe('conditionHolds', () => {
  const record = {
    'account.country': 'IR',
    'account.industry': 'Software',
    'account.employeeCount': 250,
    'account.annualRevenue': '۱۲۰۰۰۰۰', // Persian digits, as typed
    'account.city': 'كرج', // Arabic kaf and yeh
    fitGrade: 'B',
    temperature: 'warm',
    campaign: 'Spring 2027',
    source: '',
    jobTitle: null,
  };
  const holds = (condition: RoutingCondition) => conditionHolds(condition, record);

  it('compares text folded: case, surrounding spaces, Arabic and Persian letter forms', () => {
    expect(holds({ field: 'account.country', op: 'in', values: ['de', ' ir '] })).toBe(true);
    expect(holds({ field: 'account.country', op: 'in', values: ['DE', 'TR'] })).toBe(false);
    expect(holds({ field: 'account.city', op: 'equals', value: 'کرج' })).toBe(true);
    expect(holds({ field: 'campaign', op: 'equals', value: 'SPRING ۲۰۲۷' })).toBe(true);
    expect(holds({ field: 'campaign', op: 'equals', value: 'Spring' })).toBe(false);
  });

  it('treats a missing value as in no list: not_in holds for it, in does not', () => {
    expect(holds({ field: 'account.country', op: 'not_in', values: ['DE'] })).toBe(true);
    expect(holds({ field: 'account.country', op: 'not_in', values: ['ir'] })).toBe(false);
    expect(holds({ field: 'jobTitle', op: 'not_in', values: ['CEO'] })).toBe(true);
    expect(holds({ field: 'jobTitle', op: 'in', values: ['CEO'] })).toBe(false);
    expect(holds({ field: 'custom.tier', op: 'not_in', values: ['gold'] })).toBe(true);
  });

  it('compares numbers, reading text (with Persian digits) as a number', () => {
    expect(holds({ field: 'account.employeeCount', op: 'gte', value: 250 })).toBe(true);
    expect(holds({ field: 'account.employeeCount', op: 'gte', value: 251 })).toBe(false);
    expect(holds({ field: 'account.employeeCount', op: 'lte', value: 250 })).toBe(true);
    expect(holds({ field: 'account.employeeCount', op: 'lte', value: 249 })).toBe(false);
    expect(holds({ field: 'account.annualRevenue', op: 'gte', value: 1_000_000 })).toBe(true);
    expect(holds({ field: 'account.employeeCount', op: 'equals', value: 250 })).toBe(true);
    // Text that is not a number fails a numeric comparison either way.
    expect(holds({ field: 'account.industry', op: 'gte', value: 1 })).toBe(false);
    expect(holds({ field: 'account.industry', op: 'lte', value: 1 })).toBe(false);
    expect(holds({ field: 'custom.budget', op: 'lte', value: 1 })).toBe(false);
  });

  it('orders grades by quality and temperatures cold < warm < qualified', () => {
    expect(holds({ field: 'fitGrade', op: 'gte', value: 'B' })).toBe(true);
    expect(holds({ field: 'fitGrade', op: 'gte', value: 'a' })).toBe(false);
    expect(holds({ field: 'fitGrade', op: 'lte', value: 'C' })).toBe(false);
    expect(conditionHolds({ field: 'fitGrade', op: 'gte', value: 'B' }, { fitGrade: 'A' })).toBe(true);
    expect(conditionHolds({ field: 'fitGrade', op: 'gte', value: 'B' }, { fitGrade: 'C' })).toBe(false);
    expect(holds({ field: 'temperature', op: 'gte', value: 'warm' })).toBe(true);
    expect(holds({ field: 'temperature', op: 'gte', value: 'qualified' })).toBe(false);
    expect(holds({ field: 'temperature', op: 'lte', value: 'cold' })).toBe(false);
  });

  it('present means a non-empty value', () => {
    expect(holds({ field: 'account.country', op: 'present' })).toBe(true);
    expect(holds({ field: 'source', op: 'present' })).toBe(false);
    expect(holds({ field: 'jobTitle', op: 'present' })).toBe(false);
    expect(holds({ field: 'custom.anything', op: 'present' })).toBe(false);
  });
});

describe('matchRule', () => {
  const rule = (id: string, position: number, conditions: RoutingCondition[], active = true): RuleLike => ({
    id,
    position,
    active,
    conditions,
  });
  const iran = rule('iran', 2, [{ field: 'account.country', op: 'in', values: ['IR'] }]);
  const software = rule('software', 1, [{ field: 'account.industry', op: 'in', values: ['software'] }]);
  const bigIran = rule('big-iran', 3, [
    { field: 'account.country', op: 'in', values: ['IR'] },
    { field: 'account.employeeCount', op: 'gte', value: 1000 },
  ]);
  const catchAll = rule('catch-all', 9, []);

  it('takes the first match by position, not by the order it was given', () => {
    const record = { 'account.country': 'IR', 'account.industry': 'Software' };
    expect(matchRule([iran, software, catchAll], record)?.id).toBe('software');
    expect(matchRule([catchAll, iran], { 'account.country': 'ir' })?.id).toBe('iran');
  });

  it('needs every condition of a rule to hold', () => {
    expect(matchRule([bigIran], { 'account.country': 'IR', 'account.employeeCount': 999 })).toBeNull();
    expect(matchRule([bigIran], { 'account.country': 'IR', 'account.employeeCount': 1000 })?.id).toBe('big-iran');
  });

  it('skips inactive rules', () => {
    const off = { ...software, active: false };
    expect(matchRule([off, iran], { 'account.country': 'IR', 'account.industry': 'Software' })?.id).toBe('iran');
  });

  it('returns null when no rule matches, and a catch-all matches everything', () => {
    expect(matchRule([iran, software], { 'account.country': 'DE' })).toBeNull();
    expect(matchRule([], {})).toBeNull();
    expect(matchRule([iran, catchAll], {})?.id).toBe('catch-all');
  });

  it('breaks equal positions by id', () => {
    const b = rule('b', 1, []);
    const a = rule('a', 1, []);
    expect(matchRule([b, a], {})?.id).toBe('a');
  });
});

describe('fields and input schemas', () => {
  it('accepts every ICP field of the scoring module, the routing extras and custom fields only', () => {
    for (const field of FIT_FIELDS) expect(isRoutingField(field), field).toBe(true);
    for (const field of ['fitGrade', 'temperature', 'campaign', 'source', 'custom.partner_tier'])
      expect(isRoutingField(field), field).toBe(true);
    for (const field of ['country', 'account.owner', 'custom.', 'custom.a b', 'ownerId'])
      expect(isRoutingField(field), field).toBe(false);
  });

  const base = { name: 'Iran', teamId: 't1', method: 'round_robin' };
  const issues = (input: unknown) => {
    const result = ruleInputSchema.safeParse(input);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
  };

  it('names an unknown field, a bad op, a missing list and a bad grade by path', () => {
    expect(issues({ ...base, conditions: [{ field: 'country', op: 'in', values: ['IR'] }] })).toEqual({
      'conditions.0.field': expect.stringContaining('Unknown field'),
    });
    expect(Object.keys(issues({ ...base, conditions: [{ field: 'source', op: 'like', value: 'x' }] }))).toEqual([
      'conditions.0.op',
    ]);
    expect(Object.keys(issues({ ...base, conditions: [{ field: 'source', op: 'in' }] }))).toEqual([
      'conditions.0.values',
    ]);
    expect(issues({ ...base, conditions: [{ field: 'fitGrade', op: 'gte', value: 'E' }] })).toEqual({
      'conditions.0.value': 'One of D, C, B, A.',
    });
    expect(issues({ ...base, conditions: [{ field: 'account.employeeCount', op: 'gte', value: 'many' }] })).toEqual({
      'conditions.0.value': 'A number.',
    });
    expect(Object.keys(issues({ ...base, conditions: [{ field: 'source', op: 'present', value: 'x' }] }))).toEqual([
      'conditions.0',
    ]);
    expect(Object.keys(issues({ ...base, conditions: [], method: 'random' }))).toEqual(['method']);
  });

  it('accepts a catch-all rule and defaults it to active', () => {
    expect(ruleInputSchema.parse({ ...base, conditions: [] })).toEqual({ ...base, conditions: [], active: true });
  });

  it('defaults member settings and refuses a time away that ends before it starts', () => {
    expect(memberInputSchema.parse({})).toEqual({
      weight: 1,
      capacity: null,
      outOfOfficeFrom: null,
      outOfOfficeUntil: null,
    });
    const bad = memberInputSchema.safeParse({
      outOfOfficeFrom: '2027-03-10T00:00:00Z',
      outOfOfficeUntil: '2027-03-09T00:00:00Z',
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['outOfOfficeUntil']);
    expect(memberInputSchema.safeParse({ weight: 0 }).success).toBe(false);
    expect(memberInputSchema.safeParse({ capacity: 0 }).success).toBe(false);
  });
});

describe('isOutOfOffice and eligibility', () => {
  it('is away from `from` (inclusive) until `until` (exclusive), either end open', () => {
    const away = (from: string | null, until: string | null) =>
      isOutOfOffice({ outOfOfficeFrom: from, outOfOfficeUntil: until }, NOW);
    expect(away(null, null)).toBe(false);
    expect(away('2027-03-10T09:00:00Z', '2027-03-11T00:00:00Z')).toBe(true);
    expect(away('2027-03-01T00:00:00Z', '2027-03-10T09:00:00Z')).toBe(false);
    expect(away('2027-03-10T09:00:01Z', null)).toBe(false);
    expect(away('2027-03-01T00:00:00Z', null)).toBe(true);
    expect(away(null, '2027-03-10T09:00:01Z')).toBe(true);
  });

  it('gives the first reason a member is skipped', () => {
    const s = state({ openHandoffs: new Map([['full', 3]]), exclude: new Set(['taken']) });
    expect(eligibility(member('a'), s, NOW)).toBe('eligible');
    expect(eligibility(member('gone', { active: false, outOfOfficeFrom: '2027-01-01T00:00:00Z' }), s, NOW)).toBe(
      'inactive',
    );
    expect(eligibility(member('taken'), s, NOW)).toBe('excluded');
    expect(eligibility(member('away', { outOfOfficeUntil: '2027-04-01T00:00:00Z' }), s, NOW)).toBe('out_of_office');
    expect(eligibility(member('full', { capacity: 3 }), s, NOW)).toBe('at_capacity');
    expect(eligibility(member('full', { capacity: 4 }), s, NOW)).toBe('eligible');
  });
});

describe('pickRep: round robin', () => {
  it('goes round in user id order from a fresh start, then the least recently assigned', () => {
    const members = [member('c'), member('a'), member('b')];
    expect(simulate('round_robin', members, 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    // History decides, not ids: c got a lead longest ago.
    const lastAssigned = new Map([
      ['a', 12],
      ['b', 15],
      ['c', 3],
    ]);
    expect(simulate('round_robin', members, 4, { lastAssigned })).toEqual(['c', 'a', 'b', 'c']);
  });

  it('skips members out of office, at capacity, inactive or excluded, keeping their turn', () => {
    const members = [
      member('a'),
      member('b', { outOfOfficeFrom: '2027-03-09T00:00:00Z', outOfOfficeUntil: '2027-03-12T00:00:00Z' }),
      member('c', { capacity: 2 }),
      member('d', { active: false }),
      member('e'),
    ];
    const open = new Map([['c', 2]]);
    expect(simulate('round_robin', members, 4, { openHandoffs: open })).toEqual(['a', 'e', 'a', 'e']);
    expect(simulate('round_robin', members, 3, { exclude: new Set(['a']) })).toEqual(['c', 'e', 'c']);
    // Back in the office and with room: b and c (never assigned) are first in line again.
    const later = new Date('2027-03-12T00:00:00Z');
    const lastAssigned = new Map([
      ['a', 1],
      ['e', 2],
    ]);
    expect(pickRep('round_robin', members, state({ lastAssigned }), later)).toBe('b');
  });

  it('sends the lead to the queue (null) when nobody is eligible', () => {
    expect(pickRep('round_robin', [], state(), NOW)).toBeNull();
    const members = [member('a', { active: false }), member('b', { capacity: 1 })];
    for (const method of ['round_robin', 'weighted', 'capacity'] as const)
      expect(pickRep(method, members, state({ openHandoffs: new Map([['b', 1]]) }), NOW), method).toBeNull();
  });
});

describe('pickRep: weighted', () => {
  it('gives each member exactly their share in every full round, staying within 2 leads of it throughout', () => {
    for (const weights of [
      [5, 3, 1],
      [3, 1],
      [2, 1, 1],
      [7, 2, 2, 1],
      [10, 1],
      [3, 2],
    ]) {
      const members = weights.map((weight, i) => member(`u${i}`, { weight }));
      const total = weights.reduce((a, b) => a + b, 0);
      const picks = simulate('weighted', members, total * 40);
      const counts: Record<string, number> = {};
      picks.forEach((p, n) => {
        counts[p!] = (counts[p!] ?? 0) + 1;
        for (const m of members) {
          const expected = ((n + 1) * m.weight) / total;
          expect(Math.abs((counts[m.userId] ?? 0) - expected), `${weights} after ${n + 1}`).toBeLessThan(2);
        }
        if ((n + 1) % total === 0)
          for (const m of members)
            expect(counts[m.userId], `${weights} round ${(n + 1) / total}`).toBe(m.weight * ((n + 1) / total));
      });
    }
  });

  it('interleaves rather than handing out a member share in one block', () => {
    const members = [member('a', { weight: 2 }), member('b', { weight: 1 }), member('c', { weight: 1 })];
    expect(simulate('weighted', members, 8)).toEqual(['a', 'a', 'b', 'c', 'a', 'a', 'b', 'c']);
    const uneven = [member('a', { weight: 3 }), member('b', { weight: 2 })];
    expect(simulate('weighted', uneven, 5)).toEqual(['a', 'b', 'a', 'a', 'b']);
  });

  it('is deterministic: the same history gives the same picks whatever order the members come in', () => {
    const members = [member('x', { weight: 4 }), member('y', { weight: 2 }), member('z', { weight: 3 })];
    const first = simulate('weighted', members, 90);
    expect(simulate('weighted', [...members].reverse(), 90)).toEqual(first);
    expect(simulate('weighted', [members[1]!, members[2]!, members[0]!], 90)).toEqual(first);
    expect(tally(first)).toEqual({ x: 40, y: 20, z: 30 });
  });

  it('gives the leads of an absent member to the others by their weights', () => {
    const members = [
      member('a', { weight: 2 }),
      member('b', { weight: 1 }),
      member('c', { weight: 5, outOfOfficeFrom: '2027-03-01T00:00:00Z' }),
    ];
    expect(tally(simulate('weighted', members, 30))).toEqual({ a: 20, b: 10 });
  });
});

describe('pickRep: capacity', () => {
  it('picks the lowest share of capacity in use, then the fewest open, then the least recent', () => {
    const members = [member('a', { capacity: 10 }), member('b', { capacity: 4 }), member('c', { capacity: 5 })];
    const open = new Map([
      ['a', 5],
      ['b', 1],
      ['c', 2],
    ]);
    // Loads: a 0.5, b 0.25, c 0.4.
    expect(pickRep('capacity', members, state({ openHandoffs: open }), NOW)).toBe('b');
    const tie = new Map([
      ['a', 4],
      ['b', 2],
      ['c', 2],
    ]);
    // a 0.4 and c 0.4 tie on load; c has fewer open handoffs.
    expect(pickRep('capacity', members.slice(0, 1).concat(members[2]!), state({ openHandoffs: tie }), NOW)).toBe('c');
    const even = new Map([
      ['b', 2],
      ['c', 2],
    ]);
    const twins = [member('b', { capacity: 4 }), member('c', { capacity: 4 })];
    expect(pickRep('capacity', twins, state({ openHandoffs: even, lastAssigned: new Map([['b', 1]]) }), NOW)).toBe('c');
  });

  it('counts a member without a limit as having the largest capacity of the team', () => {
    const members = [member('limited', { capacity: 10 }), member('unlimited')];
    // limited: 4/10; unlimited: 5/10.
    const open = new Map([
      ['limited', 4],
      ['unlimited', 5],
    ]);
    expect(pickRep('capacity', members, state({ openHandoffs: open }), NOW)).toBe('limited');
    const nobodyLimited = [member('p'), member('q')];
    const counts = new Map([
      ['p', 3],
      ['q', 2],
    ]);
    expect(pickRep('capacity', nobodyLimited, state({ openHandoffs: counts }), NOW)).toBe('q');
  });
});

describe('balanceStart', () => {
  const windowStart = new Date(NOW.getTime() - WEIGHTED_WINDOW_DAYS * 86_400_000).toISOString();

  it('goes back the window at most', () => {
    expect(balanceStart([], NOW)).toBe(windowStart);
    expect(balanceStart([{ updatedAt: '2026-01-01T00:00:00.000Z', outOfOfficeUntil: null }], NOW)).toBe(windowStart);
  });

  it('restarts at the latest member change or return from time away, ignoring a return still ahead', () => {
    const members = [
      { updatedAt: '2027-03-01T00:00:00.000Z', outOfOfficeUntil: '2027-03-08T06:00:00.000Z' },
      { updatedAt: '2027-03-05T00:00:00.000Z', outOfOfficeUntil: '2027-03-20T00:00:00.000Z' },
    ];
    expect(balanceStart(members, NOW)).toBe('2027-03-08T06:00:00.000Z');
    expect(balanceStart(members.slice(1), NOW)).toBe('2027-03-05T00:00:00.000Z');
  });

  it('lets a member who comes back start even instead of taking a burst of leads', () => {
    const members = [member('a'), member('b'), member('c')];
    // a and b took 30 leads each while c was away; counted from c's return, everyone is at 0.
    const picks = simulate('weighted', members, 6, { received: new Map() });
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    // Counted over the absence instead, c would take the next 30 leads in a row.
    const owed = simulate('weighted', members, 30, {
      received: new Map([
        ['a', 30],
        ['b', 30],
      ]),
    });
    expect(tally(owed)).toEqual({ c: 30 });
  });
});
