import { columnTypes, dialectOf, serialId, type AnyDb } from './helpers.js';

/**
 * The predictive score: marketing's choice of the outcome to learn and the features to learn it from (one
 * versioned document), and every trained model version with its figures (samples, cross-validated AUC,
 * global feature importance), the serialized model, and how far the bulk scoring of contacts has got.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);

  await db.schema
    .createTable('predictive_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', t.json, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  let models = db.schema.createTable('predictive_models');
  models = serialId(models, dialect)
    .addColumn('trained_at', t.timestamp, (c) => c.notNull())
    .addColumn('trained_by', 'text')
    .addColumn('settings_version', 'integer', (c) => c.notNull())
    .addColumn('outcome', t.json, (c) => c.notNull())
    .addColumn('feature_spec', t.json, (c) => c.notNull())
    .addColumn('positive_count', 'integer', (c) => c.notNull())
    .addColumn('negative_count', 'integer', (c) => c.notNull())
    .addColumn('unknown_count', 'integer', (c) => c.notNull())
    .addColumn('folds', 'integer', (c) => c.notNull())
    .addColumn('cv_auc', t.double, (c) => c.notNull())
    .addColumn('cv_auc_std', t.double, (c) => c.notNull())
    .addColumn('importance', t.json, (c) => c.notNull())
    .addColumn('dropped_features', t.json, (c) => c.notNull())
    .addColumn('training_seconds', t.double, (c) => c.notNull())
    // The model is an opaque document read back whole: text on both dialects (jsonb would re-encode it).
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('scored_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scoring_finished_at', t.timestamp);
  await models.execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('predictive_models').execute();
  await db.schema.dropTable('predictive_settings').execute();
}
