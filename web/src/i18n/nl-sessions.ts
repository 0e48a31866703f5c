// Dutch texts of in-person sessions (trainer space, attendance sheet) and their problems.
import type { SessionsMessageKey } from './fr-sessions';

export const nlSessions: Readonly<Record<SessionsMessageKey, string>> = {
  'problem.session_not_assigned': 'U bent geen opleider van deze sessie.',
  'problem.session_sheet_signed': 'De aanwezigheidslijst is ondertekend: ze kan niet meer worden gewijzigd.',
  'problem.session_hours_above_length': 'De gedeeltelijke uren overschrijden de duur van de sessie.',
  'problem.session_attendance_attested':
    'Deze deelnemer heeft al een attest gekregen: de aanwezigheid kan niet meer wijzigen.',
  'problem.session_cancelled': 'Deze sessie is geannuleerd.',
  'problem.session_started': 'Deze sessie is al begonnen.',
  'courses.verify.kindAttestation': 'Aanwezigheidsattest van een fysieke opleiding',
  'trainer.sessions.open': 'Aanwezigheidslijst openen',
  'trainer.sessions.signed': 'Ondertekend',
  'trainer.sessions.toSign': 'Te ondertekenen',
  'trainer.sheet.documentTitle': 'Aanwezigheidslijst · SOINS+',
  'trainer.sheet.back': 'Terug naar mijn sessies',
  'trainer.sheet.title': 'Aanwezigheidslijst',
  'trainer.sheet.place': 'Plaats',
  'trainer.sheet.hours': 'Geaccrediteerde uren',
  'trainer.sheet.participants': 'Deelnemers',
  'trainer.sheet.empty': 'Geen ingeschreven deelnemers.',
  'trainer.sheet.profession': 'Beroep',
  'trainer.sheet.inami': 'RIZIV',
  'trainer.sheet.reveal': 'RIZIV-nummer tonen',
  'trainer.sheet.attendance': 'Aanwezigheid van {name}',
  'trainer.sheet.present': 'Aanwezig',
  'trainer.sheet.absent': 'Afwezig',
  'trainer.sheet.partial': 'Gedeeltelijk',
  'trainer.sheet.partialHours': 'Gevolgde uren (max. {max})',
  'trainer.sheet.attested': 'Attest uitgereikt',
  'trainer.sheet.save': 'Aanwezigheden opslaan',
  'trainer.sheet.saved': 'Aanwezigheden opgeslagen.',
  'trainer.sheet.signOff': 'Lijst ondertekenen en attesten uitreiken',
  'trainer.sheet.signOffConfirm':
    'Na ondertekening is de lijst vergrendeld en krijgen de aanwezige deelnemers hun attest. Doorgaan?',
  'trainer.sheet.signedOff': 'Lijst ondertekend op {date}. {count} attest(en) uitgereikt.',
  'trainer.sheet.waiting': '{count} persoon/personen op de wachtlijst.',
};
