// The pdfmake document definition of a certificate (A4, fr or nl): pure, so it is unit-tested without
// rendering. DESIGN.md §5: learner, training title, organiser, date, hours and a verifiable reference.
import { formatVerificationCode } from '@soins/shared';
import type { CertificatePrint } from '../../domain/certificates/ports';

/** The font family the engine registers (Noto Sans: Latin, Greek, Cyrillic). */
export const CERTIFICATE_FONT = 'NotoSans';

/** Measures text for layout decisions (long names): width in points at a font size of 1. */
export type TextMeasure = (text: string, options: { bold: boolean }) => number;

/** Without the font at hand (unit tests of the definition): an average bold letter is ~0.62 em wide. */
const approximateMeasure: TextMeasure = (text) => Array.from(text).length * 0.62;

/** Width of the text column: A4 (595 pt) less the 56 pt margins, less a little for rounding. */
const CONTENT_WIDTH = 483 * 0.98;
const NAME_SIZE = 20;
/** Below this the name wraps onto further lines rather than shrinking more. */
const NAME_MIN_ONE_LINE_SIZE = 12;
/** The floor for a single word too long for the line at the wrap size. */
const NAME_MIN_SIZE = 7;

/**
 * The holder's name at the largest size up to 20 pt that fits one line; a longer name wraps at 12 pt,
 * smaller still only if one of its words alone would not fit the line.
 */
export function holderNameSize(name: string, measure: TextMeasure): number {
  const width = (text: string): number => Math.max(measure(text, { bold: true }), 1e-6);
  const oneLine = CONTENT_WIDTH / width(name);
  if (oneLine >= NAME_MIN_ONE_LINE_SIZE) return Math.min(NAME_SIZE, Math.floor(oneLine * 10) / 10);
  const longestWord = Math.max(...name.split(/\s+/).map(width));
  const wordFits = Math.floor((CONTENT_WIDTH / longestWord) * 10) / 10;
  return Math.max(NAME_MIN_SIZE, Math.min(NAME_MIN_ONE_LINE_SIZE, wordFits));
}

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
  readonly attendanceTitle: string;
  readonly attended: string;
  readonly sessionOn: string;
  readonly trainers: string;
  readonly place: string;
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
    attendanceTitle: 'Attestation de présence',
    attended: 'a participé en présentiel à la formation',
    sessionOn: 'Session du',
    trainers: 'Formateur·rice(s)',
    place: 'Lieu',
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
    attendanceTitle: 'Aanwezigheidsattest',
    attended: 'heeft in persoon deelgenomen aan de opleiding',
    sessionOn: 'Sessie van',
    trainers: 'Lesgever(s)',
    place: 'Plaats',
  },
};

/** Formatters by locale, made once: creating them costs more than the rest of the definition. */
const formatters = new Map<Words['locale'], { date: Intl.DateTimeFormat; hours: Intl.NumberFormat }>();
function formattersFor(locale: Words['locale']): { date: Intl.DateTimeFormat; hours: Intl.NumberFormat } {
  let made = formatters.get(locale);
  if (!made) {
    made = {
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: TIME_ZONE }),
      hours: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
    };
    formatters.set(locale, made);
  }
  return made;
}

export function certificateDocument(
  print: CertificatePrint,
  options: { measure?: TextMeasure } = {},
): Record<string, unknown> {
  const base = words[print.language];
  const w = print.attendance
    ? { ...base, title: base.attendanceTitle, followed: base.attended, completedOn: base.sessionOn }
    : base;
  const { date, hours: hoursFormat } = formattersFor(w.locale);
  const hours = hoursFormat.format(print.hours);
  const row = (label: string, value: string) => [{ text: label, bold: true, color: muted }, { text: value }];
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [56, 56, 56, 56],
    language: w.locale,
    info: { title: `${w.title} — ${print.trainingTitle}`, author: print.organiser, creator: 'SOINS+' },
    defaultStyle: { font: CERTIFICATE_FONT, fontSize: 11, lineHeight: 1.2 },
    content: [
      { text: 'SOINS+', bold: true, fontSize: 20, color: brand },
      {
        canvas: [{ type: 'line', x1: 0, y1: 6, x2: 483, y2: 6, lineWidth: 2, lineColor: brand }],
        margin: [0, 0, 0, 36],
      },
      { text: w.title, bold: true, fontSize: 24, alignment: 'center', margin: [0, 0, 0, 32] },
      { text: w.intro, alignment: 'center', color: muted },
      {
        text: print.holderName,
        bold: true,
        fontSize: holderNameSize(print.holderName, options.measure ?? approximateMeasure),
        // ccmp off: Noto Sans decomposes some accented letters (ị into i + dot below), and pdfkit then
        // maps the plain letter's glyph to the accented one in the text layer, so every "i" of the page
        // would read (and copy) as "ị". Names are stored composed (NFC): their precomposed glyphs are
        // used. Only the name: features bypass pdfkit's layout cache, which the rest of the page keeps.
        fontFeatures: { ccmp: false },
        alignment: 'center',
        margin: [0, 8, 0, 4],
      },
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
            ...(print.attendance
              ? [row(w.trainers, print.attendance.trainers), row(w.place, print.attendance.place)]
              : []),
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
