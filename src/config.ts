import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { trustedProxiesProblem } from './http/client-address.js';

/**
 * Configuration is read from the environment once, validated, and frozen. Every other module receives the
 * parts it needs explicitly; nothing reads process.env after start-up.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** Whether PUBLIC_URL was set; when not, links given to visitors (form embeds) use the request's origin. */
  readonly publicUrlConfigured: boolean;
  readonly dataDir: string;
  readonly database:
    | { readonly dialect: 'sqlite'; readonly file: string }
    | {
        readonly dialect: 'postgres';
        readonly url: string;
        readonly schema?: string | undefined;
        /** Repeated statements become prepared statements per connection (src/db/prepared.ts). */
        readonly prepareStatements?: boolean;
      };
  readonly sessionSecret: string;
  readonly sessionTtlHours: number;
  /** How long an API token's user is remembered between requests (auth/token-cache.ts); 0: never. */
  readonly tokenCacheMs: number;
  /** Days a handled outbox entry is kept before the server deletes it (jobs/retention.ts); 0: forever. */
  readonly outboxRetentionDays: number;
  readonly secureCookies: boolean;
  readonly defaultPhoneRegion: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Human-readable lines for a terminal, JSON lines for log collectors. */
  readonly logFormat: 'pretty' | 'json';
  readonly smtp: {
    readonly host?: string | undefined;
    readonly port: number;
    readonly user?: string | undefined;
    readonly password?: string | undefined;
    readonly from: string;
    readonly secure: boolean;
  };
  readonly worker: { readonly enabled: boolean; readonly pollMs: number; readonly batchSize: number };
  readonly loginRateLimit: { readonly max: number; readonly windowMs: number };
  /** Requests per minute one client address may send to the public tracking endpoints. */
  readonly trackingRateLimitPerMinute: number;
  /** Form submissions per client address per minute (public endpoint). */
  readonly formRateLimitPerMinute: number;
  /** Largest CSV file an import upload may send (IMPORT_MAX_UPLOAD_MB). */
  readonly importMaxUploadBytes: number;
  /** How long a request may take to arrive in full, headers and body (REQUEST_TIMEOUT_S); then 408. */
  readonly requestTimeoutMs: number;
  readonly webDir: string;
  /**
   * Fastify's trustProxy: false, or the addresses/CIDRs of the proxies in front of Tandem (comma-separated),
   * whose X-Forwarded-For entries are believed (trustedProxiesProblem).
   */
  readonly trustProxy: false | string;
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:|file:)/, 'must start with postgres://, sqlite: or file:')
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  // Off behind a pooler that cannot keep prepared statements per client (PgBouncer in transaction mode
  // before 1.21, or without max_prepared_statements).
  DATABASE_PREPARED_STATEMENTS: bool.default(true),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  API_TOKEN_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(5),
  SECURE_COOKIES: bool.optional(),
  DEFAULT_PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as IR or US')
    .default('IR'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('Tandem <tandem@localhost>'),
  SMTP_SECURE: bool.default(false),
  WORKER_ENABLED: bool.default(true),
  WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  // Outbox entries per lease; by default 500 on PostgreSQL and 100 on SQLite (see loadConfig).
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).optional(),
  OUTBOX_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(7),
  TRACKING_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  FORM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  IMPORT_MAX_UPLOAD_MB: z.coerce.number().min(0.001).max(100_000).default(512),
  // An hour: the largest CSV upload (IMPORT_MAX_UPLOAD_MB, 512 by default) over a link of about 1.2 Mbit/s; a
  // request trickled in more slowly is cut.
  REQUEST_TIMEOUT_S: z.coerce.number().min(1).max(86_400).default(3600),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_LIMIT_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
  WEB_DIR: z.string().default('web/dist'),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '' || v.trim() === 'false') return false;
      const problem = trustedProxiesProblem(v);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return v;
    }),
});

export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const database: Config['database'] =
    e.DATABASE_URL && /^postgres(ql)?:\/\//.test(e.DATABASE_URL)
      ? {
          dialect: 'postgres',
          url: e.DATABASE_URL,
          schema: e.DATABASE_SCHEMA,
          prepareStatements: e.DATABASE_PREPARED_STATEMENTS,
        }
      : {
          dialect: 'sqlite',
          file: e.DATABASE_URL ? sqliteFileFromUrl(e.DATABASE_URL) : resolve(dataDir, 'tandem.sqlite'),
        };
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    dataDir,
    database,
    sessionSecret: e.SESSION_SECRET ?? '',
    sessionTtlHours: e.SESSION_TTL_HOURS,
    tokenCacheMs: Math.round(e.API_TOKEN_CACHE_SECONDS * 1000),
    outboxRetentionDays: e.OUTBOX_RETENTION_DAYS,
    secureCookies: e.SECURE_COOKIES ?? publicUrl.startsWith('https://'),
    defaultPhoneRegion: e.DEFAULT_PHONE_REGION,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      user: e.SMTP_USER,
      password: e.SMTP_PASSWORD,
      from: e.SMTP_FROM,
      secure: e.SMTP_SECURE,
    },
    worker: {
      enabled: e.WORKER_ENABLED,
      pollMs: e.WORKER_POLL_MS,
      // Only a backlog fills a lease. Then bigger batches pay the per-transaction cost (lease, confirm,
      // settings, marking done) less often: at 1,000 events/s on PostgreSQL, 100 fell behind (p99 2-3 s from
      // event to temperature) where 500 keeps up (p99 0.15-0.3 s) (docs/benchmarks.md). SQLite keeps 100: its
      // one connection serves requests too, and reactions that handle entries one by one (account
      // recounts, handoffs) would hold it five times as long.
      batchSize: e.WORKER_BATCH_SIZE ?? (database.dialect === 'postgres' ? 500 : 100),
    },
    loginRateLimit: { max: e.LOGIN_RATE_LIMIT_MAX, windowMs: e.LOGIN_RATE_LIMIT_WINDOW_MS },
    trackingRateLimitPerMinute: e.TRACKING_RATE_LIMIT_PER_MINUTE,
    formRateLimitPerMinute: e.FORM_RATE_LIMIT_PER_MINUTE,
    importMaxUploadBytes: Math.round(e.IMPORT_MAX_UPLOAD_MB * 1024 * 1024),
    requestTimeoutMs: Math.round(e.REQUEST_TIMEOUT_S * 1000),
    webDir: resolve(e.WEB_DIR),
    trustProxy: e.TRUST_PROXY,
    ...overrides,
  };
  return Object.freeze(config);
}

function sqliteFileFromUrl(url: string): string {
  const path = url.replace(/^(sqlite|file):(\/\/)?/, '');
  return path === ':memory:' ? path : resolve(path);
}

/**
 * The session secret signs nothing a client can forge today (sessions are random ids looked up in the
 * database), but later features (signed tracking links, unsubscribe links) need a stable secret. When none
 * is configured we generate one and keep it under the data directory so restarts do not invalidate links.
 */
export function ensureSessionSecret(config: Config): Config {
  if (config.sessionSecret) return config;
  const file = resolve(config.dataDir, 'session-secret');
  let secret: string;
  if (existsSync(file)) {
    secret = readFileSync(file, 'utf8').trim();
  } else {
    mkdirSync(dirname(file), { recursive: true });
    secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret + '\n', { mode: 0o600 });
  }
  return Object.freeze({ ...config, sessionSecret: secret });
}
