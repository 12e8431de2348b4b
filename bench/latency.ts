import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import type { ScoringSettings } from '../src/modules/scoring/settings.js';
import { benchEnvironment, productionWorker, type BenchDialect } from './environment.js';
import { generate } from './generate.js';
import { BenchFailure, percentile } from './load.js';
import { assertAllAnswered, startSteadyLoad, type SteadySpec } from './steady.js';

/**
 * Event to temperature change: events arrive at a steady rate, each one taking a cold contact to warm, and
 * the time from the acknowledged request to the committed temperature change (`temperature_changes.at`) is
 * measured per event. The API records form submissions (50 points; warm starts at 20); the site reports
 * `demo_requested`, which the scoring rules are given 30 points for first (a page may not claim a form
 * submission: only Tandem records those). The server runs as in
 * production: outbox worker on, default poll interval, reactions woken by the commit.
 *
 * Two ways in: the authenticated API (`POST /api/v1/contacts/:id/events`) and the tracking endpoint
 * (`POST /t/events`) for visitors already merged into contacts.
 */

export interface LatencyOptions {
  dialect: BenchDialect;
  /** Events per second. */
  rate: number;
  /** Measured seconds per way in (after one second of warm-up). */
  seconds: number;
  seed: number;
  log: (message: string) => void;
}

export interface LatencyResult {
  way: 'api' | 'tracking';
  events: number;
  /** Requests per second actually sent. */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Changes committed before the client had read the acknowledgement (counted as 0 ms). */
  beforeAck: number;
  requestP50Ms: number;
  requestP99Ms: number;
}

const WARMUP_SECONDS = 1;
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

export async function measureEventLatency(opts: LatencyOptions): Promise<LatencyResult[]> {
  const env = benchEnvironment(opts.dialect);
  let app: FastifyInstance | undefined;
  try {
    // Production's worker settings, not the benchmark environment's (which has no worker).
    app = await buildApp({ ...env.config, worker: productionWorker(env) });
    const perWay = Math.ceil(opts.rate * (opts.seconds + WARMUP_SECONDS));
    const token = await adminToken(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await addSiteEventRule(base, token);
    opts.log(`latency: generating ${2 * perWay} cold contacts...`);
    await generate(app.tandem.database, { contacts: 2 * perWay, seed: opts.seed });
    const ids = (await app.tandem.database.db.selectFrom('contacts').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
    const tracked = ids.slice(perWay, 2 * perWay);
    const visitors = await mergeVisitors(app, tracked);
    const tracking = await measureWay(app, opts, base, 'tracking', tracked, (id) => ({
      method: 'POST',
      path: '/t/events',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA },
      body: JSON.stringify({ visitorId: visitors.get(id)!, events: [{ type: SITE_EVENT }] }),
    }));
    const api = await measureWay(app, opts, base, 'api', ids.slice(0, perWay), (id) => ({
      method: 'POST',
      path: `/api/v1/contacts/${id}/events`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'form_submitted' }),
    }));
    return [tracking, api];
  } finally {
    await app?.close();
    await env.cleanup();
  }
}

const SITE_EVENT = 'demo_requested';

/**
 * Gives the site's event 30 points (as marketing would for its own `tandem('track', ...)` events) before any
 * contact exists, and waits for the rescore that the change starts, so none runs during the measurement.
 */
async function addSiteEventRule(base: string, token: string): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  const current = (await (await fetch(`${base}/api/v1/scoring/settings`, { headers: auth })).json()) as {
    version: number;
    settings: ScoringSettings;
  };
  const settings: ScoringSettings = {
    ...current.settings,
    engagementRules: [
      ...current.settings.engagementRules,
      { id: 'demo-requested', eventType: SITE_EVENT, points: 30, repeatable: false },
    ],
  };
  const put = await fetch(`${base}/api/v1/scoring/settings`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!put.ok) throw new BenchFailure(`PUT /api/v1/scoring/settings answered ${put.status}: ${await put.text()}`);
  const { version } = (await put.json()) as { version: number };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${base}/api/v1/scoring/rescores`, { headers: auth });
    const items = ((await res.json()) as { items: { status: string; settingsVersion: number }[] }).items;
    if (items.some((j) => j.settingsVersion === version && j.status !== 'running')) return;
    if (Date.now() > deadline) throw new BenchFailure('latency: the rescore after the rules changed did not end');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function measureWay(
  app: FastifyInstance,
  opts: LatencyOptions,
  base: string,
  way: 'api' | 'tracking',
  contactIds: string[],
  request: (contactId: string) => SteadySpec,
): Promise<LatencyResult> {
  opts.log(`latency (${way}): ${contactIds.length} events at ${opts.rate}/s, one per contact, each cold -> warm`);
  const load = startSteadyLoad({
    baseUrl: base,
    rate: opts.rate,
    durationSeconds: opts.seconds + WARMUP_SECONDS + 5,
    requests: contactIds.map(request),
  });
  const reply = await load.done;
  assertAllAnswered(`latency (${way})`, reply);
  const db = app.tandem.database.db;
  // Changes still on their way are waited for (a missing one would be an unbounded latency).
  const deadline = Date.now() + 30_000;
  let changes: { contact_id: string; at: string }[] = [];
  for (;;) {
    changes = await db
      .selectFrom('temperature_changes')
      .select(['contact_id', 'at'])
      .where('cause', '=', 'event.recorded')
      .where('contact_id', 'in', contactIds)
      .execute();
    if (changes.length >= contactIds.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (changes.length < contactIds.length) {
    throw new BenchFailure(`latency (${way}): ${changes.length} of ${contactIds.length} temperature changes committed`);
  }
  // The reactions to those changes too, so the next measurement starts on an idle server.
  while (Date.now() < deadline + 60_000) {
    const pending = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const changedAt = new Map(changes.map((c) => [c.contact_id, Date.parse(c.at)]));
  const warmup = opts.rate * WARMUP_SECONDS;
  const measured = reply.samples.filter((s) => s.index >= warmup);
  let beforeAck = 0;
  const latencies = measured
    .map((s) => {
      const ms = changedAt.get(contactIds[s.index]!)! - s.ackAt;
      if (ms < 0) beforeAck += 1;
      return Math.max(0, ms);
    })
    .sort((a, b) => a - b);
  const requests = measured.map((s) => s.ackAt - s.sentAt).sort((a, b) => a - b);
  const first = Math.min(...measured.map((s) => s.sentAt));
  const last = Math.max(...measured.map((s) => s.sentAt));
  const result: LatencyResult = {
    way,
    events: measured.length,
    rate: measured.length / Math.max(0.001, (last - first) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1]!,
    beforeAck,
    requestP50Ms: percentile(requests, 50),
    requestP99Ms: percentile(requests, 99),
  };
  opts.log(
    `latency (${way}): ${result.events} events at ${result.rate.toFixed(0)}/s; ack -> temperature change ` +
      `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms ` +
      `(${beforeAck} committed before the client read the ack); request p50 ${result.requestP50Ms.toFixed(1)} ms, ` +
      `p99 ${result.requestP99Ms.toFixed(1)} ms`,
  );
  return result;
}

/** Each contact gets a browser (a visitor id) already merged into it, as after a form or a tracked click. */
async function mergeVisitors(app: FastifyInstance, contactIds: string[]): Promise<Map<string, string>> {
  const now = new Date().toISOString();
  const visitors = new Map(contactIds.map((id) => [id, randomBytes(16).toString('base64url')]));
  const rows = [...visitors].map(([contactId, id]) => ({
    id,
    contact_id: contactId,
    first_seen_at: now,
    last_seen_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await app.tandem.database.db
      .insertInto('visitors')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return visitors;
}

/** An admin and its API token, made through the services as the CLI does. */
export async function adminToken(app: FastifyInstance): Promise<string> {
  const { users, auth } = app.tandem.services;
  const admin = await users.create(null, {
    email: `bench-admin-${randomBytes(4).toString('hex')}@example.com`,
    name: 'Bench Admin',
    role: 'admin',
    password: 'bench-admin-password-not-secret',
  });
  return (await auth.createToken(null, admin.id, 'bench')).token;
}
