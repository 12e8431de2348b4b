import { parse, type Info } from 'csv-parse';
import { createReadStream } from 'node:fs';
import type { Delimiter } from '../../shared/csv.js';
import { createFolder, foldedName, foldedNameNorm, foldedSearchText } from './fold.js';
import { createIdPool } from './ids.js';
import type { Mapping } from './mapping.js';
import { validateRow, type RowCandidate, type RowDefaults, type RowRejection } from './rows.js';

/** A CSV record larger than this is an error (an unclosed quote would otherwise swallow the whole file). */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** A batch ends at this many bytes of the file even before `batchRows` rows (very wide rows). */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** The reader thread sends a batch in this many pieces (ReaderConfig.pieceRows, reader.worker.ts). */
export const PIECES_PER_BATCH = 10;
/** A piece of a batch ends at this many bytes at the latest. */
const MAX_PIECE_BYTES = MAX_BATCH_BYTES / PIECES_PER_BATCH;

/** Everything reading needs; plain data, so it can be handed to a worker thread. */
export interface ReaderConfig {
  file: string;
  delimiter: Delimiter;
  mapping: Mapping;
  /** The defaults a created contact gets (source already defaulted to the import's). */
  defaults: RowDefaults;
  phoneRegion: string;
  /** Normalised email -> id of the active users the actor may make owners. */
  owners: [string, string][];
  batchRows: number;
  /**
   * Yield a batch in pieces of at most this many rows (and a tenth of MAX_BATCH_BYTES), each marked with
   * whether it ends the batch: the reader thread hands rows over as soon as a piece is full, so they die
   * young in its heap (reader-thread.ts). Unset: whole batches.
   */
  pieceRows?: number;
}

/** A valid row with the columns a new contact would store, computed here (off the writing thread). */
export interface PreparedCandidate extends RowCandidate {
  id: string;
  /** contactNameNorm (the duplicate key). */
  nameNorm: string;
  searchText: string;
  customJson: string;
}

export interface ReadRow {
  row: number;
  /**
   * The row's cells as read, as a JSON array (what a rejection stores): one string crosses to the writing
   * thread more cheaply than an array of them.
   */
  raw: string;
  result: PreparedCandidate | RowRejection;
}

export interface ReadBatch {
  rows: ReadRow[];
  /** Bytes of the file read up to the end of this batch. */
  bytesRead: number;
}

/** A batch or a piece of one (ReaderConfig.pieceRows): `ends` when its last row is the batch's last. */
export interface ReadPiece extends ReadBatch {
  ends: boolean;
}

/** An error in the file itself (CSV syntax): the run stops there and says where. */
export function isCsvError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && /^(CSV_|INVALID_)/.test(code);
}

export function csvParser(delimiter: Delimiter, extra: { to?: number; skip_records_with_empty_values?: boolean } = {}) {
  return parse({
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    // A quote inside an unquoted cell (5'10" tall) is kept as text rather than failing the file.
    relax_quotes: true,
    skip_empty_lines: true,
    // ";;;" or " , ," : spreadsheets save the formatted rows below the data so; they are nobody, not rejects.
    skip_records_with_empty_values: true,
    max_record_size: MAX_RECORD_BYTES,
    ...extra,
  });
}

/** A record's first line: csv-parse counts lines at a record's end, and quoted cells may hold line breaks. */
function startLine(cells: readonly string[], endLine: number): number {
  let breaks = 0;
  for (const cell of cells) {
    for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) breaks++;
  }
  return endLine - breaks;
}

/**
 * Streams a CSV file (after its header) as batches of validated rows, with the columns a new contact would
 * store. Duplicates (in the file or in the database) are for the writer to decide: it sees both.
 */
export async function* readBatches(config: ReaderConfig): AsyncGenerator<ReadPiece> {
  const owners = new Map(config.owners);
  // Folding (contactNameNorm, contactSearchText, account names) is remembered across the file's rows.
  const fold = createFolder();
  const context = {
    mapping: config.mapping,
    defaults: config.defaults,
    phoneRegion: config.phoneRegion,
    ownerByEmail: (email: string) => owners.get(email) ?? null,
    fold,
  };
  const nextId = createIdPool();

  function accept(row: number, cells: string[]): ReadRow {
    const validated = validateRow(cells, row, context);
    if (validated.kind === 'rejection') return { row, raw: JSON.stringify(cells), result: validated };
    const f = validated.fields;
    const name = foldedName(fold, f.firstName, f.lastName);
    return {
      row,
      raw: JSON.stringify(cells),
      result: {
        ...validated,
        id: nextId(),
        nameNorm: foldedNameNorm(name),
        searchText: foldedSearchText(fold, name, f),
        customJson: JSON.stringify(f.customFields),
      },
    };
  }

  const pieceRows = Math.min(config.pieceRows ?? config.batchRows, config.batchRows);
  const pieceBytes = config.pieceRows === undefined ? MAX_BATCH_BYTES : MAX_PIECE_BYTES;
  let rows: ReadRow[] = [];
  let inBatch = 0;
  let header = true;
  let bytesRead = 0;
  let batchStart = 0;
  let pieceStart = 0;
  for await (const { record, info } of recordsInOrder(config.file, config.delimiter)) {
    bytesRead = info.bytes;
    if (header) {
      header = false;
      batchStart = pieceStart = bytesRead;
      continue;
    }
    rows.push(accept(startLine(record, info.lines), record));
    inBatch++;
    const ends = inBatch >= config.batchRows || bytesRead - batchStart >= MAX_BATCH_BYTES;
    if (ends || rows.length >= pieceRows || bytesRead - pieceStart >= pieceBytes) {
      yield { rows, bytesRead, ends };
      rows = [];
      pieceStart = bytesRead;
      if (ends) {
        inBatch = 0;
        batchStart = bytesRead;
      }
    }
  }
  if (rows.length > 0) yield { rows, bytesRead, ends: true };
}

/** Records (and bytes of them) held back from the parser before it is paused. */
const QUEUE_RECORDS = 32;
const QUEUE_BYTES = 1024 * 1024;

/**
 * The file's records, then its CSV error if it has one. Iterating the parser stream directly would drop
 * the records it parsed but had not handed over yet when it fails (a stream error discards its buffer), so
 * how many rows before a broken one were written would depend on timing. Here every record before the
 * error is delivered first, so a run always gets exactly up to the broken record.
 */
async function* recordsInOrder(file: string, delimiter: Delimiter): AsyncGenerator<{ record: string[]; info: Info }> {
  const stream = createReadStream(file, { highWaterMark: 16 * 1024 });
  const parser = stream.pipe(csvParser(delimiter));
  let queue: { record: string[]; info: Info }[] = [];
  let head = 0;
  // Bytes of the file behind the queued records (from the parser's running byte count).
  let queuedUpTo = 0;
  let consumedUpTo = 0;
  const full = () => queue.length - head >= QUEUE_RECORDS || queuedUpTo - consumedUpTo >= QUEUE_BYTES;
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  parser.on('data', (item: { record: string[]; info: Info }) => {
    queue.push(item);
    queuedUpTo = item.info.bytes;
    if (full()) parser.pause();
    signal();
  });
  parser.on('end', () => {
    ended = true;
    signal();
  });
  const fail = (err: Error) => {
    failure ??= err;
    signal();
  };
  parser.on('error', fail);
  stream.on('error', fail);
  try {
    for (;;) {
      if (head < queue.length) {
        const next = queue[head]!;
        head += 1;
        consumedUpTo = next.info.bytes;
        if (head === queue.length) {
          queue = [];
          head = 0;
        }
        if (!full() && parser.isPaused() && !failure) parser.resume();
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.destroy();
    parser.destroy();
  }
}
