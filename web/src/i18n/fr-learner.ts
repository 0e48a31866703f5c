// French texts of the learner journey added for the phone layout, the public catalogue, subscribing from a
// training, the dashboard checklist and the verification form; merged into `fr` with a spread.
export const frLearner = {
  'billing.back.toTraining': 'Revenir à la formation',
  'billing.success.returning': 'Votre abonnement est actif : vous pouvez suivre la formation.',
  'courses.detail.subscribeFirst':
    'Cette formation est incluse dans l’abonnement SOINS+. Abonnez-vous : après le paiement, vous revenez ici pour vous inscrire.',
  'courses.detail.subscribeAction': 'S’abonner pour suivre cette formation',
} as const satisfies Record<string, string>;

export type LearnerMessageKey = keyof typeof frLearner;
