/**
 * The import benchmark's child process: opens (and migrates) the database named by the environment and
 * runs `tandem import contacts FILE` through the command's own function, then prints one JSON line with the
 * outcome and this process's peak resident memory. Run by bench/import.ts.
 */
import { basename } from 'node:path';
import { createServices, openDatabase } from '../src/app.js';
import { ensureSessionSecret, loadConfig } from '../src/config.js';
import { createOutbox } from '../src/jobs/outbox.js';
import { importContactsCommand } from '../src/modules/imports/imports.cli.js';
import { systemClock } from '../src/shared/clock.js';

const file = process.argv[2];
if (!file) throw new Error('usage: import.child.ts FILE.csv');

const config = ensureSessionSecret(loadConfig());
const database = await openDatabase(config);
try {
  const services = createServices({
    config,
    database,
    clock: systemClock,
    outbox: createOutbox({ clock: systemClock }),
  });
  const { result, seconds } = await importContactsCommand(
    { imports: services.imports, findUser: async () => null },
    file,
    { onDuplicate: 'skip' },
    { progress: process.env.BENCH_IMPORT_PROGRESS === '1' },
  );
  const p = result.progress;
  process.stdout.write(
    JSON.stringify({
      file: basename(file),
      status: result.status,
      rows: p.processed,
      seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      created: p.created,
      skipped: p.skipped,
      rejected: p.rejected,
      accountsCreated: p.accountsCreated,
      fileBytes: result.fileBytes,
      error: result.error,
    }) + '\n',
  );
} finally {
  await database.close();
}
