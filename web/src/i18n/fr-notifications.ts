// French texts of the in-app notifications: the header's bell and the notifications page.
export const frNotifications = {
  'notifications.bell':
    '{count, plural, =0 {Notifications} one {Notifications, # non lue} other {Notifications, # non lues}}',
  'notifications.documentTitle': 'Notifications · SOINS+',
  'notifications.title': 'Notifications',
  'notifications.unreadSummary':
    '{count, plural, =0 {Tout est lu.} one {# notification non lue.} other {# notifications non lues.}}',
  'notifications.markAllRead': 'Tout marquer comme lu',
  'notifications.allMarked': 'Toutes les notifications sont marquées comme lues.',
  'notifications.emptyTitle': 'Aucune notification',
  'notifications.emptyBody':
    'Vous serez prévenu·e ici quand une attestation est prête, quand votre diplôme est relu et la veille d’une session.',
  'notifications.errorTitle': 'Les notifications n’ont pas pu être chargées',
  'notifications.more': 'Afficher plus de notifications',
  'notifications.unread': 'Non lue',
  'notifications.receivedAt': 'Reçue le {date}',
  'notifications.certificateReady': 'Votre attestation pour « {title} » est prête.',
  'notifications.diplomaApproved': 'Votre diplôme a été approuvé.',
  'notifications.diplomaRejected': 'Votre diplôme a été refusé. Motif : {reason}',
  'notifications.diplomaRejectedNoReason': 'Votre diplôme a été refusé.',
  'notifications.attestationReady':
    'Votre attestation de présence à la session « {title} » du {date} est prête.',
  'notifications.sessionReminder': 'Rappel : la session « {title} » a lieu demain, {date}, à {place}.',
  'notifications.sessionCancelled': 'La session « {title} » du {date} est annulée. Motif : {reason}',
  'notifications.sessionCancelledNoReason': 'La session « {title} » du {date} est annulée.',
  'notifications.open.certificates': 'Voir mes attestations',
  'notifications.open.profile': 'Voir mon diplôme',
  'notifications.open.sessions': 'Voir mes sessions',
} as const;
