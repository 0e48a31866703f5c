import type { frErasure } from './fr-erasure';

// Dutch texts of the account erasure (profile) and of the admins' list of pending erasures.
export const nlErasure: Record<keyof typeof frErasure, string> = {
  'erasure.title': 'Mijn account wissen',
  'erasure.intro':
    'Uw account en uw gegevens worden 14 dagen na uw aanvraag gewist; tot dan kunt u annuleren. Alleen de facturen (10 jaar, zonder uw naam) en de verificatie van uw attesten (geldig of ingetrokken, opleiding, datum, zonder naam) worden bewaard, zoals de wet vereist.',
  'erasure.request': 'Het wissen van mijn account aanvragen',
  'erasure.confirmTitle': 'Bevestig het wissen',
  'erasure.confirmText':
    'Voor uw veiligheid moet u zich vlak voor de bevestiging opnieuw aanmelden (wachtwoord).',
  'erasure.confirm': 'Ja, mijn account over 14 dagen wissen',
  'erasure.keep': 'Nee, mijn account behouden',
  'erasure.reauthenticate': 'Opnieuw aanmelden om te bevestigen',
  'erasure.reauthNeeded':
    'Uw laatste aanmelding is meer dan 5 minuten oud: meld u opnieuw aan om te bevestigen.',
  'erasure.pending': 'Het wissen van uw account is gepland op {date}.',
  'erasure.pendingHint': 'U hebt een bevestigingsmail ontvangen. U kunt tot die datum annuleren.',
  'erasure.cancel': 'Het wissen annuleren',
  'erasure.cancelled': 'Het wissen is geannuleerd. Uw account blijft behouden.',
  'erasure.admin.title': 'Geplande wissingen',
  'erasure.admin.none': 'Geen geplande wissingen.',
  'erasure.admin.user': 'Gebruiker',
  'erasure.admin.requestedAt': 'Aangevraagd op',
  'erasure.admin.scheduledFor': 'Gepland op',
  'erasure.admin.status': 'Status',
  'erasure.status.pending': 'Gepland',
  'erasure.status.running': 'Bezig',
  'erasure.status.cancelled': 'Geannuleerd',
  'erasure.status.completed': 'Uitgevoerd',
  'problem.reauthentication_required':
    'Meld u opnieuw aan (wachtwoord) om het wissen van uw account aan te vragen.',
  'problem.erasure_pending': 'Het wissen van uw account is al gepland.',
  'problem.erasure_not_pending': 'Er is geen wissing van uw account gepland.',
};
