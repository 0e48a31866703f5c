// The hours ledger: one line per accredited-hours document (online certificate or in-person
// attestation), written when the document is issued. The learner's hours report and the yearly
// accreditation report read it; neither recomputes hours from certificates or sessions.

/** One accredited-hours line: an online certificate or an in-person attestation. */
export interface HoursEntry {
  readonly id: string; // `${source}:${documentId}` — recording twice is a no-op
  readonly userId: string;
  readonly source: 'certificate' | 'attestation';
  readonly documentId: string; // certificate or attestation id
  readonly verificationCode: string;
  readonly trainingId: string;
  readonly trainingTitle: { readonly fr: string; readonly nl: string };
  readonly organiser: string; // 'SOINS+'
  readonly sessionId?: string; // attestations only
  readonly startedOn: string; // YYYY-MM-DD, Europe/Brussels
  readonly completedOn: string; // YYYY-MM-DD, Europe/Brussels
  readonly hours: number; // accredited hours (may be partial for attestations)
}
export interface HoursLedger {
  record(entry: HoursEntry): Promise<void>;
  listForUser(userId: string, from: string, to: string): Promise<readonly HoursEntry[]>; // completedOn in [from, to]
  listForYear(year: number, pageToken?: string): Promise<{ entries: readonly HoursEntry[]; next?: string }>;
}

/** The id of a ledger line: one per source document, so recording it again changes nothing. */
export const hoursEntryId = (source: HoursEntry['source'], documentId: string): string =>
  `${source}:${documentId}`;

/** Calendar date (YYYY-MM-DD) of an instant in Belgium. */
export function brusselsDate(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(iso));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** What of a certificate the ledger needs (its stored snapshot). */
export interface CertificateForHours {
  readonly id: string;
  readonly userId: string;
  readonly trainingId: string;
  readonly trainingTitle: string;
  readonly organiser: string;
  readonly completedAt: string;
  readonly hours: number;
  readonly verificationCode: string;
  readonly status: 'valid' | 'revoked';
}

/** A certificate as a ledger line, from its snapshot (its title in the language it was issued in). */
export function certificateEntry(certificate: CertificateForHours): HoursEntry {
  const completedOn = brusselsDate(certificate.completedAt);
  return {
    id: hoursEntryId('certificate', certificate.id),
    userId: certificate.userId,
    source: 'certificate',
    documentId: certificate.id,
    verificationCode: certificate.verificationCode,
    trainingId: certificate.trainingId,
    trainingTitle: { fr: certificate.trainingTitle, nl: certificate.trainingTitle },
    organiser: certificate.organiser,
    startedOn: completedOn,
    completedOn,
    hours: certificate.hours,
  };
}

/**
 * The lines that count for a learner in [from, to], the one source of her ledger page and her hours
 * report: the stored lines (attestations and certificates), less certificates that are no longer valid
 * (revoked after their line was recorded), plus valid certificates without a line (issued before the
 * ledger existed), ordered by completion date.
 */
export function countedEntries(
  lines: readonly HoursEntry[],
  certificates: readonly CertificateForHours[],
  period: { readonly from: string; readonly to: string },
): HoursEntry[] {
  const status = new Map(certificates.map((c) => [c.id, c.status]));
  const kept = lines.filter(
    (line) => line.source !== 'certificate' || status.get(line.documentId) === 'valid',
  );
  const recorded = new Set(lines.map((line) => line.id));
  const missing = certificates
    .filter((c) => c.status === 'valid' && !recorded.has(hoursEntryId('certificate', c.id)))
    .map(certificateEntry)
    .filter((entry) => entry.completedOn >= period.from && entry.completedOn <= period.to);
  return [...kept, ...missing].sort((a, b) => a.completedOn.localeCompare(b.completedOn));
}
