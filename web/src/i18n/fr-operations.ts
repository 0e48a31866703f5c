// French texts of the admin operations page (dead letters of the queues), merged into `fr` with a spread.
export const frOperations = {
  'admin.nav.operations': 'Opérations',
  'operations.documentTitle': 'Opérations · Administration · SOINS+',
  'operations.title': 'Opérations',
  'operations.intro':
    'Les messages que SOINS+ n’a pas pu traiter malgré toutes ses tentatives (e-mails, attestations, analyses de diplômes…). Une fois la cause réglée, par exemple quand le service d’e-mails répond de nouveau, relancez-les : un message déjà traité ne l’est jamais deux fois.',
  'operations.refresh': 'Actualiser',
  'operations.queue.email': 'E-mails',
  'operations.queue.certificate-requests': 'Demandes d’attestation',
  'operations.queue.diploma-scan': 'Analyse des diplômes',
  'operations.queue.billing-events': 'Événements de facturation',
  'operations.countNone': 'Aucun message en échec.',
  'operations.count': 'Messages en échec : {count}',
  'operations.countAtLeast': 'Messages en échec : plus de {count}',
  'operations.caption': 'Messages en échec · {queue}',
  'operations.message': 'Message',
  'operations.reason': 'Raison',
  'operations.lastError': 'Dernière erreur',
  'operations.enqueuedAt': 'Mis en file le',
  'operations.deliveries': 'Livraisons',
  'operations.actionsFor': 'Actions pour le message {message}',
  'operations.redrive': 'Relancer',
  'operations.purge': 'Supprimer',
  'operations.purgeTitle': 'Supprimer ce message ?',
  'operations.purgeBody':
    'Le message {message} ({queue}) sera supprimé définitivement et ne sera jamais traité.',
  'operations.redriven': 'Le message est relancé.',
  'operations.purged': 'Le message est supprimé.',
  'operations.reason.MaxDeliveryCountExceeded': 'Toutes les tentatives ont échoué',
  'operations.reason.TTLExpiredException': 'Message expiré',
} as const;

export type OperationsMessageKey = keyof typeof frOperations;
