import type { OperationsMessageKey } from './fr-operations';

// Dutch texts of the admin operations page, merged into `nl` with a spread: typed against the French keys.
export const nlOperations: Readonly<Record<OperationsMessageKey, string>> = {
  'admin.nav.operations': 'Operaties',
  'operations.documentTitle': 'Operaties · Beheer · SOINS+',
  'operations.title': 'Operaties',
  'operations.intro':
    'Berichten die SOINS+ ondanks al zijn pogingen niet kon verwerken (e-mails, attesten, diplomacontroles…). Zodra de oorzaak verholpen is, bijvoorbeeld wanneer de e-maildienst weer antwoordt, laat u ze opnieuw verwerken: een bericht dat al verwerkt is, wordt nooit twee keer verwerkt.',
  'operations.refresh': 'Vernieuwen',
  'operations.queue.email': 'E-mails',
  'operations.queue.certificate-requests': 'Aanvragen van attesten',
  'operations.queue.diploma-scan': 'Controle van diploma’s',
  'operations.queue.billing-events': 'Facturatiegebeurtenissen',
  'operations.countNone': 'Geen mislukte berichten.',
  'operations.count': 'Mislukte berichten: {count}',
  'operations.countAtLeast': 'Mislukte berichten: meer dan {count}',
  'operations.caption': 'Mislukte berichten · {queue}',
  'operations.message': 'Bericht',
  'operations.reason': 'Reden',
  'operations.lastError': 'Laatste fout',
  'operations.enqueuedAt': 'In de wachtrij gezet op',
  'operations.deliveries': 'Afleveringen',
  'operations.actionsFor': 'Acties voor bericht {message}',
  'operations.redrive': 'Opnieuw verwerken',
  'operations.purge': 'Verwijderen',
  'operations.purgeTitle': 'Dit bericht verwijderen?',
  'operations.purgeBody': 'Het bericht {message} ({queue}) wordt definitief verwijderd en nooit verwerkt.',
  'operations.redriven': 'Het bericht wordt opnieuw verwerkt.',
  'operations.purged': 'Het bericht is verwijderd.',
  'operations.reason.MaxDeliveryCountExceeded': 'Alle pogingen zijn mislukt',
  'operations.reason.TTLExpiredException': 'Bericht verlopen',
};
