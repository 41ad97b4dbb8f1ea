// CSV for downloads (search results, comparisons): RFC 4180 quoting and CRLF line ends, with a
// UTF-8 byte order mark by default because spreadsheet programs otherwise read French accents as
// Latin-1. Cells a spreadsheet would run as a formula are neutralised (CSV injection).

export type CsvCell = string | number | null | undefined;

export const UTF8_BOM = '\uFEFF';

export interface CsvOptions {
  /** Prefix the UTF-8 byte order mark; true by default (spreadsheets need it to read UTF-8). */
  bom?: boolean;
  /** ',' by default; ';' for spreadsheets set to French, where the comma is the decimal mark. */
  delimiter?: CsvDelimiter;
}

export type CsvDelimiter = ',' | ';';

/**
 * What `neutralizeFormula` prefixes: a starting character that makes a spreadsheet evaluate a cell
 * (OWASP "CSV injection"), or apostrophes before one ("'+" must not read back as "+").
 */
const NEUTRALIZED_START = /^'*[=+\-@\t\r]/;

/**
 * A text a spreadsheet would run as a formula, made inert by a leading apostrophe. A text that
 * already opens with apostrophes before a formula character gets one more, so that
 * `restoreFormula` can tell it from one we neutralised.
 */
export function neutralizeFormula(value: string): string {
  return NEUTRALIZED_START.test(value) ? `'${value}` : value;
}

/** The reverse of `neutralizeFormula`, for reading back a CSV we wrote. */
export function restoreFormula(value: string): string {
  return value.startsWith("'") && NEUTRALIZED_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** One cell, neutralised then quoted when it must be. Numbers are written as they are. */
export function csvCell(value: CsvCell, delimiter: CsvDelimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutralizeFormula(value);
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line with its CRLF, for streamed downloads. */
export function csvLine(row: readonly CsvCell[], delimiter: CsvDelimiter = ','): string {
  return `${row.map((cell) => csvCell(cell, delimiter)).join(delimiter)}\r\n`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const lines = [header, ...rows].map((row) => row.map((cell) => csvCell(cell, delimiter)).join(delimiter));
  return `${options.bom === false ? '' : UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
