/** CSV details shared by reading (delimiter detection) and writing (reports and exports). */

/** Comma, semicolon, tab, and the Arabic semicolon (U+061B), which Persian Windows uses as its list separator. */
export const DELIMITERS = [',', ';', '\t', '\u061B'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const UTF8_BOM = '\uFEFF';

/**
 * The delimiter of a file from its first line: the candidate that occurs most often outside quotes
 * (ties and none at all: comma). A UTF-8 byte order mark is ignored.
 */
export function detectDelimiter(sample: string): Delimiter {
  const text = sample.startsWith(UTF8_BOM) ? sample.slice(1) : sample;
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      // A doubled quote inside a quoted cell is an escaped quote, not the end of the cell.
      if (quoted && text[i + 1] === '"') i++;
      else quoted = !quoted;
    } else if (!quoted && (c === '\n' || c === '\r')) {
      break;
    } else if (!quoted && counts.has(c as Delimiter)) {
      counts.set(c as Delimiter, counts.get(c as Delimiter)! + 1);
    }
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** The name shown for a delimiter in messages and the API (`tab` for the tab character). */
export function delimiterName(d: Delimiter): string {
  return d === '\t' ? 'tab' : d;
}

export function parseDelimiter(value: string): Delimiter | null {
  if (value === 'tab' || value === '\\t' || value === '\t') return '\t';
  return value === ',' || value === ';' || value === '\u061B' ? value : null;
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / carriage return before one) as a formula.
 * A report that echoes what somebody typed must not run it: such cells get a leading apostrophe, which
 * spreadsheets show as text (OWASP "CSV injection").
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV cell, quoted when it holds the delimiter, a quote or a line break; formulas neutralised. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : neutralizeFormula(value);
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
