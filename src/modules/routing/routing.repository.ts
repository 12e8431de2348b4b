import type { Insertable, Kysely } from 'kysely';
import { dialectOf } from '../../db/database.js';
import type { DB, RoutingAssignmentsTable, RoutingMembersTable, RoutingRulesTable } from '../../db/schema.js';

/** The only code that touches the routing tables (and reads the teams, users and contacts it routes among). */
export function createRoutingRepository(db: Kysely<DB>) {
  const rules = (trx: Kysely<DB>) =>
    trx
      .selectFrom('routing_rules as r')
      .leftJoin('teams as t', 't.id', 'r.team_id')
      .selectAll('r')
      .select('t.name as team_name');

  return {
    /** Every rule in order, with its team's name (null when the team was deleted). */
    listRules: (trx: Kysely<DB> = db) => rules(trx).orderBy('r.position').orderBy('r.id').execute(),

    findRule: (id: string, trx: Kysely<DB> = db) => rules(trx).where('r.id', '=', id).executeTakeFirst(),

    async ruleStats(trx: Kysely<DB>): Promise<{ count: number; maxPosition: number }> {
      const row = await trx
        .selectFrom('routing_rules')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('position').as('max_position')])
        .executeTakeFirstOrThrow();
      return { count: Number(row.n), maxPosition: Number(row.max_position ?? 0) };
    },

    insertRule: (row: Insertable<RoutingRulesTable>, trx: Kysely<DB>) =>
      trx.insertInto('routing_rules').values(row).execute(),

    updateRule: (
      id: string,
      row: Pick<RoutingRulesTable, 'name' | 'team_id' | 'method' | 'updated_at'> & {
        conditions: string;
        active: number;
      },
      trx: Kysely<DB>,
    ) => trx.updateTable('routing_rules').set(row).where('id', '=', id).execute(),

    deleteRule: (id: string, trx: Kysely<DB>) => trx.deleteFrom('routing_rules').where('id', '=', id).execute(),

    setPosition: (id: string, position: number, trx: Kysely<DB>) =>
      trx.updateTable('routing_rules').set({ position }).where('id', '=', id).execute(),

    findTeam: (id: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('teams').select(['id', 'name']).where('id', '=', id).executeTakeFirst(),

    teamNames: async (ids: readonly string[], trx: Kysely<DB> = db): Promise<Map<string, string>> => {
      if (ids.length === 0) return new Map();
      const rows = await trx
        .selectFrom('teams')
        .select(['id', 'name'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    findUser: (id: string, trx: Kysely<DB> = db) =>
      trx.selectFrom('users').select(['id', 'name', 'status', 'team_id']).where('id', '=', id).executeTakeFirst(),

    userNames: async (ids: readonly string[], trx: Kysely<DB> = db): Promise<Map<string, string>> => {
      if (ids.length === 0) return new Map();
      const rows = await trx
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /**
     * A team's members with their users, by user id. `lock` (for a routing decision): on PostgreSQL the
     * member rows are locked, so two decisions for the same team run one after the other and the second sees
     * the first one's assignment (and handoff); SQLite serialises writers already.
     */
    listMembers(teamId: string, trx: Kysely<DB> = db, options: { lock?: boolean } = {}) {
      let q = trx
        .selectFrom('routing_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .selectAll('m')
        .select(['u.name', 'u.role', 'u.status', 'u.team_id as user_team_id'])
        .where('m.team_id', '=', teamId)
        .orderBy('m.user_id');
      if (options.lock && dialectOf(trx) === 'postgres') q = q.forUpdate('m');
      return q.execute();
    },

    findMember: (teamId: string, userId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('routing_members')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('user_id', '=', userId)
        .executeTakeFirst(),

    upsertMember: (row: Insertable<RoutingMembersTable> & { weight: number }, trx: Kysely<DB>) =>
      trx
        .insertInto('routing_members')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['team_id', 'user_id']).doUpdateSet({
            weight: row.weight,
            capacity: row.capacity,
            out_of_office_from: row.out_of_office_from,
            out_of_office_until: row.out_of_office_until,
            updated_at: row.updated_at,
          }),
        )
        .execute(),

    deleteMember: (teamId: string, userId: string, trx: Kysely<DB>) =>
      trx.deleteFrom('routing_members').where('team_id', '=', teamId).where('user_id', '=', userId).execute(),

    /** Teams that have routing members. */
    async teamsWithMembers(trx: Kysely<DB> = db): Promise<string[]> {
      const rows = await trx.selectFrom('routing_members').select('team_id').distinct().execute();
      return rows.map((r) => r.team_id);
    },

    /** Each member's latest decision in the team: its id (the round-robin order) and time. */
    async lastAssigned(
      teamId: string,
      userIds: readonly string[],
      trx: Kysely<DB> = db,
    ): Promise<Map<string, { id: number; at: string }>> {
      if (userIds.length === 0) return new Map();
      const latest = await trx
        .selectFrom('routing_assignments')
        .select((eb) => ['user_id', eb.fn.max('id').as('last_id')])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', [...userIds])
        .groupBy('user_id')
        .execute();
      const ids = latest.map((r) => Number(r.last_id));
      if (ids.length === 0) return new Map();
      const rows = await trx
        .selectFrom('routing_assignments')
        .select(['id', 'user_id', 'at'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.user_id!, { id: Number(r.id), at: r.at }]));
    },

    /** Leads each member received in the team since `since` (for weighted routing). */
    async receivedSince(
      teamId: string,
      userIds: readonly string[],
      since: string,
      trx: Kysely<DB> = db,
    ): Promise<Map<string, number>> {
      if (userIds.length === 0) return new Map();
      const rows = await trx
        .selectFrom('routing_assignments')
        .select((eb) => ['user_id', eb.fn.countAll<number>().as('n')])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', [...userIds])
        .where('at', '>=', since)
        .groupBy('user_id')
        .execute();
      return new Map(rows.map((r) => [r.user_id!, Number(r.n)]));
    },

    async insertAssignment(row: Insertable<RoutingAssignmentsTable>, trx: Kysely<DB>): Promise<number> {
      const inserted = await trx
        .insertInto('routing_assignments')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(inserted.id);
    },

    async linkAssignment(id: number, handoffId: string, trx: Kysely<DB>): Promise<boolean> {
      const result = await trx
        .updateTable('routing_assignments')
        .set({ handoff_id: handoffId })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Decisions in [from, to) counted by team, rep and reason (optionally of one team). */
    fairnessCounts(period: { from: string; to: string }, teamId: string | undefined, trx: Kysely<DB> = db) {
      let q = trx
        .selectFrom('routing_assignments')
        .select((eb) => ['team_id', 'user_id', 'reason', eb.fn.countAll<number>().as('n')])
        .where('at', '>=', period.from)
        .where('at', '<', period.to);
      if (teamId !== undefined) q = q.where('team_id', '=', teamId);
      return q.groupBy(['team_id', 'user_id', 'reason']).execute();
    },

    /** The contact's fields and its account's, as routing rules see them. */
    contactForRouting: (contactId: string, trx: Kysely<DB> = db) =>
      trx
        .selectFrom('contacts as c')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .select([
          'c.id',
          'c.first_name',
          'c.last_name',
          'c.email',
          'c.phone',
          'c.job_title',
          'c.seniority',
          'c.source',
          'c.campaign',
          'c.fit_grade',
          'c.fit_score',
          'c.engagement_score',
          'c.predictive_score',
          'c.temperature',
          'c.custom_fields',
          'a.name as account_name',
          'a.domain as account_domain',
          'a.industry as account_industry',
          'a.employee_count as account_employee_count',
          'a.country as account_country',
          'a.city as account_city',
          'a.annual_revenue as account_annual_revenue',
        ])
        .where('c.id', '=', contactId)
        .executeTakeFirst(),
  };
}

export type RoutingRepository = ReturnType<typeof createRoutingRepository>;
export type RuleRow = NonNullable<Awaited<ReturnType<RoutingRepository['findRule']>>>;
export type MemberRow = Awaited<ReturnType<RoutingRepository['listMembers']>>[number];
export type ContactRoutingRow = NonNullable<Awaited<ReturnType<RoutingRepository['contactForRouting']>>>;
