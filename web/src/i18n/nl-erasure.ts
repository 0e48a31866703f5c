import type { frErasure } from './fr-erasure';

// Dutch texts of the account erasure (see fr-erasure.ts).
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
};
