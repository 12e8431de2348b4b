import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/index.js';
import { canHandOff, canSeeHandoff, canWorkHandoff, chooseSla, rejectionText, type HandoffHolder } from './handoff.js';

const actor = (role: Actor['role'], id: string, teamId: string | null = null): Actor => ({
  id,
  role,
  teamId,
  via: 'token',
});

const admin = actor('admin', 'admin');
const marketing = actor('marketing', 'mkt');
const northManager = actor('sales_manager', 'nm', 'north');
const loneManager = actor('sales_manager', 'lm', null);
const rep = actor('sales_rep', 'rep', 'north');
const otherRep = actor('sales_rep', 'other', 'north');

const held: HandoffHolder = { assigneeId: 'rep', teamId: 'north', assigneeTeamId: 'north' };
const southQueue: HandoffHolder = { assigneeId: null, teamId: 'south', assigneeTeamId: null };
const generalQueue: HandoffHolder = { assigneeId: null, teamId: null, assigneeTeamId: null };
/** Routed by a south rule to a rep who belongs to north. */
const crossTeam: HandoffHolder = { assigneeId: 'x', teamId: 'south', assigneeTeamId: 'north' };

describe('who sees and works a handoff', () => {
  it.each([
    ['admin', admin, held, true, true],
    ['marketing', marketing, held, true, false],
    ['the assignee', rep, held, true, true],
    ['another rep of the team', otherRep, held, false, false],
    ["the team's manager", northManager, held, true, true],
    ["the team's manager, another team's queue", northManager, southQueue, false, false],
    ['a manager, the general queue', northManager, generalQueue, true, true],
    ["a manager, a member's lead routed through another team", northManager, crossTeam, true, true],
    ['a manager without a team, a team queue', loneManager, southQueue, false, false],
    ['a rep, a queue', rep, southQueue, false, false],
  ])('%s', (_label, who, holder, sees, works) => {
    expect(canSeeHandoff(who, holder)).toBe(sees);
    expect(canWorkHandoff(who, holder)).toBe(works);
  });

  it('admins, sales managers and marketing hand off by hand; reps do not', () => {
    expect([admin, northManager, marketing, rep].map(canHandOff)).toEqual([true, true, true, false]);
  });
});

describe('chooseSla', () => {
  const sla = (id: string, createdAt: string, teams: string[] = []) => ({
    id,
    createdAt,
    document: { marketing: { perTeam: teams.map((teamId) => ({ teamId })) } },
  });

  it("takes the oldest SLA naming the lead's team, else the oldest, else none", () => {
    const slas = [
      sla('b', '2027-02-01T00:00:00Z', ['north']),
      sla('a', '2027-01-01T00:00:00Z'),
      sla('c', '2027-03-01T00:00:00Z', ['north']),
    ];
    expect(chooseSla(slas, 'north')?.id).toBe('b');
    expect(chooseSla(slas, 'south')?.id).toBe('a');
    expect(chooseSla(slas, null)?.id).toBe('a');
    expect(chooseSla([], 'north')).toBeNull();
  });
});

describe('rejectionText', () => {
  it('is the code, with the note after it', () => {
    expect(rejectionText('no_budget', undefined)).toBe('no_budget');
    expect(rejectionText('other', 'moved to a pilot elsewhere')).toBe('other: moved to a pilot elsewhere');
  });
});
