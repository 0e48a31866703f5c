// The calendar file attached to registration e-mails (RFC 5545). Times in UTC (`Z`): every calendar
// shows them in its own time zone, Europe/Brussels for our learners. The UID is stable per session and
// learner, SEQUENCE grows with each change, and a cancellation is METHOD:CANCEL of the same UID.
import type { TrainingSession } from './sessions';

const icsDate = (iso: string): string =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Escapes TEXT values (RFC 5545 §3.3.11). */
const text = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds lines longer than 75 octets (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    const limit = parts.length === 0 ? 75 : 74;
    if (Buffer.byteLength(current + char, 'utf8') > limit) {
      parts.push(current);
      current = char;
    } else current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export const sessionEventUid = (sessionId: string, userId: string): string =>
  `${sessionId}-${userId}@soins.plus`;

export function sessionIcs(input: {
  readonly session: TrainingSession;
  readonly userId: string;
  readonly sequence: number;
  readonly method: 'REQUEST' | 'CANCEL';
  readonly now: string;
  readonly language: 'fr' | 'nl';
}): string {
  const { session } = input;
  const title = input.language === 'nl' ? session.trainingTitle.nl : session.trainingTitle.fr;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//SOINS+//Sessions//FR',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method}`,
    'BEGIN:VEVENT',
    `UID:${sessionEventUid(session.id, input.userId)}`,
    `SEQUENCE:${String(input.sequence)}`,
    `DTSTAMP:${icsDate(input.now)}`,
    `DTSTART:${icsDate(session.startsAt)}`,
    `DTEND:${icsDate(session.endsAt)}`,
    `SUMMARY:${text(`SOINS+ — ${title}`)}`,
    `LOCATION:${text(session.place)}`,
    'ORGANIZER;CN=SOINS+:mailto:no-reply@soins.plus',
    `STATUS:${input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
