import { columnTypes, dialectOf, type AnyDb } from './helpers.js';

/**
 * A cancel asked of an import that runs in another server process: the request is written down here
 * (`cancel_requested_at`), and the process running the import reads it after each committed batch and stops
 * as it would for a cancel of its own.
 */
export async function up(db: AnyDb): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema.alterTable('imports').addColumn('cancel_requested_at', t.timestamp).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('imports').dropColumn('cancel_requested_at').execute();
}
