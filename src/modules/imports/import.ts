import { z } from 'zod';
import { parseJson } from '../../db/database.js';
import type { ImportRow } from '../../db/schema.js';
import { optionalText } from '../../shared/fields.js';
import { delimiterName, parseDelimiter, type Delimiter } from '../../shared/csv.js';
import type { Mapping } from './mapping.js';

export const ON_DUPLICATE = ['skip', 'update'] as const;
export type OnDuplicate = (typeof ON_DUPLICATE)[number];

/** What a run does, as the CLI and the API state it. */
export interface ImportOptions {
  mapping: Mapping;
  dryRun: boolean;
  onDuplicate: OnDuplicate;
  defaults: { source: string | null; campaign: string | null; ownerEmail: string | null };
  delimiter: Delimiter;
}

/** The options as stored on the import row and shown in the API (delimiter by name). */
export interface StoredOptions {
  mapping: Mapping;
  onDuplicate: OnDuplicate;
  defaults: ImportOptions['defaults'];
}

export const delimiterSchema = z
  .enum([',', ';', 'tab', '\u061B'])
  .transform((d) => parseDelimiter(d)!)
  .describe('Column delimiter: , ; tab or ؛ (the Arabic semicolon)');

/** Body of POST /imports/:id/start. */
export const startImportInput = z.strictObject({
  mapping: z
    .array(z.string().max(80).nullable())
    .max(500)
    .describe('One entry per CSV column, in order: a target (firstName, account.name, custom:key, ...) or null'),
  dryRun: z.boolean().default(false),
  onDuplicate: z.enum(ON_DUPLICATE).default('skip'),
  defaults: z
    .strictObject({
      source: optionalText(100),
      campaign: optionalText(200),
      ownerEmail: z.string().trim().max(254).nullable().optional(),
    })
    .default({}),
  delimiter: delimiterSchema.optional(),
});
export type StartImportInput = z.infer<typeof startImportInput>;

export const IMPORT_STATUSES = ['uploaded', 'running', 'completed', 'failed', 'interrupted'] as const;
export type ImportStatusView = (typeof IMPORT_STATUSES)[number];

export const importSchema = z.object({
  id: z.string(),
  status: z.enum(IMPORT_STATUSES),
  dryRun: z.boolean(),
  fileName: z.string(),
  fileBytes: z.number(),
  /** The uploaded file is still kept: the import can be started (again). */
  fileKept: z.boolean(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()).nullable(),
  options: z
    .object({
      mapping: z.array(z.string().nullable()),
      onDuplicate: z.enum(ON_DUPLICATE),
      defaults: z.object({
        source: z.string().nullable(),
        campaign: z.string().nullable(),
        ownerEmail: z.string().nullable(),
      }),
    })
    .nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  actorKind: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: z.object({
    processed: z.number(),
    created: z.number(),
    updated: z.number(),
    skipped: z.number(),
    rejected: z.number(),
    accountsCreated: z.number(),
    /** The last row (line of the file) whose batch committed. */
    lastRow: z.number(),
    bytesRead: z.number(),
    /** 0-1, by bytes read. */
    fraction: z.number(),
  }),
  error: z.string().nullable(),
  /** Someone asked the run to stop; the server process running it stops after its current batch. */
  cancelRequested: z.boolean(),
});
export type ImportView = z.infer<typeof importSchema>;

export const previewSchema = z.object({
  delimiter: z.string(),
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  suggestedMapping: z.array(z.string().nullable()),
});
export type ImportPreview = z.infer<typeof previewSchema>;

/**
 * An uploaded file is kept until its import has run for real, or this long after the import last changed
 * (an upload never started, a dry run never followed by the real run, a run that stopped): then it is
 * deleted and the import asks for the file again.
 */
export const UPLOAD_KEPT_MS = 7 * 24 * 60 * 60_000;

/** A file in the upload directory that no import names is deleted once nothing has written it for this long. */
export const ORPHAN_UPLOAD_AFTER_MS = 24 * 60 * 60_000;

/** A running import that has not committed a batch for this long is shown as interrupted. */
export const STALE_AFTER_MS = 10 * 60_000;

export function toImportView(
  row: ImportRow & { created_by_name?: string | null },
  options: { active: boolean; now: Date },
): ImportView {
  let status: ImportStatusView = row.status;
  if (
    row.status === 'running' &&
    !options.active &&
    options.now.getTime() - new Date(row.updated_at).getTime() > STALE_AFTER_MS
  ) {
    status = 'interrupted';
  }
  const stored = parseJson<StoredOptions | null>(row.options, null);
  const bytesRead = Number(row.bytes_read);
  const fileBytes = Number(row.file_bytes);
  return {
    id: row.id,
    status,
    dryRun: Number(row.dry_run) === 1,
    fileName: row.file_name,
    fileBytes,
    fileKept: row.file_path !== null,
    delimiter: row.delimiter ? delimiterName(row.delimiter as Delimiter) : null,
    headers: parseJson<string[] | null>(row.headers, null),
    options: stored ? { mapping: stored.mapping, onDuplicate: stored.onDuplicate, defaults: stored.defaults } : null,
    createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
    actorKind: row.actor_kind,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: {
      processed: Number(row.processed),
      created: Number(row.created),
      updated: Number(row.updated),
      skipped: Number(row.skipped),
      rejected: Number(row.rejected),
      accountsCreated: Number(row.accounts_created),
      lastRow: Number(row.last_row),
      bytesRead,
      fraction:
        row.status === 'completed'
          ? 1
          : fileBytes > 0
            ? Math.min(1, Math.round((bytesRead / fileBytes) * 1000) / 1000)
            : 0,
    },
    error: row.error,
    cancelRequested: status === 'running' && row.cancel_requested_at !== null,
  };
}
