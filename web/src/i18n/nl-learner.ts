import type { LearnerMessageKey } from './fr-learner';

// Dutch texts of the learner journey (phone layout, public catalogue, subscribing, checklist, verification form),
// merged into `nl` with a spread: typed against the French keys, so none is missing.
export const nlLearner: Readonly<Record<LearnerMessageKey, string>> = {
  'billing.back.toTraining': 'Terug naar de opleiding',
  'billing.success.returning': 'Uw abonnement is actief: u kunt de opleiding volgen.',
  'courses.detail.subscribeFirst':
    'Deze opleiding zit in het SOINS+-abonnement. Neem een abonnement: na de betaling komt u hier terug om in te schrijven.',
  'courses.detail.subscribeAction': 'Abonneren om deze opleiding te volgen',
};
