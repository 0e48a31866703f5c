// The learner's hours report (pdfmake table, paginated, fr or nl), rendered in the PDF engine's thread
// (Noto Sans, like certificates). Pure definition, unit-tested without rendering.
import type { HoursReportModel, HoursReportRenderer } from '../../domain/hours/report';
import { CERTIFICATE_FONT } from './certificate-document';
import { pdfThread } from './pdf-thread';

const words = {
  fr: {
    locale: 'fr-BE',
    title: 'Relevé des heures de formation continue',
    holder: 'Titulaire',
    profession: 'Profession',
    professions: { nurse: 'Infirmier·ère', midwife: 'Sage-femme' } as Record<string, string>,
    inami: 'Numéro INAMI',
    period: 'Période',
    generated: 'Établi le',
    columns: ['Formation', 'Type', 'Organisateur', 'Du', 'Au', 'Heures', 'Code de vérification'],
    kinds: { certificate: 'En ligne (certificat)', attestation: 'Présentiel (attestation)' },
    total: 'Total des heures',
    none: 'Aucune heure enregistrée sur cette période.',
    page: (n: number, of: number) => `Page ${String(n)} / ${String(of)}`,
  },
  nl: {
    locale: 'nl-BE',
    title: 'Overzicht van de uren permanente vorming',
    holder: 'Houder',
    profession: 'Beroep',
    professions: { nurse: 'Verpleegkundige', midwife: 'Vroedvrouw' } as Record<string, string>,
    inami: 'RIZIV-nummer',
    period: 'Periode',
    generated: 'Opgemaakt op',
    columns: ['Opleiding', 'Soort', 'Organisator', 'Van', 'Tot', 'Uren', 'Verificatiecode'],
    kinds: { certificate: 'Online (certificaat)', attestation: 'Fysiek (attest)' },
    total: 'Totaal aantal uren',
    none: 'Geen uren geregistreerd in deze periode.',
    page: (n: number, of: number) => `Pagina ${String(n)} / ${String(of)}`,
  },
} as const;

export function hoursReportDocument(model: HoursReportModel): Record<string, unknown> {
  const w = words[model.language];
  const date = (day: string) =>
    new Intl.DateTimeFormat(w.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
  const hours = new Intl.NumberFormat(w.locale, { maximumFractionDigits: 2 });
  const header = w.columns.map((text) => ({ text, bold: true, fillColor: '#e6f0ef' }));
  const rows = model.entries.map((e) => [
    model.language === 'nl' ? e.trainingTitle.nl : e.trainingTitle.fr,
    w.kinds[e.source],
    e.organiser,
    date(e.startedOn),
    date(e.completedOn),
    { text: hours.format(e.hours), alignment: 'right' },
    { text: e.verificationCode, fontSize: 7 },
  ]);
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [36, 48, 36, 48],
    language: w.locale,
    info: { title: w.title, author: 'SOINS+', creator: 'SOINS+' },
    defaultStyle: { font: CERTIFICATE_FONT, fontSize: 9, lineHeight: 1.15 },
    footer: (current: number, count: number) => ({
      text: w.page(current, count),
      alignment: 'right',
      margin: [36, 12, 36, 0],
      fontSize: 8,
    }),
    content: [
      { text: 'SOINS+', bold: true, fontSize: 18, color: '#0b5a55' },
      { text: w.title, bold: true, fontSize: 16, margin: [0, 8, 0, 12] },
      {
        table: {
          widths: [140, '*'],
          body: [
            [{ text: w.holder, bold: true }, model.holderName],
            ...(model.profession
              ? [[{ text: w.profession, bold: true }, w.professions[model.profession] ?? model.profession]]
              : []),
            ...(model.inami ? [[{ text: w.inami, bold: true }, model.inami]] : []),
            [{ text: w.period, bold: true }, `${date(model.from)} – ${date(model.to)}`],
            [{ text: w.generated, bold: true }, date(model.generatedAt.slice(0, 10))],
          ],
        },
        layout: 'noBorders',
        margin: [0, 0, 0, 12],
      },
      model.entries.length === 0
        ? { text: w.none, italics: true }
        : {
            table: {
              headerRows: 1,
              dontBreakRows: true,
              widths: ['*', 90, 80, 60, 60, 40, 120],
              body: [header, ...rows],
            },
            layout: 'lightHorizontalLines',
          },
      {
        text: `${w.total} : ${hours.format(model.totalHours)}`,
        bold: true,
        alignment: 'right',
        margin: [0, 12, 0, 0],
      },
    ],
  };
}

export class PdfmakeHoursReportRenderer implements HoursReportRenderer {
  render(model: HoursReportModel): Promise<Uint8Array> {
    return pdfThread().render({ kind: 'hours-report', model });
  }
}
