// The pdfmake document of a report table (A4 landscape, fr or nl): the header row repeats on every
// page, the footer numbers the pages ("Page 2 / 14"). Pure, so it is unit-tested without rendering.
import type { ReportTable } from '../../domain/reporting/ports';
import { CERTIFICATE_FONT } from './certificate-document';

const brand = '#0b5a55';
const muted = '#4a5560';

const words = {
  fr: {
    page: (n: number, of: number) => `Page ${n} / ${of}`,
    generated: 'Généré le',
    rows: 'lignes',
    none: 'Aucune ligne.',
  },
  nl: {
    page: (n: number, of: number) => `Pagina ${n} / ${of}`,
    generated: 'Aangemaakt op',
    rows: 'rijen',
    none: 'Geen rijen.',
  },
} as const;

export function reportDocument(table: ReportTable): object {
  const w = words[table.language];
  const generated = new Intl.DateTimeFormat(table.language === 'nl' ? 'nl-BE' : 'fr-BE', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Brussels',
  }).format(new Date(table.generatedAt));
  const body = [
    table.header.map((text) => ({ text, style: 'th' })),
    ...table.rows.map((row) => row.map((text) => ({ text }))),
  ];
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [28, 56, 28, 40],
    info: { title: table.title, creator: 'SOINS+', producer: 'SOINS+' },
    language: table.language === 'nl' ? 'nl-BE' : 'fr-BE',
    defaultStyle: { font: CERTIFICATE_FONT, fontSize: 7.5, color: '#1b1f23' },
    header: {
      margin: [28, 18, 28, 0],
      columns: [
        {
          text: [
            { text: 'SOINS+  ', bold: true, color: brand },
            { text: table.title, bold: true },
          ],
          fontSize: 11,
        },
        { text: table.subtitle, alignment: 'right', color: muted, fontSize: 9 },
      ],
    },
    footer: (currentPage: number, pageCount: number) => ({
      margin: [28, 12, 28, 0],
      columns: [
        { text: `${w.generated} ${generated} · ${table.rows.length} ${w.rows}`, color: muted, fontSize: 7 },
        { text: w.page(currentPage, pageCount), alignment: 'right', color: muted, fontSize: 7 },
      ],
    }),
    content: [
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: table.header.map(() => '*'),
          body,
        },
        layout: {
          fillColor: (rowIndex: number) =>
            rowIndex === 0 ? '#e6f0ef' : rowIndex % 2 === 0 ? '#f6f8f8' : null,
          hLineColor: () => '#c9d1d3',
          vLineColor: () => '#c9d1d3',
          hLineWidth: () => 0.5,
          vLineWidth: () => 0.5,
        },
      },
      ...(table.rows.length === 0 ? [{ text: w.none, margin: [0, 8, 0, 0], color: muted }] : []),
    ],
    styles: { th: { bold: true, color: brand } },
  };
}
