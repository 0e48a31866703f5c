// CSV as Belgian spreadsheets open it: UTF-8 with a byte-order mark (Excel reads accents right), `;` between
// cells (the list separator of fr-BE and nl-BE locales), CRLF between rows. A cell a spreadsheet would
// read as a formula (starting with `=`, `+`, `-`, `@`, or a tab or carriage return) is neutralised with a
// leading apostrophe (OWASP "CSV injection").

export const csvSeparator = ';';
const byteOrderMark = '\uFEFF';

const formulaStart = /^[=+\-@\t\r]/;

/** One cell: neutralised, then quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string): string {
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A whole document: BOM, header row, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(csvSeparator));
  return `${byteOrderMark}${lines.map((line) => `${line}\r\n`).join('')}`;
}
