// The register of processing as CSV (RFC 4180, UTF-8 with BOM so spreadsheet programs read the accents),
// in one language. Every cell is neutralised against formula injection: a value starting with = + - @ (or a
// tab or carriage return) is prefixed with an apostrophe.
import type { FrNl, ProcessingRegister } from '@soins/shared';

export type RegisterLanguage = 'fr' | 'nl';

const dangerous = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = dangerous.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export interface CsvHeaders {
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly dataCategories: string;
  readonly dataSubjects: string;
  readonly recipients: string;
  readonly retention: string;
  readonly transfers: string;
  readonly security: string;
}

export function registerToCsv(
  register: ProcessingRegister,
  lang: RegisterLanguage,
  headers: CsvHeaders,
): string {
  const pick = (text: FrNl): string => text[lang];
  const list = (items: readonly FrNl[]): string => items.map(pick).join(' | ');
  const rows: string[][] = [
    [
      headers.id,
      headers.name,
      headers.purpose,
      headers.legalBasis,
      headers.dataCategories,
      headers.dataSubjects,
      headers.recipients,
      headers.retention,
      headers.transfers,
      headers.security,
    ],
    ...register.activities.map((activity) => [
      activity.id,
      pick(activity.name),
      pick(activity.purpose),
      pick(activity.legalBasisDetail),
      list(activity.dataCategories),
      list(activity.dataSubjects),
      list(activity.recipients),
      pick(activity.retention),
      list(activity.transfers),
      list(activity.securityMeasures),
    ]),
  ];
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Offers text as a file download (a blob URL clicked once, then revoked). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1_000);
}
