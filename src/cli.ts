import { Command, InvalidArgumentError } from 'commander';
import { createInterface } from 'node:readline';
import { createServices, moduleReactions, openDatabase } from './app.js';
import { loadConfig, ensureSessionSecret, type Config } from './config.js';
import type { Database } from './db/database.js';
import { migrateDown, migrationStatus } from './db/migrate.js';
import { createDatabase, ensurePostgresSchema } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createOutbox, type Outbox } from './jobs/outbox.js';
import { createOutboxWorker } from './jobs/worker.js';
import { ROLES } from './modules/auth/index.js';
import { systemClock } from './shared/clock.js';
import { AppError } from './shared/errors.js';
import { runDemo } from './demo.js';
import { registerScoringCommands } from './modules/scoring/predictive.cli.js';
import { registerPredictiveCommands } from './modules/predictive/index.js';
import { registerImportCommands } from './modules/imports/index.js';
import { serve } from './server.js';

/** Opens the database, runs `fn` with the services, and closes it again. */
async function withServices<T>(
  fn: (ctx: {
    config: Config;
    database: Database;
    outbox: Outbox;
    services: ReturnType<typeof createServices>;
  }) => Promise<T>,
): Promise<T> {
  const config = ensureSessionSecret(loadConfig());
  const database = await openDatabase(config);
  try {
    const outbox = createOutbox({ clock: systemClock });
    const services = createServices({ config, database, clock: systemClock, outbox });
    return await fn({ config, database, outbox, services });
  } finally {
    await database.close();
  }
}

async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new Error('No --password given and no terminal to ask for one. Pass --password or run in a terminal.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
  let muted = false;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (!muted) write(s);
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

function role(value: string): (typeof ROLES)[number] {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  }
  return value as (typeof ROLES)[number];
}

/** Prints domain errors the way the API names them: the code, the message, the fields. */
function explain(err: unknown): string {
  if (err instanceof AppError) {
    const fields = err.details.errors?.map((e) => `  ${e.field}: ${e.message}`).join('\n');
    return `${err.message} (${err.code})${fields ? `\n${fields}` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function buildCli(): Command {
  const program = new Command('tandem')
    .description('Tandem: marketing and sales as one revenue process')
    .showHelpAfterError();

  program
    .command('serve')
    .description('Start the server (web UI and API); applies pending migrations first')
    .action(async () => {
      await serve();
    });

  const migrate = program.command('migrate').description('Database migrations');
  migrate
    .command('up', { isDefault: true })
    .description('Apply all pending migrations')
    .action(async () => {
      const config = loadConfig();
      await ensurePostgresSchema(config);
      const database = createDatabase(config);
      try {
        const applied = await migrateToLatest(database);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
      } finally {
        await database.close();
      }
    });
  migrate
    .command('down')
    .description('Revert the last migration')
    .action(async () => {
      const database = createDatabase(loadConfig());
      try {
        const reverted = await migrateDown(database);
        console.log(reverted.length ? `Reverted: ${reverted.join(', ')}` : 'Nothing to revert.');
      } finally {
        await database.close();
      }
    });
  migrate
    .command('status')
    .description('List migrations and whether they ran')
    .action(async () => {
      const database = createDatabase(loadConfig());
      try {
        for (const m of await migrationStatus(database)) {
          console.log(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  (${m.executedAt})` : ''}`);
        }
      } finally {
        await database.close();
      }
    });

  const user = program.command('user').description('Manage users');
  user
    .command('create')
    .description('Create a user (asks for the password when --password is left out)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, role, 'sales_rep' as const)
    .option('--team <name>', 'team name (created when missing)')
    .option('--password <password>', 'password (at least 10 characters)')
    .option('--locale <locale>', 'en or fa', 'en')
    .action(
      async (opts: {
        email: string;
        name: string;
        role: (typeof ROLES)[number];
        team?: string;
        password?: string;
        locale: string;
      }) => {
        const password = opts.password ?? (await promptHidden('Password: '));
        await withServices(async ({ services }) => {
          let teamId: string | null = null;
          if (opts.team) {
            const existing = (await services.users.listTeams()).find((t) => t.name === opts.team);
            teamId = existing ? existing.id : (await services.users.createTeam(null, opts.team)).id;
          }
          const { createUserInput } = await import('./modules/users/user.js');
          const input = createUserInput.safeParse({
            email: opts.email,
            name: opts.name,
            role: opts.role,
            teamId,
            password,
            locale: opts.locale,
          });
          if (!input.success) {
            throw new Error(input.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
          }
          const created = await services.users.create(null, input.data);
          console.log(`Created ${created.role} ${created.email} (${created.id})`);
        });
      },
    );

  const token = program.command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token for a user; prints the token alone on the last line')
    .requiredOption('--user <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .action(async (opts: { user: string; name: string }) => {
      await withServices(async ({ services }) => {
        const owner = await services.users.findActiveByEmail(opts.user);
        if (!owner) throw new Error(`No active user with email ${opts.user}.`);
        const created = await services.auth.createToken(null, owner.id, opts.name);
        console.log(`Token "${created.name}" (${created.id}) for ${owner.email}. It is shown once; store it now:`);
        console.log(created.token);
      });
    });
  token
    .command('revoke')
    .description('Revoke an API token by id')
    .argument('<id>', 'token id')
    .action(async (id: string) => {
      await withServices(async ({ services }) => {
        const done = await services.auth.revokeToken(null, id).catch(() => false);
        console.log(done ? `Revoked ${id}.` : `No active token ${id}.`);
        if (!done) process.exitCode = 1;
      });
    });

  program
    .command('demo')
    .description('Fill the database with realistic demo data (English and Persian)')
    .option('--contacts <n>', 'how many contacts', (v) => Number.parseInt(v, 10), 240)
    .action(async (opts: { contacts: number }) => {
      await withServices(async ({ services, config, database, outbox }) => {
        // The outbox is handled here, so the demo's leads are scored before the command ends.
        const worker = createOutboxWorker({
          database,
          clock: systemClock,
          outbox,
          log: {
            info: () => undefined,
            warn: (obj, msg) => console.warn(`tandem: ${msg ?? ''}`, obj),
            error: (obj, msg) => console.error(`tandem: ${msg ?? ''}`, obj),
          },
          reactions: moduleReactions(services),
        });
        const summary = await runDemo(services, {
          contacts: opts.contacts,
          origin: config.publicUrl,
          drain: () => worker.drain(),
        });
        console.log(summary.join('\n'));
        console.log(`\nOpen ${config.publicUrl} and sign in with any of the users above.`);
      });
    });

  registerScoringCommands(program);
  registerPredictiveCommands(program, withServices);
  registerImportCommands(program, withServices);

  return program;
}

buildCli()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    console.error(`tandem: ${explain(err)}`);
    process.exit(1);
  });
