import { sql } from 'kysely';
import type { AnyDb } from './helpers.js';

/**
 * "Why is this lead warm?" in the leads list: the reasons of each contact's latest temperature change as
 * short keys (`engagement_at_least`, `engagement`, `event`, `event:form_submitted`, ...), indexed by key so
 * the list filters on them without reading the JSON reasons of every contact. The contacts module keeps
 * them current (see src/modules/contacts/reasons.ts).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('contact_temperature_reasons')
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('reason_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_temperature_reasons_pk', ['contact_id', 'reason_key'])
    .execute();
  await db.schema
    .createIndex('contact_temperature_reasons_key_idx')
    .on('contact_temperature_reasons')
    .columns(['reason_key', 'contact_id'])
    .execute();

  // Backfill from the changes recorded so far: the latest change of each contact.
  const latest = await sql<{ contact_id: string; reasons: unknown }>`
    select tc.contact_id, tc.reasons from temperature_changes tc
    where tc.id = (
      select t2.id from temperature_changes t2 where t2.contact_id = tc.contact_id
      order by t2.at desc, t2.id desc limit 1
    )`.execute(db);
  const rows: { contact_id: string; reason_key: string }[] = [];
  for (const row of latest.rows) {
    for (const key of backfillKeys(row.reasons)) rows.push({ contact_id: row.contact_id, reason_key: key });
  }
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('contact_temperature_reasons')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('contact_temperature_reasons').execute();
}

/** The key rules as of this migration (a frozen copy of reasonKeys in src/modules/contacts/reasons.ts). */
export function backfillKeys(raw: unknown): string[] {
  let reasons: unknown = raw;
  if (typeof raw === 'string') {
    try {
      reasons = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(reasons)) return [];
  const groups: Record<string, string> = {
    engagement_at_least: 'engagement',
    engagement_below: 'engagement',
    fit_grade_at_least: 'fit',
    fit_grade_below: 'fit',
    marked_qualified: 'manual',
    marked_not_qualified: 'manual',
    event: 'event',
  };
  const keys = new Set<string>();
  for (const reason of reasons as { code?: unknown; eventType?: unknown }[]) {
    if (typeof reason !== 'object' || reason === null || typeof reason.code !== 'string') continue;
    const group = groups[reason.code];
    if (!group) continue;
    keys.add(reason.code);
    keys.add(group);
    if (
      reason.code === 'event' &&
      typeof reason.eventType === 'string' &&
      /^[a-z][a-z0-9_.:-]{0,63}$/.test(reason.eventType)
    ) {
      keys.add(`event:${reason.eventType}`);
    }
  }
  return [...keys];
}
