import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { createScoringRepository } from '../src/modules/scoring/scoring.repository.js';
import { DEFAULT_SCORING_SETTINGS } from '../src/modules/scoring/index.js';
import { standingEventTypes } from '../src/modules/scoring/engagement.js';
import { benchEnvironment, productionWorker, type BenchDialect } from './environment.js';
import { generate, generateEvents } from './generate.js';
import { adminToken } from './latency.js';
import { BenchFailure, percentile } from './load.js';
import { assertAllAnswered, startSteadyLoad, type SteadySpec } from './steady.js';

/**
 * Bulk rescore: marketing saves a new ICP and every contact is rescored (fit, engagement with decay over its
 * events, temperature with reasons), through the real API and the outbox worker as in production, while a
 * steady trickle of API requests measures how the server answers meanwhile.
 */

export interface RescoreOptions {
  dialect: BenchDialect;
  contacts: number;
  /** Share of contacts with events (a few each, over the last six months). */
  eventShare: number;
  seed: number;
  /** API requests per second during the rescore (and during the quiet baseline before it). */
  apiRate: number;
  log: (message: string) => void;
}

export interface RescoreResult {
  contacts: number;
  events: number;
  seconds: number;
  /** One pass reading every contact with its account and events in the same chunks, writing nothing. */
  scanSeconds: number;
  temperatureChanges: number;
  apiQuietP50Ms: number;
  apiQuietP99Ms: number;
  apiDuringP50Ms: number;
  apiDuringP99Ms: number;
  apiDuringRequests: number;
}

/** An ICP on the generated data's fields: industry, size, seniority, country and title. */
export const BENCH_ICP = [
  { field: 'account.industry', kind: 'in' as const, values: ['software', 'banking', 'telecom', 'retail'], weight: 30 },
  { field: 'account.employeeCount', kind: 'range' as const, min: 50, max: 2000, weight: 25 },
  { field: 'seniority', kind: 'in' as const, values: ['manager', 'director', 'vp', 'c_level'], weight: 20 },
  { field: 'account.country', kind: 'in' as const, values: ['IR', 'DE', 'AE'], weight: 10 },
  { field: 'jobTitle', kind: 'contains' as const, values: ['مدیر', 'manager', 'head'], weight: 15 },
];

const QUIET_SECONDS = 5;
const SCAN_CHUNK = 1000;

export async function measureRescore(opts: RescoreOptions): Promise<RescoreResult> {
  const env = benchEnvironment(opts.dialect);
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({ ...env.config, worker: productionWorker(env) });
    opts.log(`rescore: generating ${opts.contacts} contacts...`);
    let logged = 0;
    const generated = await generate(app.tandem.database, {
      contacts: opts.contacts,
      seed: opts.seed,
      onProgress: (table, n, total) => {
        if (table === 'contacts' && (n - logged >= 100_000 || n === total)) {
          logged = n;
          opts.log(`  contacts ${n}/${total}`);
        }
      },
    });
    const events = await generateEvents(app.tandem.database, { seed: opts.seed, share: opts.eventShare });
    opts.log(
      `rescore: ${generated.contacts} contacts, ${events.events} events for ${events.contactsWithEvents} of them, ` +
        `in ${((generated.ms + events.ms) / 1000).toFixed(0)} s`,
    );
    return await measureOn(app, opts, events.events);
  } finally {
    await app?.close();
    await env.cleanup();
  }
}

/** The measurement on an app whose database already holds the contacts (exported for reuse on a copy). */
export async function measureOn(
  app: FastifyInstance,
  opts: RescoreOptions,
  eventCount: number,
): Promise<RescoreResult> {
  const db = app.tandem.database.db;
  const contacts = Number(
    (
      await db
        .selectFrom('contacts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  opts.log(`rescore: baseline, reading ${contacts} contacts with accounts and events in chunks of ${SCAN_CHUNK}`);
  const scanSeconds = await scan(app);
  opts.log(`rescore: scan took ${scanSeconds.toFixed(1)} s`);

  const token = await adminToken(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const auth = { authorization: `Bearer ${token}` };
  // What people do meanwhile: open the leads list, look at a contact's temperature.
  const someIds = (await db.selectFrom('contacts').select('id').limit(50).execute()).map((r) => r.id);
  const apiRequests: SteadySpec[] = someIds.flatMap((id) => [
    { method: 'GET' as const, path: '/api/v1/contacts?limit=50', headers: auth },
    { method: 'GET' as const, path: `/api/v1/contacts/${id}/temperature`, headers: auth },
  ]);
  const apiLoad = (seconds: number) =>
    startSteadyLoad({
      baseUrl: base,
      rate: opts.apiRate,
      durationSeconds: seconds,
      requests: apiRequests,
      cycle: true,
    });

  opts.log(`rescore: API at ${opts.apiRate} requests/s for ${QUIET_SECONDS} s, nothing else running`);
  const quiet = await apiLoad(QUIET_SECONDS).done;
  assertAllAnswered('API (quiet)', quiet);

  opts.log('rescore: PUT /api/v1/scoring/settings with an ICP, then API load until every contact is rescored');
  const during = apiLoad(3600);
  const started = performance.now();
  const put = await fetch(`${base}/api/v1/scoring/settings`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ ...DEFAULT_SCORING_SETTINGS, icp: BENCH_ICP }),
  });
  if (!put.ok) throw new BenchFailure(`PUT /api/v1/scoring/settings answered ${put.status}: ${await put.text()}`);
  const { version } = (await put.json()) as { version: number };
  let job: { status: string; processed: number; changed: number; settingsVersion: number } | undefined;
  let lastLog = started;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const res = await fetch(`${base}/api/v1/scoring/rescores`, { headers: auth });
    const items = ((await res.json()) as { items: NonNullable<typeof job>[] }).items;
    job = items.find((j) => j.settingsVersion === version);
    if (job && job.status !== 'running') break;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      opts.log(`  ${job?.processed ?? 0}/${contacts} after ${((lastLog - started) / 1000).toFixed(0)} s`);
    }
    if (performance.now() - started > 3_600_000) throw new BenchFailure('rescore: not done after an hour');
  }
  const seconds = (performance.now() - started) / 1000;
  during.stop();
  const busy = await during.done;
  assertAllAnswered('API (during the rescore)', busy);
  if (job.status !== 'done' || job.processed !== contacts) {
    throw new BenchFailure(`rescore ended ${job.status} after ${job.processed} of ${contacts} contacts`);
  }
  const latency = (samples: typeof busy.samples) => samples.map((s) => s.ackAt - s.sentAt).sort((a, b) => a - b);
  const quietMs = latency(quiet.samples);
  const busyMs = latency(busy.samples);
  const result: RescoreResult = {
    contacts,
    events: eventCount,
    seconds,
    scanSeconds,
    temperatureChanges: job.changed,
    apiQuietP50Ms: percentile(quietMs, 50),
    apiQuietP99Ms: percentile(quietMs, 99),
    apiDuringP50Ms: percentile(busyMs, 50),
    apiDuringP99Ms: percentile(busyMs, 99),
    apiDuringRequests: busyMs.length,
  };
  opts.log(
    `rescore: ${contacts} contacts in ${seconds.toFixed(1)} s (scan ${scanSeconds.toFixed(1)} s), ` +
      `${job.changed} temperature changes; API p50/p99 quiet ${result.apiQuietP50Ms.toFixed(1)}/` +
      `${result.apiQuietP99Ms.toFixed(1)} ms, during ${result.apiDuringP50Ms.toFixed(1)}/` +
      `${result.apiDuringP99Ms.toFixed(1)} ms over ${busyMs.length} requests`,
  );
  return result;
}

/** Reads what a rescore reads (contacts with their accounts, their events), chunk by chunk, in transactions. */
async function scan(app: FastifyInstance): Promise<number> {
  const db = app.tandem.database.db;
  const repo = createScoringRepository(db);
  const started = performance.now();
  let cursor: string | null = null;
  for (;;) {
    const after: string | null = cursor;
    const n = await db.transaction().execute(async (trx) => {
      const rows = await repo.contactsForScoring(trx, { afterId: after, limit: SCAN_CHUNK });
      if (rows.length === 0) return 0;
      await repo.recentEventsOf(
        trx,
        { afterId: after, lastId: rows[rows.length - 1]!.id },
        standingEventTypes(DEFAULT_SCORING_SETTINGS.engagementRules),
      );
      cursor = rows[rows.length - 1]!.id;
      return rows.length;
    });
    if (n < SCAN_CHUNK) break;
  }
  return (performance.now() - started) / 1000;
}
