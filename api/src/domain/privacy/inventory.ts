// Where personal data lives: every Cosmos container, blob container and queue of the resource manifest
// (infra/resources.json), plus the local-only stores, with how a person's data is found there, which
// register activity it serves, how long it is kept and whether the export carries it. One declaration
// read by the data export, the retention jobs and the register page, and by the erasure and its
// no-residue test: a unit test fails when a manifest resource has no entry here, and a resource that
// holds no personal data must say so (with the reason).
import type { DataStoreView, FrNl } from '@soins/shared';
import { retention, type ActivityId } from './register';

/** How the person's data is found in a store. The user id is the only key the api uses for people. */
export type Locator =
  /** Cosmos: the person's documents are the logical partition whose key is their user id. */
  | { readonly kind: 'partition' }
  /** Cosmos: documents (any partition) where one of these top-level fields equals the user id. */
  | { readonly kind: 'field'; readonly fields: readonly string[] }
  /** Cosmos: documents whose id contains the user id (e.g. idempotency keys `welcome:<userId>`). */
  | { readonly kind: 'id-contains' }
  /**
   * Cosmos: documents naming the user id anywhere, nested included (a full read of the container, filtered
   * in code: only for small containers whose documents hold several people, e.g. a training session's
   * registrations, attendance and attestations).
   */
  | { readonly kind: 'mentions' }
  /** Blob: blobs named `<userId>/…`. */
  | { readonly kind: 'blob-prefix' }
  /** Queue: message bodies naming the user id (or the e-mail address) in these fields. */
  | { readonly kind: 'message'; readonly fields: readonly string[] };

/** Files of the export archive (see ./export.ts and the archive's README.md). */
export const exportFileNames = [
  'profile.json',
  'consents.json',
  'diplomas.json',
  'diplomas/',
  'progress.json',
  'quiz-attempts.json',
  'certificates.json',
  'certificates/',
  'attestations.json',
  'subscription-and-invoices.json',
  'notifications.json',
  'audit.json',
  'trainer-sessions.json',
  'data-requests.json',
] as const;
export type ExportFileName = (typeof exportFileNames)[number];

export type ExportRule =
  | { readonly kind: 'included'; readonly files: readonly ExportFileName[] }
  | { readonly kind: 'excluded'; readonly reason: string };

export type RetentionRule =
  /** Kept while the account exists; the erasure removes or pseudonymises it. */
  | { readonly kind: 'account' }
  /**
   * A fixed period, enforced by a container time to live (`defaultTtl` in the manifest; for a blob
   * container, its storage lifecycle rule `deleteAfterDays`) …
   */
  | { readonly kind: 'container-ttl'; readonly days: number }
  /** … by a time to live the code sets on each item … */
  | { readonly kind: 'item-ttl'; readonly days: number }
  /** … or by a retention job (timer function) of ../privacy/retention.ts. */
  | { readonly kind: 'job'; readonly days: number; readonly job: RetentionJobName }
  /** In transit: consumed within minutes; what every retry failed on becomes a dead letter (see below). */
  | { readonly kind: 'in-transit' };

export const retentionJobNames = [
  'privacy-exports-expire',
  'privacy-quarantine-cleanup',
  'privacy-dead-letters-purge',
  'privacy-erasure-history-purge',
] as const;
export type RetentionJobName = (typeof retentionJobNames)[number];

interface StoreBase {
  readonly kind: 'cosmos' | 'blob' | 'queue' | 'local';
  readonly name: string;
}

export interface PersonalStore extends StoreBase {
  readonly personalData: true;
  readonly activities: readonly ActivityId[];
  /** What of a person is there (for the register and the erasure), in French and Dutch. */
  readonly holds: FrNl;
  readonly locators: readonly Locator[];
  readonly export: ExportRule;
  readonly retention: RetentionRule;
}

export interface NonPersonalStore extends StoreBase {
  readonly personalData: false;
  /** Why nothing personal is there, in French and Dutch. */
  readonly reason: FrNl;
}

export type DataStore = PersonalStore | NonPersonalStore;

const inTransit: RetentionRule = { kind: 'in-transit' };
const queueExport: ExportRule = {
  kind: 'excluded',
  reason: 'messages in transit, consumed within minutes; their effects are in the exported records',
};

export const dataInventory: readonly DataStore[] = [
  // ---- Cosmos DB containers -----------------------------------------------------------------------
  {
    kind: 'cosmos',
    name: 'users',
    personalData: true,
    activities: ['accounts'],
    holds: {
      fr: 'profil : émetteur et sujet chez le fournisseur d’identité, e-mail, nom, profession, téléphone, langue, rôles',
      nl: 'profiel: uitgever en subject bij de identiteitsprovider, e-mail, naam, beroep, telefoon, taal, rollen',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['profile.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'pii',
    personalData: true,
    activities: ['professional-identity'],
    holds: {
      fr: 'numéro INAMI chiffré, avec son index aveugle',
      nl: 'RIZIV-nummer versleuteld, met zijn blinde index',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['profile.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'inami-index',
    personalData: true,
    activities: ['professional-identity'],
    holds: {
      fr: 'réservation d’un index aveugle INAMI (hachage à clé) par un identifiant d’utilisateur',
      nl: 'claim van een blinde RIZIV-index (hash met sleutel) door een gebruikers-id',
    },
    locators: [{ kind: 'field', fields: ['userId'] }],
    export: { kind: 'excluded', reason: 'a keyed hash of the number that profile.json holds in clear' },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'diplomas',
    personalData: true,
    activities: ['professional-identity'],
    holds: {
      fr: 'fiches des diplômes : statut, type, taille, dates, motif de refus',
      nl: 'diplomafiches: status, type, grootte, data, reden van weigering',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['diplomas.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'learning',
    personalData: true,
    activities: ['learning'],
    holds: {
      fr: 'inscriptions, progression des chapitres (intervalles regardés), tentatives et réponses aux questionnaires',
      nl: 'inschrijvingen, voortgang per hoofdstuk (bekeken intervallen), pogingen en antwoorden op testen',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['progress.json', 'quiz-attempts.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'certificates',
    personalData: true,
    activities: ['certificates'],
    holds: {
      fr: 'attestations (titulaire, formation, heures, dates, code) et les demandes qui les ont produites',
      nl: 'attesten (houder, opleiding, uren, data, code) en de aanvragen die ze opleverden',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['certificates.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'certificate-codes',
    personalData: true,
    activities: ['certificates'],
    holds: {
      fr: 'code de vérification → identifiant d’utilisateur et d’attestation',
      nl: 'verificatiecode → gebruikers-id en attest-id',
    },
    locators: [{ kind: 'field', fields: ['userId'] }],
    export: { kind: 'excluded', reason: 'an index of the codes that certificates.json lists' },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'acceptances',
    personalData: true,
    activities: ['legal-consents'],
    holds: { fr: 'document accepté, version et moment', nl: 'aanvaard document, versie en tijdstip' },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['consents.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'billing',
    personalData: true,
    activities: ['billing'],
    holds: {
      fr: 'identifiant client Stripe, état et formule de l’abonnement (les factures restent chez Stripe)',
      nl: 'Stripe-klant-id, status en formule van het abonnement (facturen blijven bij Stripe)',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['subscription-and-invoices.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'audit',
    personalData: true,
    activities: ['security-operations'],
    holds: {
      fr: 'copie, par personne concernée (partition : la personne), des entrées du journal d’audit qui la concernent, pour sa fiche et ses demandes d’accès',
      nl: 'kopie, per betrokken persoon (partitie: de persoon), van de auditlogregels over haar, voor haar fiche en haar inzageverzoeken',
    },
    locators: [{ kind: 'partition' }, { kind: 'field', fields: ['actorId'] }],
    export: { kind: 'included', files: ['audit.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'audit-log',
    personalData: true,
    activities: ['security-operations'],
    holds: {
      fr: 'journal d’audit de l’équipe, par mois (partition `YYYY-MM`) : auteur (actorId), action, cible, personne concernée, avant/après et motif',
      nl: 'auditlog van het team, per maand (partitie `YYYY-MM`): auteur (actorId), actie, doel, betrokken persoon, voor/na en reden',
    },
    // Entries about the person are erased with her; those she wrote as staff keep a pseudonym.
    locators: [
      { kind: 'field', fields: ['subjectUserId', 'targetId'] },
      { kind: 'field', fields: ['actorId'] },
    ],
    export: {
      kind: 'excluded',
      reason: 'the entries about the person are exported from their copy in `audit` (audit.json)',
    },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'training-sessions',
    personalData: true,
    activities: ['trainer-sessions', 'certificates'],
    holds: {
      fr: 'sessions en présentiel (partition : `session:<id>`) : formateurs, inscriptions et liste d’attente, présences, attestations (nom du titulaire, heures, code) ; listes des sessions d’un formateur (partition `list:trainer:<id>`)',
      nl: 'sessies op locatie (partitie: `session:<id>`): lesgevers, inschrijvingen en wachtlijst, aanwezigheden, attesten (naam van de houder, uren, code); lijsten van de sessies van een lesgever (partitie `list:trainer:<id>`)',
    },
    // A session holds several people: the erasure takes the person out of it (domain/privacy/erasure.ts).
    locators: [{ kind: 'mentions' }],
    export: { kind: 'included', files: ['trainer-sessions.json', 'attestations.json'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'hours-ledger',
    personalData: true,
    activities: ['certificates'],
    holds: {
      fr: 'registre des heures accréditées (partition : l’année) : une ligne par attestation ou certificat (userId, formation, dates, heures, code)',
      nl: 'register van de geaccrediteerde uren (partitie: het jaar): één regel per attest of certificaat (userId, opleiding, data, uren, code)',
    },
    locators: [{ kind: 'field', fields: ['userId'] }],
    export: {
      kind: 'excluded',
      reason: 'one line per certificate or attestation, which certificates.json and attestations.json hold',
    },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'report-exports',
    personalData: true,
    activities: ['certificates'],
    holds: {
      fr: 'exports de rapports demandés par un administrateur (partition : son identifiant) : rapport, objet, format, état, nombre de lignes',
      nl: 'rapportexports gevraagd door een beheerder (partitie: zijn id): rapport, onderwerp, formaat, status, aantal rijen',
    },
    locators: [{ kind: 'field', fields: ['actorId'] }],
    export: {
      kind: 'excluded',
      reason: 'technical records of the reports an admin exported, deleted after 7 days',
    },
    retention: { kind: 'container-ttl', days: retention.reportExportDays },
  },
  {
    kind: 'cosmos',
    name: 'privacy-requests',
    personalData: true,
    activities: ['privacy-requests'],
    holds: {
      fr: 'demandes d’exportation (statut, dates, taille de l’archive) et le verrou « une à la fois »',
      nl: 'exportverzoeken (status, data, grootte van het archief) en het slot ‘één tegelijk’',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['data-requests.json'] },
    retention: { kind: 'item-ttl', days: retention.exportRecordDays },
  },
  {
    kind: 'cosmos',
    name: 'listings',
    personalData: true,
    activities: ['accounts', 'professional-identity'],
    holds: {
      fr: 'entrées de l’annuaire des administrateurs (e-mail et nom en minuscules) et de la file de relecture des diplômes',
      nl: 'regels van de beheerderslijst (e-mail en naam in kleine letters) en van de diplomacontrolelijst',
    },
    locators: [{ kind: 'field', fields: ['id', 'userId'] }],
    export: {
      kind: 'excluded',
      reason: 'copies of profile.json and diplomas.json fields kept for the admin lists',
    },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'idempotency',
    personalData: true,
    activities: ['emails'],
    holds: {
      fr: 'quels e-mails ont été envoyés : clés comme `welcome:<userId>`, état de l’envoi, identifiant du message chez le fournisseur',
      nl: 'welke e-mails verstuurd werden: sleutels zoals `welcome:<userId>`, verzendstatus, bericht-id bij de provider',
    },
    locators: [{ kind: 'id-contains' }],
    export: { kind: 'excluded', reason: 'technical delivery records, without the messages’ content' },
    retention: { kind: 'container-ttl', days: retention.idempotencyDays },
  },
  {
    kind: 'cosmos',
    name: 'legal',
    personalData: true,
    activities: ['legal-consents'],
    holds: {
      fr: 'textes légaux publiés, avec l’identifiant de l’administrateur qui les a publiés (publishedBy)',
      nl: 'gepubliceerde juridische teksten, met de id van de publicerende beheerder (publishedBy)',
    },
    locators: [{ kind: 'field', fields: ['publishedBy'] }],
    export: { kind: 'excluded', reason: 'public documents; only the publishing admin’s id is personal' },
    retention: { kind: 'account' },
  },
  {
    kind: 'cosmos',
    name: 'reminders',
    personalData: true,
    activities: ['emails'],
    holds: {
      fr: 'préférences de rappel (un interrupteur par type) et les rappels envoyés : type, période, date d’envoi',
      nl: 'herinneringsvoorkeuren (één schakelaar per soort) en de verzonden herinneringen: soort, periode, verzenddatum',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['profile.json'] },
    // The sent records carry their own time to live; the preferences stay while the account exists.
    retention: { kind: 'item-ttl', days: retention.reminderSentDays },
  },
  {
    kind: 'cosmos',
    name: 'limits',
    personalData: true,
    activities: ['security-operations'],
    holds: {
      fr: 'compteurs de tentatives sensibles par personne (vérifications d’un numéro INAMI) : action, début de la fenêtre, nombre',
      nl: 'tellers van gevoelige pogingen per persoon (controles van een RIZIV-nummer): actie, begin van het venster, aantal',
    },
    locators: [{ kind: 'partition' }],
    export: {
      kind: 'excluded',
      reason: 'abuse counters without content, deleted two days after the last attempt',
    },
    retention: { kind: 'container-ttl', days: retention.attemptLimitDays },
  },
  {
    kind: 'cosmos',
    name: 'notifications',
    personalData: true,
    activities: ['notifications'],
    holds: {
      fr: 'notifications dans l’application : type, attestation, diplôme ou session concernés (titre de la formation, motif d’un refus ou d’une annulation), date, lue ou non',
      nl: 'meldingen in de applicatie: soort, betrokken attest, diploma of sessie (titel van de opleiding, reden van een weigering of annulering), datum, gelezen of niet',
    },
    locators: [{ kind: 'partition' }],
    export: { kind: 'included', files: ['notifications.json'] },
    retention: { kind: 'container-ttl', days: retention.notificationDays },
  },
  {
    kind: 'cosmos',
    name: 'stripe-events',
    personalData: false,
    reason: {
      fr: `identifiants et types d’événements Stripe traités, sans client ni montant ; supprimés après ${String(retention.stripeEventDays)} jours (durée de vie du conteneur)`,
      nl: `id’s en types van verwerkte Stripe-gebeurtenissen, zonder klant of bedrag; gewist na ${String(retention.stripeEventDays)} dagen (levensduur van de container)`,
    },
  },
  {
    kind: 'cosmos',
    name: 'trainings',
    personalData: false,
    reason: {
      fr: 'contenu des formations et banques de questions',
      nl: 'inhoud van de opleidingen en vragenbanken',
    },
  },
  {
    kind: 'cosmos',
    name: 'news',
    personalData: false,
    reason: { fr: 'actualités publiques, sans auteur', nl: 'publieke nieuwsberichten, zonder auteur' },
  },

  // ---- Blob containers ------------------------------------------------------------------------------
  {
    kind: 'blob',
    name: 'diplomas-quarantine',
    personalData: true,
    activities: ['professional-identity'],
    holds: {
      fr: 'fichiers de diplôme déposés, en attente de l’analyse antivirus',
      nl: 'opgeladen diplomabestanden die op de virusscan wachten',
    },
    locators: [{ kind: 'blob-prefix' }],
    export: { kind: 'excluded', reason: 'files still being scanned for malware (minutes); never handed out' },
    retention: { kind: 'job', days: retention.quarantineDays, job: 'privacy-quarantine-cleanup' },
  },
  {
    kind: 'blob',
    name: 'diplomas',
    personalData: true,
    activities: ['professional-identity'],
    holds: { fr: 'fichiers de diplôme analysés sans virus', nl: 'virusvrij bevonden diplomabestanden' },
    locators: [{ kind: 'blob-prefix' }],
    export: { kind: 'included', files: ['diplomas/'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'blob',
    name: 'certificates',
    personalData: true,
    activities: ['certificates'],
    holds: {
      fr: 'PDF des attestations (nom, numéro INAMI, formation, heures)',
      nl: 'pdf’s van de attesten (naam, RIZIV-nummer, opleiding, uren)',
    },
    locators: [{ kind: 'blob-prefix' }],
    export: { kind: 'included', files: ['certificates/'] },
    retention: { kind: 'account' },
  },
  {
    kind: 'blob',
    name: 'exports',
    personalData: true,
    activities: ['privacy-requests'],
    holds: {
      fr: 'archives d’exportation (tous les fichiers exportés de la personne)',
      nl: 'exportarchieven (alle geëxporteerde bestanden van de persoon)',
    },
    locators: [{ kind: 'blob-prefix' }],
    export: { kind: 'excluded', reason: 'the archives of earlier exports themselves' },
    retention: { kind: 'job', days: retention.exportArchiveDays, job: 'privacy-exports-expire' },
  },
  {
    kind: 'blob',
    name: 'report-exports',
    personalData: true,
    activities: ['certificates'],
    holds: {
      fr: 'fichiers CSV et PDF des rapports (`<adminId>/<export>.csv|pdf`) : participants (nom, profession, numéro INAMI), heures, taux',
      nl: 'CSV- en pdf-bestanden van de rapporten (`<adminId>/<export>.csv|pdf`): deelnemers (naam, beroep, RIZIV-nummer), uren, percentages',
    },
    locators: [{ kind: 'blob-prefix' }],
    export: {
      kind: 'excluded',
      reason: 'reports about learners, which the other files carry; deleted 7 days after they are written',
    },
    retention: { kind: 'container-ttl', days: retention.reportExportDays },
  },
  {
    kind: 'blob',
    name: 'videos',
    personalData: false,
    reason: {
      fr: 'fichiers des chapitres : vidéos, sous-titres et supports de cours, sans auteur ni métadonnée personnelle',
      nl: 'bestanden van de hoofdstukken: video’s, ondertitels en cursusmateriaal, zonder auteur of persoonlijke metadata',
    },
  },

  // ---- Queues (Service Bus in Azure, Azurite storage queues locally) -------------------------------
  {
    kind: 'queue',
    name: 'email',
    personalData: true,
    activities: ['emails'],
    holds: {
      fr: 'e-mails à envoyer : adresse, nom et langue du destinataire, valeurs du modèle',
      nl: 'te versturen e-mails: adres, naam en taal van de ontvanger, waarden van het sjabloon',
    },
    locators: [{ kind: 'message', fields: ['request.recipient.userId', 'request.recipient.email'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'certificate-requests',
    personalData: true,
    activities: ['certificates'],
    holds: {
      fr: 'demandes d’attestation : utilisateur, formation, tentative',
      nl: 'attestaanvragen: gebruiker, opleiding, poging',
    },
    locators: [{ kind: 'message', fields: ['userId'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'diploma-scan',
    personalData: true,
    activities: ['professional-identity'],
    holds: { fr: 'demandes d’analyse : utilisateur et diplôme', nl: 'scanverzoeken: gebruiker en diploma' },
    locators: [{ kind: 'message', fields: ['userId'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'diploma-scan-results',
    personalData: true,
    activities: ['professional-identity'],
    holds: {
      fr: 'résultats d’analyse de Defender nommant le fichier en quarantaine (`<userId>/<diplomaId>`)',
      nl: 'scanresultaten van Defender met het bestand in quarantaine (`<userId>/<diplomaId>`)',
    },
    locators: [{ kind: 'message', fields: ['data.blobUri'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'billing-events',
    personalData: true,
    activities: ['billing'],
    holds: {
      fr: 'événements Stripe (client, abonnement, montants des factures)',
      nl: 'Stripe-gebeurtenissen (klant, abonnement, factuurbedragen)',
    },
    locators: [{ kind: 'message', fields: ['customerId'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'report-exports',
    personalData: true,
    activities: ['certificates'],
    holds: {
      fr: 'exports de rapports à produire : export et administrateur',
      nl: 'te maken rapportexports: export en beheerder',
    },
    locators: [{ kind: 'message', fields: ['actorId'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'reminders',
    personalData: true,
    activities: ['emails'],
    holds: {
      fr: 'rappels à envoyer : utilisateur, type, période et ce que le rappel mentionne (formation, session, dates)',
      nl: 'te versturen herinneringen: gebruiker, soort, periode en wat de herinnering vermeldt (opleiding, sessie, data)',
    },
    locators: [{ kind: 'message', fields: ['reminder.userId'] }],
    export: queueExport,
    retention: inTransit,
  },
  {
    kind: 'queue',
    name: 'privacy-exports',
    personalData: true,
    activities: ['privacy-requests'],
    holds: {
      fr: 'exportations à construire : utilisateur et exportation',
      nl: 'te bouwen exports: gebruiker en export',
    },
    locators: [{ kind: 'message', fields: ['userId'] }],
    export: queueExport,
    retention: inTransit,
  },

  // ---- Stores outside the manifest -------------------------------------------------------------------
  {
    kind: 'local',
    name: 'dead-letters',
    personalData: true,
    activities: ['security-operations'],
    holds: {
      fr: 'messages en échec après toutes les tentatives, avec leur contenu (Service Bus `<queue>/$DeadLetterQueue` ; localement `local-dead-letters`)',
      nl: 'berichten die na alle pogingen mislukten, met hun inhoud (Service Bus `<queue>/$DeadLetterQueue`; lokaal `local-dead-letters`)',
    },
    locators: [
      { kind: 'message', fields: ['userId', 'request.recipient.userId', 'request.recipient.email'] },
    ],
    export: { kind: 'excluded', reason: 'failed technical messages, purged after 14 days' },
    retention: { kind: 'job', days: retention.deadLetterDays, job: 'privacy-dead-letters-purge' },
  },
  {
    kind: 'local',
    name: 'durable-task-hub',
    personalData: true,
    activities: ['privacy-requests'],
    holds: {
      fr: 'historique des orchestrations Durable (tables et files du task hub ; localement le magasin de l’hôte) : celle d’un effacement porte l’adresse et le nom de la personne jusqu’au dernier e-mail ; celle d’un certificat ne porte que des identifiants',
      nl: 'geschiedenis van de Durable-orkestraties (tabellen en wachtrijen van de task hub; lokaal de opslag van de host): die van een wissing draagt het adres en de naam van de persoon tot de laatste e-mail; die van een certificaat alleen identificatoren',
    },
    locators: [{ kind: 'message', fields: ['userId', 'recipient.email'] }],
    export: { kind: 'excluded', reason: 'technical workflow state; the requests themselves are exported' },
    retention: { kind: 'job', days: retention.erasureHistoryDays, job: 'privacy-erasure-history-purge' },
  },
];

export function storeNamed(kind: DataStore['kind'], name: string): DataStore | undefined {
  return dataInventory.find((store) => store.kind === kind && store.name === name);
}

/** Days of a store's fixed retention period, for the jobs (undefined when the store has none). */
export function retentionDaysOf(kind: DataStore['kind'], name: string): number | undefined {
  const store = storeNamed(kind, name);
  if (!store?.personalData) return undefined;
  const rule = store.retention;
  return rule.kind === 'account' || rule.kind === 'in-transit' ? undefined : rule.days;
}

/** The retention period a job enforces, from the inventory (a job without an entry is a bug). */
export function retentionDaysOfJob(job: RetentionJobName): number {
  for (const store of dataInventory) {
    if (store.personalData && store.retention.kind === 'job' && store.retention.job === job) {
      return store.retention.days;
    }
  }
  throw new Error(`no store declares the retention job ${job}`);
}

const describeLocator = (locator: Locator): string => {
  switch (locator.kind) {
    case 'partition':
      return 'partition = userId';
    case 'field':
      return `${locator.fields.join(' | ')} = userId`;
    case 'id-contains':
      return 'id ∋ userId';
    case 'mentions':
      return 'document ∋ userId';
    case 'blob-prefix':
      return '<userId>/…';
    case 'message':
      return `body: ${locator.fields.join(' | ')}`;
  }
};

const periodOf = (rule: RetentionRule): string | undefined =>
  rule.kind === 'account' || rule.kind === 'in-transit' ? undefined : `P${String(rule.days)}D`;

/** The inventory as admins see it on the register page. */
export function inventoryView(): DataStoreView[] {
  return dataInventory.map((store): DataStoreView => {
    if (!store.personalData) {
      return {
        kind: store.kind,
        name: store.name,
        personalData: false,
        activities: [],
        description: store.reason,
      };
    }
    const period = periodOf(store.retention);
    return {
      kind: store.kind,
      name: store.name,
      personalData: true,
      activities: [...store.activities],
      description: store.holds,
      retention: {
        kind: store.retention.kind,
        ...(store.retention.kind === 'job' ? { job: store.retention.job } : {}),
      },
      ...(period ? { retentionPeriod: period } : {}),
      locator: store.locators.map(describeLocator).join('; '),
    };
  });
}
