// French texts of the learner journey added for the phone layout, the public catalogue, subscribing from a
// training, the dashboard checklist and the verification form; merged into `fr` with a spread.
export const frLearner = {
  'header.menu': 'Menu',
  'billing.back.toTraining': 'Revenir à la formation',
  'billing.success.returning': 'Votre abonnement est actif : vous pouvez suivre la formation.',
  'courses.detail.subscribeFirst':
    'Cette formation est incluse dans l’abonnement SOINS+. Abonnez-vous : après le paiement, vous revenez ici pour vous inscrire.',
  'courses.detail.subscribeAction': 'S’abonner pour suivre cette formation',
  'learner.checklist.title': 'Vos premiers pas',
  'learner.checklist.progress': '{done, plural, one {# étape faite} other {# étapes faites}} sur {total}',
  'learner.checklist.step.terms': 'Accepter les conditions d’utilisation et la politique de confidentialité',
  'learner.checklist.step.profile': 'Compléter votre profil',
  'learner.checklist.step.inami': 'Enregistrer votre numéro INAMI',
  'learner.checklist.step.diploma': 'Envoyer votre diplôme',
  'learner.checklist.step.subscription': 'Choisir un abonnement',
  'learner.checklist.step.training': 'Commencer une première formation',
  'learner.checklist.state.done': 'Fait',
  'learner.checklist.state.pending': 'En cours de vérification',
  'learner.checklist.state.todo': 'À faire',
  'learner.checklist.state.optional': 'Facultatif',
  'learner.checklist.state.loading': 'Vérification…',
  'learner.checklist.hint.inami': 'Obligatoire pour les infirmiers et infirmières à domicile.',
  'learner.checklist.hint.diploma': 'Notre équipe le vérifie avant de délivrer vos attestations.',
  'learner.checklist.hint.diplomaPending': 'Notre équipe vérifie votre diplôme ; vous recevrez un e-mail.',
  'learner.checklist.hint.subscriptionOptional':
    'Les formations gratuites sont ouvertes sans abonnement ; l’abonnement donne accès à toutes les autres.',
  'learner.language.current':
    'Langue du site, des e-mails et des attestations : {language}. Changez-la dans le menu « Langue » en haut de la page.',
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
} as const satisfies Record<string, string>;

export type LearnerMessageKey = keyof typeof frLearner;
