import { columnTypes, dialectOf, type AnyDb } from './helpers.js';

/**
 * A lead's temperature decided by hand: marketing marks it qualified, or it is sent back as not qualified
 * (with a reason; the SLA's reject path uses the same). The decision stays on the contact until changed;
 * its history is in the audit log and in temperature_changes' reasons.
 */
export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema.alterTable('contacts').addColumn('qualification', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('qualification_by', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('qualification_reason', 'text').execute();
  await db.schema.alterTable('contacts').addColumn('qualification_at', t.timestamp).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of ['qualification_at', 'qualification_reason', 'qualification_by', 'qualification']) {
    await db.schema.alterTable('contacts').dropColumn(column).execute();
  }
}
