import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Outbox } from '../../jobs/outbox.js';
import type { OutboxEvent, Reaction } from '../../jobs/worker.js';
import { perTransaction } from '../../db/per-transaction.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { appendAudit, type AuditContext } from '../audit/index.js';
import type { Actor } from '../auth/index.js';
import { ACCOUNT_UPDATED, CONTACTS_RESCORED, SCORING_SETTINGS_CHANGED } from '../scoring/index.js';
import { inferColumnTypes, PredictiveModel, tableFromRows, type FeatureRow } from '../scoring/predictive/index.js';
import {
  factorLabel,
  featureRowOf,
  hideValue,
  labelOf,
  topEventTypes,
  type ContactRecord,
  type FeatureSpec,
} from './features.js';
import { noUsableFeatures, notEnoughLabels, trainingInProgress } from './predictive.errors.js';
import { createPredictiveRepository, type ModelRow } from './predictive.repository.js';
import { trainOffThread } from './offthread.js';
import { createReservoir } from './reservoir.js';
import { explainWithShap } from './treeshap.js';
import { DEFAULT_PREDICTIVE_SETTINGS, predictiveSettingsSchema, type PredictiveSettings } from './settings.js';

/** Contacts read per page while collecting the labelled ones. */
const TRAINING_PAGE = 1000;
/** Labelled contacts kept for training at most (a uniform sample beyond that): bounds memory and time. */
export const MAX_TRAINING_ROWS = 100_000;
/** Contacts scored per transaction by the bulk pass after training. */
export const SCORING_CHUNK = 500;
const FOLDS = 5;
const TOP_FEATURES = 10;

export const MODEL_TRAINED = 'predictive.model_trained';
export const SCORING_CONTINUED = 'predictive.scoring_continued';

/** Lets the HTTP server answer other requests between the steps of a long job. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface ModelSummary {
  version: number;
  trainedAt: string;
  trainedBy: { id: string; name: string } | null;
  settingsVersion: number;
  outcome: PredictiveSettings['outcome'];
  samples: { positive: number; negative: number; unknown: number; training: number };
  crossValidation: { folds: number; auc: number; aucStd: number };
  topFeatures: { feature: string; type: string; share: number }[];
  droppedFeatures: { feature: string; reason: string }[];
  trainingSeconds: number;
  scoring: { scoredContacts: number; finishedAt: string | null };
}

export type Prediction =
  | {
      status: 'ready';
      /** How the factors were computed: SHAP values of the trees (path-dependent TreeSHAP). */
      method: 'tree_shap';
      score: number;
      modelVersion: number;
      trainedAt: string;
      bias: number;
      logOdds: number;
      otherContribution: number;
      factors: {
        feature: string;
        value: string | number | null;
        /** The value is the contact's company's, which the reader may not see (value null). */
        hidden?: true;
        contribution: number;
        label: string;
      }[];
    }
  | { status: 'no_model'; message: string };

function summaryOf(row: ModelRow, trainingRows?: number): ModelSummary {
  return {
    version: row.id,
    trainedAt: row.trainedAt,
    trainedBy: row.trainedBy,
    settingsVersion: row.settingsVersion,
    outcome: row.outcome,
    samples: {
      positive: row.positives,
      negative: row.negatives,
      unknown: row.unknown,
      training: trainingRows ?? Math.min(row.positives + row.negatives, MAX_TRAINING_ROWS),
    },
    crossValidation: { folds: row.folds, auc: row.auc, aucStd: row.aucStd },
    topFeatures: row.importance.slice(0, TOP_FEATURES),
    droppedFeatures: row.droppedFeatures,
    trainingSeconds: row.trainingSeconds,
    scoring: { scoredContacts: row.scoredContacts, finishedAt: row.scoringFinishedAt },
  };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The predictive score: learns the probability to convert from contacts whose outcome is known, stores each
 * trained model as a version, scores every contact (in bounded chunks through the outbox after training,
 * and each contact again when it changes), and explains a contact's score factor by factor.
 */
export function createPredictiveService(deps: {
  database: Database;
  clock: Clock;
  outbox: Outbox;
  /** Tells pages open on these contacts that their scores changed (the live feed). */
  contactsChanged?: (trx: Kysely<DB>, contactIds: readonly string[]) => Promise<void>;
}) {
  const { clock, outbox } = deps;
  const contactsChanged = deps.contactsChanged ?? (() => Promise.resolve());
  const db = deps.database.db;
  const repo = createPredictiveRepository(db);
  let training = false;
  let cached: { id: number; model: PredictiveModel; spec: FeatureSpec } | null = null;

  async function settings(trx: Kysely<DB> = db): Promise<{ version: number; settings: PredictiveSettings }> {
    const row = await repo.settings(trx);
    if (!row) return { version: 0, settings: DEFAULT_PREDICTIVE_SETTINGS };
    const parsed = predictiveSettingsSchema.safeParse(row.document);
    return { version: row.version, settings: parsed.success ? parsed.data : DEFAULT_PREDICTIVE_SETTINGS };
  }

  /** A model by id, parsed once per process and kept while it is the one asked for. */
  async function loadModel(trx: Kysely<DB>, id: number): Promise<{ model: PredictiveModel; spec: FeatureSpec }> {
    if (cached?.id === id) return cached;
    const stored = await repo.modelText(trx, id);
    if (!stored) throw notFound('predictive_model');
    cached = { id, model: PredictiveModel.fromJSON(stored.model), spec: stored.featureSpec };
    return cached;
  }

  async function featureRows(trx: Kysely<DB>, spec: FeatureSpec, records: readonly ContactRecord[]) {
    const counts =
      spec.keys.includes('events') && spec.eventTypes.length > 0
        ? await repo.eventCounts(
            trx,
            records.map((r) => r.id),
          )
        : new Map<string, Map<string, number>>();
    return records.map((r) => featureRowOf(r, counts.get(r.id), spec));
  }

  async function scoreRecords(
    trx: Kysely<DB>,
    loaded: { model: PredictiveModel; spec: FeatureSpec },
    records: readonly ContactRecord[],
  ): Promise<number> {
    if (records.length === 0) return 0;
    const rows = await featureRows(trx, loaded.spec, records);
    const logOdds = loaded.model.logOddsOfTable(tableFromRows(rows));
    await repo.saveScores(
      trx,
      records.map((r, i) => ({ id: r.id, score: sigmoid(logOdds[i]!) })),
    );
    return records.length;
  }

  /** Scores the given contacts with the newest model (none yet: nothing to do). */
  // Read once per batch of reactions (one transaction), not once per contact.
  const latestModelInBatch = perTransaction((trx) => repo.latestModelId(trx));

  /** Scores `ids`; pages open on `shown` (a part of them, or none) hear of their new score. */
  async function scoreContacts(trx: Kysely<DB>, ids: readonly string[], shown: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const latest = await latestModelInBatch(trx);
    if (latest === null) return 0;
    const loaded = await loadModel(trx, latest);
    let scored = 0;
    for (let i = 0; i < ids.length; i += SCORING_CHUNK) {
      scored += await scoreRecords(trx, loaded, await repo.contactsByIds(trx, ids.slice(i, i + SCORING_CHUNK)));
    }
    // Open pages show the new score at once, for a contact's own change or its company's. (Imports, fading
    // engagement and the pass after a training tell no one: they would notify about every contact.)
    if (shown.length > 0) await contactsChanged(trx, shown);
    return scored;
  }

  /**
   * One bounded step of a bulk pass: the next contacts after `afterId`, in id order. The pass after a
   * training records its progress on the model; a refresh (after the scoring settings changed) does not.
   */
  async function scoreChunk(
    trx: Kysely<DB>,
    modelId: number,
    afterId: string | null,
    refresh = false,
  ): Promise<{ scored: number; lastId: string | null; done: boolean }> {
    const loaded = await loadModel(trx, modelId);
    const page = await repo.contactPage(trx, afterId, SCORING_CHUNK);
    const scored = await scoreRecords(trx, loaded, page);
    const done = page.length < SCORING_CHUNK;
    if (!refresh) await repo.recordScoring(trx, modelId, scored, done ? clock.now().toISOString() : null);
    return { scored, lastId: page.at(-1)?.id ?? afterId, done };
  }

  /** Reads every contact once, keeping the labelled ones (a bounded sample) with their event counts. */
  async function collectLabelled(s: PredictiveSettings, seed: number) {
    const reservoir = createReservoir<{ record: ContactRecord; label: 0 | 1; counts?: Map<string, number> }>(
      MAX_TRAINING_ROWS,
      seed,
    );
    const useEvents = s.features.includes('events');
    let positives = 0;
    let negatives = 0;
    let unknown = 0;
    let afterId: string | null = null;
    for (;;) {
      const page = await repo.contactPage(db, afterId, TRAINING_PAGE);
      if (page.length === 0) break;
      afterId = page.at(-1)!.id;
      const labelled: { record: ContactRecord; label: 0 | 1 }[] = [];
      for (const record of page) {
        const label = labelOf(record, s.outcome);
        if (label === null) unknown++;
        else {
          labelled.push({ record, label });
          if (label === 1) positives++;
          else negatives++;
        }
      }
      const counts = useEvents
        ? await repo.eventCounts(
            db,
            labelled.map((l) => l.record.id),
          )
        : null;
      for (const l of labelled) {
        const perType = counts?.get(l.record.id);
        reservoir.add(perType ? { ...l, counts: perType } : l);
      }
      if (page.length < TRAINING_PAGE) break;
      await breathe();
    }
    return { sample: reservoir.items, positives, negatives, unknown };
  }

  async function train(
    actor: Actor | null,
    options: { seed?: number; scoring?: 'background' | 'inline'; audit?: AuditContext } = {},
  ): Promise<ModelSummary> {
    if (actor && actor.role !== 'admin' && actor.role !== 'marketing')
      throw forbidden('Only marketing and admins train the predictive score.');
    if (training) throw trainingInProgress();
    training = true;
    try {
      const started = performance.now();
      const seed = options.seed ?? 1;
      const { version: settingsVersion, settings: s } = await settings();
      const { sample, positives, negatives, unknown } = await collectLabelled(s, seed);
      if (positives < s.minimumPerClass || negatives < s.minimumPerClass) {
        throw notEnoughLabels({ field: s.outcome.field, positives, negatives, minimumPerClass: s.minimumPerClass });
      }
      const spec: FeatureSpec = {
        keys: [...s.features],
        eventTypes: s.features.includes('events')
          ? topEventTypes(sample.flatMap((x) => (x.counts ? [x.counts] : [])))
          : [],
      };
      const rows: FeatureRow[] = sample.map((x) => featureRowOf(x.record, x.counts, spec));
      const labels = Uint8Array.from(sample, (x) => x.label);
      const table = tableFromRows(rows);
      const typing = inferColumnTypes(table);
      const dropped = typing.dropped.map((d) => ({ feature: d.name, reason: d.reason }));
      if (typing.features.length === 0) throw noUsableFeatures(dropped);
      const sampledPositives = labels.reduce((sum, l) => sum + l, 0);
      // The sample keeps both classes well above the fold count unless the data are tiny; never ask for more
      // folds than the smaller class has rows.
      const folds = Math.min(FOLDS, sampledPositives, labels.length - sampledPositives);
      const result = await trainOffThread({
        rowCount: table.rowCount,
        columns: [...table.columns],
        labels,
        typing,
        folds,
        seed,
      });
      const model = PredictiveModel.fromJSON(result.model);
      const importance = result.importance;
      const validation = { meanAuc: result.auc, stdAuc: result.aucStd };
      const trainedAt = clock.now().toISOString();
      const trainingSeconds = (performance.now() - started) / 1000;
      const background = (options.scoring ?? 'background') === 'background';
      const modelId = await db.transaction().execute(async (trx) => {
        const id = await repo.insertModel(trx, {
          trainedAt,
          trainedBy: actor && actor.via !== 'system' && actor.via !== 'cli' ? actor.id : null,
          settingsVersion,
          outcome: s.outcome,
          featureSpec: spec,
          positives,
          negatives,
          unknown,
          folds,
          auc: validation.meanAuc,
          aucStd: validation.stdAuc,
          importance,
          droppedFeatures: dropped,
          trainingSeconds,
          model: JSON.stringify(model.toJSON()),
        });
        await appendAudit(trx, options.audit ?? { actor }, {
          at: trainedAt,
          entityType: 'predictive_model',
          entityId: String(id),
          action: 'train',
          before: null,
          after: {
            version: id,
            settingsVersion,
            outcome: s.outcome,
            features: spec,
            positives,
            negatives,
            unknown,
            trainingRows: labels.length,
            folds,
            auc: validation.meanAuc,
          },
        });
        if (background) {
          await outbox.enqueue(trx, [
            {
              type: MODEL_TRAINED,
              aggregateType: 'predictive_model',
              aggregateId: String(id),
              payload: { modelId: id },
            },
          ]);
        }
        return id;
      });
      cached = { id: modelId, model, spec };
      if (background) outbox.notify();
      else await scoreAll(modelId);
      return summaryOf((await repo.modelRow(db, modelId))!, labels.length);
    } finally {
      training = false;
    }
  }

  /** The whole bulk pass, chunk after chunk, each in its own transaction (the CLI's way; the server's
   * goes through the outbox, one chunk per event). Stops early when a newer model appears. */
  async function scoreAll(modelId: number): Promise<number> {
    let afterId: string | null = null;
    let total = 0;
    for (;;) {
      const step = await db.transaction().execute(async (trx) => {
        if ((await repo.latestModelId(trx)) !== modelId) return null;
        return scoreChunk(trx, modelId, afterId);
      });
      if (!step) return total;
      total += step.scored;
      if (step.done) return total;
      afterId = step.lastId;
      await breathe();
    }
  }

  return {
    settings: () => settings(),

    async updateSettings(
      actor: Actor,
      document: PredictiveSettings,
      audit?: AuditContext,
    ): Promise<{ version: number; settings: PredictiveSettings }> {
      if (actor.role !== 'admin' && actor.role !== 'marketing')
        throw forbidden('Only marketing and admins change the predictive score.');
      return db.transaction().execute(async (trx) => {
        const current = await settings(trx);
        const version = current.version + 1;
        const now = clock.now().toISOString();
        await repo.saveSettings(trx, version, document, actor.id, now);
        await appendAudit(trx, audit ?? { actor }, {
          at: now,
          entityType: 'predictive_settings',
          entityId: 'default',
          action: 'update',
          before: { version: current.version, ...current.settings },
          after: { version, ...document },
        });
        return { version, settings: document };
      });
    },

    train,
    scoreAll,
    scoreContacts,

    /** The newest model's figures, or null before the first training. */
    async model(): Promise<ModelSummary | null> {
      const row = await repo.modelRow(db);
      return row ? summaryOf(row) : null;
    },

    /**
     * A contact's probability now, with the factors behind it (call only for a contact the reader sees). For a
     * reader who may not see the contact's company, the values of its fields are left out of the factors.
     */
    async prediction(contactId: string, view: { accountVisible: boolean }, top = 5): Promise<Prediction> {
      const latest = await repo.modelRow(db);
      if (!latest) {
        return {
          status: 'no_model',
          message:
            'No predictive model has been trained yet. Marketing or an admin trains one from contacts with a known outcome.',
        };
      }
      const loaded = await loadModel(db, latest.id);
      const [record] = await repo.contactsByIds(db, [contactId]);
      if (!record) throw notFound('contact');
      const [row] = await featureRows(db, loaded.spec, [record]);
      const explanation = explainWithShap(loaded.model, row!, top);
      return {
        status: 'ready',
        method: 'tree_shap',
        score: explanation.probability,
        modelVersion: latest.id,
        trainedAt: latest.trainedAt,
        bias: explanation.bias,
        logOdds: explanation.logOdds,
        otherContribution: explanation.otherContribution,
        factors: explanation.factors.map((f) => {
          const factor = view.accountVisible || !f.feature.startsWith('account.') ? f : hideValue(f);
          return { ...factor, label: factorLabel(factor) };
        }),
      };
    },

    /**
     * Contacts are scored when they are created, changed, imported or do something (event counts and the
     * engagement score are features); after a training, the bulk pass goes one chunk per outbox event and
     * hands the rest on, so no transaction grows with the database and a restart continues where it was.
     */
    reactions(): Reaction[] {
      const idsOf = (ids: (payload: Record<string, unknown>) => unknown[], event: OutboxEvent) =>
        ids(event.payload).filter((id): id is string => typeof id === 'string' && id !== '');
      const rescore = (
        eventType: string,
        ids: (payload: Record<string, unknown>) => unknown[],
        live: (event: OutboxEvent) => boolean,
      ): Reaction => {
        const scoreAll = (events: readonly OutboxEvent[], trx: Kysely<DB>) =>
          scoreContacts(
            trx,
            [...new Set(events.flatMap((event) => idsOf(ids, event)))],
            [...new Set(events.filter(live).flatMap((event) => idsOf(ids, event)))],
          );
        return {
          name: 'predictive.score_contacts',
          eventType,
          async handle(event, trx) {
            await scoreAll([event], trx);
          },
          async handleMany(events, trx) {
            await scoreAll(events, trx);
          },
          // One contact's entries in a batch: scoring it once, after the last, is enough.
          coalesce(event) {
            const list = idsOf(ids, event);
            return list.length === 1 ? list[0]! : null;
          },
        };
      };
      const always = () => true;
      const never = () => false;
      const bulk = (eventType: string): Reaction => ({
        name: 'predictive.score_all',
        eventType,
        async handle(event, trx) {
          const latest = await repo.latestModelId(trx);
          // Scoring settings changed: fit scores (a feature) are being rewritten, so every contact is scored
          // again. Scoring's own pass goes in id order too, with larger chunks and started first, so this
          // one follows behind it.
          const refresh = eventType === SCORING_SETTINGS_CHANGED || event.payload.refresh === true;
          const modelId = eventType === SCORING_SETTINGS_CHANGED ? latest : Number(event.payload.modelId);
          // No model yet, or a newer model started its own pass (this one would only be overwritten).
          if (modelId === null || latest !== modelId) return;
          const afterId = typeof event.payload.afterId === 'string' ? event.payload.afterId : null;
          const step = await scoreChunk(trx, modelId, afterId, refresh);
          if (step.done) return;
          await outbox.enqueue(trx, [
            {
              type: SCORING_CONTINUED,
              aggregateType: 'predictive_model',
              aggregateId: String(modelId),
              payload: { modelId, afterId: step.lastId, ...(refresh ? { refresh: true } : {}) },
            },
          ]);
          // The worker picks the next chunk right after this batch commits instead of after a poll.
          outbox.notify();
        },
      });
      return [
        rescore('contact.created', (p) => [p.id], always),
        rescore('contact.updated', (p) => [p.id], always),
        rescore('contacts.imported', (p) => (Array.isArray(p.contactIds) ? p.contactIds : []), never),
        rescore('event.recorded', (p) => [p.contactId], always),
        // After scoring's bulk passes (an import, a company's change, fading engagement): the new fit and
        // engagement scores, and the company's new fields.
        rescore(
          CONTACTS_RESCORED,
          (p) => (Array.isArray(p.contactIds) ? p.contactIds : []),
          (event) => event.payload.cause === ACCOUNT_UPDATED,
        ),
        bulk(MODEL_TRAINED),
        bulk(SCORING_CONTINUED),
        bulk(SCORING_SETTINGS_CHANGED),
      ];
    },
  };
}

export type PredictiveService = ReturnType<typeof createPredictiveService>;
