// What each report says: its columns (fr/nl) and how a row is built from the facts the sources give.
// The same rows feed the CSV and the PDF; formatting here is language-aware but format-neutral.
import type { Profession, ReportKind, ReportLanguage, ReportScope } from '@soins/shared';
import type { CsvCell } from '../csv';

type Localized = { readonly fr: string; readonly nl: string };

/** A learner as a report names them (from the profile; never the e-mail address). */
export interface ReportPerson {
  readonly lastName: string;
  readonly firstName: string;
  readonly profession?: Profession;
}

/** One enrolment of a training with what the learner did since. */
export interface ParticipantFacts {
  readonly userId: string;
  readonly enrolledAt: string;
  /** Chapters completed, out of `chapterCount`. */
  readonly chaptersCompleted: number;
  readonly chapterCount: number;
  readonly completedAt?: string;
  /** When the first passing quiz attempt was submitted. */
  readonly quizPassedAt?: string;
  /** Verification code of the issued (not revoked) certificate. */
  readonly certificateCode?: string;
}

/** Counts of one training (learners, not attempts). */
export interface TrainingRateFacts {
  readonly trainingId: string;
  readonly title: { readonly fr?: string; readonly nl?: string };
  readonly enrolled: number;
  readonly completed: number;
  /** Learners with at least one submitted quiz attempt. */
  readonly attempted: number;
  readonly passed: number;
}

export const sessionParticipantStatuses = [
  'registered',
  'waiting',
  'cancelled',
  'present',
  'partial',
  'absent',
] as const;
export type SessionParticipantStatus = (typeof sessionParticipantStatuses)[number];

/** One registration of an in-person session. */
export interface SessionParticipantFacts {
  readonly userId: string;
  readonly status: SessionParticipantStatus;
  readonly registeredAt: string;
  /** Hours granted at sign-off (present or partial). */
  readonly hours?: number;
  readonly attestationCode?: string;
}

/** One accredited-hours line (the hours ledger). */
export interface HoursFacts {
  readonly userId: string;
  readonly source: 'certificate' | 'attestation';
  readonly trainingTitle: { readonly fr: string; readonly nl: string };
  readonly organiser: string;
  readonly startedOn: string;
  readonly completedOn: string;
  readonly hours: number;
  readonly verificationCode: string;
}

const professionLabels: Record<Profession, Localized> = {
  nurse: { fr: 'Infirmier·ère', nl: 'Verpleegkundige' },
  midwife: { fr: 'Sage-femme', nl: 'Vroedvrouw' },
  other: { fr: 'Autre', nl: 'Andere' },
};

const statusLabels: Record<SessionParticipantStatus, Localized> = {
  registered: { fr: 'Inscrit·e', nl: 'Ingeschreven' },
  waiting: { fr: 'Liste d’attente', nl: 'Wachtlijst' },
  cancelled: { fr: 'Annulé', nl: 'Geannuleerd' },
  present: { fr: 'Présent·e', nl: 'Aanwezig' },
  partial: { fr: 'Présence partielle', nl: 'Gedeeltelijk aanwezig' },
  absent: { fr: 'Absent·e', nl: 'Afwezig' },
};

const sourceLabels: Record<HoursFacts['source'], Localized> = {
  certificate: { fr: 'Formation en ligne', nl: 'Online opleiding' },
  attestation: { fr: 'Session en présentiel', nl: 'Sessie ter plaatse' },
};

const yes: Localized = { fr: 'oui', nl: 'ja' };
const no: Localized = { fr: 'non', nl: 'nee' };

const columns = {
  lastName: { fr: 'Nom', nl: 'Naam' },
  firstName: { fr: 'Prénom', nl: 'Voornaam' },
  profession: { fr: 'Profession', nl: 'Beroep' },
  inami: { fr: 'Numéro INAMI', nl: 'RIZIV-nummer' },
  enrolledOn: { fr: 'Inscrit·e le', nl: 'Ingeschreven op' },
  progress: { fr: 'Progression (%)', nl: 'Voortgang (%)' },
  completedOn: { fr: 'Terminée le', nl: 'Voltooid op' },
  quizPassed: { fr: 'Quiz réussi', nl: 'Quiz geslaagd' },
  quizPassedOn: { fr: 'Quiz réussi le', nl: 'Quiz geslaagd op' },
  certificateCode: { fr: 'Code de l’attestation', nl: 'Code van het attest' },
  training: { fr: 'Formation', nl: 'Opleiding' },
  trainingId: { fr: 'Identifiant', nl: 'Identificatie' },
  enrolled: { fr: 'Inscrit·e·s', nl: 'Ingeschreven' },
  completed: { fr: 'Terminée', nl: 'Voltooid' },
  completionRate: { fr: 'Taux d’achèvement (%)', nl: 'Voltooiingsgraad (%)' },
  attempted: { fr: 'Quiz tenté', nl: 'Quiz geprobeerd' },
  passed: { fr: 'Quiz réussi', nl: 'Quiz geslaagd' },
  passRate: { fr: 'Taux de réussite (%)', nl: 'Slaagpercentage (%)' },
  status: { fr: 'Statut', nl: 'Status' },
  registeredOn: { fr: 'Inscrit·e le', nl: 'Ingeschreven op' },
  hours: { fr: 'Heures', nl: 'Uren' },
  organiser: { fr: 'Organisateur', nl: 'Organisator' },
  startedOn: { fr: 'Début', nl: 'Begin' },
  source: { fr: 'Type', nl: 'Type' },
  verificationCode: { fr: 'Code de vérification', nl: 'Verificatiecode' },
} as const satisfies Record<string, Localized>;
type ColumnKey = keyof typeof columns;

const titles: Record<ReportKind, Localized> = {
  'training-participants': { fr: 'Participants à la formation', nl: 'Deelnemers aan de opleiding' },
  'training-rates': { fr: 'Taux d’achèvement et de réussite', nl: 'Voltooiings- en slaagpercentages' },
  'session-participants': { fr: 'Participants à la session', nl: 'Deelnemers aan de sessie' },
  'yearly-hours': { fr: 'Heures accréditées', nl: 'Geaccrediteerde uren' },
};

export const reportColumns: Record<ReportKind, readonly ColumnKey[]> = {
  'training-participants': [
    'lastName',
    'firstName',
    'profession',
    'enrolledOn',
    'progress',
    'completedOn',
    'quizPassed',
    'quizPassedOn',
    'certificateCode',
  ],
  'training-rates': [
    'trainingId',
    'training',
    'enrolled',
    'completed',
    'completionRate',
    'attempted',
    'passed',
    'passRate',
  ],
  'session-participants': [
    'lastName',
    'firstName',
    'profession',
    'status',
    'registeredOn',
    'hours',
    'certificateCode',
  ],
  'yearly-hours': [
    'lastName',
    'firstName',
    'profession',
    'inami',
    'training',
    'organiser',
    'startedOn',
    'completedOn',
    'hours',
    'source',
    'verificationCode',
  ],
};

export function reportHeader(kind: ReportKind, language: ReportLanguage): string[] {
  return reportColumns[kind].map((key) => columns[key][language]);
}

export function reportTitle(kind: ReportKind, language: ReportLanguage): string {
  return titles[kind][language];
}

// One formatter for every cell: building an Intl formatter costs far more than using one. Built on first
// use, not at import: a time-zone formatter loads ICU's zone data, which the api's cold start must not pay.
let brusselsDays: Intl.DateTimeFormat | undefined;
const brusselsDayFormat = (): Intl.DateTimeFormat =>
  (brusselsDays ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }));

/** Calendar day in Europe/Brussels, ISO (YYYY-MM-DD): sorts and reads the same in both languages. */
export function brusselsDay(iso: string | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return brusselsDayFormat().format(date);
}

/** A whole percentage, 0 when there is nothing to divide. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

const professionOf = (person: ReportPerson, language: ReportLanguage): string =>
  person.profession ? professionLabels[person.profession][language] : '';

const localizedTitle = (title: { fr?: string; nl?: string }, language: ReportLanguage): string =>
  title[language] ?? title.fr ?? title.nl ?? '';

export function participantRow(
  facts: ParticipantFacts,
  person: ReportPerson,
  language: ReportLanguage,
): CsvCell[] {
  const progress = facts.completedAt ? 100 : percent(facts.chaptersCompleted, facts.chapterCount);
  return [
    person.lastName,
    person.firstName,
    professionOf(person, language),
    brusselsDay(facts.enrolledAt),
    progress,
    brusselsDay(facts.completedAt),
    (facts.quizPassedAt ? yes : no)[language],
    brusselsDay(facts.quizPassedAt),
    facts.certificateCode ?? '',
  ];
}

export function rateRow(facts: TrainingRateFacts, language: ReportLanguage): CsvCell[] {
  return [
    facts.trainingId,
    localizedTitle(facts.title, language),
    facts.enrolled,
    facts.completed,
    percent(facts.completed, facts.enrolled),
    facts.attempted,
    facts.passed,
    percent(facts.passed, facts.attempted),
  ];
}

export function sessionParticipantRow(
  facts: SessionParticipantFacts,
  person: ReportPerson,
  language: ReportLanguage,
): CsvCell[] {
  return [
    person.lastName,
    person.firstName,
    professionOf(person, language),
    statusLabels[facts.status][language],
    brusselsDay(facts.registeredAt),
    facts.hours,
    facts.attestationCode ?? '',
  ];
}

export function hoursRow(
  facts: HoursFacts,
  person: ReportPerson,
  inami: string | undefined,
  language: ReportLanguage,
): CsvCell[] {
  return [
    person.lastName,
    person.firstName,
    professionOf(person, language),
    inami ?? '',
    localizedTitle(facts.trainingTitle, language),
    facts.organiser,
    facts.startedOn,
    facts.completedOn,
    facts.hours,
    sourceLabels[facts.source][language],
    facts.verificationCode,
  ];
}

/** What the job and the file name say the report is about. */
export function subjectOf(scope: ReportScope): string {
  switch (scope.kind) {
    case 'training-participants':
      return scope.trainingId;
    case 'training-rates':
      return '';
    case 'session-participants':
      return scope.sessionId;
    case 'yearly-hours':
      return String(scope.year);
  }
}
