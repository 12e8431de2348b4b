/**
 * Tandem's benchmark harness. `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object
 * per line on stdout and nothing else (progress goes to stderr). See docs/benchmarks.md.
 *
 * Every figure comes with a baseline measured in the same run on the same machine, so the ratio stays
 * meaningful when absolute numbers move with hardware and load.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { trivialInsertRate } from './batch.js';
import { benchEnvironment, settleCatalogs, type BenchDialect } from './environment.js';
import { COMMON_PERSIAN_LAST_NAME, generate, type GenerateResult } from './generate.js';
import { BenchFailure, runLoad, type LoadResult } from './load.js';
import { deepPaging } from './pages.js';
import { measureEventLatency, type LatencyResult } from './latency.js';
import { measureRescore, type RescoreResult } from './rescore.js';
import { IMPORT_PEAK_RSS_MB_BAR, IMPORT_ROWS_PER_S_BAR, measureImport } from './import.js';
import { measureSlaSweep, SLA_SWEEP_MS_BAR } from './sla.js';

interface Options {
  contacts: number;
  duration: number;
  connections: number;
  dialect: BenchDialect;
  json: boolean;
  seed: number;
  /** Which groups run: http (list, search, paging, generator), ingest, latency, rescore, import, sla. */
  only: Set<string>;
  rescoreContacts: number;
  eventsPerSecond: number;
  importRows: number;
  importRunner: 'compiled' | 'tsx';
  slaHandoffs: number;
}

const GROUPS = ['http', 'ingest', 'latency', 'rescore', 'import', 'sla'] as const;

interface Metric {
  name: string;
  value: number;
  unit: 'req/s' | 'ms' | 'rows/s' | 'events' | 's' | 'MB' | 'µs';
  /** What the baseline is, for the human table (the JSON carries only its value). */
  baselineName: string;
  baseline: number;
}

const DEEP_PAGES = 20;
/** Walks of DEEP_PAGES pages: 100 samples per series, so the p99 is not simply the single worst fetch. */
const DEEP_ROUNDS = 5;
const PAGE_SIZE = 50;
const ADMIN_PASSWORD = 'bench-admin-password-not-secret';

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      contacts: { type: 'string', default: '100000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      dialect: { type: 'string', default: 'sqlite' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      only: { type: 'string', default: GROUPS.join(',') },
      'rescore-contacts': { type: 'string', default: '1000000' },
      'events-per-second': { type: 'string', default: '1000' },
      'import-rows': { type: 'string', default: '1000000' },
      'import-runner': { type: 'string', default: 'compiled' },
      'sla-handoffs': { type: 'string', default: '100000' },
    },
  });
  const int = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new BenchFailure(`--${name} must be an integer >= ${min}, got ${raw}`);
    return n;
  };
  if (values.dialect !== 'sqlite' && values.dialect !== 'postgres') {
    throw new BenchFailure(`--dialect must be sqlite or postgres, got ${values.dialect}`);
  }
  const only = new Set(values.only.split(',').map((g) => g.trim()));
  for (const g of only) {
    if (!(GROUPS as readonly string[]).includes(g))
      throw new BenchFailure(`--only takes ${GROUPS.join(', ')}; got ${g}`);
  }
  return {
    // Deep paging follows 20 cursors of 50 rows, so it needs a little over 1,000 contacts.
    contacts: int('contacts', values.contacts, PAGE_SIZE * (DEEP_PAGES + 1) + 1),
    duration: int('duration', values.duration, 1),
    connections: int('connections', values.connections, 1),
    dialect: values.dialect,
    json: values.json,
    seed: int('seed', values.seed, 0),
    only,
    rescoreContacts: int('rescore-contacts', values['rescore-contacts'], 1),
    eventsPerSecond: int('events-per-second', values['events-per-second'], 1),
    importRows: int('import-rows', values['import-rows'], 1),
    importRunner: importRunner(values['import-runner']),
    slaHandoffs: int('sla-handoffs', values['sla-handoffs'], 1000),
  };
}

function importRunner(value: string): 'compiled' | 'tsx' {
  if (value !== 'compiled' && value !== 'tsx')
    throw new BenchFailure(`--import-runner must be compiled or tsx, got ${value}`);
  return value;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function seedDatabase(
  app: FastifyInstance,
  opts: Options,
): Promise<{ generated: GenerateResult; trivialRowsPerSecond: number }> {
  const database = app.tandem.database;
  log(`generating ${opts.contacts} contacts (seed ${opts.seed})...`);
  let lastLogged = 0;
  const generated = await generate(database, {
    contacts: opts.contacts,
    seed: opts.seed,
    phoneRegion: app.tandem.config.defaultPhoneRegion,
    onProgress: (table, n, total) => {
      if (table === 'contacts' && (n - lastLogged >= 20_000 || n === total)) {
        lastLogged = n;
        log(`  contacts ${n}/${total}`);
      }
    },
  });
  log(
    `generated ${generated.rows} rows (${generated.accounts} accounts, ${generated.users} users, ` +
      `${generated.teams} teams) in ${(generated.ms / 1000).toFixed(1)} s`,
  );
  log(`baseline: inserting ${generated.rows} rows into a two-column scratch table...`);
  const trivial = await trivialInsertRate(database, generated.rows);
  return { generated, trivialRowsPerSecond: trivial.rowsPerSecond };
}

/** An admin and its API token, made through the services as the CLI does. */
async function adminToken(app: FastifyInstance): Promise<string> {
  const { users, auth } = app.tandem.services;
  const admin = await users.create(null, {
    email: 'bench-admin@example.com',
    name: 'Bench Admin',
    role: 'admin',
    password: ADMIN_PASSWORD,
  });
  return (await auth.createToken(null, admin.id, 'bench')).token;
}

/** One request before the load: the route must answer 200 with data, or the load would measure nothing. */
async function expectItems(url: string, token: string, atLeast: number): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items?: unknown[] };
  const n = body.items?.length ?? 0;
  if (!res.ok || n < atLeast) {
    throw new BenchFailure(`GET ${url} answered ${res.status} with ${n} items (expected >= ${atLeast})`);
  }
}

async function someEmail(url: string, token: string): Promise<string> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items: { email: string | null }[] };
  const email = body.items.find((c) => c.email)?.email;
  if (!email) throw new BenchFailure(`GET ${url} gave no contact with an email`);
  return email;
}

async function measureHttp(base: string, token: string, opts: Options): Promise<Metric[]> {
  const load = (url: string, headers: Record<string, string> = {}) => {
    log(`load: ${url} for ${opts.duration} s, ${opts.connections} connections`);
    return runLoad({
      url,
      headers,
      connections: opts.connections,
      durationSeconds: opts.duration,
      warmupSeconds: Math.min(3, Math.max(1, Math.round(opts.duration / 5))),
    });
  };
  const auth = { authorization: `Bearer ${token}` };
  const listUrl = `${base}/api/v1/contacts?limit=${PAGE_SIZE}`;
  const searchUrl = `${base}/api/v1/contacts?q=${encodeURIComponent(COMMON_PERSIAN_LAST_NAME)}&limit=${PAGE_SIZE}`;
  await expectItems(listUrl, token, PAGE_SIZE);
  await expectItems(searchUrl, token, 1);
  // A rare term: one person's email, the lookup a rep does most. It must not read the whole table.
  const rareTerm = await someEmail(`${base}/api/v1/contacts?limit=20&sort=lastName&order=asc`, token);
  const rareUrl = `${base}/api/v1/contacts?q=${encodeURIComponent(rareTerm)}&limit=${PAGE_SIZE}`;
  await expectItems(rareUrl, token, 1);

  const health = await load(`${base}/health`);
  const list = await load(listUrl, auth);
  const search = await load(searchUrl, auth);
  const rare = await load(rareUrl, auth);
  log(`deep paging: ${DEEP_ROUNDS} walks of ${DEEP_PAGES} pages of ${PAGE_SIZE}, one request at a time`);
  const paging = await deepPaging(listUrl, token, DEEP_PAGES, DEEP_ROUNDS);
  logLoad('health', health);
  logLoad('list', list);
  logLoad('search', search);
  logLoad('search (rare term)', rare);

  const healthP50 = { baselineName: 'health_p50_ms', baseline: health.p50Ms };
  const healthP99 = { baselineName: 'health_p99_ms', baseline: health.p99Ms };
  const healthRps = { baselineName: 'health_rps', baseline: health.rps };
  return [
    { name: 'health_rps', value: health.rps, unit: 'req/s', ...healthRps },
    { name: 'contacts_list_p50_ms', value: list.p50Ms, unit: 'ms', ...healthP50 },
    { name: 'contacts_list_p99_ms', value: list.p99Ms, unit: 'ms', ...healthP99 },
    { name: 'contacts_list_rps', value: list.rps, unit: 'req/s', ...healthRps },
    { name: 'contacts_search_p50_ms', value: search.p50Ms, unit: 'ms', ...healthP50 },
    { name: 'contacts_search_p99_ms', value: search.p99Ms, unit: 'ms', ...healthP99 },
    { name: 'contacts_search_rare_p50_ms', value: rare.p50Ms, unit: 'ms', ...healthP50 },
    { name: 'contacts_search_rare_p99_ms', value: rare.p99Ms, unit: 'ms', ...healthP99 },
    {
      name: 'contacts_list_page_deep_p99_ms',
      value: paging.deepP99Ms,
      unit: 'ms',
      baselineName: 'contacts_list_first_page_seq_p99_ms',
      baseline: paging.firstPageP99Ms,
    },
  ];
}

/** Connections of the ingestion load, as the tracking benchmark specifies. */
const INGEST_CONNECTIONS = 100;

/**
 * Tracking ingestion: POST /t/events with one small event per request, 100 connections from a second
 * process, against a bare Fastify route that parses the same JSON and answers 202, in the same run. Then
 * every acknowledged event must be in the database.
 */
async function measureIngestion(app: FastifyInstance, tandemBase: string, opts: Options): Promise<Metric[]> {
  const bare = Fastify({ logger: false });
  bare.post('/bare', async (_req, reply) => reply.status(202).send({ accepted: 1 }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  // The server's CPU (every thread of this process: the event loop, the event writer, GC) per answer, over
  // warm-up and measurement: what each request costs, whoever gets the cores on a small machine.
  const load = async (url: string) => {
    log(`ingestion load: ${url} for ${opts.duration} s, ${INGEST_CONNECTIONS} connections, separate process`);
    const before = process.cpuUsage();
    const result = await runLoad({
      url,
      headers: {},
      connections: INGEST_CONNECTIONS,
      durationSeconds: opts.duration,
      warmupSeconds: Math.min(3, Math.max(1, Math.round(opts.duration / 5))),
      eventBatches: true,
      separateProcess: true,
    });
    const cpu = process.cpuUsage(before);
    return { ...result, cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, result.acknowledged) };
  };
  try {
    const baseline = await load(`http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/bare`);
    const before = await countEvents(app);
    const ingest = await load(`${tandemBase}/t/events`);
    // No drain: an answered request must already be committed.
    const stored = (await countEvents(app)) - before;
    logLoad('bare route', baseline);
    logLoad('ingestion', ingest);
    log(`ingestion: ${ingest.acknowledged} events acknowledged, ${stored} stored`);
    log(
      `server CPU per request: bare route ${baseline.cpuUsPerRequest.toFixed(1)} µs, ` +
        `ingestion ${ingest.cpuUsPerRequest.toFixed(1)} µs`,
    );
    if (stored < ingest.acknowledged) {
      throw new BenchFailure(`only ${stored} of ${ingest.acknowledged} acknowledged events are in the database`);
    }
    return [
      { name: 'ingest_rps', value: ingest.rps, unit: 'req/s', baselineName: 'bare_route_rps', baseline: baseline.rps },
      {
        name: 'ingest_p99_ms',
        value: ingest.p99Ms,
        unit: 'ms',
        baselineName: 'bare_route_p99_ms',
        baseline: baseline.p99Ms,
      },
      {
        name: 'ingest_server_cpu_us_per_req',
        value: ingest.cpuUsPerRequest,
        unit: 'µs',
        baselineName: 'bare_route_server_cpu_us_per_req',
        baseline: baseline.cpuUsPerRequest,
      },
      {
        name: 'ingest_events_stored',
        value: stored,
        unit: 'events',
        baselineName: 'ingest_events_acknowledged',
        baseline: ingest.acknowledged,
      },
    ];
  } finally {
    await bare.close();
  }
}

/** Event to temperature change, per way in; the baseline is the event request's own response time. */
function latencyMetrics(r: LatencyResult): Metric[] {
  return [
    {
      name: `event_temperature_${r.way}_p50_ms`,
      value: r.p50Ms,
      unit: 'ms',
      baselineName: `event_request_${r.way}_p50_ms`,
      baseline: r.requestP50Ms,
    },
    {
      name: `event_temperature_${r.way}_p99_ms`,
      value: r.p99Ms,
      unit: 'ms',
      baselineName: `event_request_${r.way}_p99_ms`,
      baseline: r.requestP99Ms,
    },
  ];
}

/**
 * Bulk rescore of every contact: its seconds against one pass that only reads what it reads, and the API's
 * latency during it against the same requests on the idle server just before.
 */
function rescoreMetrics(r: RescoreResult): Metric[] {
  return [
    {
      name: 'rescore_all_s',
      value: r.seconds,
      unit: 's',
      baselineName: 'rescore_read_only_s',
      baseline: r.scanSeconds,
    },
    {
      name: 'rescore_api_p50_ms',
      value: r.apiDuringP50Ms,
      unit: 'ms',
      baselineName: 'api_quiet_p50_ms',
      baseline: r.apiQuietP50Ms,
    },
    {
      name: 'rescore_api_p99_ms',
      value: r.apiDuringP99Ms,
      unit: 'ms',
      baselineName: 'api_quiet_p99_ms',
      baseline: r.apiQuietP99Ms,
    },
  ];
}

async function countEvents(app: FastifyInstance): Promise<number> {
  const row = await app.tandem.database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function logLoad(label: string, r: LoadResult): void {
  const latency = `p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms`;
  log(`${label}: ${r.responses} responses, ${r.rps.toFixed(1)} req/s, ${latency}`);
}

/** Values are rounded for output; the ratio is computed from the rounded figures so readers can redo it. */
const DIGITS: Record<Metric['unit'], number> = { ms: 3, 'req/s': 1, 'rows/s': 0, events: 0, s: 2, MB: 1, µs: 1 };

function round(value: number, unit: Metric['unit']): number {
  const f = 10 ** DIGITS[unit];
  return Math.round(value * f) / f;
}

function finalize(m: Metric): Metric & { ratio: number } {
  const value = round(m.value, m.unit);
  const baseline = round(m.baseline, m.unit);
  if (!(baseline > 0)) throw new BenchFailure(`${m.name}: baseline ${m.baselineName} is ${baseline}, cannot divide`);
  return { ...m, value, baseline, ratio: Math.round((value / baseline) * 10_000) / 10_000 };
}

function printJson(metrics: (Metric & { ratio: number })[]): void {
  for (const m of metrics) {
    process.stdout.write(
      JSON.stringify({ name: m.name, value: m.value, unit: m.unit, baseline: m.baseline, ratio: m.ratio }) + '\n',
    );
  }
}

function printTable(metrics: (Metric & { ratio: number })[], opts: Options, engine: string): void {
  const header = ['benchmark', 'value', 'unit', 'baseline', 'baseline value', 'ratio'];
  const rows = metrics.map((m) => [
    m.name,
    m.value.toFixed(DIGITS[m.unit]),
    m.unit,
    m.baselineName,
    m.baseline.toFixed(DIGITS[m.unit]),
    m.ratio.toFixed(4),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 4, 5]);
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const out = [
    `Tandem benchmarks: ${opts.contacts} contacts on ${engine}`,
    `${opts.duration} s per load measurement, ${opts.connections} connections, seed ${opts.seed}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'ratio = value / baseline. Latency baselines are GET /health in the same run; the deep-page baseline is the',
    'first page fetched the same way; the generator baseline is a two-column table filled in the same batches.',
    "The import's baselines are the issue's bars: at least 20,000 rows/s, under 300 MB peak memory.",
    "The SLA sweep's baseline is the issue's bar: one sweep under 100 ms with 100,000 open handoffs.",
  ];
  process.stdout.write(out.join('\n') + '\n');
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  // Keep stdout for the JSON lines: anything a library prints with console.log goes to stderr instead.
  if (opts.json) console.log = console.error;
  const env = benchEnvironment(opts.dialect);
  log(`database: ${env.where}`);
  if (env.config.database.dialect === 'postgres') {
    const vacuumed = await settleCatalogs(env.config.database.url);
    if (vacuumed.length > 0) log(`autovacuum is off: vacuumed the catalogs first (${vacuumed.join(', ')})`);
  }
  let app: FastifyInstance | undefined;
  try {
    const measured: Metric[] = [];
    if (opts.only.has('http') || opts.only.has('ingest')) {
      app = await buildApp(env.config);
      const { generated, trivialRowsPerSecond } = await seedDatabase(app, opts);
      const token = await adminToken(app);
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      if (opts.only.has('http')) measured.push(...(await measureHttp(`http://127.0.0.1:${port}`, token, opts)));
      if (opts.only.has('ingest')) measured.push(...(await measureIngestion(app, `http://127.0.0.1:${port}`, opts)));
      if (opts.only.has('http')) {
        measured.push({
          name: 'generate_rows_per_s',
          value: generated.rowsPerSecond,
          unit: 'rows/s' as const,
          baselineName: 'trivial_insert_rows_per_s',
          baseline: trivialRowsPerSecond,
        });
      }
      await app.close();
      app = undefined;
    }
    // Each in a database of its own, with the outbox worker on as in production.
    if (opts.only.has('latency')) {
      const results = await measureEventLatency({
        dialect: opts.dialect,
        rate: opts.eventsPerSecond,
        seconds: opts.duration,
        seed: opts.seed,
        log,
      });
      measured.push(...results.flatMap(latencyMetrics));
    }
    if (opts.only.has('rescore')) {
      const result = await measureRescore({
        dialect: opts.dialect,
        contacts: opts.rescoreContacts,
        eventShare: 0.2,
        seed: opts.seed,
        apiRate: 50,
        log,
      });
      measured.push(...rescoreMetrics(result));
    }
    if (opts.only.has('import')) {
      // Always a fresh SQLite database in a child process (the embedded default), whatever --dialect says.
      const result = await measureImport({ rows: opts.importRows, seed: opts.seed, log, runner: opts.importRunner });
      log(
        `import: ${result.rows} rows in ${result.seconds.toFixed(1)} s (${Math.round(result.rowsPerSecond)} rows/s), ` +
          `peak RSS ${result.peakRssMb.toFixed(1)} MB; created ${result.created}, rejected ${result.rejected}, ` +
          `companies ${result.accountsCreated}`,
      );
      // Baselines: the bars (20,000 rows/s, 300 MB), so a ratio >= 1 (rows/s) and < 1 (MB) meets them.
      measured.push(
        {
          name: 'import_rows_per_s',
          value: result.rowsPerSecond,
          unit: 'rows/s',
          baselineName: 'bar_import_rows_per_s',
          baseline: IMPORT_ROWS_PER_S_BAR,
        },
        {
          name: 'import_peak_rss_mb',
          value: result.peakRssMb,
          unit: 'MB',
          baselineName: 'bar_import_peak_rss_mb',
          baseline: IMPORT_PEAK_RSS_MB_BAR,
        },
      );
    }
    if (opts.only.has('sla')) {
      // A database of its own, written with bulk SQL; --dialect chooses it.
      const result = await measureSlaSweep({
        dialect: opts.dialect,
        handoffs: opts.slaHandoffs,
        seed: opts.seed,
        batch: 100,
        sweeps: 30,
        log,
      });
      // Baseline: the bar (100 ms per sweep with 100,000 open handoffs), so a ratio below 1 meets it.
      measured.push({
        name: 'sla_sweep_ms',
        value: result.medianMs,
        unit: 'ms',
        baselineName: 'bar_sla_sweep_ms',
        baseline: SLA_SWEEP_MS_BAR,
      });
    }
    const metrics = measured.map(finalize);
    if (opts.json) printJson(metrics);
    else printTable(metrics, opts, env.engine);
  } finally {
    await app?.close();
    await env.cleanup();
  }
}

/** Expected failures (bad options, dirty measurements) get one line; anything else its stack. */
function describeError(err: unknown): string {
  if (err instanceof BenchFailure) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

main().catch((err: unknown) => {
  const message = describeError(err);
  process.stderr.write(`[bench] FAILED: ${message}\n`);
  process.exitCode = 1;
});
