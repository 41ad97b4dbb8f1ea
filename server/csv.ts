// CSV for downloads (search results, comparisons): RFC 4180 quoting and CRLF line ends, with a
// UTF-8 byte order mark by default because spreadsheet programs otherwise read French accents as
// Latin-1. Cells a spreadsheet would run as a formula are neutralised (CSV injection).

export type CsvCell = string | number | null | undefined;

/** Starting characters that make a spreadsheet evaluate a cell (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export const UTF8_BOM = '\uFEFF';

export interface CsvOptions {
  /** Prefix the UTF-8 byte order mark; true by default (spreadsheets need it to read UTF-8). */
  bom?: boolean;
}

/** One cell, neutralised then quoted when it must be. Numbers are written as they are. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${options.bom === false ? '' : UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
