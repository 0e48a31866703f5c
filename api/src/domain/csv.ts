// CSV for Belgian Excel: UTF-8 with a byte order mark (Excel reads UTF-8 only with it), `;` between
// cells (the list separator of the fr-BE and nl-BE locales, where `,` is the decimal comma), CRLF line
// ends and RFC 4180 quoting. Cells a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
// `@`, a tab or a carriage return) are neutralised with a leading apostrophe (OWASP "CSV injection").
// Files are produced as a stream of text chunks (reports); `toCsv` joins a small bounded document (the
// audit-log export, at most 10 000 rows) from the same lines. The one CSV encoder of the api.

export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';
export const CSV_LINE_END = '\r\n';

/** A cell as reports produce it; numbers are written with a decimal comma, booleans by the caller. */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[";\r\n,]/;

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // A number is data, never a formula: written as Belgian Excel reads it (1,5), not neutralised.
    return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, with its line end. */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(CSV_SEPARATOR) + CSV_LINE_END;
}

/**
 * The file as text chunks of about `chunkChars` characters: the BOM and header first, then the rows
 * page by page as they arrive. Memory holds one page and one chunk, whatever the number of rows.
 */
export async function* csvChunks(
  header: readonly string[],
  pages: AsyncIterable<readonly (readonly CsvCell[])[]> | Iterable<readonly (readonly CsvCell[])[]>,
  options: { readonly chunkChars?: number; readonly onRows?: (rows: number) => Promise<void> | void } = {},
): AsyncGenerator<string, number> {
  const chunkChars = options.chunkChars ?? 64 * 1024;
  let chunk = CSV_BOM + csvLine(header);
  let rows = 0;
  for await (const page of pages) {
    for (const row of page) {
      chunk += csvLine(row);
      rows += 1;
      if (chunk.length >= chunkChars) {
        yield chunk;
        chunk = '';
      }
    }
    await options.onRows?.(rows);
  }
  if (chunk.length > 0) yield chunk;
  return rows;
}

/** A small bounded document in one string (BOM, header, rows): the same cells and lines as `csvChunks`. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + [header, ...rows].map(csvLine).join('');
}
