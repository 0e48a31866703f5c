// The register of processing activities (GDPR Art. 30(1)), declared in code: what SOINS+ does with
// personal data, why, on which basis, for whom, how long and how it is protected. The data inventory
// (./inventory.ts) ties every container, blob container and queue to these activities, and the
// retention jobs take their periods from `retention` below, so the register cannot say one thing and
// the code do another. Shown on the public register page and to admins (JSON and CSV).
import type { FrNl, ProcessingActivity } from '@soins/shared';

/** Fixed retention periods, in days, that jobs or container time to live enforce. */
export const retention = {
  /** An export archive can be downloaded for 24 h, then the `privacy-exports-expire` job deletes it. */
  exportArchiveDays: 1,
  /** The record of an export request (proof that the right of access was honoured): item time to live. */
  exportRecordDays: 365,
  /** A diploma file still in quarantine a day after upload is abandoned or left over: deleted. */
  quarantineDays: 1,
  /** Processed Stripe event ids: container time to live (Stripe retries an event for 3 days). */
  stripeEventDays: 30,
  /** Idempotency records (which emails were sent): container time to live. */
  idempotencyDays: 90,
  /** Messages that every retry failed to process, kept for operators to re-drive: then purged. */
  deadLetterDays: 14,
  /** Per-person counters of sensitive attempts (INAMI lookups): container time to live after the last one. */
  attemptLimitDays: 2,
  /** Report exports (their records and files, which name learners): container time to live and lifecycle rule. */
  reportExportDays: 7,
  /** Which reminder went to whom for which period (sent once): item time to live. */
  reminderSentDays: 90,
  /** The history of an ended erasure orchestration (it carries the address of the final e-mail): purged by a job. */
  erasureHistoryDays: 1,
  /** In-app notifications: container time to live, counted from the last change (created, or read). */
  notificationDays: 180,
} as const;

const days = (n: number): FrNl => ({
  fr: n === 1 ? '24 heures' : `${String(n)} jours`,
  nl: n === 1 ? '24 uur' : `${String(n)} dagen`,
});

/** The controller named on the register (Art. 30(1)(a)). The legal entity's details are set here. */
export const controller = {
  name: 'SOINS+',
  address: 'Belgique / België',
  email: 'privacy@soins.plus',
  dpoEmail: 'dpo@soins.plus',
} as const;

/** When the register's content last changed (bump it with every change below). */
export const registerUpdatedAt = '2026-12-06';

const t = (fr: string, nl: string): FrNl => ({ fr, nl });

const subjects = {
  learners: t('Apprenants (infirmier·ère·s, sages-femmes)', 'Cursisten (verpleegkundigen, vroedvrouwen)'),
  staff: t('Formateurs et administrateurs', 'Lesgevers en beheerders'),
};

const processors = {
  azure: t(
    'Microsoft Ireland (hébergement Azure, sous-traitant)',
    'Microsoft Ireland (Azure-hosting, verwerker)',
  ),
  entra: t(
    'Microsoft (Entra External ID, connexion, sous-traitant)',
    'Microsoft (Entra External ID, aanmelding, verwerker)',
  ),
  stripe: t('Stripe (paiements, sous-traitant)', 'Stripe (betalingen, verwerker)'),
  postmark: t('Postmark (envoi des e-mails, sous-traitant)', 'Postmark (verzending van e-mails, verwerker)'),
};

const usTransfer = (who: string): FrNl =>
  t(
    `${who} (États-Unis) : EU-US Data Privacy Framework et clauses contractuelles types`,
    `${who} (Verenigde Staten): EU-US Data Privacy Framework en modelcontractbepalingen`,
  );

const security = {
  encryption: t(
    'Chiffrement en transit (TLS) et au repos (Azure)',
    'Versleuteling tijdens transport (TLS) en in rust (Azure)',
  ),
  identity: t(
    'Accès des services par identité managée, sans clé ; rôles vérifiés par l’api',
    'Toegang van diensten via beheerde identiteit, zonder sleutels; rollen gecontroleerd door de api',
  ),
  minimal: t(
    'Journaux sans e-mail, numéro INAMI ni contenu de document',
    'Logboeken zonder e-mail, RIZIV-nummer of documentinhoud',
  ),
  links: t(
    'Fichiers lus uniquement par des liens en lecture seule de quelques minutes',
    'Bestanden enkel leesbaar via alleen-lezen links van enkele minuten',
  ),
  fieldEncryption: t(
    'Numéro INAMI chiffré (AES-256-GCM) avec index aveugle HMAC',
    'RIZIV-nummer versleuteld (AES-256-GCM) met blinde HMAC-index',
  ),
  backup: t(
    'Sauvegarde continue de la base (restauration à un instant donné)',
    'Continue back-up van de database (herstel naar een tijdstip)',
  ),
  audit: t(
    'Consultation des données sensibles journalisée (audit)',
    'Inzage van gevoelige gegevens wordt gelogd (audit)',
  ),
};

const untilErasure = t(
  'Pendant la durée du compte, puis effacement sur demande (Art. 17)',
  'Zolang het account bestaat, daarna gewist op verzoek (art. 17)',
);

/** Activity ids: stable, the inventory refers to them. */
export const activityIds = [
  'accounts',
  'professional-identity',
  'learning',
  'certificates',
  'billing',
  'legal-consents',
  'emails',
  'privacy-requests',
  'security-operations',
  'trainer-sessions',
  'analytics',
  'notifications',
] as const;
export type ActivityId = (typeof activityIds)[number];

/** The activities, in the order the register shows them (one per id, checked by a unit test). */
export const processingActivities: readonly (ProcessingActivity & { readonly id: ActivityId })[] = [
  {
    id: 'accounts',
    name: t('Comptes et connexion', 'Accounts en aanmelding'),
    purpose: t(
      'Créer et sécuriser le compte, connecter l’utilisateur, lui donner accès à son espace selon son rôle.',
      'Het account aanmaken en beveiligen, de gebruiker aanmelden en toegang geven tot zijn ruimte volgens zijn rol.',
    ),
    legalBases: ['contract'],
    legalBasisDetail: t(
      'Exécution du contrat (Art. 6.1.b RGPD)',
      'Uitvoering van de overeenkomst (art. 6.1.b AVG)',
    ),
    dataCategories: [
      t('Identité : nom, prénom, e-mail', 'Identiteit: naam, voornaam, e-mail'),
      t('Profession, titre particulier, téléphone', 'Beroep, bijzondere titel, telefoon'),
      t('Langue, rôles, dates de création et de modification', 'Taal, rollen, aanmaak- en wijzigingsdatum'),
    ],
    dataSubjects: [subjects.learners, subjects.staff],
    recipients: [processors.azure, processors.entra],
    retention: untilErasure,
    transfers: [],
    securityMeasures: [security.encryption, security.identity, security.minimal, security.backup],
  },
  {
    id: 'professional-identity',
    name: t('Numéro INAMI et diplôme', 'RIZIV-nummer en diploma'),
    purpose: t(
      'Vérifier la qualification (diplôme relu par un administrateur, analysé contre les virus) et imprimer le numéro INAMI sur les attestations.',
      'De kwalificatie nagaan (diploma nagekeken door een beheerder, gescand op virussen) en het RIZIV-nummer op attesten drukken.',
    ),
    legalBases: ['contract', 'legal_obligation'],
    legalBasisDetail: t(
      'Contrat (Art. 6.1.b) ; obligations de formation continue INAMI (Art. 6.1.c)',
      'Overeenkomst (art. 6.1.b); RIZIV-verplichtingen inzake permanente vorming (art. 6.1.c)',
    ),
    dataCategories: [
      t('Numéro INAMI (chiffré)', 'RIZIV-nummer (versleuteld)'),
      t(
        'Fichier du diplôme et décision de l’administrateur',
        'Diplomabestand en beslissing van de beheerder',
      ),
    ],
    dataSubjects: [subjects.learners],
    recipients: [processors.azure],
    retention: t(
      `Pendant la durée du compte ; un fichier encore en quarantaine est supprimé après ${days(retention.quarantineDays).fr}`,
      `Zolang het account bestaat; een bestand dat nog in quarantaine staat, wordt na ${days(retention.quarantineDays).nl} gewist`,
    ),
    transfers: [],
    securityMeasures: [security.fieldEncryption, security.links, security.audit, security.encryption],
  },
  {
    id: 'learning',
    name: t('Formations, progression et questionnaires', 'Opleidingen, voortgang en testen'),
    purpose: t(
      'Donner accès aux formations, enregistrer la progression des vidéos et corriger le questionnaire final.',
      'Toegang geven tot de opleidingen, de voortgang van de video’s bijhouden en de eindtest verbeteren.',
    ),
    legalBases: ['contract'],
    legalBasisDetail: t(
      'Exécution du contrat (Art. 6.1.b RGPD)',
      'Uitvoering van de overeenkomst (art. 6.1.b AVG)',
    ),
    dataCategories: [
      t('Inscriptions, intervalles de vidéo regardés', 'Inschrijvingen, bekeken video-intervallen'),
      t('Réponses, scores et dates des questionnaires', 'Antwoorden, scores en data van de testen'),
    ],
    dataSubjects: [subjects.learners],
    recipients: [processors.azure],
    retention: untilErasure,
    transfers: [],
    securityMeasures: [security.encryption, security.identity, security.backup],
  },
  {
    id: 'certificates',
    name: t('Attestations et vérification', 'Attesten en verificatie'),
    purpose: t(
      'Établir l’attestation de réussite, l’envoyer par e-mail et permettre à un tiers (employeur, INAMI) de la vérifier par son code.',
      'Het attest opmaken, per e-mail versturen en een derde (werkgever, RIZIV) toelaten het via zijn code te verifiëren.',
    ),
    legalBases: ['contract', 'legitimate_interest'],
    legalBasisDetail: t(
      'Contrat (Art. 6.1.b) ; intérêt légitime à la vérification des attestations (Art. 6.1.f)',
      'Overeenkomst (art. 6.1.b); gerechtvaardigd belang bij de verificatie van attesten (art. 6.1.f)',
    ),
    dataCategories: [
      t(
        'Nom, formation, heures, date, numéro INAMI, code de vérification',
        'Naam, opleiding, uren, datum, RIZIV-nummer, verificatiecode',
      ),
      t('PDF de l’attestation', 'Pdf van het attest'),
    ],
    dataSubjects: [subjects.learners],
    recipients: [
      processors.azure,
      processors.postmark,
      t('Toute personne qui détient le code (vérification)', 'Iedereen die de code heeft (verificatie)'),
    ],
    retention: untilErasure,
    transfers: [usTransfer('Postmark')],
    securityMeasures: [security.encryption, security.links, security.backup],
  },
  {
    id: 'billing',
    name: t('Abonnements et factures', 'Abonnementen en facturen'),
    purpose: t(
      'Gérer l’abonnement, encaisser les paiements et tenir les factures.',
      'Het abonnement beheren, betalingen innen en de facturen bijhouden.',
    ),
    legalBases: ['contract', 'legal_obligation'],
    legalBasisDetail: t(
      'Contrat (Art. 6.1.b) ; conservation comptable des factures, 10 ans (Art. 6.1.c, Code de droit économique III.86)',
      'Overeenkomst (art. 6.1.b); boekhoudkundige bewaring van facturen, 10 jaar (art. 6.1.c, Wetboek van economisch recht III.86)',
    ),
    dataCategories: [
      t('Identifiant client Stripe, statut de l’abonnement', 'Stripe-klantnummer, status van het abonnement'),
      t(
        'Factures (montants, dates) ; les cartes restent chez Stripe',
        'Facturen (bedragen, data); kaarten blijven bij Stripe',
      ),
    ],
    dataSubjects: [subjects.learners],
    recipients: [processors.azure, processors.stripe],
    retention: t(
      'Abonnement : durée du compte ; factures : 10 ans (obligation légale)',
      'Abonnement: zolang het account bestaat; facturen: 10 jaar (wettelijke verplichting)',
    ),
    transfers: [usTransfer('Stripe')],
    securityMeasures: [
      security.encryption,
      t('Signature des webhooks Stripe vérifiée', 'Handtekening van Stripe-webhooks gecontroleerd'),
    ],
  },
  {
    id: 'legal-consents',
    name: t('Acceptation des conditions', 'Aanvaarding van de voorwaarden'),
    purpose: t(
      'Prouver quelle version des conditions d’utilisation et de la politique de confidentialité a été acceptée, et quand.',
      'Aantonen welke versie van de gebruiksvoorwaarden en het privacybeleid werd aanvaard, en wanneer.',
    ),
    legalBases: ['legal_obligation'],
    legalBasisDetail: t(
      'Responsabilité (Art. 5.2 et 6.1.c RGPD)',
      'Verantwoordingsplicht (art. 5.2 en 6.1.c AVG)',
    ),
    dataCategories: [t('Document, version, date d’acceptation', 'Document, versie, datum van aanvaarding')],
    dataSubjects: [subjects.learners, subjects.staff],
    recipients: [processors.azure],
    retention: untilErasure,
    transfers: [],
    securityMeasures: [security.encryption, security.backup],
  },
  {
    id: 'emails',
    name: t('E-mails de service', 'Service-e-mails'),
    purpose: t(
      'Envoyer les e-mails liés au compte : bienvenue, diplôme, paiement, attestation, exportation des données, et les rappels que la personne peut désactiver (formation en pause, session du lendemain, paiement, fin d’abonnement, heures à compléter).',
      'De e-mails over het account versturen: welkom, diploma, betaling, attest, export van gegevens, en de herinneringen die de persoon kan uitschakelen (gepauzeerde opleiding, sessie van morgen, betaling, einde van het abonnement, ontbrekende uren).',
    ),
    legalBases: ['contract'],
    legalBasisDetail: t(
      'Exécution du contrat (Art. 6.1.b RGPD)',
      'Uitvoering van de overeenkomst (art. 6.1.b AVG)',
    ),
    dataCategories: [
      t('E-mail, nom, langue, contenu du message', 'E-mail, naam, taal, inhoud van het bericht'),
      t('Trace des envois (sans contenu)', 'Spoor van de verzendingen (zonder inhoud)'),
    ],
    dataSubjects: [subjects.learners, subjects.staff],
    recipients: [processors.azure, processors.postmark],
    retention: t(
      `Messages en file jusqu’à l’envoi ; trace des envois ${days(retention.idempotencyDays).fr} ; rappels envoyés ${days(retention.reminderSentDays).fr} ; préférences de rappel tant que le compte existe`,
      `Berichten in de wachtrij tot verzending; spoor van de verzendingen ${days(retention.idempotencyDays).nl}; verzonden herinneringen ${days(retention.reminderSentDays).nl}; herinneringsvoorkeuren zolang het account bestaat`,
    ),
    transfers: [usTransfer('Postmark')],
    securityMeasures: [security.encryption, security.minimal],
  },
  {
    id: 'privacy-requests',
    name: t('Demandes d’accès et de portabilité', 'Verzoeken om inzage en overdraagbaarheid'),
    purpose: t(
      'Répondre au droit d’accès et à la portabilité : archive de toutes les données de la personne, téléchargeable 24 heures.',
      'Het recht op inzage en overdraagbaarheid beantwoorden: archief met alle gegevens van de persoon, 24 uur downloadbaar.',
    ),
    legalBases: ['legal_obligation'],
    legalBasisDetail: t('Art. 15, 20 et 6.1.c RGPD', 'Art. 15, 20 en 6.1.c AVG'),
    dataCategories: [
      t(
        'Toutes les catégories ci-dessus, réunies dans l’archive',
        'Alle bovenstaande categorieën, samen in het archief',
      ),
      t(
        'Date de la demande et de la mise à disposition',
        'Datum van het verzoek en van de terbeschikkingstelling',
      ),
    ],
    dataSubjects: [subjects.learners, subjects.staff],
    recipients: [processors.azure, processors.postmark],
    retention: t(
      `Archive : ${days(retention.exportArchiveDays).fr} ; trace de la demande : ${days(retention.exportRecordDays).fr} ; historique de l’effacement : ${days(retention.erasureHistoryDays).fr} après sa fin`,
      `Archief: ${days(retention.exportArchiveDays).nl}; spoor van het verzoek: ${days(retention.exportRecordDays).nl}; geschiedenis van het wissen: ${days(retention.erasureHistoryDays).nl} na afloop`,
    ),
    transfers: [],
    securityMeasures: [
      t(
        'Lien de téléchargement réservé à la personne connectée, valable 24 h, lien de lecture de quelques minutes',
        'Downloadlink enkel voor de aangemelde persoon, 24 uur geldig, leeslink van enkele minuten',
      ),
      security.encryption,
    ],
  },
  {
    id: 'security-operations',
    name: t('Sécurité et exploitation', 'Beveiliging en beheer'),
    purpose: t(
      'Journaliser les consultations sensibles, traiter les messages en échec, éviter les doublons de paiement.',
      'Gevoelige inzage loggen, mislukte berichten afhandelen, dubbele betalingsverwerking vermijden.',
    ),
    legalBases: ['legitimate_interest', 'legal_obligation'],
    legalBasisDetail: t(
      'Sécurité du traitement (Art. 32 et 6.1.c) ; intérêt légitime (Art. 6.1.f)',
      'Beveiliging van de verwerking (art. 32 en 6.1.c); gerechtvaardigd belang (art. 6.1.f)',
    ),
    dataCategories: [
      t('Identifiants d’utilisateur dans l’audit', 'Gebruikers-id’s in de audit'),
      t(
        'Messages en échec (ils peuvent contenir un e-mail)',
        'Mislukte berichten (die een e-mail kunnen bevatten)',
      ),
      t(
        'Compteurs de tentatives sensibles par personne (vérifications INAMI)',
        'Tellers van gevoelige pogingen per persoon (RIZIV-controles)',
      ),
    ],
    dataSubjects: [subjects.learners, subjects.staff],
    recipients: [processors.azure],
    retention: t(
      `Audit : durée du compte ; messages en échec : ${days(retention.deadLetterDays).fr} ; événements Stripe traités : ${days(retention.stripeEventDays).fr} ; compteurs de tentatives : ${days(retention.attemptLimitDays).fr} après la dernière`,
      `Audit: zolang het account bestaat; mislukte berichten: ${days(retention.deadLetterDays).nl}; verwerkte Stripe-gebeurtenissen: ${days(retention.stripeEventDays).nl}; pogingentellers: ${days(retention.attemptLimitDays).nl} na de laatste`,
    ),
    transfers: [],
    securityMeasures: [security.identity, security.minimal, security.audit],
  },
  {
    id: 'trainer-sessions',
    name: t('Sessions en présentiel', 'Sessies met fysieke aanwezigheid'),
    purpose: t(
      'Planifier les sessions des formateurs et le nombre de participants.',
      'De sessies van de lesgevers en het aantal deelnemers plannen.',
    ),
    legalBases: ['contract'],
    legalBasisDetail: t(
      'Exécution du contrat (Art. 6.1.b RGPD)',
      'Uitvoering van de overeenkomst (art. 6.1.b AVG)',
    ),
    dataCategories: [
      t('Identifiant du formateur, titre, lieu, date', 'Id van de lesgever, titel, plaats, datum'),
    ],
    dataSubjects: [subjects.staff],
    recipients: [processors.azure],
    retention: untilErasure,
    transfers: [],
    securityMeasures: [security.encryption, security.identity],
  },
  {
    id: 'analytics',
    name: t('Mesure d’audience (Microsoft Clarity)', 'Publieksmeting (Microsoft Clarity)'),
    purpose: t(
      'Comprendre l’usage des pages de l’espace apprenant, uniquement après consentement.',
      'Het gebruik van de pagina’s van de cursistenruimte begrijpen, enkel na toestemming.',
    ),
    legalBases: ['consent'],
    legalBasisDetail: t(
      'Consentement (Art. 6.1.a RGPD), retirable à tout moment',
      'Toestemming (art. 6.1.a AVG), op elk moment intrekbaar',
    ),
    dataCategories: [
      t(
        'Interactions avec les pages (sans saisie de formulaire)',
        'Interacties met de pagina’s (zonder formulierinvoer)',
      ),
    ],
    dataSubjects: [subjects.learners],
    recipients: [t('Microsoft (Clarity, sous-traitant)', 'Microsoft (Clarity, verwerker)')],
    retention: t(
      'Selon la configuration de Clarity ; le choix est gardé dans le navigateur',
      'Volgens de instellingen van Clarity; de keuze wordt in de browser bewaard',
    ),
    transfers: [usTransfer('Microsoft Clarity')],
    securityMeasures: [t('Aucun chargement sans consentement', 'Niets geladen zonder toestemming')],
  },
  {
    id: 'notifications',
    name: t('Notifications dans l’application', 'Meldingen in de applicatie'),
    purpose: t(
      'Prévenir la personne dans son espace : attestation prête, diplôme relu, session en présentiel le lendemain ou annulée.',
      'De persoon in haar ruimte verwittigen: attest klaar, diploma nagekeken, sessie op locatie de dag erna of geannuleerd.',
    ),
    legalBases: ['contract'],
    legalBasisDetail: t(
      'Exécution du contrat (Art. 6.1.b RGPD)',
      'Uitvoering van de overeenkomst (art. 6.1.b AVG)',
    ),
    dataCategories: [
      t(
        'Type d’événement, formation ou session concernée, motif d’un refus de diplôme ou de l’annulation d’une session, lu ou non',
        'Soort gebeurtenis, betrokken opleiding of sessie, reden van een geweigerd diploma of van de annulering van een sessie, gelezen of niet',
      ),
    ],
    dataSubjects: [subjects.learners],
    recipients: [processors.azure],
    retention: t(
      `${days(retention.notificationDays).fr} après la dernière modification (création ou lecture), ou jusqu’à l’effacement du compte`,
      `${days(retention.notificationDays).nl} na de laatste wijziging (aanmaak of lezing), of tot het account gewist wordt`,
    ),
    transfers: [],
    securityMeasures: [security.encryption, security.identity],
  },
];
