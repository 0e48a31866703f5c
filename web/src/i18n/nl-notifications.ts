import type { frNotifications } from './fr-notifications';

// Dutch texts of the in-app notifications: the header's bell and the notifications page.
export const nlNotifications: Record<keyof typeof frNotifications, string> = {
  'notifications.bell':
    '{count, plural, =0 {Meldingen} one {Meldingen, # ongelezen} other {Meldingen, # ongelezen}}',
  'notifications.documentTitle': 'Meldingen · SOINS+',
  'notifications.title': 'Meldingen',
  'notifications.unreadSummary':
    '{count, plural, =0 {Alles is gelezen.} one {# ongelezen melding.} other {# ongelezen meldingen.}}',
  'notifications.markAllRead': 'Alles als gelezen markeren',
  'notifications.allMarked': 'Alle meldingen zijn als gelezen gemarkeerd.',
  'notifications.emptyTitle': 'Geen meldingen',
  'notifications.emptyBody':
    'U wordt hier verwittigd wanneer een attest klaar is, wanneer uw diploma nagekeken is en de dag voor een sessie.',
  'notifications.errorTitle': 'De meldingen konden niet geladen worden',
  'notifications.more': 'Meer meldingen tonen',
  'notifications.unread': 'Ongelezen',
  'notifications.receivedAt': 'Ontvangen op {date}',
  'notifications.certificateReady': 'Uw attest voor ‘{title}’ is klaar.',
  'notifications.diplomaApproved': 'Uw diploma werd goedgekeurd.',
  'notifications.diplomaRejected': 'Uw diploma werd geweigerd. Reden: {reason}',
  'notifications.diplomaRejectedNoReason': 'Uw diploma werd geweigerd.',
  'notifications.attestationReady': 'Uw aanwezigheidsattest voor de sessie ‘{title}’ van {date} is klaar.',
  'notifications.sessionReminder':
    'Herinnering: de sessie ‘{title}’ vindt morgen plaats, {date}, in {place}.',
  'notifications.sessionCancelled': 'De sessie ‘{title}’ van {date} werd geannuleerd. Reden: {reason}',
  'notifications.sessionCancelledNoReason': 'De sessie ‘{title}’ van {date} werd geannuleerd.',
  'notifications.open.certificates': 'Mijn attesten bekijken',
  'notifications.open.profile': 'Mijn diploma bekijken',
  'notifications.open.sessions': 'Mijn sessies bekijken',
};
