import { sql } from 'kysely';
import { columnTypes, dialectOf, serialId, type AnyDb } from './helpers.js';

/**
 * Handoffs (src/modules/handoffs): a qualified lead passed to sales under one SLA version, with its due
 * times; the timers that remind, escalate and reassign; the activities (touches) logged on contacts; and
 * in-app notifications.
 *
 * - `handoffs.contact_id` and `activities.contact_id` have no foreign key: a deleted or merged contact leaves
 *   the sales history intact (the handoffs module closes or moves its handoffs through the outbox).
 * - At most one *active* handoff (open or accepted) per contact: a partial unique index on both databases.
 * - The timer sweep reads `handoff_timers` by due time among the unfired ones only: a partial index keeps that
 *   read proportional to the timers it takes, however many there are.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);

  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('sla_id', 'text')
    .addColumn('sla_version', 'integer')
    .addColumn('team_id', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'accepted', 'rejected', 'closed')`))
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('high', 'normal', 'low')`))
    .addColumn('qualified_at', t.timestamp, (c) => c.notNull())
    .addColumn('assigned_at', t.timestamp, (c) => c.notNull())
    .addColumn('first_touch_due_at', t.timestamp)
    .addColumn('first_touched_at', t.timestamp)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts_required', 'integer')
    .addColumn('attempts_due_at', t.timestamp)
    .addColumn('attempts_met_at', t.timestamp)
    .addColumn('decision_due_at', t.timestamp)
    .addColumn('decided_at', t.timestamp)
    .addColumn('decided_by', 'text')
    .addColumn('reject_reason', 'text')
    .addColumn('reject_note', 'text')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome is null or outcome in ('won', 'lost', 'nurture')`))
    .addColumn('outcome_due_at', t.timestamp)
    .addColumn('outcome_at', t.timestamp)
    .addColumn('closed_reason', 'text')
    .addColumn('next_due_at', t.timestamp)
    .addColumn('assignment_no', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('previous_assignees', t.json, (c) => c.notNull())
    .addColumn('routing_reason', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('handoffs_active_contact_uq')
    .unique()
    .on('handoffs')
    .column('contact_id')
    .where(sql.ref('status'), 'in', sql`('open', 'accepted')`)
    .execute();
  await db.schema.createIndex('handoffs_contact_idx').on('handoffs').columns(['contact_id', 'created_at']).execute();
  await db.schema
    .createIndex('handoffs_assignee_idx')
    .on('handoffs')
    .columns(['assignee_id', 'status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('handoffs_team_idx')
    .on('handoffs')
    .columns(['team_id', 'status', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('handoffs_status_idx').on('handoffs').columns(['status', 'created_at', 'id']).execute();

  let timers = db.schema.createTable('handoff_timers');
  timers = serialId(timers, dialect)
    .addColumn('handoff_id', 'text', (c) => c.notNull().references('handoffs.id').onDelete('cascade'))
    .addColumn('assignment_no', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', t.timestamp, (c) => c.notNull())
    .addColumn('fired_at', t.timestamp)
    .addColumn('outcome', 'text')
    .addColumn('detail', t.json)
    .addColumn('created_at', t.timestamp, (c) => c.notNull());
  await timers.execute();
  await db.schema
    .createIndex('handoff_timers_due_idx')
    .on('handoff_timers')
    .columns(['due_at', 'id'])
    .where(sql.ref('fired_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('handoff_timers_handoff_idx')
    .on('handoff_timers')
    .columns(['handoff_id', 'id'])
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('handoff_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('call', 'email', 'meeting', 'demo', 'note')`))
    .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('notes', 'text')
    .addColumn('counted_for_sla', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activities_contact_idx')
    .on('activities')
    .columns(['contact_id', 'occurred_at', 'id'])
    .execute();
  await db.schema.createIndex('activities_handoff_idx').on('activities').column('handoff_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('handoff_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('read_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('activities').execute();
  await db.schema.dropTable('handoff_timers').execute();
  await db.schema.dropTable('handoffs').execute();
}
