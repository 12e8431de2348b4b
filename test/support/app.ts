import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Dialect } from '../../src/db/database.js';
import type { DB, Role } from '../../src/db/schema.js';
import type { User } from '../../src/modules/users/index.js';
import { testDatabase } from './db.js';

export interface TestUser {
  user: User;
  token: string;
  password: string;
}

export interface TestApp {
  app: FastifyInstance;
  dialect: Dialect;
  close(): Promise<void>;
  /** Creates a user (and its team when named) and an API token to act as them. */
  user(role: Role, options?: { team?: string; email?: string; name?: string }): Promise<TestUser>;
  team(name: string): Promise<string>;
  /** `app.inject` with the user's bearer token. */
  as(user: TestUser, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Counts rows of a table, for "nothing was written" checks. */
  count(table: keyof DB): Promise<number>;
}

let sequence = 0;

export async function createTestApp(
  dialect: Dialect,
  options: BuildOptions & { config?: Partial<Config>; worker?: boolean } = {},
): Promise<TestApp> {
  const tdb = testDatabase(dialect, {
    ...options.config,
    worker: { enabled: options.worker ?? false, pollMs: 20, batchSize: 100 },
  });
  const app = await buildApp(tdb.config, options);
  await app.ready();
  const { services } = app.tandem;
  const teams = new Map<string, string>();

  const team = async (name: string) => {
    const existing = teams.get(name);
    if (existing) return existing;
    const created = await services.users.createTeam(null, name);
    teams.set(name, created.id);
    return created.id;
  };

  return {
    app,
    dialect,
    async close() {
      await app.close();
      await tdb.cleanup();
    },
    team,
    async user(role, opts = {}) {
      sequence += 1;
      const password = 'correct horse battery';
      const user = await services.users.create(null, {
        email: opts.email ?? `${role}${sequence}@example.test`,
        name: opts.name ?? `${role} ${sequence}`,
        role,
        teamId: opts.team ? await team(opts.team) : null,
        password,
      });
      const { token } = await services.auth.createToken(null, user.id, 'test');
      return { user, token, password };
    },
    as(user, injectOptions) {
      return app.inject({
        ...injectOptions,
        headers: { ...injectOptions.headers, authorization: `Bearer ${user.token}` },
      });
    },
    async count(table) {
      const row = await app.tandem.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
