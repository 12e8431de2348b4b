import { sql } from 'kysely';
import { type AnyDb } from './helpers.js';

/**
 * Who held a handoff when each of its timers was planned (null: its team's queue), stored on the timer, so a
 * breach is counted against the rep who breached it. It was inferred from the handoff's list of previous
 * assignees, which holds each rep once and leaves queue spells out: wrong once a lead went through the
 * queue or came back to a rep. Existing timers of the current assignment get its holder; earlier ones the
 * best the old list can say.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('handoff_timers').addColumn('assignee_id', 'text').execute();
  await sql`
    update handoff_timers set assignee_id = (
      select h.assignee_id from handoffs h
      where h.id = handoff_timers.handoff_id and h.assignment_no = handoff_timers.assignment_no
    )`.execute(db);
  const earlier = await db
    .selectFrom('handoff_timers as t')
    .innerJoin('handoffs as h', 'h.id', 't.handoff_id')
    .select(['t.id', 't.assignment_no', 'h.previous_assignees'])
    .whereRef('t.assignment_no', '<', 'h.assignment_no')
    .execute();
  for (const row of earlier as { id: number; assignment_no: number; previous_assignees: unknown }[]) {
    const raw = row.previous_assignees;
    const previous = (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown;
    const holder = Array.isArray(previous) ? previous[Number(row.assignment_no) - 1] : undefined;
    if (typeof holder === 'string') {
      await db.updateTable('handoff_timers').set({ assignee_id: holder }).where('id', '=', row.id).execute();
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('handoff_timers').dropColumn('assignee_id').execute();
}
