import { sql } from 'kysely';
import { columnTypes, dialectOf, serialId, type AnyDb } from './helpers.js';

/**
 * Routing of handed-off leads (src/modules/routing): ordered rules (first match wins) that send a lead to a
 * team, the team members who take leads with their weight, capacity and out-of-office, and one row per
 * routing decision.
 *
 * - `routing_rules.team_id` has no foreign key: deleting a team (which the users module does freely) must
 *   not fail or silently delete rules. A rule whose team is gone matches nothing until it is fixed.
 * - `routing_members` belong to a team and a user and go with either.
 * - `routing_assignments` is history (the fairness report, round-robin and weighted state): no foreign keys,
 *   so a deleted rule, a merged contact or a deleted team leaves the record of who received what intact.
 *   Its serial id orders decisions even when several share a timestamp.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('conditions', t.json, (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('round_robin', 'weighted', 'capacity')`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('routing_rules_position_idx').on('routing_rules').columns(['position', 'id']).execute();

  await db.schema
    .createTable('routing_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('weight', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`weight >= 1`),
    )
    .addColumn('capacity', 'integer', (c) => c.check(sql`capacity is null or capacity >= 1`))
    .addColumn('out_of_office_from', t.timestamp)
    .addColumn('out_of_office_until', t.timestamp)
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('routing_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('routing_members_user_idx').on('routing_members').column('user_id').execute();

  let assignments = db.schema.createTable('routing_assignments');
  assignments = serialId(assignments, dialect)
    .addColumn('rule_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('handoff_id', 'text')
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('rule', 'no_rule_matched', 'no_eligible_rep')`),
    )
    .addColumn('at', t.timestamp, (c) => c.notNull());
  await assignments.execute();
  // Round robin reads each member's latest decision, weighted counts recent ones: both per team and user.
  await db.schema
    .createIndex('routing_assignments_team_user_idx')
    .on('routing_assignments')
    .columns(['team_id', 'user_id', 'id'])
    .execute();
  await db.schema.createIndex('routing_assignments_at_idx').on('routing_assignments').columns(['at', 'id']).execute();
  await db.schema
    .createIndex('routing_assignments_contact_idx')
    .on('routing_assignments')
    .column('contact_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('routing_assignments').execute();
  await db.schema.dropTable('routing_members').execute();
  await db.schema.dropTable('routing_rules').execute();
}
