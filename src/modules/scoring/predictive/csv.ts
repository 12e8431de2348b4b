import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { access, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Table } from './table.js';

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/**
 * The delimiter of a CSV file, from its header line: whichever of `,` `;` tab occurs most often outside
 * quotes (`,` when none does, i.e. a single column).
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

const EXCEL_SEPARATOR_LINE = /^"?sep=([,;\t])"?$/i;

const GZIP_MAGIC = [0x1f, 0x8b];

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await file.close();
  }
}

/** The file's text as a stream, gunzipped when it is gzip (by content, so a misnamed file still reads). */
async function openText(path: string): Promise<Readable> {
  const gzipped = await startsWithGzipMagic(path);
  const raw = createReadStream(path);
  return gzipped ? raw.pipe(createGunzip()) : raw;
}

/** The first line of the (decompressed) file, reading no more than needed. */
async function readHeaderLine(path: string): Promise<string> {
  const stream = await openText(path);
  let text = '';
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString('utf8');
      const end = text.search(/\r?\n/);
      if (end >= 0) return text.slice(0, end);
      if (text.length > 1_000_000) break;
    }
  } finally {
    stream.destroy();
  }
  return text;
}

/**
 * Loads a CSV file (optionally gzipped) into a table of strings, streaming it through csv-parse. The first
 * line names the columns; the delimiter is detected from it.
 */
export async function loadCsvTable(path: string): Promise<Table> {
  try {
    await access(path);
  } catch {
    throw new Error(`CSV file not found: ${path}`);
  }
  const first = (await readHeaderLine(path)).replace(/^\uFEFF/, '');
  // Excel may write the delimiter on a line of its own before the header: sep=;
  const stated = EXCEL_SEPARATOR_LINE.exec(first.trim())?.[1] as Delimiter | undefined;
  const delimiter = stated ?? detectDelimiter(first);
  const headerLine = stated ? 2 : 1;
  const parser = (await openText(path)).pipe(
    parse({
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_quotes: true,
      relax_column_count: true,
      from_line: headerLine,
    }),
  );
  let header: string[] | null = null;
  const columns: string[][] = [];
  let rowCount = 0;
  try {
    for await (const record of parser) {
      const fields = record as string[];
      if (header === null) {
        // A trailing delimiter adds no column; an unnamed one (a spreadsheet's row numbers, pandas' index) is
        // named by its position.
        let width = fields.length;
        while (width > 1 && fields[width - 1] === '') width--;
        header = fields.slice(0, width).map((name, c) => name || `(column ${c + 1})`);
        const seen = new Set<string>();
        for (const name of header) {
          if (seen.has(name)) throw new Error(`${path}: the header names column "${name}" twice.`);
          seen.add(name);
          columns.push([]);
        }
        continue;
      }
      // Empty fields past the header's (a trailing delimiter) are ignored; a row with fewer fields, or values
      // past the header's columns, does not line up with it (e.g. a line break in an unquoted cell).
      if (fields.length < header.length || fields.slice(header.length).some((f) => f !== '')) {
        throw new Error(
          `${path}: line ${rowCount + headerLine + 1} has ${fields.length} fields; the header has ${header.length}.`,
        );
      }
      for (let c = 0; c < header.length; c++) columns[c]!.push(fields[c]!);
      rowCount++;
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(message.startsWith(path) ? message : `${path}: ${message}`);
  }
  if (header === null) throw new Error(`${path}: the file is empty.`);
  return { rowCount, columns: new Map(header.map((name, c) => [name, columns[c]!])) };
}
