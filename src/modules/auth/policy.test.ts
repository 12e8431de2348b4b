import { describe, expect, it } from 'vitest';
import {
  can,
  canAssignOwner,
  canOnRecord,
  defaultOwner,
  type Actor,
  type Ownership,
  type RecordAction,
} from './policy.js';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';

const actors = {
  admin: { id: 'u-admin', role: 'admin', teamId: null, via: 'session' },
  marketing: { id: 'u-mkt', role: 'marketing', teamId: null, via: 'session' },
  manager: { id: 'u-mgr', role: 'sales_manager', teamId: TEAM_A, via: 'session' },
  managerNoTeam: { id: 'u-mgr2', role: 'sales_manager', teamId: null, via: 'session' },
  rep: { id: 'u-rep', role: 'sales_rep', teamId: TEAM_A, via: 'session' },
} satisfies Record<string, Actor>;

const records = {
  ownedByRep: { ownerId: 'u-rep', ownerTeamId: TEAM_A },
  ownedByTeammate: { ownerId: 'u-rep2', ownerTeamId: TEAM_A },
  ownedByOtherTeam: { ownerId: 'u-rep3', ownerTeamId: TEAM_B },
  ownedByManager: { ownerId: 'u-mgr', ownerTeamId: TEAM_A },
  unowned: { ownerId: null, ownerTeamId: null },
} satisfies Record<string, Ownership>;

type ActorName = keyof typeof actors;
type RecordName = keyof typeof records;

// [actor, record, read, update, delete]
const matrix: [ActorName, RecordName, boolean, boolean, boolean][] = [
  ['admin', 'ownedByRep', true, true, true],
  ['admin', 'ownedByOtherTeam', true, true, true],
  ['admin', 'unowned', true, true, true],
  ['marketing', 'ownedByRep', true, true, true],
  ['marketing', 'ownedByOtherTeam', true, true, true],
  ['marketing', 'unowned', true, true, true],
  ['manager', 'ownedByRep', true, true, true],
  ['manager', 'ownedByTeammate', true, true, true],
  ['manager', 'ownedByManager', true, true, true],
  ['manager', 'ownedByOtherTeam', false, false, false],
  ['manager', 'unowned', true, true, true],
  ['managerNoTeam', 'ownedByRep', false, false, false],
  ['managerNoTeam', 'unowned', true, true, true],
  ['rep', 'ownedByRep', true, true, false],
  ['rep', 'ownedByTeammate', false, false, false],
  ['rep', 'ownedByManager', false, false, false],
  ['rep', 'ownedByOtherTeam', false, false, false],
  ['rep', 'unowned', false, false, false],
];

describe('record policy: role x action x ownership', () => {
  const actions: RecordAction[] = ['read', 'update', 'delete'];
  for (const [actorName, recordName, ...expected] of matrix) {
    actions.forEach((action, i) => {
      it(`${actorName} ${expected[i] ? 'may' : 'may not'} ${action} a record ${recordName}`, () => {
        expect(canOnRecord(actors[actorName], action, records[recordName])).toBe(expected[i]);
      });
    });
  }
});

describe('owner assignment', () => {
  const rep = { id: 'u-rep', teamId: TEAM_A };
  const teammate = { id: 'u-rep2', teamId: TEAM_A };
  const outsider = { id: 'u-rep3', teamId: TEAM_B };
  const cases: [ActorName, { id: string; teamId: string | null } | null, boolean][] = [
    ['admin', outsider, true],
    ['admin', null, true],
    ['marketing', outsider, true],
    ['manager', teammate, true],
    ['manager', { id: 'u-mgr', teamId: TEAM_A }, true],
    ['manager', null, true],
    ['manager', outsider, false],
    ['rep', rep, true],
    ['rep', teammate, false],
    ['rep', null, false],
  ];
  for (const [actorName, owner, expected] of cases) {
    it(`${actorName} ${expected ? 'may' : 'may not'} assign ${owner?.id ?? 'nobody'}`, () => {
      expect(canAssignOwner(actors[actorName], owner)).toBe(expected);
    });
  }

  it('gives sales users their own records by default and leaves marketing leads unowned', () => {
    expect(defaultOwner(actors.rep)).toBe('u-rep');
    expect(defaultOwner(actors.manager)).toBe('u-mgr');
    expect(defaultOwner(actors.marketing)).toBeNull();
    expect(defaultOwner(actors.admin)).toBeNull();
  });
});

describe('permissions', () => {
  const cases: [ActorName, boolean][] = [
    ['admin', true],
    ['manager', true],
    ['managerNoTeam', true],
    ['marketing', false],
    ['rep', false],
  ];
  for (const [actorName, expected] of cases) {
    it(`${actorName} ${expected ? 'may' : 'may not'} manage SLAs and calendars`, () => {
      expect(can(actors[actorName], 'sla.manage')).toBe(expected);
    });
  }
});

describe('erasing a person', () => {
  const cases: [ActorName, boolean][] = [
    ['admin', true],
    ['marketing', true],
    ['manager', false],
    ['managerNoTeam', false],
    ['rep', false],
  ];
  for (const [actorName, expected] of cases) {
    it(`${actorName} ${expected ? 'may' : 'may not'} erase a contact's personal data`, () => {
      expect(can(actors[actorName], 'contacts.erase')).toBe(expected);
    });
  }
});
