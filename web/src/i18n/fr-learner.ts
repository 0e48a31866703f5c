// French texts of the learner journey added for the phone layout, the public catalogue, subscribing from a
// training, the dashboard checklist and the verification form; merged into `fr` with a spread.
export const frLearner = {
  'header.menu': 'Menu',
  'courses.detail.subscribeFirst':
    'Cette formation est incluse dans l’abonnement SOINS+. Abonnez-vous : après le paiement, vous revenez ici pour vous inscrire.',
  'courses.detail.subscribeAction': 'S’abonner pour suivre cette formation',
  'courses.visitor.free':
    'Cette formation est gratuite : créez votre compte pour la suivre et recevoir votre attestation.',
  'courses.visitor.paid':
    'Cette formation est incluse dans l’abonnement SOINS+. Créez votre compte, puis abonnez-vous pour la suivre.',
  'courses.visitor.signUp': 'Créer mon compte',
  'courses.visitor.signIn': 'J’ai déjà un compte',
  'courses.visitor.catalogueTitle': 'Comment suivre ces formations ?',
  'courses.visitor.catalogueBody':
    'Les formations gratuites sont ouvertes à tous avec un compte SOINS+ ; les autres sont incluses dans l’abonnement.',
  'courses.prices.label': 'Abonnement SOINS+ : {prices}',
  'courses.prices.loading': 'Chargement des prix…',
  'courses.preview.title': 'Aperçu gratuit',
  'courses.preview.intro': 'Regardez ce chapitre sans compte ni abonnement.',
  'courses.preview.watch': 'Regarder l’aperçu',
  'courses.preview.badge': 'Aperçu gratuit',
  'courses.preview.videoLabel': 'Aperçu vidéo : {title}',
  'courses.preview.error': 'L’aperçu ne peut pas être lu pour le moment. Réessayez dans un instant.',
  'home.toCatalogue': 'Voir le catalogue des formations',
  'courses.verify.formIntro':
    'Saisissez le code imprimé sur l’attestation, sous le QR code, pour vérifier qu’elle a bien été délivrée par SOINS+.',
  'courses.verify.codeField': 'Code de vérification',
  'courses.verify.codeHint':
    '32 lettres et chiffres, groupés par 4 ; majuscules ou minuscules, avec ou sans tirets.',
  'courses.verify.submit': 'Vérifier',
  'courses.verify.another': 'Vérifier un autre code',
  // News (learner)
  'learner.nav.news': 'Actualités',
  'news.more': 'Afficher plus d’actualités',
  // In-person sessions: the learner's page, attestations, and the problems of every session page
  'problem.session_not_assigned': 'Vous n’êtes pas formateur·rice de cette session.',
  'problem.session_sheet_signed': 'La feuille de présence est signée : elle ne peut plus être modifiée.',
  'problem.session_hours_above_length': 'Les heures partielles dépassent la durée de la session.',
  'problem.session_attendance_attested':
    'Une attestation a déjà été délivrée à ce participant : sa présence ne peut plus changer.',
  'problem.session_cancelled': 'Cette session est annulée.',
  'problem.session_started': 'Cette session a déjà commencé.',
  'problem.session_not_started':
    'Cette session n’a pas encore commencé : les présences se marquent et la feuille se signe à partir de son début.',
  'problem.session_capacity_below_seats':
    'Le nombre de places ne peut pas descendre sous le nombre de personnes déjà inscrites.',
  'courses.verify.kindAttestation': 'Attestation de présence à une formation en présentiel',
  'learner.nav.sessions': 'Sessions',
} as const satisfies Record<string, string>;

export type LearnerMessageKey = keyof typeof frLearner;
