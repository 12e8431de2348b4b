import { type AnyDb } from './helpers.js';

/** Idempotency keys expire (24 hours, see src/modules/leads): pruning reads them by age. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('idempotency_keys_created_idx').execute();
}
