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
