import type { LearnerMessageKey } from './fr-learner';

// Dutch texts of the learner journey (phone layout, public catalogue, subscribing, checklist, verification form),
// merged into `nl` with a spread: typed against the French keys, so none is missing.
export const nlLearner: Readonly<Record<LearnerMessageKey, string>> = {
  'header.menu': 'Menu',
  'courses.detail.subscribeFirst':
    'Deze opleiding zit in het SOINS+-abonnement. Neem een abonnement: na de betaling komt u hier terug om in te schrijven.',
  'courses.detail.subscribeAction': 'Abonneren om deze opleiding te volgen',
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
  // News (learner)
  'learner.nav.news': 'Nieuws',
  'news.more': 'Meer nieuws tonen',
  // In-person sessions: the learner's page, attestations, and the problems of every session page
  'problem.session_not_assigned': 'U bent geen opleider van deze sessie.',
  'problem.session_sheet_signed': 'De aanwezigheidslijst is ondertekend: ze kan niet meer worden gewijzigd.',
  'problem.session_hours_above_length': 'De gedeeltelijke uren overschrijden de duur van de sessie.',
  'problem.session_attendance_attested':
    'Deze deelnemer heeft al een attest gekregen: de aanwezigheid kan niet meer wijzigen.',
  'problem.session_cancelled': 'Deze sessie is geannuleerd.',
  'problem.session_started': 'Deze sessie is al begonnen.',
  'problem.session_not_started':
    'Deze sessie is nog niet begonnen: aanwezigheden worden genoteerd en de lijst ondertekend vanaf het begin.',
  'problem.session_capacity_below_seats':
    'Het aantal plaatsen kan niet lager zijn dan het aantal al ingeschreven personen.',
  'courses.verify.kindAttestation': 'Aanwezigheidsattest van een fysieke opleiding',
  'learner.nav.sessions': 'Sessies',
};
