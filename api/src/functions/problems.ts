import type { FieldError, Problem, ProblemCode } from '@soins/shared';

type Language = 'fr' | 'nl' | 'en';

const statusByCode: Record<ProblemCode, number> = {
  not_found: 404,
  method_not_allowed: 405,
  malformed_json: 400,
  validation_failed: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  active_content: 422,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  cannot_remove_own_admin: 409,
  cannot_disable_self: 409,
  account_disabled: 403,
  legal_acceptance_required: 403,
  legal_version_outdated: 409,
  rate_limited: 429,
  subscription_required: 402,
  not_enrolled: 403,
  progress_implausible: 422,
  quiz_locked: 403,
  attempts_exhausted: 409,
  attempt_too_soon: 429,
  already_passed: 409,
  attempt_expired: 409,
  training_not_publishable: 422,
  export_in_progress: 409,
  export_expired: 410,
  unsubscribe_link_invalid: 400,
  unsubscribe_link_expired: 410,
  reauthentication_required: 403,
  erasure_pending: 409,
  erasure_not_pending: 409,
  quiz_bank_too_small: 422,
  upload_too_large: 413,
  upload_not_video: 422,
  upload_not_captions: 422,
  upload_not_pdf: 422,
  upload_incomplete: 409,
  export_not_ready: 409,
  session_not_assigned: 403,
  session_sheet_signed: 409,
  session_hours_above_length: 400,
  session_attendance_attested: 409,
  session_cancelled: 409,
  session_started: 409,
  session_not_started: 409,
  session_capacity_below_seats: 409,
  dependency_unavailable: 503,
  internal: 500,
};

const titles: Record<ProblemCode, Record<Language, string>> = {
  not_found: { fr: 'Ressource introuvable', nl: 'Bron niet gevonden', en: 'Not found' },
  method_not_allowed: {
    fr: 'Méthode non autorisée pour cette ressource',
    nl: 'Methode niet toegestaan voor deze bron',
    en: 'Method not allowed',
  },
  malformed_json: {
    fr: 'Le corps de la requête n’est pas un JSON valide',
    nl: 'De body van het verzoek is geen geldige JSON',
    en: 'The request body is not valid JSON',
  },
  validation_failed: {
    fr: 'Certaines données sont invalides',
    nl: 'Sommige gegevens zijn ongeldig',
    en: 'Some fields are invalid',
  },
  payload_too_large: {
    fr: 'La requête est trop volumineuse',
    nl: 'Het verzoek is te groot',
    en: 'The request is too large',
  },
  unsupported_media_type: {
    fr: 'Type de contenu non pris en charge',
    nl: 'Inhoudstype niet ondersteund',
    en: 'Unsupported content type',
  },
  active_content: {
    fr: 'Ce PDF contient du contenu actif (JavaScript, actions automatiques, fichiers joints ou formulaire XFA) : enregistrez-le à nouveau avec « Imprimer en PDF », ou envoyez une photo (JPEG ou PNG)',
    nl: 'Deze pdf bevat actieve inhoud (JavaScript, automatische acties, bijlagen of een XFA-formulier): sla hem opnieuw op met ‘Afdrukken als pdf’, of stuur een foto (JPEG of PNG)',
    en: 'This PDF contains active content (JavaScript, automatic actions, attached files or an XFA form): save it again with “Print to PDF”, or send a photo (JPEG or PNG)',
  },
  unauthorized: {
    fr: 'Authentification requise',
    nl: 'Authenticatie vereist',
    en: 'Authentication required',
  },
  forbidden: { fr: 'Accès refusé', nl: 'Toegang geweigerd', en: 'Forbidden' },
  conflict: { fr: 'Conflit avec l’état actuel', nl: 'Conflict met de huidige toestand', en: 'Conflict' },
  precondition_failed: {
    fr: 'Ce contenu a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant d’enregistrer',
    nl: 'Deze inhoud werd intussen door iemand anders gewijzigd: laad hem opnieuw voordat u opslaat',
    en: 'This content was changed by someone else in the meantime: reload it before saving',
  },
  precondition_required: {
    fr: 'La version modifiée doit être indiquée (en-tête If-Match)',
    nl: 'De gewijzigde versie moet worden opgegeven (If-Match-header)',
    en: 'The version being changed must be given (If-Match header)',
  },
  cannot_remove_own_admin: {
    fr: 'Vous ne pouvez pas retirer votre propre rôle d’administrateur',
    nl: 'U kunt uw eigen beheerdersrol niet intrekken',
    en: 'You cannot remove your own admin role',
  },
  cannot_disable_self: {
    fr: 'Vous ne pouvez pas désactiver votre propre compte',
    nl: 'U kunt uw eigen account niet deactiveren',
    en: 'You cannot disable your own account',
  },
  legal_acceptance_required: {
    fr: 'Veuillez accepter les conditions d’utilisation et la politique de confidentialité en vigueur',
    nl: 'Aanvaard eerst de geldende gebruiksvoorwaarden en het privacybeleid',
    en: 'Please accept the current terms of use and privacy policy',
  },
  legal_version_outdated: {
    fr: 'Une version plus récente de ce document a été publiée',
    nl: 'Er is een nieuwere versie van dit document gepubliceerd',
    en: 'A newer version of this document has been published',
  },
  account_disabled: {
    fr: 'Ce compte est désactivé',
    nl: 'Dit account is gedeactiveerd',
    en: 'This account is disabled',
  },
  rate_limited: {
    fr: 'Trop de requêtes, réessayez plus tard',
    nl: 'Te veel verzoeken, probeer later opnieuw',
    en: 'Too many requests',
  },
  subscription_required: {
    fr: 'Un abonnement actif est nécessaire pour suivre cette formation',
    nl: 'Voor deze opleiding is een actief abonnement vereist',
    en: 'An active subscription is required for this training',
  },
  not_enrolled: {
    fr: 'Vous n’êtes pas inscrit à cette formation',
    nl: 'U bent niet ingeschreven voor deze opleiding',
    en: 'You are not enrolled in this training',
  },
  progress_implausible: {
    fr: 'Cette progression n’est pas plausible',
    nl: 'Deze voortgang is niet aannemelijk',
    en: 'This progress is not plausible',
  },
  quiz_locked: {
    fr: 'Le questionnaire s’ouvre lorsque tous les chapitres sont terminés',
    nl: 'De test wordt beschikbaar zodra alle hoofdstukken voltooid zijn',
    en: 'The quiz opens once every chapter is completed',
  },
  attempts_exhausted: {
    fr: 'Vous avez utilisé toutes les tentatives autorisées pour ce questionnaire',
    nl: 'U hebt alle toegestane pogingen voor deze test gebruikt',
    en: 'You have used every attempt allowed for this quiz',
  },
  attempt_too_soon: {
    fr: 'Vous devez attendre avant de recommencer le questionnaire',
    nl: 'U moet even wachten voordat u de test opnieuw aflegt',
    en: 'Please wait before taking the quiz again',
  },
  already_passed: {
    fr: 'Vous avez déjà réussi ce questionnaire',
    nl: 'U bent al geslaagd voor deze test',
    en: 'You have already passed this quiz',
  },
  attempt_expired: {
    fr: 'Le temps imparti pour cette tentative est écoulé',
    nl: 'De toegestane tijd voor deze poging is verstreken',
    en: 'The time allowed for this attempt is over',
  },
  training_not_publishable: {
    fr: 'La formation est incomplète et ne peut pas être publiée',
    nl: 'De opleiding is onvolledig en kan niet worden gepubliceerd',
    en: 'The training is incomplete and cannot be published',
  },
  export_in_progress: {
    fr: 'Une exportation de vos données est déjà en cours',
    nl: 'Er loopt al een export van uw gegevens',
    en: 'An export of your data is already running',
  },
  export_expired: {
    fr: 'Ce lien de téléchargement a expiré : demandez une nouvelle exportation',
    nl: 'Deze downloadlink is verlopen: vraag een nieuwe export aan',
    en: 'This download link has expired: request a new export',
  },
  unsubscribe_link_invalid: {
    fr: 'Ce lien de désinscription n’est pas valide : modifiez vos rappels depuis votre profil',
    nl: 'Deze afmeldlink is ongeldig: wijzig uw herinneringen in uw profiel',
    en: 'This unsubscribe link is not valid: change your reminders from your profile',
  },
  unsubscribe_link_expired: {
    fr: 'Ce lien de désinscription a expiré : modifiez vos rappels depuis votre profil',
    nl: 'Deze afmeldlink is verlopen: wijzig uw herinneringen in uw profiel',
    en: 'This unsubscribe link has expired: change your reminders from your profile',
  },
  reauthentication_required: {
    fr: 'Reconnectez-vous (saisissez à nouveau votre mot de passe) pour demander l’effacement de votre compte',
    nl: 'Meld u opnieuw aan (voer uw wachtwoord opnieuw in) om het wissen van uw account aan te vragen',
    en: 'Sign in again (enter your password again) to request the erasure of your account',
  },
  erasure_pending: {
    fr: 'L’effacement de votre compte est déjà programmé',
    nl: 'Het wissen van uw account is al gepland',
    en: 'The erasure of your account is already scheduled',
  },
  erasure_not_pending: {
    fr: 'Aucun effacement de votre compte n’est en attente',
    nl: 'Er is geen wissing van uw account gepland',
    en: 'No erasure of your account is pending',
  },
  quiz_bank_too_small: {
    fr: 'La banque de questions doit contenir au moins deux fois le nombre de questions tirées par tentative',
    nl: 'De vragenbank moet minstens twee keer zoveel vragen bevatten als er per poging worden getrokken',
    en: 'The question bank must hold at least twice the questions drawn per attempt',
  },
  upload_too_large: {
    fr: 'Ce fichier dépasse la taille autorisée',
    nl: 'Dit bestand is groter dan toegestaan',
    en: 'This file is larger than allowed',
  },
  upload_not_video: {
    fr: 'Ce fichier n’est pas une vidéo MP4 ou WebM lisible (durée et image introuvables)',
    nl: 'Dit bestand is geen leesbare MP4- of WebM-video (duur en beeld niet gevonden)',
    en: 'This file is not a readable MP4 or WebM video (no duration or picture found)',
  },
  upload_not_captions: {
    fr: 'Ce fichier n’est pas un sous-titrage WebVTT (il doit commencer par « WEBVTT »)',
    nl: 'Dit bestand is geen WebVTT-ondertiteling (het moet beginnen met "WEBVTT")',
    en: 'This file is not WebVTT captions (it must start with "WEBVTT")',
  },
  upload_not_pdf: {
    fr: 'Ce fichier n’est pas un document PDF',
    nl: 'Dit bestand is geen PDF-document',
    en: 'This file is not a PDF document',
  },
  upload_incomplete: {
    fr: 'Le fichier n’a pas été entièrement envoyé : reprenez l’envoi',
    nl: 'Het bestand is niet volledig verzonden: hervat het verzenden',
    en: 'The file was not fully uploaded: resume the upload',
  },
  export_not_ready: {
    fr: 'L’export n’est pas encore prêt (ou n’a pas abouti)',
    nl: 'De export is nog niet klaar (of is mislukt)',
    en: 'The export is not ready (or did not succeed)',
  },
  session_not_assigned: {
    fr: 'Vous n’êtes pas formateur de cette session',
    nl: 'U bent geen lesgever van deze sessie',
    en: 'You are not a trainer of this session',
  },
  session_sheet_signed: {
    fr: 'La feuille de présence est signée : elle ne peut plus être modifiée',
    nl: 'De aanwezigheidslijst is ondertekend: ze kan niet meer worden gewijzigd',
    en: 'The attendance sheet is signed off and can no longer be changed',
  },
  session_hours_above_length: {
    fr: 'Les heures partielles dépassent la durée de la session',
    nl: 'De gedeeltelijke uren overschrijden de duur van de sessie',
    en: 'The partial hours exceed the length of the session',
  },
  session_attendance_attested: {
    fr: 'Une attestation a déjà été délivrée à ce participant : sa présence ne peut plus changer',
    nl: 'Deze deelnemer heeft al een attest gekregen: de aanwezigheid kan niet meer wijzigen',
    en: 'This participant already holds an attestation: their attendance can no longer change',
  },
  session_cancelled: {
    fr: 'Cette session est annulée',
    nl: 'Deze sessie is geannuleerd',
    en: 'This session is cancelled',
  },
  session_started: {
    fr: 'Cette session a déjà commencé',
    nl: 'Deze sessie is al begonnen',
    en: 'This session has already started',
  },
  session_not_started: {
    fr: 'Cette session n’a pas encore commencé : la présence se marque et la feuille se signe à partir de son début',
    nl: 'Deze sessie is nog niet begonnen: aanwezigheden worden genoteerd en de lijst ondertekend vanaf het begin',
    en: 'This session has not started yet: attendance is marked and the sheet signed off from its start',
  },
  session_capacity_below_seats: {
    fr: 'Le nombre de places ne peut pas descendre sous le nombre de personnes déjà inscrites',
    nl: 'Het aantal plaatsen kan niet lager zijn dan het aantal al ingeschreven personen',
    en: 'The capacity cannot go below the number of people already registered',
  },
  dependency_unavailable: {
    fr: 'Service momentanément indisponible',
    nl: 'Dienst tijdelijk niet beschikbaar',
    en: 'Service temporarily unavailable',
  },
  internal: {
    fr: 'Erreur interne, réessayez plus tard',
    nl: 'Interne fout, probeer later opnieuw',
    en: 'Internal error, please retry later',
  },
};

/** Picks fr, nl or en from an Accept-Language header; French is the default. */
export function languageFrom(acceptLanguage: string | null | undefined): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { lang: tag.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const found = ranked.find((entry): entry is { lang: Language; q: number } =>
    ['fr', 'nl', 'en'].includes(entry.lang),
  );
  return found?.lang ?? 'fr';
}

/** An expected HTTP failure raised inside a handler; the wrapper renders it as problem+json. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: readonly FieldError[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(code);
    this.name = 'HttpProblem';
  }
}

export function problemBody(
  code: ProblemCode,
  options: {
    language: Language;
    requestId: string;
    detail?: string;
    errors?: readonly FieldError[];
    instance?: string;
  },
): Problem {
  return {
    type: `https://soins.plus/problems/${code.replaceAll('_', '-')}`,
    title: titles[code][options.language],
    status: statusByCode[code],
    code,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(options.instance ? { instance: options.instance } : {}),
    requestId: options.requestId,
    ...(options.errors && options.errors.length > 0 ? { errors: [...options.errors] } : {}),
  };
}

export function statusOf(code: ProblemCode): number {
  return statusByCode[code];
}
