import type { AnyDb } from './helpers.js';

/**
 * A form submission keeps the consent text the person was shown (`consent_text`), so the consent can be
 * proven after marketing rewords the box or deletes the form. Null when the form had no consent box, and for
 * submissions made before this column existed: what they were shown was not recorded, and the form's current
 * text may not be it, so nothing is backfilled.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('form_submissions').addColumn('consent_text', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('form_submissions').dropColumn('consent_text').execute();
}
