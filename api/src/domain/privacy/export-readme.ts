// The README.md at the root of every export archive: what each file holds and how it is written, in
// French and Dutch (the archive is meant to be read by the person and by another service alike).

/** Bumped whenever a file's structure changes incompatibly; every JSON file carries it. */
export const EXPORT_FORMAT_VERSION = 1;

const files: readonly { path: string; fr: string; nl: string }[] = [
  {
    path: 'profile.json',
    fr: 'votre profil (nom, e-mail, profession, téléphone, langue, rôles), votre numéro INAMI en clair, vos préférences de rappel et les rappels envoyés',
    nl: 'uw profiel (naam, e-mail, beroep, telefoon, taal, rollen), uw RIZIV-nummer in klare tekst, uw herinneringsvoorkeuren en de verzonden herinneringen',
  },
  {
    path: 'consents.json',
    fr: 'les versions des conditions et de la politique de confidentialité acceptées, avec la date',
    nl: 'de aanvaarde versies van de voorwaarden en het privacybeleid, met de datum',
  },
  {
    path: 'diplomas.json',
    fr: 'vos diplômes déposés : statut, type, taille, dates, motif de refus',
    nl: 'uw opgeladen diploma’s: status, type, grootte, data, reden van weigering',
  },
  {
    path: 'diplomas/',
    fr: 'les fichiers de diplôme analysés sans virus',
    nl: 'de diplomabestanden die virusvrij bevonden werden',
  },
  {
    path: 'progress.json',
    fr: 'vos inscriptions et la progression de chaque chapitre (intervalles regardés, en secondes)',
    nl: 'uw inschrijvingen en de voortgang van elk hoofdstuk (bekeken intervallen, in seconden)',
  },
  {
    path: 'quiz-attempts.json',
    fr: 'vos tentatives aux questionnaires : questions tirées, réponses, score (sans le corrigé)',
    nl: 'uw pogingen op de testen: getrokken vragen, antwoorden, score (zonder verbetersleutel)',
  },
  {
    path: 'certificates.json',
    fr: 'vos attestations de réussite (formation, heures, dates, code de vérification)',
    nl: 'uw attesten (opleiding, uren, data, verificatiecode)',
  },
  { path: 'certificates/', fr: 'le PDF de chaque attestation', nl: 'de pdf van elk attest' },
  {
    path: 'attestations.json',
    fr: 'attestations de présence aux sessions (aucune n’existe encore : liste vide)',
    nl: 'aanwezigheidsattesten van sessies (er bestaan er nog geen: lege lijst)',
  },
  {
    path: 'subscription-and-invoices.json',
    fr: 'votre abonnement et la liste de vos factures chez Stripe',
    nl: 'uw abonnement en de lijst van uw facturen bij Stripe',
  },
  {
    path: 'notifications.json',
    fr: 'vos notifications dans l’application (type, formation ou session concernée, date, lue ou non)',
    nl: 'uw meldingen in de toepassing (soort, betrokken opleiding of sessie, datum, gelezen of niet)',
  },
  {
    path: 'audit.json',
    fr: 'le journal des consultations de vos données sensibles par l’équipe (ex. : affichage du numéro INAMI)',
    nl: 'het logboek van de inzage van uw gevoelige gegevens door het team (bv. tonen van het RIZIV-nummer)',
  },
  {
    path: 'trainer-sessions.json',
    fr: 'les sessions que vous animez (formateurs uniquement)',
    nl: 'de sessies die u geeft (enkel lesgevers)',
  },
  {
    path: 'data-requests.json',
    fr: 'vos demandes d’exportation précédentes',
    nl: 'uw eerdere exportverzoeken',
  },
];

export function exportReadme(input: {
  readonly generatedAt: string;
  readonly exportId: string;
  readonly files: readonly string[];
}): string {
  const present = (path: string): boolean =>
    path.endsWith('/') ? input.files.some((file) => file.startsWith(path)) : input.files.includes(path);
  const list = (lang: 'fr' | 'nl'): string =>
    files
      .filter((file) => present(file.path))
      .map((file) => `- \`${file.path}\` — ${file[lang]}`)
      .join('\n');
  return `# SOINS+ — export de vos données / export van uw gegevens

Export ${input.exportId}, ${input.generatedAt} (UTC). Format ${String(EXPORT_FORMAT_VERSION)}.

## Français

Cette archive contient toutes les données personnelles que SOINS+ conserve à votre sujet
(RGPD, articles 15 et 20). Chaque fichier JSON est encodé en UTF-8 et contient \`formatVersion\`,
\`generatedAt\` (date de l’export) et les données ; les dates sont au format ISO 8601 (UTC), les montants
en centimes, les durées en secondes. Les identifiants (\`userId\`, \`trainingId\`…) relient les fichiers
entre eux.

${list('fr')}

Ce lien de téléchargement est valable 24 heures ; l’archive est ensuite supprimée. Le registre des
traitements (page « Registre des traitements ») indique pourquoi et combien de temps chaque donnée est
conservée. Questions : privacy@soins.plus.

## Nederlands

Dit archief bevat alle persoonsgegevens die SOINS+ over u bewaart (AVG, artikelen 15 en 20). Elk
JSON-bestand is in UTF-8 gecodeerd en bevat \`formatVersion\`, \`generatedAt\` (datum van de export) en de
gegevens; data staan in ISO 8601 (UTC), bedragen in cent, duur in seconden. De id’s (\`userId\`,
\`trainingId\`…) verbinden de bestanden.

${list('nl')}

Deze downloadlink is 24 uur geldig; daarna wordt het archief gewist. Het register van de verwerkingen
(pagina "Register van verwerkingen") vermeldt waarom en hoelang elk gegeven bewaard wordt. Vragen:
privacy@soins.plus.
`;
}
