import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { setupCode } from './modules/auth/index.js';

/** Starts the server and prints first-run guidance. Used by `tandem serve` and src/main.ts. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const { database, services } = app.tandem;
  app.log.info(
    {
      url: config.publicUrl,
      database:
        database.dialect === 'sqlite' && config.database.dialect === 'sqlite' ? config.database.file : 'postgres',
    },
    'Tandem is running',
  );
  if (await services.users.needsSetup()) {
    console.log(
      [
        '',
        `  Tandem is running at ${config.publicUrl}`,
        '  There are no users yet. Create the first admin in the browser (the link carries the one-time',
        '  setup code, so only someone who can read this console can claim the installation):',
        `    ${config.publicUrl}/setup?code=${setupCode(app.tandem.config.sessionSecret)}`,
        '  or on the command line:',
        '    npm run tandem -- user create --email you@example.com --name "Your Name" --role admin',
        '  Want sample data to look around? npm run tandem -- demo',
        '',
      ].join('\n'),
    );
  }
}
