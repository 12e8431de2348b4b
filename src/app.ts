import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { ensureSessionSecret, type Config } from './config.js';
import { createDatabase, ensurePostgresSchema, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createAddressLimiter } from './http/address-limiter.js';
import { registerAuthentication } from './http/auth.js';
import { clientAddressOf, rateLimitKey } from './http/client-address.js';
import { registerInputRules } from './http/input.js';
import { redactUrl } from './http/log-redaction.js';
import { linkOrigin } from './http/origin.js';
import { pageSecurityOptions, registerSecurityHeaders } from './http/security-headers.js';
import { registerErrorHandling, routeNotFound, unavailable } from './http/problem.js';
import { createOutbox, type Outbox } from './jobs/outbox.js';
import { createOutboxWorker, type OutboxWorker, type Reaction } from './jobs/worker.js';
import {
  accountRoutes,
  contactCountReactions,
  createAccountService,
  isAccountVisible,
  type AccountService,
} from './modules/accounts/index.js';
import {
  authRoutes,
  createAuthRepository,
  createAuthService,
  createThrottle,
  setupCode,
  type Actor,
  type AuthService,
} from './modules/auth/index.js';
import { contactRoutes, createContactService, type ContactService } from './modules/contacts/index.js';
import { createScoringService, scoringRoutes, type ScoringService } from './modules/scoring/index.js';
import { createPredictiveService, predictiveRoutes, type PredictiveService } from './modules/predictive/index.js';
import {
  contactEventRoutes,
  createEmailTrackingService,
  emailLinkRoutes,
  emailTrackingRoutes,
  trackedSitesRoutes,
  type EmailTrackingService,
  createTrackingService,
  trackingRoutes,
  createBeaconFastPath,
  MAX_LINK_TOKEN,
  type TrackingService,
} from './modules/tracking/index.js';
import { createLeadsService, leadRoutes, type LeadsService } from './modules/leads/index.js';
import { createFormsService, formPublicRoutes, formRoutes, type FormsService } from './modules/forms/index.js';
import { createUserService, userRoutes, type UserService } from './modules/users/index.js';
import { createViewsService, viewRoutes, type ViewsService } from './modules/views/index.js';
import {
  createImportService,
  createImportsRepository,
  importRoutes,
  importCreationEntries,
  restoreAbandonedBulkLoads,
  type ImportService,
} from './modules/imports/index.js';
import { businessTimeRoutes, createSlaService, slaRoutes, type SlaService } from './modules/sla/index.js';
import { createRoutingService, routingRoutes, type RoutingService } from './modules/routing/index.js';
import {
  createHandoffService,
  createHandoffTimers,
  createNotificationMailSender,
  handoffRoutes,
  openHandoffCounts,
  type HandoffService,
} from './modules/handoffs/index.js';
import { systemClock, type Clock } from './shared/clock.js';
import { createMailer } from './shared/mailer.js';
import { createPollLoop } from './shared/poll-loop.js';
import { purgeHandledOutbox } from './jobs/retention.js';
import { complianceRoutes, createComplianceService, type ComplianceService } from './modules/compliance/index.js';
import {
  createLocalFeed,
  createPostgresFeed,
  liveReactions,
  liveRoutes,
  type ContactFeed,
  type FeedLogger,
} from './modules/live/index.js';

export interface Services {
  users: UserService;
  auth: AuthService;
  accounts: AccountService;
  contacts: ContactService;
  /** Saved views of the leads list. */
  views: ViewsService;
  tracking: TrackingService;
  forms: FormsService;
  email: EmailTrackingService;
  leads: LeadsService;
  scoring: ScoringService;
  predictive: PredictiveService;
  imports: ImportService;
  sla: SlaService;
  routing: RoutingService;
  handoffs: HandoffService;
  compliance: ComplianceService;
  /** Which contacts just changed, for pages that show them live. */
  live: ContactFeed;
}

export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  outbox: Outbox;
  services: Services;
  worker: OutboxWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    tandem: AppContext;
  }
}

export interface BuildOptions {
  clock?: Clock;
  /** Extra reactions (tests, plugins) on top of the modules' own. */
  reactions?: Reaction[];
  /** Where log lines go instead of stdout (tests read them to prove secrets stay out). */
  logStream?: { write(line: string): void };
  /** Rows read per query by CSV exports (tests page with a few rows). */
  exportPageSize?: number;
}

/** Every module's services, wired explicitly. Shared by the HTTP app and the CLI. */
export function createServices(deps: {
  config: Config;
  database: Database;
  clock: Clock;
  outbox: Outbox;
  log?: FeedLogger;
  exportPageSize?: number | undefined;
}): Services {
  const { config, database, clock, outbox, exportPageSize } = deps;
  const authRepository = createAuthRepository(database.db);
  const users = createUserService({
    database,
    clock,
    // user.deactivated: the handoffs module routes the user's open handoffs to someone else.
    outbox,
    credentials: {
      endSessions: (trx, userId, except) => authRepository.deleteSessionsOf(userId, except, trx),
      revokeTokens: (trx, userId, at) => authRepository.revokeTokensOf(userId, at, trx),
      // Called only after start-up, when auth exists.
      changed: () => auth.credentialsChanged(),
    },
  });
  const auth = createAuthService({
    database,
    clock,
    users,
    sessionTtlHours: config.sessionTtlHours,
    tokenCacheMs: config.tokenCacheMs,
    throttle: {
      email: createThrottle(config.loginRateLimit),
      ip: createThrottle({ max: config.loginRateLimit.max * 10, windowMs: config.loginRateLimit.windowMs }),
    },
  });
  const contacts = createContactService({
    database,
    clock,
    outbox,
    phoneRegion: config.defaultPhoneRegion,
    accountVisible: isAccountVisible,
    importEntries: (contactIds, withFile) => importCreationEntries(database.db, contactIds, withFile),
    exportPageSize,
  });
  const accounts = createAccountService({ database, clock, outbox, unlinkContacts: contacts.unlinkAccount });
  const tracking = createTrackingService({ database, clock, outbox });
  const forms = createFormsService({
    database,
    clock,
    outbox,
    phoneRegion: config.defaultPhoneRegion,
    capture: {
      contact: contacts.capture,
      account: accounts.capture,
      event: tracking.recordInTransaction,
      identify: tracking.identify,
      lastTouch: tracking.lastTouch,
    },
    exportPageSize,
  });
  const leads = createLeadsService({
    database,
    clock,
    outbox,
    capture: { contact: contacts.capture, account: accounts.capture, event: tracking.recordInTransaction },
  });
  const live =
    config.database.dialect === 'postgres'
      ? createPostgresFeed({
          url: config.database.url,
          // As the database resolved it (no schema configured is `public`), so every process agrees.
          schema: database.schema,
          log: deps.log ?? { warn: (obj, msg) => console.warn(`tandem: ${msg ?? ''}`, obj) },
        })
      : createLocalFeed();
  const scoring = createScoringService({
    database,
    clock,
    outbox,
    recordReasons: contacts.recordTemperatureReasons,
    contactsChanged: live.changed,
  });
  const sla = createSlaService({ database, clock, outbox });
  const routing = createRoutingService({ database, clock, openHandoffs: openHandoffCounts });
  const handoffs = createHandoffService({
    database,
    clock,
    outbox,
    router: routing,
    slas: sla,
    scoring,
    contactVisible: (actor, id) => contacts.assertVisible(actor, id),
    mailNotifications: config.smtp.host !== undefined,
  });
  return {
    users,
    auth,
    accounts,
    contacts,
    views: createViewsService({ database, clock }),
    tracking,
    forms,
    leads,
    email: createEmailTrackingService({
      database,
      clock,
      outbox,
      record: tracking.recordInTransaction,
      identify: tracking.identify,
    }),
    scoring,
    predictive: createPredictiveService({ database, clock, outbox, contactsChanged: live.changed }),
    imports: createImportService({
      database,
      clock,
      outbox,
      phoneRegion: config.defaultPhoneRegion,
      uploadDir: join(config.dataDir, 'imports'),
      maxUploadBytes: config.importMaxUploadBytes,
    }),
    sla,
    routing,
    handoffs,
    compliance: createComplianceService({ database, clock, getSla: sla.getSla }),
    live,
  };
}

/** How often warm and qualified leads are rescored for their fading engagement (ScoringService.sweepDecay). */
const DECAY_SWEEP_MS = 60 * 60_000;

export function moduleReactions(services: Services): Reaction[] {
  // Predictive after scoring: it reads the fit and engagement scores that scoring just wrote.
  return [
    ...contactCountReactions(),
    ...services.scoring.reactions(),
    ...services.predictive.reactions(),
    // Qualified leads are handed to sales; fired SLA timers remind, escalate and reassign.
    ...services.handoffs.reactions(),
    // Pages open on a deleted or merged contact hear of it.
    ...liveReactions(services.live),
  ];
}

/**
 * How long a client may take to send a request (Node answers 408 and closes the connection after): the whole
 * request within `requestTimeoutMs` (Fastify's own servers have no limit, so a client trickling a body in
 * could hold a connection for ever), its headers within a minute. Node looks for late requests every
 * `connectionsCheckingInterval`, a fraction of the limit.
 */
export function requestDeadlines(requestTimeoutMs: number) {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(60_000, requestTimeoutMs),
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeoutMs / 4))),
  };
}

/** Opens the database named by the config and brings its schema up to date. */
export async function openDatabase(config: Config): Promise<Database> {
  await ensurePostgresSchema(config);
  const database = createDatabase(config);
  try {
    await migrateToLatest(database);
    // Contact indexes an import's bulk load set aside, if its process died before creating them again.
    await restoreAbandonedBulkLoads(createImportsRepository(database.db), systemClock.now());
  } catch (err) {
    // Nothing is left open (connections, the SQLite checkpoint thread) by a database that could not be set up.
    await database.close().catch(() => undefined);
    throw err;
  }
  return database;
}

export async function buildApp(inputConfig: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = ensureSessionSecret(inputConfig);
  const clock = options.clock ?? systemClock;
  const database = await openDatabase(config);
  const outbox = createOutbox({ clock });
  const services = createServices({
    config,
    database,
    clock,
    outbox,
    log: { warn: (obj, msg) => app.log.warn(obj, msg) },
    exportPageSize: options.exportPageSize,
  });

  // Website beacons (POST /t/events) are answered in front of Fastify; both ways share one budget.
  const eventsLimiter = createAddressLimiter({ max: config.trackingRateLimitPerMinute, windowMs: 60_000 });
  const beacon = createBeaconFastPath({
    tracking: services.tracking,
    limiter: eventsLimiter,
    clientAddress: clientAddressOf(config.trustProxy),
    logError: (details, message) => app.log.error(details, message),
  });

  const app = Fastify({
    serverFactory: (fastifyHandler) => {
      const server = createServer(requestDeadlines(config.requestTimeoutMs), (req, res) => {
        if (!beacon(req, res)) fastifyHandler(req, res);
      });
      // Fastify's default, which it sets only on servers it creates itself.
      server.keepAliveTimeout = 72_000;
      return server;
    },
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        // Fastify's request fields, with signed email tokens and secret query parameters left out.
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
      ...(config.logFormat === 'pretty' && !options.logStream
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
        : {}),
    },
    bodyLimit: 1024 * 1024,
    // Signed email links carry their payload in the path (/t/c/<payload>.<signature>).
    routerOptions: { maxParamLength: MAX_LINK_TOKEN },
    // Behind a load balancer the client address comes from X-Forwarded-For; rate limits key on it.
    // (Cast: the option's union type trips Fastify's overloads, every member of ours is accepted.)
    trustProxy: config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();

  const worker = createOutboxWorker({
    database,
    clock,
    log: app.log,
    outbox,
    reactions: [...moduleReactions(services), ...(options.reactions ?? [])],
    batchSize: config.worker.batchSize,
    pollMs: config.worker.pollMs,
  });
  // SLA clocks: due timers fire once each, whatever the number of server processes.
  const handoffTimers = createHandoffTimers({ database, clock, outbox, log: app.log });
  // Notification emails, when SMTP is configured.
  const mailer = createMailer(config.smtp);
  const mailSender = mailer
    ? createNotificationMailSender({ database, clock, mailer, publicUrl: config.publicUrl, log: app.log })
    : null;
  app.decorate('tandem', { config, database, clock, outbox, services, worker });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // Per client, an IPv6 client by its /64 (rateLimitKey), as the capture endpoints' address limiter and the
  // sign-in throttle count.
  await app.register(fastifyRateLimit, { global: false, keyGenerator: (req) => rateLimitKey(req.ip) });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tandem API',
        version: '1',
        description: 'Marketing and sales as one revenue process. Errors are application/problem+json.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token from `tandem token create`' },
          session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Website tracking beacons: the busiest routes, anonymous and cookie-free. They sit outside the context
  // below, so none of its hooks (security headers, cookies, sign-in, input rules) runs on them: every hook
  // stage Fastify skips is measurably cheaper per request. The routes do their own input checks.
  await app.register(
    trackingRoutes(services.tracking, { perMinute: config.trackingRateLimitPerMinute, eventsLimiter }),
    {
      prefix: '/t',
    },
  );

  // Everything people and integrations use: the API, the web UI, hosted forms, email links.
  await app.register(async (site) => {
    /** Where links and snippets handed to users point (PUBLIC_URL, else the address a request came to). */
    const originOf = linkOrigin(config);
    registerInputRules(site);
    registerSecurityHeaders(site, pageSecurityOptions(config.publicUrl));
    await site.register(fastifyCookie);
    registerAuthentication(site, services.auth);
    await site.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

    site.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());

    site.get(
      '/health',
      {
        config: { public: true },
        schema: {
          tags: ['health'],
          summary: 'Liveness and database check',
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      async (request, reply) => {
        try {
          await database.ping();
        } catch (err) {
          request.log.error({ err }, 'health check: database unreachable');
          return unavailable(request, reply, 'The database does not answer.');
        }
        return { status: 'ok' as const };
      },
    );

    await site.register(
      async (api) => {
        await api.register(
          authRoutes({
            auth: services.auth,
            users: services.users,
            cookie: { secure: config.secureCookies, maxAgeSeconds: config.sessionTtlHours * 3600 },
            setupCode: setupCode(config.sessionSecret),
          }),
        );
        await api.register(userRoutes(services.users));
        await api.register(accountRoutes(services.accounts));
        await api.register(contactRoutes(services.contacts));
        await api.register(viewRoutes(services.views));
        const contactVisible = (actor: Actor, id: string) => services.contacts.assertVisible(actor, id);
        await api.register(scoringRoutes({ scoring: services.scoring, contactVisible }));
        await api.register(predictiveRoutes({ predictive: services.predictive, contactVisible }));
        await api.register(contactEventRoutes({ tracking: services.tracking, contactVisible }));
        await api.register(liveRoutes({ feed: services.live, contactVisible }));
        await api.register(formRoutes(services.forms, { originOf }));
        await api.register(leadRoutes(services.leads));
        await api.register(
          emailLinkRoutes({
            email: services.email,
            contactVisible,
            origin: originOf,
          }),
        );
        await api.register(trackedSitesRoutes(services.email, originOf));
        await api.register(importRoutes(services.imports));
        await api.register(businessTimeRoutes());
        await api.register(slaRoutes(services.sla));
        await api.register(routingRoutes({ routing: services.routing, contactVisible }));
        await api.register(handoffRoutes(services.handoffs));
        await api.register(complianceRoutes(services.compliance));
      },
      { prefix: '/api/v1' },
    );

    await site.register(
      emailTrackingRoutes(services.email, { perMinute: config.trackingRateLimitPerMinute, origin: originOf }),
      { prefix: '/t' },
    );
    await site.register(formPublicRoutes(services.forms, { perMinute: config.formRateLimitPerMinute }), {
      prefix: '/f',
    });

    const hasUi = existsSync(join(config.webDir, 'index.html'));
    if (hasUi) {
      await site.register(fastifyStatic, { root: config.webDir, wildcard: false, index: ['index.html'] });
    }
    // Client-side routes (/contacts/123) load the single-page app; API and asset misses stay 404 problems.
    site.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const isPage =
        request.method === 'GET' &&
        !path.startsWith('/api/') &&
        !path.startsWith('/t/') &&
        !path.startsWith('/f/') &&
        !/\.[a-z0-9]+$/i.test(path) &&
        (request.headers.accept ?? '').includes('text/html');
      if (isPage && hasUi) return reply.type('text/html').sendFile('index.html');
      if (isPage) {
        return reply
          .type('text/plain')
          .send('Tandem API is running. The web UI is not built: run `npm run build:web` (npm start does it).');
      }
      return routeNotFound(request, reply);
    });
  });

  // Uploaded CSV files nobody will run any more are deleted (see UPLOAD_KEPT_MS), checked hourly, by every
  // server: each one holds the uploads it received, worker or not. Indexes left aside by a command-line
  // bulk load whose process died are created again on the same round.
  const uploadSweeper = createPollLoop({
    step: async () => {
      // Each on its own: a failure of one does not hold up the other.
      await services.imports
        .removeUnusedUploads()
        .catch((err: unknown) => app.log.error({ err }, 'removing unused uploads failed'));
      const restored = await services.imports.restoreAbandonedIndexes();
      if (restored.length > 0) app.log.warn({ indexes: restored }, 'restored indexes an import left aside');
      return false;
    },
    intervalMs: 60 * 60_000,
    onError: (err) => app.log.error({ err }, 'restoring indexes an import left aside failed'),
  });

  // Handled outbox entries are history nobody reads: kept OUTBOX_RETENTION_DAYS for looking into, then
  // deleted, so the busiest table stays the size of its recent traffic (a thousand events a second would add
  // about 170 million rows a day).
  const stopPurge = new AbortController();
  const outboxPurge = createPollLoop({
    step: async () => {
      const days = config.outboxRetentionDays;
      const cutoff = new Date(clock.now().getTime() - days * 86_400_000);
      const deleted = await purgeHandledOutbox(database.db, cutoff, { signal: stopPurge.signal });
      if (deleted > 0) app.log.info({ deleted, days }, 'deleted handled outbox entries past their retention');
      return false;
    },
    intervalMs: 60 * 60_000,
    jitter: 0.2,
    onError: (err) => app.log.error({ err }, 'deleting old outbox entries failed'),
  });

  // Engagement fades while nothing happens: warm and qualified leads are rescored every hour (and at start), so
  // their stored temperature follows (a lead's own events rescore it at once).
  const decaySweep = createPollLoop({
    step: async () => {
      await services.scoring.sweepDecay();
      outbox.notify();
      return false;
    },
    intervalMs: DECAY_SWEEP_MS,
    jitter: 0.1,
    onError: (err) => app.log.error({ err }, 'starting the engagement decay pass failed'),
  });

  app.addHook('onReady', async () => {
    uploadSweeper.start();
    if (config.worker.enabled) {
      if (config.outboxRetentionDays > 0) outboxPurge.start();
      worker.start();
      handoffTimers.start();
      mailSender?.start();
      decaySweep.start();
    }
  });
  app.addHook('onClose', async () => {
    // Background imports stop between batches; each says what it committed.
    await uploadSweeper.stop();
    stopPurge.abort();
    await outboxPurge.stop();
    await services.imports.stop();
    await services.tracking.close();
    await handoffTimers.stop();
    await decaySweep.stop();
    await mailSender?.stop();
    mailer?.close();
    await worker.stop();
    await services.live.close();
    await database.close();
  });

  return app;
}
