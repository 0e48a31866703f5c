import type { LearnerMessageKey } from './fr-learner';

// Dutch texts of the learner journey (phone layout, public catalogue, subscribing, checklist, verification form),
// merged into `nl` with a spread: typed against the French keys, so none is missing.
export const nlLearner: Readonly<Record<LearnerMessageKey, string>> = {
  'header.menu': 'Menu',
  'billing.back.toTraining': 'Terug naar de opleiding',
  'billing.success.returning': 'Uw abonnement is actief: u kunt de opleiding volgen.',
  'courses.detail.subscribeFirst':
    'Deze opleiding zit in het SOINS+-abonnement. Neem een abonnement: na de betaling komt u hier terug om in te schrijven.',
  'courses.detail.subscribeAction': 'Abonneren om deze opleiding te volgen',
  'learner.checklist.title': 'Uw eerste stappen',
  'learner.checklist.progress': '{done} van {total, plural, one {# stap} other {# stappen}} gedaan',
  'learner.checklist.step.terms': 'De gebruiksvoorwaarden en het privacybeleid aanvaarden',
  'learner.checklist.step.profile': 'Uw profiel aanvullen',
  'learner.checklist.step.inami': 'Uw RIZIV-nummer registreren',
  'learner.checklist.step.diploma': 'Uw diploma opsturen',
  'learner.checklist.step.subscription': 'Een abonnement kiezen',
  'learner.checklist.step.training': 'Een eerste opleiding starten',
  'learner.checklist.state.done': 'Gedaan',
  'learner.checklist.state.pending': 'Wordt gecontroleerd',
  'learner.checklist.state.todo': 'Te doen',
  'learner.checklist.state.optional': 'Optioneel',
  'learner.checklist.state.loading': 'Controleren…',
  'learner.checklist.hint.inami': 'Verplicht voor thuisverpleegkundigen.',
  'learner.checklist.hint.diploma': 'Ons team controleert het voor we uw attesten uitreiken.',
  'learner.checklist.hint.diplomaPending': 'Ons team controleert uw diploma; u krijgt een e-mail.',
  'learner.checklist.hint.subscriptionOptional':
    'Gratis opleidingen zijn open zonder abonnement; het abonnement geeft toegang tot alle andere.',
  'learner.language.current':
    'Taal van de site, de e-mails en de attesten: {language}. Wijzig ze met het menu “Taal” bovenaan de pagina.',
  'courses.visitor.free':
    'Deze opleiding is gratis: maak uw account aan om ze te volgen en uw attest te krijgen.',
  'courses.visitor.paid':
    'Deze opleiding zit in het SOINS+-abonnement. Maak uw account aan en neem daarna een abonnement om ze te volgen.',
  'courses.visitor.signUp': 'Mijn account aanmaken',
  'courses.visitor.signIn': 'Ik heb al een account',
  'courses.visitor.catalogueTitle': 'Hoe volgt u deze opleidingen?',
  'courses.visitor.catalogueBody':
    'Gratis opleidingen staan open voor iedereen met een SOINS+-account; de andere zitten in het abonnement.',
  'courses.prices.label': 'SOINS+-abonnement: {prices}',
  'courses.prices.loading': 'Prijzen laden…',
  'courses.preview.title': 'Gratis voorproefje',
  'courses.preview.intro': 'Bekijk dit hoofdstuk zonder account of abonnement.',
  'courses.preview.watch': 'Het voorproefje bekijken',
  'courses.preview.badge': 'Gratis voorproefje',
  'courses.preview.videoLabel': 'Videovoorproefje: {title}',
  'courses.preview.error': 'Het voorproefje kan nu niet worden afgespeeld. Probeer het zo meteen opnieuw.',
  'home.toCatalogue': 'De opleidingscatalogus bekijken',
  'courses.verify.formIntro':
    'Typ de code die op het attest staat, onder de QR-code, om na te gaan of het echt door SOINS+ werd uitgereikt.',
  'courses.verify.codeField': 'Verificatiecode',
  'courses.verify.codeHint':
    '32 letters en cijfers, in groepjes van 4; hoofd- of kleine letters, met of zonder streepjes.',
  'courses.verify.submit': 'Controleren',
  'courses.verify.another': 'Een andere code controleren',
};
