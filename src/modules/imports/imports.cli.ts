import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { invalid } from '../../shared/errors.js';
import { normalizeEmail } from '../../shared/text.js';
import type { Actor } from '../auth/index.js';
import { parseDelimiter, type Delimiter } from '../../shared/csv.js';
import { ON_DUPLICATE, type ImportView, type OnDuplicate } from './import.js';
import { CLI_OPERATOR_ID, type ImportProgress, type ImportService } from './imports.service.js';
import { applyMapSpec, suggestMapping } from './mapping.js';

export interface ImportCommandOptions {
  map?: string;
  dryRun?: boolean;
  onDuplicate: OnDuplicate;
  source?: string;
  campaign?: string;
  owner?: string;
  delimiter?: Delimiter;
  as?: string;
  report?: string;
  json?: boolean;
}

/** What the command needs from the app: the import service and a way to find the `--as` user. */
export interface ImportCommandContext {
  imports: ImportService;
  findUser: (email: string) => Promise<{ id: string; role: Actor['role']; teamId: string | null } | null>;
}

export interface ImportCommandResult {
  exitCode: number;
  result: ImportView;
  seconds: number;
}

/**
 * Exit codes: 0 = every row was imported, updated or skipped as a duplicate; 2 = the import finished but
 * some rows were rejected (see --report); 1 = it did not finish (bad options, unreadable file, invalid CSV,
 * database error) - rows of batches committed before the failure stay, as the summary says.
 */
export const EXIT_REJECTED_ROWS = 2;

const onDuplicateOption = (value: string): OnDuplicate => {
  if (!(ON_DUPLICATE as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${ON_DUPLICATE.join(', ')}`);
  }
  return value as OnDuplicate;
};

const delimiterOption = (value: string): Delimiter => {
  const d = parseDelimiter(value);
  if (d === null) throw new InvalidArgumentError('must be , ; tab or ؛');
  return d;
};

function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

/** Progress on stderr: a bar on a terminal, a plain line every few seconds otherwise (logs, CI). */
function progressReporter(fileBytes: () => number) {
  const started = performance.now();
  const rate = (p: ImportProgress) => Math.round(p.processed / Math.max(0.001, (performance.now() - started) / 1000));
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format:
          '{bar} {percentage}% | {rows} rows | {rate} rows/s | created {created}, updated {updated}, skipped {skipped}, rejected {rejected}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let startedBar = false;
    return {
      update(p: ImportProgress) {
        const payload = {
          rows: formatNumber(p.processed),
          rate: formatNumber(rate(p)),
          created: formatNumber(p.created),
          updated: formatNumber(p.updated),
          skipped: formatNumber(p.skipped),
          rejected: formatNumber(p.rejected),
        };
        if (!startedBar) {
          bar.start(Math.max(1, fileBytes()), 0, payload);
          startedBar = true;
        }
        bar.update(p.bytesRead, payload);
      },
      stop() {
        if (startedBar) bar.stop();
      },
    };
  }
  let lastLine = 0;
  return {
    update(p: ImportProgress) {
      const now = performance.now();
      if (now - lastLine < 5000) return;
      lastLine = now;
      const percent = p.fileBytes > 0 ? Math.floor((p.bytesRead / p.fileBytes) * 100) : 0;
      process.stderr.write(
        `import: ${percent}% ${formatNumber(p.processed)} rows (${formatNumber(rate(p))} rows/s), ` +
          `created ${p.created}, updated ${p.updated}, skipped ${p.skipped}, rejected ${p.rejected}\n`,
      );
    },
    stop() {},
  };
}

/** The actor of a CLI import: the `--as` user (admin or marketing), or the server's operator. */
async function cliActor(ctx: ImportCommandContext, as: string | undefined): Promise<Actor> {
  if (!as) return { id: CLI_OPERATOR_ID, role: 'admin', teamId: null, via: 'cli' };
  const user = await ctx.findUser(normalizeEmail(as));
  if (!user) throw invalid('as', `No active user ${as}.`);
  return { id: user.id, role: user.role, teamId: user.teamId, via: 'cli' };
}

/** `tandem import contacts FILE.csv`: the command's work, shared with the benchmark (bench/import.ts). */
export async function importContactsCommand(
  ctx: ImportCommandContext,
  file: string,
  opts: ImportCommandOptions,
  io: { progress?: boolean; signal?: AbortSignal } = {},
): Promise<ImportCommandResult> {
  const actor = await cliActor(ctx, opts.as);
  let fileBytes = 0;
  const progress = io.progress === false ? null : progressReporter(() => fileBytes);
  const started = performance.now();
  let result: ImportView;
  try {
    result = await ctx.imports.runFile(
      actor,
      file,
      {
        fileName: basename(file),
        mapping: (headers) => applyMapSpec(opts.map ?? '', headers, suggestMapping(headers)),
        dryRun: opts.dryRun ?? false,
        onDuplicate: opts.onDuplicate,
        defaults: { source: opts.source ?? null, campaign: opts.campaign ?? null, ownerEmail: opts.owner ?? null },
        delimiter: opts.delimiter ?? null,
      },
      {
        onProgress: (p) => {
          fileBytes = p.fileBytes;
          progress?.update(p);
        },
        ...(io.signal ? { signal: io.signal } : {}),
      },
    );
  } finally {
    progress?.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  if (opts.report && result.progress.rejected > 0) {
    const report = await ctx.imports.rejectionsCsv(actor, result.id);
    await pipeline(Readable.from(report.lines), createWriteStream(opts.report));
  }
  const exitCode = result.status !== 'completed' ? 1 : result.progress.rejected > 0 ? EXIT_REJECTED_ROWS : 0;
  return { exitCode, result, seconds };
}

function summary(r: ImportCommandResult, opts: ImportCommandOptions): string {
  const p = r.result.progress;
  const rate = formatNumber(Math.round(p.processed / Math.max(0.001, r.seconds)));
  const lines = [
    `${r.result.dryRun ? 'Dry run of' : 'Import of'} ${r.result.fileName} (${r.result.id}): ${r.result.status}, ` +
      `${formatNumber(p.processed)} rows in ${r.seconds.toFixed(1)} s (${rate} rows/s)`,
    `  ${r.result.dryRun ? 'would create' : 'created'} ${formatNumber(p.created)}, ` +
      `${r.result.dryRun ? 'would update' : 'updated'} ${formatNumber(p.updated)}, ` +
      `skipped ${formatNumber(p.skipped)} (duplicates or unchanged), rejected ${formatNumber(p.rejected)}, ` +
      `new accounts ${formatNumber(p.accountsCreated)}`,
  ];
  if (r.result.dryRun) lines.push('  Dry run: no contacts or accounts were written.');
  if (r.result.error) lines.push(`  ${r.result.error}`);
  if (p.rejected > 0) {
    lines.push(
      opts.report
        ? `  Rejected rows (with the reason) written to ${opts.report}.`
        : '  Add --report FILE to write the rejected rows with the reason for each.',
    );
  }
  return lines.join('\n');
}

type WithServices = <T>(
  fn: (ctx: {
    services: {
      imports: ImportService;
      users: {
        findActiveByEmail(
          email: string,
        ): Promise<{ id: string; role: Actor['role']; team_id: string | null } | undefined>;
      };
    };
  }) => Promise<T>,
) => Promise<T>;

/** Adds `import contacts`. */
export function registerImportCommands(program: Command, withServices: WithServices): void {
  const group =
    program.commands.find((command) => command.name() === 'import') ??
    program.command('import').description('Import records from files');
  group
    .command('contacts')
    .description(
      'Import contacts from a CSV file (UTF-8; delimiter , ; tab or ؛ detected from the header), streaming, in batches',
    )
    .argument('<file>', 'the CSV file; the first line names the columns')
    .option(
      '--map <spec>',
      'column mapping on top of the suggested one: "Header=field,...", e.g. "E-mail=email,Firma=account.name,Notes=custom:notes,Fax=-"; "Name=fullName" splits a full name into first and last name',
    )
    .option('--dry-run', 'validate and count only; write nothing but the import record and its report')
    .option(
      '--on-duplicate <mode>',
      'skip or update a contact that already has the email or phone',
      onDuplicateOption,
      'skip',
    )
    .option('--source <text>', 'source for rows that have none')
    .option('--campaign <text>', 'campaign for rows that have none')
    .option('--owner <email>', 'owner for rows that name none')
    .option('--delimiter <d>', 'column delimiter: , ; tab or ؛ (default: detected)', delimiterOption)
    .option('--as <email>', 'the admin or marketing user to record as importer (default: the server operator)')
    .option('--report <file>', 'write the rejected rows, with the reason for each, to this CSV file')
    .option('--json', 'print the result as one JSON object instead of the summary')
    .addHelpText(
      'after',
      '\nExit codes: 0 all rows imported, updated or skipped as duplicates; 2 finished with rejected rows;\n' +
        '1 did not finish (rows of batches committed before the failure stay, and the summary says up to which row).',
    )
    .action(async (file: string, opts: ImportCommandOptions) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        const outcome = await withServices(({ services }) =>
          importContactsCommand(
            {
              imports: services.imports,
              findUser: async (email) => {
                const user = await services.users.findActiveByEmail(email);
                return user ? { id: user.id, role: user.role, teamId: user.team_id } : null;
              },
            },
            file,
            opts,
            { signal: controller.signal },
          ),
        );
        if (opts.json) {
          console.log(JSON.stringify({ ...outcome.result, seconds: Math.round(outcome.seconds * 1000) / 1000 }));
        } else {
          console.log(summary(outcome, opts));
        }
        process.exitCode = outcome.exitCode;
      } finally {
        process.off('SIGINT', stop);
      }
    });
}
