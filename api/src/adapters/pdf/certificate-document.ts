// The pdfmake document definition of a certificate (A4, fr or nl): pure, so it is unit-tested without
// rendering. DESIGN.md §5: learner, training title, organiser, date, hours and a verifiable reference.
import { formatVerificationCode } from '@soins/shared';
import type { CertificatePrint } from '../../domain/certificates/ports';

const TIME_ZONE = 'Europe/Brussels';
const brand = '#0b5a55';
const muted = '#4a5560';

interface Words {
  readonly locale: 'fr-BE' | 'nl-BE';
  readonly title: string;
  readonly intro: string;
  readonly inami: string;
  readonly followed: string;
  readonly hours: string;
  readonly completedOn: string;
  readonly organiser: string;
  readonly issuedOn: string;
  readonly code: string;
  readonly verify: string;
  readonly hoursUnit: (hours: string) => string;
}

const words: Record<CertificatePrint['language'], Words> = {
  fr: {
    locale: 'fr-BE',
    title: 'Attestation de formation continue',
    intro: 'Nous attestons que',
    inami: 'Numéro INAMI',
    followed: 'a suivi avec succès la formation',
    hours: 'Heures accréditées',
    completedOn: 'Réussie le',
    organiser: 'Organisateur',
    issuedOn: 'Délivrée le',
    code: 'Code de vérification',
    verify: 'Vérifiez l’authenticité de cette attestation en scannant le code QR ou sur',
    hoursUnit: (hours) => `${hours} h`,
  },
  nl: {
    locale: 'nl-BE',
    title: 'Attest van permanente vorming',
    intro: 'Hierbij verklaren wij dat',
    inami: 'RIZIV-nummer',
    followed: 'met succes de volgende opleiding heeft gevolgd',
    hours: 'Geaccrediteerde uren',
    completedOn: 'Geslaagd op',
    organiser: 'Organisator',
    issuedOn: 'Uitgereikt op',
    code: 'Verificatiecode',
    verify: 'Controleer de echtheid van dit attest door de QR-code te scannen of op',
    hoursUnit: (hours) => `${hours} uur`,
  },
};

export function certificateDocument(print: CertificatePrint): Record<string, unknown> {
  const w = words[print.language];
  const date = new Intl.DateTimeFormat(w.locale, { dateStyle: 'long', timeZone: TIME_ZONE });
  const hours = new Intl.NumberFormat(w.locale, { maximumFractionDigits: 2 }).format(print.hours);
  const row = (label: string, value: string) => [{ text: label, bold: true, color: muted }, { text: value }];
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [56, 56, 56, 56],
    language: w.locale,
    info: { title: `${w.title} — ${print.trainingTitle}`, author: print.organiser, creator: 'SOINS+' },
    defaultStyle: { font: 'Roboto', fontSize: 11, lineHeight: 1.2 },
    content: [
      { text: 'SOINS+', bold: true, fontSize: 20, color: brand },
      {
        canvas: [{ type: 'line', x1: 0, y1: 6, x2: 483, y2: 6, lineWidth: 2, lineColor: brand }],
        margin: [0, 0, 0, 36],
      },
      { text: w.title, bold: true, fontSize: 24, alignment: 'center', margin: [0, 0, 0, 32] },
      { text: w.intro, alignment: 'center', color: muted },
      { text: print.holderName, bold: true, fontSize: 20, alignment: 'center', margin: [0, 8, 0, 4] },
      ...(print.inami
        ? [{ text: `${w.inami} : ${print.inami}`, alignment: 'center', color: muted, margin: [0, 0, 0, 4] }]
        : []),
      { text: w.followed, alignment: 'center', color: muted, margin: [0, 12, 0, 8] },
      {
        text: print.trainingTitle,
        bold: true,
        fontSize: 16,
        alignment: 'center',
        margin: [0, 0, 0, 32],
      },
      {
        table: {
          widths: [160, '*'],
          body: [
            row(w.hours, w.hoursUnit(hours)),
            row(w.completedOn, date.format(new Date(print.completedAt))),
            row(w.organiser, print.organiser),
            row(w.issuedOn, date.format(new Date(print.issuedAt))),
            row(w.code, formatVerificationCode(print.verificationCode)),
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [40, 0, 40, 40],
      },
      {
        columns: [
          { qr: print.verifyUrl, fit: 110, eccLevel: 'M', width: 'auto' },
          {
            width: '*',
            margin: [16, 8, 0, 0],
            stack: [
              { text: w.verify, color: muted, fontSize: 10 },
              { text: print.verifyUrl, fontSize: 9, color: brand, margin: [0, 4, 0, 8] },
              { text: `${w.code} : ${print.verificationCode}`, fontSize: 9, color: muted },
            ],
          },
        ],
      },
    ],
  };
}
